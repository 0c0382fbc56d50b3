// The global timeout (DESIGN.md §1 "Entry, re-entrance, global timeout"): no instance lasts
// longer than it from its entry.
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

TEST_F(EngineTest, GlobalTimeoutEndsAnInstanceThatLastsTooLong) {
  std::string id = PublishJourney(R"json({
    "id": "gt", "name": "GT", "entry": { "type": "event", "event": "signup" },
    "globalTimeout": "P2D",
    "start": "wait-buy",
    "nodes": [ { "id": "wait-buy", "type": "waitForEvent", "event": "purchase", "timeout": "P5D",
                 "next": "bought", "onTimeout": "late" },
               { "id": "bought", "type": "end", "label": "Bought" },
               { "id": "late", "type": "end", "label": "Late" } ]
  })json");
  Send("signup", "p1");
  Advance("P1DT23H59M59S");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
  Advance("PT1S");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kTimedOut);
  EXPECT_EQ(instance.exit_reason, ExitReason::kGlobalTimeout);
  EXPECT_EQ(instance.current_node, "wait-buy");
  EXPECT_EQ(instance.end_tag, "");
  EXPECT_EQ(instance.ended_at, kStart + std::chrono::days(2));

  Advance("P5D");  // its own timeout never fires
  EXPECT_EQ(OnlyInstance("p1").exit_reason, ExitReason::kGlobalTimeout);
  Send("purchase", "p1");
  EXPECT_EQ(OnlyInstance("p1").end_tag, "");
  Report report = ReportOf(id);
  EXPECT_EQ(report.timed_out, 1);
  EXPECT_EQ(NodeTally(report, "wait-buy"), (Tally{1, 0, 0}));
  EXPECT_EQ(EndTagCount(report, "late"), 0);
}

TEST_F(EngineTest, GlobalTimeoutDefaultsToThirtyDays) {
  PublishJourney(R"json({
    "id": "long", "name": "Long", "entry": { "type": "event", "event": "signup" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P40D", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "p1");
  Advance("P29DT23H59M59S");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
  Advance("PT1S");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kTimedOut);
  EXPECT_EQ(instance.exit_reason, ExitReason::kGlobalTimeout);
  EXPECT_EQ(instance.ended_at, kStart + std::chrono::days(30));
}

TEST_F(EngineTest, GlobalTimeoutCountsFromEachEntry) {
  PublishJourney(R"json({
    "id": "gt", "name": "GT", "entry": { "type": "event", "event": "signup" },
    "globalTimeout": "P2D",
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P10D", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Advance("P1D");
  Send("signup", "p1");
  Advance("PT12H");
  Send("signup", "p2");
  AdvanceTo(kStart + std::chrono::days(3));
  EXPECT_EQ(OnlyInstance("p1").ended_at, kStart + std::chrono::days(3));
  EXPECT_EQ(OnlyInstance("p2").status, InstanceStatus::kInProgress);
  AdvanceTo(kStart + std::chrono::days(3) + 12h);
  EXPECT_EQ(OnlyInstance("p2").exit_reason, ExitReason::kGlobalTimeout);
  EXPECT_EQ(OnlyInstance("p2").ended_at, kStart + std::chrono::days(3) + 12h);
}

TEST_F(EngineTest, GlobalTimeoutAppliesToAProfileWaitingForAnAction) {
  PublishJourney(R"json({
    "id": "gt", "name": "GT", "entry": { "type": "event", "event": "signup" },
    "globalTimeout": "PT1H",
    "start": "call",
    "nodes": [ { "id": "call", "type": "action",
      "action": { "kind": "webhook", "url": "https://crm.example/" },
                 "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  dispatcher_.HoldAt("call");
  Send("signup", "p1");
  Advance("PT1H");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kTimedOut);
  EXPECT_EQ(instance.exit_reason, ExitReason::kGlobalTimeout);
  EXPECT_EQ(instance.current_node, "call");
  dispatcher_.ReleaseHeld({ActionOutcome::kSuccess, "HTTP 200"});
  engine().WaitIdle();
  EXPECT_EQ(OnlyInstance("p1").exit_reason, ExitReason::kGlobalTimeout);
}

TEST_F(EngineTest, InstanceThatEndsFirstIsNotTimedOutLater) {
  std::string id = PublishJourney(R"json({
    "id": "gt", "name": "GT", "entry": { "type": "event", "event": "signup" },
    "globalTimeout": "P1D",
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "PT1H", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "p1");
  Advance("P2D");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.exit_reason, ExitReason::kEnd);
  EXPECT_EQ(instance.ended_at, kStart + 1h);
  Report report = ReportOf(id);
  EXPECT_EQ(report.finished, 1);
  EXPECT_EQ(report.timed_out, 0);
}

}  // namespace
}  // namespace parcours::engine_test
