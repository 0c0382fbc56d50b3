// The child process of the engine's kill -9 test (engine_crash_test.cc):
//   engine_crash_child DIRECTORY ROUND THREADS
// opens the engine on the RocksDB directory (4 partitions, THREADS worker threads, the manual
// clock), makes sure the journey of engine_crash_journey.h is published and every profile has
// its counter, then loops until killed: ingests a few events with ids new to this round (some
// for the same profile), sometimes advances the clock by a few minutes, and writes a line for
// each acknowledged call (protocol in engine_crash_journey.h). Exits 3 when something fails.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "engine/tests/engine_crash_journey.h"
#include "parcours/engine.h"
#include "parcours/journey.h"

namespace parcours::engine_crash {
namespace {

std::int64_t Ms(Time t) { return t.time_since_epoch().count(); }

void Say(const std::string& line) {
  std::string whole = line + "\n";
  const char* p = whole.data();
  std::size_t left = whole.size();
  while (left > 0) {
    ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n <= 0) std::_Exit(4);
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

[[noreturn]] void Die(const std::string& what, const Error& error) {
  Say("error " + what + ": " + ErrorKindName(error.kind()) + ": " + error.message());
  std::_Exit(3);
}

template <typename T>
T Must(Result<T> result, const std::string& what) {
  if (!result) Die(what, result.error());
  return std::move(*result);
}

void Must(const Status& status, const std::string& what) {
  if (!status) Die(what, status.error());
}

// Creates and publishes the journey unless an earlier run did (or did half of it).
void EnsureJourney(Engine& engine) {
  auto journey = engine.GetJourney(kJourneyId);
  if (!journey) {
    if (!journey.error().IsNotFound()) Die("GetJourney", journey.error());
    JourneyDefinition definition = Must(ParseDefinition(kJourney), "ParseDefinition");
    Normalize(definition);
    Must(engine.CreateJourney(std::move(definition), "crash-test"), "CreateJourney");
    journey = engine.GetJourney(kJourneyId);
    if (!journey) Die("GetJourney", journey.error());
  }
  if (journey->versions.front().lifecycle.status == VersionStatus::kDraft) {
    Must(engine.Publish(kJourneyId, 1, "crash-test"), "Publish");
  }
}

// Every profile gets n = 0 before any event is sent for it.
void EnsureProfiles(Engine& engine) {
  for (int i = 0; i < kProfiles; ++i) {
    auto profile = engine.GetProfile(ProfileId(i));
    if (profile) continue;
    if (!profile.error().IsNotFound()) Die("GetProfile", profile.error());
    boost::json::object attributes;
    attributes["n"] = 0;
    Must(engine.PutProfile(ProfileId(i), std::move(attributes), true), "PutProfile");
  }
}

// The clock resumed at or after every step already taken.
void CheckClock(Engine& engine) {
  Time now = engine.Now();
  for (int i = 0; i < kProfiles; ++i) {
    for (const InstanceView& instance :
         Must(engine.ProfileInstances(ProfileId(i)), "ProfileInstances")) {
      for (const HistoryEntry& entry : instance.history) {
        if (entry.at > now) {
          Say("clockback " + instance.id + " " + std::to_string(Ms(entry.at)) + " " +
              std::to_string(Ms(now)));
        }
      }
    }
  }
}

int Main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: engine_crash_child DIRECTORY ROUND THREADS\n");
    return 1;
  }
  const std::string round = argv[2];
  EngineOptions options;
  options.data_dir = argv[1];
  options.partitions = 4;
  options.threads = std::atoi(argv[3]);
  options.clock = ClockMode::kManual;
  options.manual_start = Must(ParseTime(kStart), "ParseTime");
  auto engine = Must(Engine::Open(options), "Engine::Open");
  Say("start " + std::to_string(Ms(engine->Now())));
  CheckClock(*engine);
  EnsureJourney(*engine);
  EnsureProfiles(*engine);

  std::mt19937 random(static_cast<unsigned>(std::atoi(argv[2])) * 7919u + 17u);
  std::uniform_int_distribution<int> batch_size(1, 4);
  std::uniform_int_distribution<int> profile(0, kProfiles - 1);
  std::uniform_int_distribution<int> minutes(5, 50);
  std::uniform_int_distribution<int> coin(0, 2);
  int next = 0;
  for (int step = 0; step < 100'000; ++step) {
    std::vector<Event> events;
    std::string ids;
    for (int n = batch_size(random); n > 0; --n) {
      Event event;
      event.profile_id = ProfileId(profile(random));
      event.id = EventId(round, next++, event.profile_id);
      event.type = "e";
      event.data["k"] = event.id;
      ids += " " + event.id;
      events.push_back(std::move(event));
    }
    Say("send" + ids);
    IngestResult result = Must(engine->Ingest(std::move(events)), "Ingest");
    Say("ack " + std::to_string(result.accepted) + " " + std::to_string(result.duplicates) + ids);
    if (coin(random) == 0) {
      Time to = engine->Now() + std::chrono::minutes(minutes(random));
      Must(engine->AdvanceClock(to), "AdvanceClock");
      Say("clock " + std::to_string(Ms(to)));
    }
  }
  return 0;
}

}  // namespace
}  // namespace parcours::engine_crash

int main(int argc, char** argv) { return parcours::engine_crash::Main(argc, argv); }
