// What happens when things coincide (DESIGN.md §1 "Fine points", "Simultaneity"; §2 "Per
// profile, inputs are processed in arrival order").
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

constexpr std::string_view kWaitForPurchase = R"json({
  "id": "buy", "name": "Buy", "entry": { "type": "event", "event": "signup" },
  "start": "wait-buy",
  "nodes": [ { "id": "wait-buy", "type": "waitForEvent", "event": "purchase", "timeout": "PT1H",
               "next": "bought", "onTimeout": "late" },
             { "id": "bought", "type": "end", "label": "Bought" },
             { "id": "late", "type": "end", "label": "Late" } ]
})json";

TEST_F(EngineTest, TimersDueAtTheSameInstantFireInTheOrderTheyWereSet) {
  // The global timeout's timer is set at entry; the waitForEvent's an hour later; both are due
  // a day after the entry. The global timeout fires first and the instance is over.
  PublishJourney(R"json({
    "id": "same", "name": "Same", "entry": { "type": "event", "event": "signup" },
    "globalTimeout": "P1D",
    "start": "first",
    "nodes": [ { "id": "first", "type": "wait", "duration": "PT1H", "next": "wait-buy" },
               { "id": "wait-buy", "type": "waitForEvent", "event": "purchase", "timeout": "PT23H",
                 "next": "bought", "onTimeout": "late" },
               { "id": "bought", "type": "end", "label": "Bought" },
               { "id": "late", "type": "end", "label": "Late" } ]
  })json");
  Send("signup", "p1");
  Advance("P1D");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kTimedOut);
  EXPECT_EQ(instance.exit_reason, ExitReason::kGlobalTimeout);
  EXPECT_EQ(instance.end_tag, "");
  EXPECT_EQ(FindEntry(instance, "wait-buy", kTimeout), nullptr);
}

TEST_F(EngineTest, TimerDueAtAnInstantFiresBeforeAnEventArrivingThen) {
  PublishJourney(kWaitForPurchase);
  Send("signup", "p1");
  AdvanceTo(kStart + 1h);
  Send("purchase", "p1");  // arrives at the very instant the timeout is due
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.end_tag, "late");
  EXPECT_EQ(instance.ended_at, kStart + 1h);
}

TEST_F(EngineTest, EventJustBeforeATimeoutIsInTime) {
  PublishJourney(kWaitForPurchase);
  Send("signup", "p1");
  AdvanceTo(kStart + 1h - 1ms);
  Send("purchase", "p1");
  EXPECT_EQ(OnlyInstance("p1").end_tag, "bought");
}

TEST_F(EngineTest, TimerDueDuringABatchFiresBeforeTheNextEventOfThatProfile) {
  // The wait ends at once (its time is past): its timer is due before the purchase arrives.
  PublishJourney(R"json({
    "id": "past", "name": "Past", "entry": { "type": "event", "event": "signup" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "until": "2026-01-01T00:00:00Z",
                 "next": "wait-buy" },
               { "id": "wait-buy", "type": "waitForEvent", "event": "purchase", "timeout": "PT1H",
                 "next": "bought", "onTimeout": "late" },
               { "id": "bought", "type": "end", "label": "Bought" },
               { "id": "late", "type": "end", "label": "Late" } ]
  })json");
  SendAll({MakeEvent("signup", "p1"), MakeEvent("purchase", "p1")});
  EXPECT_EQ(OnlyInstance("p1").end_tag, "bought");
}

TEST_F(EngineTest, InputsOfAProfileAreProcessedInArrivalOrder) {
  PublishJourney(kWaitForPurchase);
  SendAll({MakeEvent("signup", "p1"), MakeEvent("purchase", "p1"),  //
           MakeEvent("purchase", "p2"), MakeEvent("signup", "p2")});
  EXPECT_EQ(OnlyInstance("p1").end_tag, "bought");
  EXPECT_EQ(OnlyInstance("p2").status, InstanceStatus::kInProgress);
  EXPECT_EQ(OnlyInstance("p2").current_node, "wait-buy");
}

TEST_F(EngineTest, ManyProfilesInOneBatchAreAllHandled) {
  std::string id = PublishJourney(kWaitForPurchase);
  std::vector<Event> events;
  for (int i = 0; i < 50; ++i) events.push_back(MakeEvent("signup", "p" + std::to_string(i)));
  EXPECT_EQ(SendAll(std::move(events)).accepted, 50);
  EXPECT_EQ(ReportOf(id).entered, 50);
  Advance("PT1H");
  EXPECT_EQ(EndTagCount(ReportOf(id), "late"), 50);
}

TEST_F(EngineTest, EventThatIsBothAnExitAndAnEntryEventExitsFirstThenEnters) {
  std::string id = PublishJourney(R"json({
    "id": "restart", "name": "Restart", "entry": { "type": "event", "event": "visit" },
    "reentrance": { "allowed": true, "wait": "PT1M" },
    "exit": [ { "label": "Visited again", "event": "visit" } ],
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P1D", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("visit", "p1");
  Advance("PT1H");
  Send("visit", "p1");
  std::vector<InstanceView> instances = Instances("p1");
  ASSERT_EQ(instances.size(), 2u);
  EXPECT_EQ(instances[0].status, InstanceStatus::kFinished);
  EXPECT_EQ(instances[0].exit_reason, ExitReason::kExitCriteria);
  EXPECT_EQ(instances[0].ended_at, kStart + 1h);
  EXPECT_EQ(instances[1].status, InstanceStatus::kInProgress);
  EXPECT_EQ(instances[1].entered_at, kStart + 1h);
  Report report = ReportOf(id);
  EXPECT_EQ(report.entered, 2);
  EXPECT_THAT(Discards(report), IsEmpty());
}

constexpr std::string_view kAwaitsItsEntryEvent = R"json({
  "id": "again", "name": "Again", "entry": { "type": "event", "event": "visit" },
  "reentrance": { "allowed": true, "wait": "PT5M" },
  "start": "settle",
  "nodes": [ { "id": "settle", "type": "wait", "duration": "PT1M", "next": "wait-visit" },
             { "id": "wait-visit", "type": "waitForEvent", "event": "visit", "timeout": "P1D",
               "next": "came-back", "onTimeout": "gone" },
             { "id": "came-back", "type": "end", "label": "Came back" },
             { "id": "gone", "type": "end", "label": "Gone" } ]
})json";

TEST_F(EngineTest, EventThatIsAwaitedAndAnEntryEventMovesTheInstanceThenEnters) {
  std::string id = PublishJourney(kAwaitsItsEntryEvent);
  Send("visit", "p1");
  Advance("PT10M");
  Send("visit", "p1");
  std::vector<InstanceView> instances = Instances("p1");
  ASSERT_EQ(instances.size(), 2u);
  EXPECT_EQ(instances[0].end_tag, "came-back");
  EXPECT_EQ(instances[1].status, InstanceStatus::kInProgress);
  EXPECT_EQ(instances[1].current_node, "settle");
  EXPECT_THAT(Discards(ReportOf(id)), IsEmpty());
}

TEST_F(EngineTest, EventThatEndsTheInstanceIsThenDiscardedByTheReentranceWaitNotAsInside) {
  std::string id = PublishJourney(kAwaitsItsEntryEvent);
  Send("visit", "p1");
  Advance("PT2M");  // at the waitForEvent, within the re-entrance wait
  Send("visit", "p1");
  std::vector<InstanceView> instances = Instances("p1");
  ASSERT_EQ(instances.size(), 1u);
  EXPECT_EQ(instances[0].end_tag, "came-back");
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("reentrance_wait", 1)));
}

TEST_F(EngineTest, ExitRulesApplyBeforeWaitForEvent) {
  PublishJourney(R"json({
    "id": "both", "name": "Both", "entry": { "type": "event", "event": "signup" },
    "exit": [ { "label": "Cancelled", "event": "purchase", "when": "event.data.refund == true" } ],
    "start": "wait-buy",
    "nodes": [ { "id": "wait-buy", "type": "waitForEvent", "event": "purchase", "timeout": "P1D",
                 "next": "bought", "onTimeout": "late" },
               { "id": "bought", "type": "end", "label": "Bought" },
               { "id": "late", "type": "end", "label": "Late" } ]
  })json");
  Send("signup", "p1");
  Send("signup", "p2");
  Send("purchase", "p1", R"({"refund": true})");
  Send("purchase", "p2", R"({"refund": false})");
  InstanceView p1 = OnlyInstance("p1");
  EXPECT_EQ(p1.exit_reason, ExitReason::kExitCriteria);
  EXPECT_EQ(p1.end_tag, "");
  EXPECT_EQ(OnlyInstance("p2").end_tag, "bought");
}

TEST_F(EngineTest, EntryEventIsNotAppliedToTheInstanceItCreates) {
  // The entering event started the instance; the waitForEvent at the start awaits a later one.
  PublishJourney(R"json({
    "id": "self", "name": "Self", "entry": { "type": "event", "event": "visit" },
    "start": "wait-visit",
    "nodes": [ { "id": "wait-visit", "type": "waitForEvent", "event": "visit", "timeout": "P1D",
                 "next": "came-back", "onTimeout": "gone" },
               { "id": "came-back", "type": "end", "label": "Came back" },
               { "id": "gone", "type": "end", "label": "Gone" } ]
  })json");
  Send("visit", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kInProgress);
  EXPECT_EQ(instance.current_node, "wait-visit");
}

}  // namespace
}  // namespace parcours::engine_test
