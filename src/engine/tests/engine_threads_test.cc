// Worker threads (parcours/engine.h, DESIGN.md §2 "per profile, inputs are processed in arrival
// order"): an engine with threads = 2 over the memory store and the manual clock, four threads
// ingesting 2,000 events for 200 profiles at once. Each profile's events must be consumed in the
// order sent: the journey waits for step 1, then step 2, ... and ignores a step out of turn, so
// a profile whose events were reordered never reaches the end.
#include <thread>

#include "engine/tests/engine_test_util.h"
#include "store/fault_injecting_store.h"

namespace parcours::engine_test {
namespace {

constexpr int kProfiles = 200;
constexpr int kSteps = 9;  // per profile: one "start" and kSteps "step" events: 2,000 in all
constexpr int kSenders = 4;

// start -> step 1 -> step 2 -> ... -> step kSteps -> log -> end.
std::string OrderedJourney() {
  std::string nodes;
  for (int i = 1; i <= kSteps; ++i) {
    nodes += R"({ "id": "s)" + std::to_string(i) +
             R"(", "type": "waitForEvent", "event": "step", "when": "event.data.n == )" +
             std::to_string(i) + R"(", "timeout": "P1D", "next": ")" +
             (i == kSteps ? std::string("note") : "s" + std::to_string(i + 1)) + R"(" },)";
  }
  return R"({ "id": "ordered", "name": "Ordered", "entry": { "type": "event", "event": "start" },
              "start": "s1", "nodes": [ )" +
         nodes + R"(
      { "id": "note", "type": "action", "action": { "kind": "log", "message": "{{profile.id}}" },
        "next": "done" },
      { "id": "done", "type": "end", "label": "Done" } ] })";
}

class EngineThreadsTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineOptions options;
    options.partitions = 4;
    options.threads = 2;
    options.workers = 2;  // a group's partitions on two threads, whatever the machine's cores
    options.clock = ClockMode::kManual;
    options.manual_start = kStart;
    engine_ = Must(Engine::Open(options), "Engine::Open");
  }
};

TEST_F(EngineThreadsTest, ConcurrentIngestKeepsEachProfilesOrderAndLosesNothing) {
  std::string id = PublishJourney(OrderedJourney());

  // Sender t owns the profiles p with p % kSenders == t and sends their events in order, in
  // batches that mix profiles.
  std::vector<std::thread> senders;
  std::vector<std::int64_t> accepted(kSenders, 0);
  for (int t = 0; t < kSenders; ++t) {
    senders.emplace_back([this, t, &accepted] {
      std::vector<Event> batch;
      auto flush = [&] {
        auto result = engine().Ingest(std::exchange(batch, {}));
        if (result) accepted[static_cast<std::size_t>(t)] += result->accepted;
      };
      for (int step = 0; step <= kSteps; ++step) {
        for (int p = t; p < kProfiles; p += kSenders) {
          std::string profile = "p" + std::to_string(p);
          std::string data = R"({"n": )" + std::to_string(step) + "}";
          batch.push_back(MakeEvent(step == 0 ? "start" : "step", profile, data,
                                    profile + "-" + std::to_string(step)));
          if (batch.size() == 7) flush();
        }
      }
      if (!batch.empty()) flush();
    });
  }
  for (std::thread& s : senders) s.join();
  engine().WaitIdle();

  std::int64_t total = 0;
  for (std::int64_t a : accepted) total += a;
  EXPECT_EQ(total, kProfiles * (kSteps + 1));

  std::int64_t history = 0;
  for (int p = 0; p < kProfiles; ++p) {
    std::string profile = "p" + std::to_string(p);
    SCOPED_TRACE(profile);
    InstanceView instance = OnlyInstance(profile);
    EXPECT_EQ(instance.status, InstanceStatus::kFinished)
        << "stopped at " << instance.current_node << ": an event came out of order or was lost";
    EXPECT_EQ(instance.end_tag, "done");
    EXPECT_EQ(std::ranges::count_if(instance.history,
                                    [](const HistoryEntry& h) { return h.outcome == "event"; }),
              kSteps);
    history += static_cast<std::int64_t>(instance.history.size());
  }
  // entered, 9 x (waiting, event), action_sent, action_success, ended.
  EXPECT_EQ(history, kProfiles * (1 + 2 * kSteps + 3));

  Report report = ReportOf(id);
  EXPECT_EQ(report.entered, kProfiles);
  EXPECT_EQ(report.finished, kProfiles);
  EXPECT_EQ(report.in_progress, 0);
  EXPECT_THAT(Discards(report), IsEmpty());
  EXPECT_EQ(EndTagCount(report, "done"), kProfiles);
  for (int i = 1; i <= kSteps; ++i) {
    EXPECT_EQ(NodeTally(report, "s" + std::to_string(i)), (Tally{kProfiles, kProfiles, 0}));
  }
  EXPECT_EQ(NodeTally(report, "note"), (Tally{kProfiles, kProfiles, 0}));

  // Every event is known: sent again, all are duplicates.
  std::vector<Event> again;
  for (int p = 0; p < kProfiles; ++p) {
    for (int step = 0; step <= kSteps; ++step) {
      std::string profile = "p" + std::to_string(p);
      again.push_back(MakeEvent("step", profile, "{}", profile + "-" + std::to_string(step)));
    }
  }
  IngestResult result = SendAll(std::move(again));
  EXPECT_EQ(result.duplicates, kProfiles * (kSteps + 1));
  EXPECT_EQ(result.accepted, 0);
}

TEST_F(EngineThreadsTest, TheTestSessionCapHoldsWhenWorkersProcessAGroupSideBySide) {
  std::string id = CreateDraft(R"json({
    "id": "quick", "name": "Quick", "entry": { "type": "event", "event": "signup" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Must(engine().StartTest(id, 1, std::nullopt, "ci"), "StartTest");
  constexpr int kTesters = 3 * kMaxTestProfiles;
  for (int i = 0; i < kTesters; ++i) {
    Must(engine().PutProfile("t" + std::to_string(i), Json(R"({"testProfile": true})"), true),
         "PutProfile");
  }
  // Two senders, each with batches large enough to be processed by both workers.
  std::vector<std::thread> senders;
  for (int t = 0; t < 2; ++t) {
    senders.emplace_back([this, t] {
      std::vector<Event> events;
      for (int i = t; i < kTesters; i += 2) {
        events.push_back(MakeEvent("signup", "t" + std::to_string(i)));
      }
      Must(engine().Ingest(std::move(events)), "Ingest");
    });
  }
  for (auto& s : senders) s.join();
  engine().WaitIdle();
  Report report = ReportOf(id);
  EXPECT_EQ(report.entered, kMaxTestProfiles);
  EXPECT_THAT(Discards(report),
              ElementsAre(Pair("test_profile_limit", kTesters - kMaxTestProfiles)));
}

// One worker's write fails, the other's succeeds: the events written are acknowledged as
// written (resent, they are duplicates), the others are listed and, resent, enter once; timers
// of either kind of partition still fire.
class EngineThreadsFaultTest : public EngineTest {
 protected:
  void SetUp() override {
    memory_ = NewMemoryStore();
    faults_ = std::make_unique<FaultInjectingStore>(*memory_);
    EngineOptions options;
    options.partitions = 4;
    options.threads = 2;
    options.workers = 2;
    options.clock = ClockMode::kManual;
    options.manual_start = kStart;
    options.store = faults_.get();
    engine_ = Must(Engine::Open(options), "Engine::Open");
  }
  void TearDown() override { engine_.reset(); }

  std::unique_ptr<Store> memory_;
  std::unique_ptr<FaultInjectingStore> faults_;
};

TEST_F(EngineThreadsFaultTest, OneWorkersFailedWriteFailsOnlyItsEvents) {
  std::string id = PublishJourney(R"json({
    "id": "wait", "name": "Wait", "entry": { "type": "event", "event": "e" },
    "start": "w", "nodes": [ { "id": "w", "type": "wait", "duration": "PT1H", "next": "done" },
                             { "id": "done", "type": "end", "label": "Done" } ] })json");
  std::vector<Event> events;
  for (int i = 0; i < 100; ++i) {
    events.push_back(MakeEvent("e", "p" + std::to_string(i), "{}", "ev-" + std::to_string(i)));
  }
  faults_->FailNextWrites(1);
  auto failed = engine().Ingest(events);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().kind(), ErrorKind::kUnavailable);
  const auto& listed = failed.error().problems();
  ASSERT_GT(listed.size(), 0u);
  ASSERT_LT(listed.size(), events.size())
      << "both workers' writes failed: " << failed.error().message();
  for (const Problem& p : listed) EXPECT_EQ(p.code, "not_written");

  IngestResult again = Must(engine().Ingest(events), "Ingest");
  EXPECT_EQ(again.accepted, static_cast<std::int64_t>(listed.size()));
  EXPECT_EQ(again.duplicates, static_cast<std::int64_t>(events.size() - listed.size()));
  EXPECT_EQ(ReportOf(id).entered, 100);
  Must(engine().AdvanceClock(kStart + std::chrono::hours(2)), "AdvanceClock");
  engine().WaitIdle();
  EXPECT_EQ(ReportOf(id).finished, 100);
}

}  // namespace
}  // namespace parcours::engine_test
