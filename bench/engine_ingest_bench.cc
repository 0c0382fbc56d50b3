// Durable in-process ingest through the engine on RocksDB, and the limit RocksDB itself sets.
//
//   engine_ingest_bench [--events N] [--batch N] [--threads N] [--partitions N] [--buffered]
//                       [--latency-seconds S] [--latency-batch N] [--latency-rate R]
//                       [--skip-raw]
//
// 1. Peak: `threads` client threads call Engine::Ingest with batches of `batch` events for
//    distinct profiles through the 4-activity journey (event entry, condition, `log` action, end
//    tag); each call returns only once its events are committed (fsync'd unless --buffered).
//    Figures: events/s acknowledged, p50/p99 of a call's time to acknowledgement, events/s with
//    every step done (log actions answered). The store is RocksDB wrapped in a CountingStore, so
//    the operations and bytes the engine writes per event are counted.
// 2. Event to action dispatched at half the peak rate: events paced open-loop (batches of
//    `latency-batch` at fixed intervals, times taken from the schedule so a slow engine cannot
//    hide its queueing) into a journey whose action is a webhook; a recording ActionDispatcher
//    notes when each action reaches it and answers at once.
// 3. The limit: raw RocksDB (OpenRocksStore, the same options, a fresh directory) written by the
//    same number of threads, one batch per `batch` events holding the same number of operations,
//    per table and kind, with the same key and value sizes, and the same durability.
//
// Prints `RESULT key value` lines (bench_common.h) and exits non-zero if a workload did not
// complete correctly (every event entered and finished).
#include <atomic>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"
#include "parcours/rocks_store.h"

namespace {

using namespace parcours;
using namespace parcours::bench;

constexpr const char* kHookJourney = R"json({
  "id": "hook", "name": "Bench dispatch", "entry": { "type": "event", "event": "order" },
  "reentrance": { "allowed": true, "wait": "PT0S" },
  "start": "check",
  "nodes": [
    { "id": "check", "type": "condition",
      "branches": [ { "label": "any", "when": "event.data.amount >= 0", "next": "call" } ],
      "otherwise": "done" },
    { "id": "call", "type": "action", "retries": 0,
      "action": { "kind": "webhook", "url": "http://127.0.0.1:9/hook",
                  "body": { "profile": "{{profile.id}}" } },
      "next": "done" },
    { "id": "done", "type": "end", "label": "Done" }
  ]
})json";

// Records when each action arrives, against the scheduled time of the batch that caused it
// (profile ids are `h<batch>_<i>`), and answers success at once.
class RecordingDispatcher final : public ActionDispatcher {
 public:
  explicit RecordingDispatcher(const std::vector<Clock::time_point>& scheduled)
      : scheduled_(scheduled) {}
  void Dispatch(ActionRequest request, std::function<void(ActionResult)> done) override {
    auto now = Clock::now();
    const std::string& p = request.profile_id;
    std::size_t batch = 0;
    std::from_chars(p.data() + 1, p.data() + p.size(), batch);
    {
      std::lock_guard lock(mutex_);
      if (batch < scheduled_.size()) {
        latencies_ms_.push_back(
            std::chrono::duration<double, std::milli>(now - scheduled_[batch]).count());
      }
    }
    done({ActionOutcome::kSuccess, "recorded"});
  }
  std::vector<double> latencies() {
    std::lock_guard lock(mutex_);
    return latencies_ms_;
  }

 private:
  const std::vector<Clock::time_point>& scheduled_;
  std::mutex mutex_;
  std::vector<double> latencies_ms_;
};

std::vector<Event> MakeEvents(const std::string& prefix, const std::string& type, long long first,
                              long long count) {
  std::vector<Event> chunk;
  chunk.reserve(static_cast<std::size_t>(count));
  for (long long i = first; i < first + count; ++i) {
    Event e;
    e.id = prefix + "e" + std::to_string(i);
    e.type = type;
    e.profile_id = prefix + std::to_string(i);
    e.data["amount"] = i % 20;
    chunk.push_back(std::move(e));
  }
  return chunk;
}

struct Peak {
  double acked_eps = 0;
  double done_eps = 0;
  CountingStore::Counts counts{};
  std::int64_t writes = 0;
};

Peak RunPeak(Engine& engine, CountingStore& counting, long long events, int batch, int threads) {
  counting.Reset();
  std::atomic<long long> next{0};
  std::mutex mutex;
  std::vector<double> ack_ms;
  double cpu_started = CpuSeconds();
  auto started = Clock::now();
  std::vector<std::thread> clients;
  for (int t = 0; t < threads; ++t) {
    clients.emplace_back([&] {
      std::vector<double> mine;
      while (true) {
        long long first = next.fetch_add(batch);
        if (first >= events) break;
        auto chunk = MakeEvents("p", "signup", first, std::min<long long>(batch, events - first));
        auto sent = Clock::now();
        auto r = engine.Ingest(std::move(chunk));
        Check(r, "ingest");
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
      }
      std::lock_guard lock(mutex);
      ack_ms.insert(ack_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& c : clients) c.join();
  double acked = SecondsSince(started);
  engine.WaitIdle();
  double done = SecondsSince(started);
  double cpu = CpuSeconds() - cpu_started;
  auto report = engine.GetReport("bench", 1, ReportWindow::kAllTime);
  Check(report, "report");
  if (report->entered != events || report->finished != events) {
    Die("peak ingest: " + std::to_string(events) + " events sent, " +
        std::to_string(report->entered) + " entered, " + std::to_string(report->finished) +
        " finished");
  }
  Peak peak;
  peak.acked_eps = static_cast<double>(events) / acked;
  peak.done_eps = static_cast<double>(events) / done;
  peak.counts = counting.counts();
  peak.writes = counting.writes();
  std::printf("peak: %lld events in %.2f s acknowledged, %.2f s all steps done, %lld writes\n",
              events, acked, done, static_cast<long long>(peak.writes));
  Emit("ingest_inproc_eps", peak.acked_eps);
  Emit("ingest_inproc_done_eps", peak.done_eps);
  Emit("ingest_inproc_ack_p50_ms", Percentile(ack_ms, 0.50));
  Emit("ingest_inproc_ack_p99_ms", Percentile(ack_ms, 0.99));
  // CPU of the whole process (engine and client threads) per wall second, and per event.
  Emit("ingest_inproc_cpu_cores", cpu / done);
  Emit("ingest_inproc_cpu_us_per_event", 1e6 * cpu / static_cast<double>(events));
  Emit("ingest_inproc_groups", static_cast<double>(peak.writes));
  return peak;
}

// Open loop: batch k is due at start + k * batch / rate; its latency counts from then.
void RunDispatchLatency(Engine& engine, RecordingDispatcher& dispatcher,
                        std::vector<Clock::time_point>& scheduled, double rate, int batch,
                        double seconds) {
  auto batches = static_cast<long long>(std::max(1.0, rate * seconds / batch));
  scheduled.assign(static_cast<std::size_t>(batches), Clock::time_point{});
  auto start = Clock::now() + std::chrono::milliseconds(50);
  for (long long k = 0; k < batches; ++k) {
    scheduled[static_cast<std::size_t>(k)] =
        start + std::chrono::duration_cast<Clock::duration>(
                    std::chrono::duration<double>(static_cast<double>(k) * batch / rate));
  }
  std::atomic<long long> next{0};
  std::mutex mutex;
  std::vector<double> ack_ms;
  std::vector<std::thread> clients;
  for (int t = 0; t < 16; ++t) {
    clients.emplace_back([&] {
      std::vector<double> mine;
      while (true) {
        long long k = next.fetch_add(1);
        if (k >= batches) break;
        std::vector<Event> chunk;
        for (int i = 0; i < batch; ++i) {
          Event e;
          e.id = "h" + std::to_string(k) + "_" + std::to_string(i);
          e.type = "order";
          e.profile_id = e.id;
          e.data["amount"] = i;
          chunk.push_back(std::move(e));
        }
        auto due = scheduled[static_cast<std::size_t>(k)];
        std::this_thread::sleep_until(due);
        Check(engine.Ingest(std::move(chunk)), "ingest");
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - due).count());
      }
      std::lock_guard lock(mutex);
      ack_ms.insert(ack_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& c : clients) c.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  engine.WaitIdle();
  auto latencies = dispatcher.latencies();
  long long sent = batches * batch;
  auto report = engine.GetReport("hook", 1, ReportWindow::kAllTime);
  Check(report, "report");
  if (static_cast<long long>(latencies.size()) != sent || report->finished != sent) {
    Die("dispatch latency: " + std::to_string(sent) + " events sent, " +
        std::to_string(latencies.size()) + " actions dispatched, " +
        std::to_string(report->finished) + " finished");
  }
  std::printf("dispatch: %lld events at %.0f/s asked (batches of %d), %.0f/s achieved\n", sent,
              rate, batch, static_cast<double>(sent) / elapsed);
  Emit("dispatch_rate_eps", static_cast<double>(sent) / elapsed);
  Emit("dispatch_batch", batch);
  Emit("dispatch_ack_p50_ms", Percentile(ack_ms, 0.50));
  Emit("dispatch_ack_p99_ms", Percentile(ack_ms, 0.99));
  Emit("dispatch_p50_ms", Percentile(latencies, 0.50));
  Emit("dispatch_p99_ms", Percentile(latencies, 0.99));
}

// Raw RocksDB: batches with the operations the engine wrote for `batch` events.
double RunRaw(const CountingStore::Counts& counts, long long counted_events, long long events,
              int batch, int threads, Durability durability) {
  TempDir dir("raw");
  auto store = OpenRocksStore(dir.path());
  Check(store, "open raw RocksDB");
  struct Shape {
    Table table;
    WriteBatch::Kind kind;
    double per_event;
    std::size_t key_size, value_size;
  };
  std::vector<Shape> shapes;
  double ops_per_event = 0, bytes_per_event = 0;
  for (std::size_t t = 0; t < kTableCount; ++t) {
    for (std::size_t k = 0; k < CountingStore::kKinds; ++k) {
      const auto& c = counts[t][k];
      if (c.ops == 0) continue;
      shapes.push_back({static_cast<Table>(t), static_cast<WriteBatch::Kind>(k),
                        static_cast<double>(c.ops) / static_cast<double>(counted_events),
                        static_cast<std::size_t>(std::max<std::int64_t>(1, c.key_bytes / c.ops)),
                        static_cast<std::size_t>(c.value_bytes / c.ops)});
      ops_per_event += shapes.back().per_event;
      bytes_per_event +=
          static_cast<double>(c.key_bytes + c.value_bytes) / static_cast<double>(counted_events);
      std::printf("  %-10s %-6s %7.2f ops/event, key %zu B, value %zu B\n",
                  TableName(static_cast<Table>(t)),
                  k == 0   ? "put"
                  : k == 1 ? "delete"
                           : "add",
                  shapes.back().per_event, shapes.back().key_size, shapes.back().value_size);
    }
  }
  Emit("engine_ops_per_event", ops_per_event);
  Emit("engine_bytes_per_event", bytes_per_event);

  std::atomic<long long> next{0};
  std::atomic<std::uint64_t> unique{0};
  auto started = Clock::now();
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&] {
      std::string key, value;
      while (true) {
        long long first = next.fetch_add(batch);
        if (first >= events) break;
        long long last = std::min<long long>(first + batch, events);
        WriteBatch b;
        for (const Shape& s : shapes) {
          // Exact totals: the operations of events [first, last) of a steady per-event rate.
          auto ops = static_cast<long long>(std::floor(s.per_event * static_cast<double>(last))) -
                     static_cast<long long>(std::floor(s.per_event * static_cast<double>(first)));
          for (long long i = 0; i < ops; ++i) {
            std::uint64_t n = unique.fetch_add(1, std::memory_order_relaxed);
            // Counters are few keys, added to again and again; other keys are all distinct.
            std::uint64_t id = s.kind == WriteBatch::Kind::kAdd ? n % 64 : n;
            key.assign(s.key_size, 'k');
            for (std::size_t j = 0; j < 8 && j < key.size(); ++j) {
              key[key.size() - 1 - j] = static_cast<char>('a' + ((id >> (4 * j)) & 15));
            }
            switch (s.kind) {
              case WriteBatch::Kind::kPut:
                value.assign(s.value_size, static_cast<char>('A' + n % 26));
                b.Put(s.table, key, value);
                break;
              case WriteBatch::Kind::kDelete:
                b.Delete(s.table, key);
                break;
              case WriteBatch::Kind::kAdd:
                b.Add(s.table, key, 1);
                break;
            }
          }
        }
        Check((*store)->Write(b, durability), "raw write");
      }
    });
  }
  for (auto& w : writers) w.join();
  double seconds = SecondsSince(started);
  double eps = static_cast<double>(events) / seconds;
  std::printf("raw RocksDB: %lld events' records in %.2f s\n", events, seconds);
  Emit("raw_rocksdb_eps", eps);
  return eps;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress lines reach the log as they happen
  const long long events = ArgInt(argc, argv, "--events", 200'000);
  const int batch = static_cast<int>(ArgInt(argc, argv, "--batch", 1000));
  const int threads = static_cast<int>(ArgInt(argc, argv, "--threads", 4));
  const int partitions = static_cast<int>(ArgInt(argc, argv, "--partitions", 16));
  const double latency_seconds = ArgDouble(argc, argv, "--latency-seconds", 10);
  const int latency_batch = static_cast<int>(ArgInt(argc, argv, "--latency-batch", 10));
  // Events/s asked in the dispatch-latency phase (default: half the peak just measured).
  const double latency_rate = ArgDouble(argc, argv, "--latency-rate", 0);
  const Durability durability =
      ArgFlag(argc, argv, "--buffered") ? Durability::kBuffered : Durability::kSync;
  std::printf("events: %lld, batch: %d, client threads: %d, partitions: %d, durability: %s\n",
              events, batch, threads, partitions,
              durability == Durability::kSync ? "sync" : "buffered");

  Peak peak;
  {
    TempDir dir("ingest");
    auto rocks = OpenRocksStore(dir.path());
    Check(rocks, "open RocksDB");
    CountingStore counting(**rocks);
    std::vector<Clock::time_point> scheduled;
    RecordingDispatcher dispatcher(scheduled);
    EngineOptions options;
    options.store = &counting;
    options.partitions = partitions;
    options.threads = 1;
    options.durability = durability;
    options.dispatcher = &dispatcher;
    auto engine = Engine::Open(options);
    Check(engine, "open engine");
    PublishJourney(**engine, IngestJourney("bench", "signup").c_str());
    PublishJourney(**engine, kHookJourney);
    peak = RunPeak(**engine, counting, events, batch, threads);
    if (latency_seconds > 0) {
      RunDispatchLatency(**engine, dispatcher, scheduled,
                         latency_rate > 0 ? latency_rate : peak.acked_eps / 2, latency_batch,
                         latency_seconds);
    }
  }
  if (!ArgFlag(argc, argv, "--skip-raw")) {
    double raw = RunRaw(peak.counts, events, events, batch, threads, durability);
    Emit("engine_vs_raw", peak.acked_eps / raw);
  }
  return 0;
}
