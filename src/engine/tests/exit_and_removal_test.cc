// Taking a profile out: exit criteria and removal through the API (DESIGN.md §1 "Entry,
// re-entrance, global timeout" and "Fine points").
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

constexpr std::string_view kWithExits = R"json({
  "id": "exits", "name": "Exits", "entry": { "type": "event", "event": "signup" },
  "exit": [ { "label": "Unsubscribed", "event": "unsubscribe" },
            { "label": "Spam", "event": "complaint", "when": "event.data.kind == 'spam'" },
            { "label": "Broken", "event": "bounce", "when": "len(event.data.codes) > 0" } ],
  "start": "wait",
  "nodes": [
    { "id": "wait", "type": "wait", "duration": "P1D", "next": "call" },
    { "id": "call", "type": "action",
      "action": { "kind": "webhook", "url": "https://crm.example/" },
      "next": "done" },
    { "id": "done", "type": "end", "label": "Done" }
  ]
})json";

TEST_F(EngineTest, ExitRuleTakesTheProfileOutWhereverItIs) {
  std::string id = PublishJourney(kWithExits);
  Send("signup", "p1");
  Advance("PT1H");
  Send("unsubscribe", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.exit_reason, ExitReason::kExitCriteria);
  EXPECT_EQ(instance.end_tag, "");
  EXPECT_EQ(instance.current_node, "wait");
  EXPECT_EQ(instance.ended_at, kStart + 1h);

  Advance("P2D");  // its wait is gone
  EXPECT_THAT(dispatcher_.requests(), IsEmpty());
  EXPECT_EQ(OnlyInstance("p1").history.size(), instance.history.size());
  Report report = ReportOf(id);
  EXPECT_EQ(report.finished, 1);
  EXPECT_EQ(report.in_progress, 0);
  EXPECT_EQ(NodeTally(report, "wait"), (Tally{1, 0, 0}));  // taken out is not left
  EXPECT_THAT(report.end_tags, ::testing::Each(Pair(::testing::_, Pair(::testing::_, 0))));
}

TEST_F(EngineTest, ExitRuleWithAConditionTakesOutOnlyWhenItHolds) {
  PublishJourney(kWithExits);
  Send("signup", "p1");
  Send("complaint", "p1", R"({"kind": "slow"})");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
  Send("complaint", "p1", R"({"kind": "spam"})");
  EXPECT_EQ(OnlyInstance("p1").exit_reason, ExitReason::kExitCriteria);
}

TEST_F(EngineTest, ExitRuleWhoseConditionFailsDoesNotMatch) {
  PublishJourney(kWithExits);
  Send("signup", "p1");
  Send("bounce", "p1");  // len(null): the rule fails, so it does not match
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kInProgress);
  EXPECT_EQ(instance.current_node, "wait");
  Send("bounce", "p1", R"({"codes": [550]})");
  EXPECT_EQ(OnlyInstance("p1").exit_reason, ExitReason::kExitCriteria);
}

TEST_F(EngineTest, ExitEventOfAnotherProfileDoesNothing) {
  PublishJourney(kWithExits);
  Send("signup", "p1");
  Send("unsubscribe", "p2");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
  EXPECT_THAT(Instances("p2"), IsEmpty());
}

TEST_F(EngineTest, ExitRuleTakesOutAProfileWaitingForAnAction) {
  PublishJourney(kWithExits);
  dispatcher_.HoldAt("call");
  Send("signup", "p1");
  Advance("P1D");
  ASSERT_EQ(OnlyInstance("p1").current_node, "call");
  Send("unsubscribe", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.exit_reason, ExitReason::kExitCriteria);
  EXPECT_EQ(instance.current_node, "call");

  dispatcher_.ReleaseHeld({ActionOutcome::kSuccess, "HTTP 200"});  // its result is dropped
  engine().WaitIdle();
  EXPECT_EQ(OnlyInstance("p1").exit_reason, ExitReason::kExitCriteria);
  EXPECT_EQ(OnlyInstance("p1").end_tag, "");
}

TEST_F(EngineTest, ExitRulesOfAClosedVersionStillApplyToItsProfiles) {
  std::string id = PublishJourney(kWithExits);
  Send("signup", "p1");
  Must(engine().Close(id, 1, "ci"), "Close");
  Send("unsubscribe", "p1");
  EXPECT_EQ(OnlyInstance("p1").exit_reason, ExitReason::kExitCriteria);
}

TEST_F(EngineTest, RemoveInstanceTakesTheProfileOutAsRemoved) {
  std::string id = PublishJourney(kWithExits);
  Send("signup", "p1");
  Advance("PT2H");
  std::string instance_id = OnlyInstance("p1").id;
  Must(engine().RemoveInstance(instance_id, "ops"), "RemoveInstance");

  InstanceView instance = Must(engine().GetInstance(instance_id), "GetInstance");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.exit_reason, ExitReason::kRemoved);
  EXPECT_EQ(instance.end_tag, "");
  EXPECT_EQ(instance.current_node, "wait");
  EXPECT_EQ(instance.ended_at, kStart + 2h);

  Advance("P2D");  // nothing runs for it any more
  EXPECT_THAT(dispatcher_.requests(), IsEmpty());
  EXPECT_EQ(OnlyInstance("p1").history.size(), instance.history.size());
  Report report = ReportOf(id);
  EXPECT_EQ(report.finished, 1);
  EXPECT_EQ(NodeTally(report, "wait"), (Tally{1, 0, 0}));
}

TEST_F(EngineTest, RemoveOfAnUnknownInstanceIsNotFound) {
  Status removed = engine().RemoveInstance("no-such-instance", "ops");
  ASSERT_FALSE(removed.has_value());
  EXPECT_EQ(removed.error().kind(), ErrorKind::kNotFound);
}

TEST_F(EngineTest, RemovedProfileMayEnterAgainAfterTheWait) {
  PublishJourney(kWithExits);
  Send("signup", "p1");
  Must(engine().RemoveInstance(OnlyInstance("p1").id, "ops"), "RemoveInstance");
  Advance("PT5M");
  Send("signup", "p1");
  ASSERT_EQ(Instances("p1").size(), 2u);
  EXPECT_EQ(Instances("p1")[1].status, InstanceStatus::kInProgress);
}

}  // namespace
}  // namespace parcours::engine_test
