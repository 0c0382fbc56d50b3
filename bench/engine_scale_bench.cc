// The engine with many profiles and instances: audience reads, memory and disk per in-flight
// instance, CPU while timers are pending, recovery, and timers falling due.
//
//   engine_scale_bench populate --dir D [--profiles N] [--waiting W] [--idle-seconds S]
//                               [--touch K]
//   engine_scale_bench recover --dir D --profiles N --waiting W [--touch K] [--idle-seconds S]
//   engine_scale_bench timers [--timers N]
//
// populate (system clock, sync, RocksDB in D, which it leaves for `recover`):
//   1. sets N profiles through Engine::PutProfile (16 threads; buffered durability for this set-up
//      only, then the engine is reopened with sync);
//   2. W of them enter, by events, a journey with a 30-minute wait (timers due soon);
//   3. publishes a one-shot audience journey over `profile.n >= 0` (all N) whose profiles wait
//      for an event (timeout P20D): the figure is profiles/s from Publish until the report
//      counts all N entered (the audience read, the entries and their first steps);
//   4. resident memory (VmRSS, after malloc_trim) and bytes on disk of D, per in-flight
//      instance (N + W): total, and the growth since the engine was opened on the profiles;
//   5. CPU used (getrusage) over S seconds of wall time while every timer is pending, none due;
//   6. events/s for `touch` profiles in flight: the event their instance waits for, which ends it.
// recover: time from Engine::Open to serving (Open returned and one event acknowledged) on D;
//   resident memory after it; checks the instances are still in progress; then CPU over S
//   seconds with every timer pending, none due.
// timers (manual clock, fresh directory): N profiles are set (buffered) and enter a 1-hour wait
//   through an audience (sync); the figure is the time AdvanceClock takes to fire them all and
//   finish their steps.
#include <malloc.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench_common.h"

namespace {

using namespace parcours;
using namespace parcours::bench;

constexpr const char* kAudienceJourney = R"json({
  "id": "aud", "name": "Bench audience",
  "entry": { "type": "audience", "audience": "everyone", "run": {} },
  "start": "wait",
  "nodes": [
    { "id": "wait", "type": "waitForEvent", "event": "purchase", "timeout": "P20D",
      "next": "done", "onTimeout": "done" },
    { "id": "done", "type": "end", "label": "Done" }
  ]
})json";

constexpr const char* kSoonJourney = R"json({
  "id": "soon", "name": "Bench soon", "entry": { "type": "event", "event": "visit" },
  "start": "wait",
  "nodes": [
    { "id": "wait", "type": "wait", "duration": "PT30M", "next": "done" },
    { "id": "done", "type": "end", "label": "Done" }
  ]
})json";

constexpr const char* kTimerJourney = R"json({
  "id": "tw", "name": "Bench timers",
  "entry": { "type": "audience", "audience": "all", "run": {} },
  "start": "wait",
  "nodes": [
    { "id": "wait", "type": "wait", "duration": "PT1H", "next": "done" },
    { "id": "done", "type": "end", "label": "Done" }
  ]
})json";

// Sends `count` events of `type` for profiles `<prefix><i>` in batches of 1000 from 4 threads.
void IngestMany(Engine& engine, const std::string& prefix, const std::string& type,
                long long count) {
  std::atomic<long long> next{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&] {
      while (true) {
        long long first = next.fetch_add(1000);
        if (first >= count) return;
        std::vector<Event> chunk;
        for (long long i = first; i < std::min(first + 1000, count); ++i) {
          Event e;
          e.id = type + "-" + prefix + std::to_string(i);  // distinct per type: no duplicates
          e.type = type;
          e.profile_id = prefix + std::to_string(i);
          chunk.push_back(std::move(e));
        }
        Check(engine.Ingest(std::move(chunk)), "ingest");
      }
    });
  }
  for (auto& c : clients) c.join();
}

// Sets profiles `<prefix><i>` with attributes n = i and a plan, from 16 threads.
void PutProfiles(Engine& engine, const std::string& prefix, long long count) {
  auto started = Clock::now();
  std::atomic<long long> next{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 16; ++t) {
    clients.emplace_back([&] {
      while (true) {
        long long i = next.fetch_add(1);
        if (i >= count) return;
        boost::json::object attributes;
        attributes["n"] = i;
        attributes["plan"] = i % 3 == 0 ? "pro" : "free";
        Check(engine.PutProfile(prefix + std::to_string(i), std::move(attributes), false),
              "put profile");
      }
    });
  }
  for (auto& c : clients) c.join();
  double seconds = SecondsSince(started);
  std::printf("set %lld profiles in %.1f s (%.0f/s, 16 threads)\n", count, seconds,
              static_cast<double>(count) / seconds);
  Emit("profiles_set_per_s", static_cast<double>(count) / seconds);
}

// Waits until the journey's report counts `count` profiles entered; stops after 900 s.
void WaitEntered(Engine& engine, const char* journey, long long count) {
  auto started = Clock::now();
  while (true) {
    auto report = engine.GetReport(journey, 1, ReportWindow::kAllTime);
    Check(report, "report");
    if (report->entered >= count) return;
    if (SecondsSince(started) > 900) {
      Die(std::string(journey) + ": only " + std::to_string(report->entered) + " of " +
          std::to_string(count) + " entered after 900 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::int64_t TrimmedResident() {
  malloc_trim(0);
  return ResidentBytes();
}

void ExpectInProgress(Engine& engine, const char* journey, long long expected) {
  auto report = engine.GetReport(journey, 1, ReportWindow::kAllTime);
  Check(report, "report");
  if (report->in_progress != expected) {
    Die(std::string(journey) + ": " + std::to_string(report->in_progress) +
        " in progress, expected " + std::to_string(expected));
  }
}

int Populate(int argc, char** argv) {
  const std::string dir = ArgString(argc, argv, "--dir", "");
  const long long profiles = ArgInt(argc, argv, "--profiles", 1'000'000);
  const long long waiting = ArgInt(argc, argv, "--waiting", 100'000);
  const double idle_seconds = ArgDouble(argc, argv, "--idle-seconds", 10);
  const long long touch = ArgInt(argc, argv, "--touch", 10'000);
  if (dir.empty()) Die("populate needs --dir");
  EngineOptions options;
  options.data_dir = dir;
  options.threads = 1;

  // 1. Profiles, buffered: set-up, not measured as a figure.
  {
    options.durability = Durability::kBuffered;
    auto engine = Engine::Open(options);
    Check(engine, "open engine");
    PutProfiles(**engine, "u", profiles);
  }

  // The engine, sync from here on.
  options.durability = Durability::kSync;
  auto engine = Engine::Open(options);
  Check(engine, "open engine");
  std::int64_t resident_before = TrimmedResident();
  std::int64_t disk_before = DiskBytes(dir);
  // 2. Timers due soon, before the audience: W profiles enter a 30-minute wait by events.
  auto soon = Clock::now();
  PublishJourney(**engine, kSoonJourney);
  IngestMany(**engine, "u", "visit", waiting);
  (*engine)->WaitIdle();
  ExpectInProgress(**engine, "soon", waiting);
  std::printf("%lld profiles entered a 30-minute wait by events in %.2f s (%.0f events/s)\n",
              waiting, SecondsSince(soon), static_cast<double>(waiting) / SecondsSince(soon));

  Audience everyone;
  everyone.id = "everyone";
  everyone.when = "profile.n >= 0";
  Check((*engine)->PutAudience(everyone), "put audience");
  // 3. The audience read.
  auto started = Clock::now();
  PublishJourney(**engine, kAudienceJourney);
  WaitEntered(**engine, "aud", profiles);
  double seconds = SecondsSince(started);
  std::printf("audience: %lld profiles entered in %.2f s\n", profiles, seconds);
  Emit("audience_profiles_per_s", static_cast<double>(profiles) / seconds);
  (*engine)->WaitIdle();
  ExpectInProgress(**engine, "aud", profiles);
  std::printf("audience: idle %.2f s after publishing\n", SecondsSince(started));

  // 4. Memory and disk.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto in_flight = static_cast<double>(profiles + waiting);
  std::int64_t resident = TrimmedResident();
  std::int64_t disk = DiskBytes(dir);
  std::printf(
      "in flight: %.0f; resident %.1f MiB (%.1f MiB with the profiles only); disk %.1f MiB "
      "(%.1f MiB)\n",
      in_flight, static_cast<double>(resident) / 1048576.0,
      static_cast<double>(resident_before) / 1048576.0, static_cast<double>(disk) / 1048576.0,
      static_cast<double>(disk_before) / 1048576.0);
  Emit("in_flight", in_flight);
  Emit("resident_bytes", static_cast<double>(resident));
  Emit("resident_per_instance", static_cast<double>(resident) / in_flight);
  Emit("resident_growth_per_instance", static_cast<double>(resident - resident_before) / in_flight);
  Emit("disk_bytes", static_cast<double>(disk));
  Emit("disk_per_instance", static_cast<double>(disk) / in_flight);
  Emit("disk_growth_per_instance", static_cast<double>(disk - disk_before) / in_flight);

  // 5. CPU while everything waits.
  double cpu_before = CpuSeconds();
  auto idle_started = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(idle_seconds));
  double wall = SecondsSince(idle_started);
  double cpu = CpuSeconds() - cpu_before;
  std::printf("idle: %.3f s CPU in %.1f s wall with %.0f instances' timers pending\n", cpu, wall,
              in_flight);
  Emit("idle_cpu_percent", 100.0 * cpu / wall);
  Emit("idle_timers_instances", in_flight);

  // 6. Events for profiles already in a journey, once most instances live in the SST files:
  //    the `purchase` their waitForEvent waits for, which moves each to its end.
  auto touched = Clock::now();
  IngestMany(**engine, "u", "purchase", touch);
  (*engine)->WaitIdle();
  double touch_seconds = SecondsSince(touched);
  ExpectInProgress(**engine, "aud", profiles - touch);
  std::printf("%lld events for profiles in flight in %.2f s\n", touch, touch_seconds);
  Emit("ingest_inflight_eps", static_cast<double>(touch) / touch_seconds);
  return 0;
}

int Recover(int argc, char** argv) {
  const std::string dir = ArgString(argc, argv, "--dir", "");
  const long long profiles = ArgInt(argc, argv, "--profiles", 1'000'000);
  const long long waiting = ArgInt(argc, argv, "--waiting", 100'000);
  const long long touch = ArgInt(argc, argv, "--touch", 10'000);
  const double idle_seconds = ArgDouble(argc, argv, "--idle-seconds", 10);
  if (dir.empty()) Die("recover needs --dir");
  std::int64_t resident_before = ResidentBytes();
  EngineOptions options;
  options.data_dir = dir;
  options.threads = 1;
  auto started = Clock::now();
  auto engine = Engine::Open(options);
  Check(engine, "open engine");
  double opened = SecondsSince(started);
  Event e;
  e.id = "recovery-ping";
  e.type = "visit";
  e.profile_id = "recovery-profile";
  Check((*engine)->Ingest({std::move(e)}), "first ingest after open");
  double serving = SecondsSince(started);
  std::int64_t resident = TrimmedResident();
  std::printf("recovery: open %.3f s, first event acknowledged %.3f s; resident %.1f MiB\n", opened,
              serving, static_cast<double>(resident) / 1048576.0);
  ExpectInProgress(**engine, "aud", profiles - touch);
  ExpectInProgress(**engine, "soon", waiting + 1);
  Emit("recovery_open_s", opened);
  Emit("recovery_s", serving);
  Emit("recovery_resident_per_instance",
       static_cast<double>(resident - resident_before) / static_cast<double>(profiles + waiting));

  // CPU while every timer is pending and none is due, in the restarted process.
  double cpu_before = CpuSeconds();
  auto idle_started = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(idle_seconds));
  double wall = SecondsSince(idle_started);
  double cpu = CpuSeconds() - cpu_before;
  std::printf("idle after restart: %.3f s CPU in %.1f s wall\n", cpu, wall);
  Emit("idle_restarted_cpu_percent", 100.0 * cpu / wall);
  return 0;
}

int Timers(int argc, char** argv) {
  const long long timers = ArgInt(argc, argv, "--timers", 1'000'000);
  TempDir dir("timers");
  EngineOptions options;
  options.data_dir = dir.path();
  options.threads = 1;
  // Set-up: profiles and their entry through an audience (the fastest way in), buffered.
  options.durability = Durability::kBuffered;
  options.clock = ClockMode::kManual;
  auto setup = Clock::now();
  {
    auto engine = Engine::Open(options);
    Check(engine, "open engine");
    PutProfiles(**engine, "t", timers);
  }
  options.durability = Durability::kSync;
  auto engine = Engine::Open(options);
  Check(engine, "open engine");
  Audience all;
  all.id = "all";
  all.when = "profile.n >= 0";
  Check((*engine)->PutAudience(all), "put audience");
  PublishJourney(**engine, kTimerJourney);
  WaitEntered(**engine, "tw", timers);
  (*engine)->WaitIdle();
  ExpectInProgress(**engine, "tw", timers);
  std::printf("timers: %lld profiles waiting (set up in %.1f s)\n", timers, SecondsSince(setup));
  auto started = Clock::now();
  Check((*engine)->AdvanceClock((*engine)->Now() + std::chrono::hours(1) + std::chrono::seconds(1)),
        "advance clock");
  double seconds = SecondsSince(started);
  auto report = (*engine)->GetReport("tw", 1, ReportWindow::kAllTime);
  Check(report, "report");
  if (report->finished != timers) {
    Die("timers: " + std::to_string(report->finished) + " of " + std::to_string(timers) +
        " finished after the clock moved");
  }
  std::printf("timers: %lld fired and finished in %.2f s\n", timers, seconds);
  Emit("timers_count", static_cast<double>(timers));
  Emit("timers_fire_s", seconds);
  Emit("timers_per_s", static_cast<double>(timers) / seconds);
  // The issue's size, at the rate measured (equal to timers_fire_s when N is 1,000,000).
  Emit("timers_fire_1m_s", seconds * 1e6 / static_cast<double>(timers));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress lines reach the log as they happen
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "populate") return Populate(argc, argv);
  if (mode == "recover") return Recover(argc, argv);
  if (mode == "timers") return Timers(argc, argv);
  std::fprintf(stderr, "usage: engine_scale_bench populate|recover|timers [options]\n");
  return 2;
}
