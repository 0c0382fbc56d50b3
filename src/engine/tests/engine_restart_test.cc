// A clean restart on RocksDB (DESIGN.md §2, §3): everything the engine knows lives in its data
// directory. An engine is closed (destroyed) with an instance at a wait, one at a waitForEvent
// and one whose webhook is in flight with a dispatcher that never answers; the engine opened
// again on the same directory carries on with each of them, the clock where it stood, and
// still knows the journeys, their lifecycle, the profiles and the reports.
#include "engine/tests/engine_test_util.h"
#include "store/store_test_util.h"

namespace parcours::engine_test {
namespace {

constexpr std::string_view kTimer = R"json({
  "id": "timer", "name": "Timer", "entry": { "type": "event", "event": "t" },
  "start": "wait",
  "nodes": [ { "id": "wait", "type": "wait", "duration": "PT2H", "next": "done" },
             { "id": "done", "type": "end", "label": "Done" } ]
})json";

constexpr std::string_view kWaiter = R"json({
  "id": "waiter", "name": "Waiter", "entry": { "type": "event", "event": "w" },
  "start": "wait-go",
  "nodes": [ { "id": "wait-go", "type": "waitForEvent", "event": "go", "timeout": "P1D",
               "next": "got", "onTimeout": "late" },
             { "id": "got", "type": "end", "label": "Got" },
             { "id": "late", "type": "end", "label": "Late" } ]
})json";

constexpr std::string_view kHook = R"json({
  "id": "hook", "name": "Hook", "entry": { "type": "event", "event": "h" },
  "start": "call",
  "nodes": [ { "id": "call", "type": "action",
               "action": { "kind": "webhook", "url": "https://crm.example/{{profile.id}}" },
               "next": "ok", "onError": "failed" },
             { "id": "ok", "type": "end", "label": "OK" },
             { "id": "failed", "type": "end", "label": "Failed" } ]
})json";

JourneyDefinition Definition(std::string_view json) {
  JourneyDefinition definition = Must(ParseDefinition(json), "ParseDefinition");
  Normalize(definition);
  return definition;
}

class EngineRestartTest : public ::testing::Test {
 protected:
  void Open(ActionDispatcher* dispatcher) {
    engine_.reset();
    EngineOptions options;
    options.data_dir = directory_.path();
    options.partitions = 4;
    options.clock = ClockMode::kManual;
    options.manual_start = kStart;
    options.dispatcher = dispatcher;
    engine_ = Must(Engine::Open(options), "Engine::Open");
  }

  Engine& engine() { return *engine_; }

  void Publish(std::string_view json) {
    std::string id = Must(engine().CreateJourney(Definition(json), "ci"), "Create").journey_id;
    Must(engine().Publish(id, 1, "ci"), "Publish");
  }

  InstanceView Only(std::string_view profile) {
    auto instances = Must(engine().ProfileInstances(profile), "ProfileInstances");
    if (instances.size() != 1) {
      ADD_FAILURE() << profile << " has " << instances.size() << " instances";
      throw std::runtime_error("Only");
    }
    return instances.front();
  }

  void Send(std::string type, std::string profile, std::string id) {
    Must(engine().Ingest({Event{std::move(id), std::move(type), std::move(profile), {}, {}}}),
         "Ingest");
  }

  store_test::TempDirectory directory_;
  RecordingDispatcher first_, second_;  // one per run; both outlive the engine
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineRestartTest, EverythingCarriesOnAfterTheEngineIsClosedAndOpenedAgain) {
  Open(&first_);
  first_.HoldAt("call");  // never answered
  Publish(kTimer);
  Publish(kWaiter);
  Publish(kHook);
  Must(engine().PutProfile("a", Json(R"({"tier": "gold"})"), false), "PutProfile");
  Must(engine().AdvanceClock(kStart + 10min), "AdvanceClock");
  Send("t", "a", "ev-t");
  Send("w", "b", "ev-w");
  Send("h", "c", "ev-h");
  Must(engine().AdvanceClock(kStart + 30min), "AdvanceClock");

  const InstanceView timer = Only("a"), waiter = Only("b"), hook = Only("c");
  ASSERT_EQ(timer.current_node, "wait");
  ASSERT_EQ(waiter.current_node, "wait-go");
  ASSERT_EQ(hook.current_node, "call");
  ASSERT_EQ(first_.RequestsAt("call").size(), 1u);
  const std::string key = first_.RequestsAt("call").front().idempotency_key;
  const JourneyView journey_before = Must(engine().GetJourney("waiter"), "GetJourney");
  const Report timer_report = Must(engine().GetReport("timer", 1, ReportWindow::kAllTime), "R");

  engine_.reset();  // closed with the webhook in flight
  first_.DropHeld();
  Open(&second_);

  // The clock resumes where it stood; the catalog, lifecycle and profiles are there.
  EXPECT_EQ(engine().Now(), kStart + 30min);
  JourneyView journey = Must(engine().GetJourney("waiter"), "GetJourney");
  ASSERT_EQ(journey.versions.size(), 1u);
  EXPECT_EQ(journey.name, journey_before.name);
  EXPECT_EQ(journey.versions[0].lifecycle.status, VersionStatus::kLive);
  EXPECT_EQ(journey.versions[0].lifecycle.history.size(),
            journey_before.versions[0].lifecycle.history.size());
  EXPECT_EQ(journey.versions[0].definition.nodes.size(), 3u);
  EXPECT_EQ(Must(engine().ListJourneys(VersionStatus::kLive), "ListJourneys").size(), 3u);
  EXPECT_EQ(Must(engine().GetProfile("a"), "GetProfile").at("tier"), "gold");
  Report report = Must(engine().GetReport("timer", 1, ReportWindow::kAllTime), "GetReport");
  EXPECT_EQ(report.entered, timer_report.entered);
  EXPECT_EQ(report.in_progress, 1);
  EXPECT_EQ(NodeTally(report, "wait"), NodeTally(timer_report, "wait"));
  EXPECT_EQ(Only("a").history.size(), timer.history.size());

  // The webhook goes out again, with the same idempotency key.
  std::vector<ActionRequest> again = second_.RequestsAt("call");
  ASSERT_EQ(again.size(), 1u) << "the action in flight was not dispatched again";
  EXPECT_EQ(again.front().idempotency_key, key);
  EXPECT_EQ(again.front().instance_id, hook.id);
  engine().WaitIdle();
  EXPECT_EQ(Only("c").status, InstanceStatus::kFinished);
  EXPECT_EQ(Only("c").end_tag, "ok");

  // The event already seen is still a duplicate; the waitForEvent still matches.
  EXPECT_EQ(Must(engine().Ingest({Event{"ev-w", "w", "b", {}, {}}}), "Ingest").duplicates, 1);
  Send("go", "b", "ev-go");
  EXPECT_EQ(Only("b").status, InstanceStatus::kFinished);
  EXPECT_EQ(Only("b").end_tag, "got");

  // The timer fires when its time comes.
  Must(engine().AdvanceClock(kStart + 2h + 9min), "AdvanceClock");
  EXPECT_EQ(Only("a").status, InstanceStatus::kInProgress);
  Must(engine().AdvanceClock(kStart + 2h + 10min), "AdvanceClock");
  InstanceView fired = Only("a");
  EXPECT_EQ(fired.status, InstanceStatus::kFinished);
  EXPECT_EQ(fired.ended_at, kStart + 2h + 10min);
  EXPECT_EQ(Must(engine().GetReport("timer", 1, ReportWindow::kAllTime), "R").finished, 1);

  // And once more: a restart after all that finds it all, and the clock where it stood.
  engine_.reset();
  Open(&second_);
  EXPECT_EQ(engine().Now(), kStart + 2h + 10min);
  EXPECT_EQ(Only("a").status, InstanceStatus::kFinished);
  EXPECT_EQ(Only("b").end_tag, "got");
  EXPECT_EQ(second_.RequestsAt("call").size(), 1u) << "an answered action went out again";
}

TEST_F(EngineRestartTest, ManualStartNeverMovesTheClockBack) {
  Open(nullptr);
  Must(engine().AdvanceClock(kStart + 5h), "AdvanceClock");
  engine_.reset();
  Open(nullptr);  // manual_start is kStart, earlier than where the clock stood
  EXPECT_EQ(engine().Now(), kStart + 5h);
}

}  // namespace
}  // namespace parcours::engine_test
