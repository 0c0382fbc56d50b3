// Durable in-process ingest through the engine on RocksDB: events per second through a
// 4-activity journey (event entry, condition, `log` action, end tag), with group commit.
//
//   engine_ingest_bench [--events N] [--batch N] [--threads N] [--partitions N] [--buffered]
//                       [--memory]
//
// Each of `threads` client threads calls Engine::Ingest with batches of `batch` events for
// distinct profiles; every call returns only once its events are committed (fsync'd unless
// --buffered). Prints one line per figure.
#include <boost/json/parse.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "parcours/engine.h"
#include "parcours/journey.h"

namespace {

constexpr const char* kJourney = R"json({
  "id": "bench", "name": "Bench", "entry": { "type": "event", "event": "signup" },
  "reentrance": { "allowed": true, "wait": "PT0S" },
  "start": "check",
  "nodes": [
    { "id": "check", "type": "condition",
      "branches": [ { "label": "big", "when": "event.data.amount > 10", "next": "log" } ],
      "otherwise": "done" },
    { "id": "log", "type": "action", "action": { "kind": "log", "message": "hi {{profile.id}}" },
      "next": "done" },
    { "id": "done", "type": "end", "label": "Done" }
  ]
})json";

int Arg(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == name) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

bool Flag(int argc, char** argv, const char* name) {
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == name) return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace parcours;
  const int events = Arg(argc, argv, "--events", 200'000);
  const int batch = Arg(argc, argv, "--batch", 1000);
  const int threads = Arg(argc, argv, "--threads", 4);
  const int partitions = Arg(argc, argv, "--partitions", 16);
  auto dir = std::filesystem::temp_directory_path() /
             ("parcours-ingest-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    EngineOptions options;
    std::unique_ptr<Store> memory;
    if (Flag(argc, argv, "--memory")) {
      memory = NewMemoryStore();
      options.store = memory.get();
    } else {
      options.data_dir = dir;
    }
    options.partitions = partitions;
    options.threads = 1;
    options.durability = Flag(argc, argv, "--buffered") ? Durability::kBuffered : Durability::kSync;
    auto engine = Engine::Open(options);
    if (!engine) {
      std::fprintf(stderr, "open: %s\n", engine.error().message().c_str());
      return 1;
    }
    auto definition = ParseDefinition(kJourney);
    Normalize(*definition);
    if (!(*engine)->CreateJourney(*definition, "bench") ||
        !(*engine)->Publish("bench", 1, "bench")) {
      std::fprintf(stderr, "cannot publish the journey\n");
      return 1;
    }
    std::atomic<int> next{0};
    auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> clients;
    for (int t = 0; t < threads; ++t) {
      clients.emplace_back([&] {
        while (true) {
          int first = next.fetch_add(batch);
          if (first >= events) return;
          std::vector<Event> chunk;
          for (int i = first; i < std::min(first + batch, events); ++i) {
            Event e;
            e.id = "e" + std::to_string(i);
            e.type = "signup";
            e.profile_id = "p" + std::to_string(i);
            e.data["amount"] = i % 20;
            chunk.push_back(std::move(e));
          }
          if (auto r = (*engine)->Ingest(std::move(chunk)); !r) {
            std::fprintf(stderr, "ingest: %s\n", r.error().message().c_str());
            std::exit(1);
          }
        }
      });
    }
    for (auto& c : clients) c.join();
    double acked =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    (*engine)->WaitIdle();
    double done = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    auto report = (*engine)->GetReport("bench", 1, ReportWindow::kAllTime);
    std::printf("events: %d, batch: %d, client threads: %d, partitions: %d, durability: %s\n",
                events, batch, threads, partitions,
                options.durability == Durability::kSync ? "sync" : "buffered");
    std::printf("acknowledged: %.0f events/s (%.2f s)\n", events / acked, acked);
    std::printf("all steps done (log actions included): %.0f events/s (%.2f s)\n", events / done,
                done);
    std::printf("report: entered %lld, finished %lld\n", static_cast<long long>(report->entered),
                static_cast<long long>(report->finished));
  }
  std::filesystem::remove_all(dir);
  return 0;
}
