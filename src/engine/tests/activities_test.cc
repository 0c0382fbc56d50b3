// What each kind of activity does (JOURNEY_FORMAT.md "Activities", DESIGN.md §1 "End tags").
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

constexpr std::string_view kIsVip = R"json({
  "id": "vip", "name": "VIP", "entry": { "type": "event", "event": "signup" },
  "start": "is-vip",
  "nodes": [
    { "id": "is-vip", "type": "condition", "label": "VIP?",
      "branches": [ { "label": "VIP", "when": "profile.tier in ['gold', 'platinum']",
                      "next": "vip" },
                    { "label": "Big spender", "when": "event.data.amount > 100", "next": "big" } ],
      "otherwise": "other" },
    { "id": "vip", "type": "end", "label": "VIP" },
    { "id": "big", "type": "end", "label": "Big" },
    { "id": "other", "type": "end", "label": "Other" }
  ]
})json";

constexpr std::string_view kWaitForPurchase = R"json({
  "id": "buy", "name": "Buy", "entry": { "type": "event", "event": "signup" },
  "start": "wait-buy",
  "nodes": [
    { "id": "wait-buy", "type": "waitForEvent", "event": "purchase",
      "when": "event.data.amount > 0",
      "timeout": "P3D", "next": "bought", "onTimeout": "late" },
    { "id": "bought", "type": "end", "label": "Bought" },
    { "id": "late", "type": "end", "label": "Late" }
  ]
})json";

TEST_F(EngineTest, ConditionTakesTheFirstTrueBranchAndRecordsWhy) {
  PublishJourney(kIsVip);
  Must(engine().PutProfile("p1", Json(R"({"tier": "gold"})"), false), "PutProfile");
  Send("signup", "p1", R"({"amount": 500})");  // both branches hold: the first wins

  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.exit_reason, ExitReason::kEnd);
  EXPECT_EQ(instance.end_tag, "vip");
  EXPECT_EQ(instance.current_node, "vip");
  EXPECT_THAT(Path(instance), ElementsAre("is-vip", "vip"));
  const HistoryEntry* branch = FindEntry(instance, "is-vip", kBranch);
  ASSERT_NE(branch, nullptr);
  EXPECT_THAT(branch->detail, HasSubstr("VIP"));
}

TEST_F(EngineTest, ConditionTriesBranchesInOrderThenOtherwise) {
  PublishJourney(kIsVip);
  Send("signup", "p1", R"({"amount": 500})");
  Send("signup", "p2", R"({"amount": 5})");
  InstanceView big = OnlyInstance("p1");
  EXPECT_EQ(big.end_tag, "big");
  const HistoryEntry* branch = FindEntry(big, "is-vip", kBranch);
  ASSERT_NE(branch, nullptr);
  EXPECT_THAT(branch->detail, HasSubstr("Big spender"));
  EXPECT_EQ(OnlyInstance("p2").end_tag, "other");
  EXPECT_THAT(Path(OnlyInstance("p2")), ElementsAre("is-vip", "other"));
}

TEST_F(EngineTest, NullInAConditionIsFalseNotAnError) {
  PublishJourney(kIsVip);
  Send("signup", "p1");  // no tier, no amount: both branches are null, hence false
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.end_tag, "other");
}

TEST_F(EngineTest, ConditionMatchingNoBranchWithoutOtherwiseEndsTheProfile) {
  std::string id = PublishJourney(R"json({
    "id": "fr", "name": "FR", "entry": { "type": "event", "event": "signup" },
    "start": "is-fr",
    "nodes": [
      { "id": "is-fr", "type": "condition",
        "branches": [ { "label": "FR", "when": "event.data.country == 'FR'", "next": "fr" } ] },
      { "id": "fr", "type": "end", "label": "French" }
    ]
  })json");
  Send("signup", "p1", R"({"country": "DE"})");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.exit_reason, ExitReason::kNoMatchingCondition);
  EXPECT_EQ(instance.end_tag, "");
  EXPECT_EQ(instance.current_node, "is-fr");
  EXPECT_EQ(instance.ended_at, kStart);
  Report report = ReportOf(id);
  EXPECT_EQ(report.finished, 1);
  EXPECT_EQ(NodeTally(report, "is-fr"), (Tally{1, 1, 0}));
  EXPECT_EQ(EndTagCount(report, "fr"), 0);
}

TEST_F(EngineTest, SplitChoosesABranchByAStableHashOfTheProfile) {
  constexpr std::string_view kSplit = R"json({
    "id": "ab", "name": "AB", "entry": { "type": "event", "event": "visit" },
    "reentrance": { "allowed": true, "wait": "PT1M" },
    "start": "ab",
    "nodes": [
      { "id": "ab", "type": "split",
        "branches": [ { "label": "A", "percent": 50, "next": "a" },
                      { "label": "B", "percent": 50, "next": "b" } ] },
      { "id": "a", "type": "end", "label": "A" },
      { "id": "b", "type": "end", "label": "B" }
    ]
  })json";
  std::string id = PublishJourney(kSplit);
  constexpr int kProfiles = 200;
  std::map<std::string, std::string> first_choice;
  for (int i = 0; i < kProfiles; ++i) {
    std::string profile = "p" + std::to_string(i);
    Send("visit", profile);
    first_choice[profile] = OnlyInstance(profile).end_tag;
    EXPECT_THAT(first_choice[profile], ::testing::AnyOf("a", "b"));
  }
  Report report = ReportOf(id);
  EXPECT_EQ(EndTagCount(report, "a") + EndTagCount(report, "b"), kProfiles);
  EXPECT_GT(EndTagCount(report, "a"), kProfiles * 3 / 10);
  EXPECT_GT(EndTagCount(report, "b"), kProfiles * 3 / 10);
  InstanceView p0 = OnlyInstance("p0");
  const HistoryEntry* branch = FindEntry(p0, "ab", kBranch);
  ASSERT_NE(branch, nullptr);
  EXPECT_THAT(branch->detail, HasSubstr(first_choice["p0"] == "a" ? "A" : "B"));

  // The same profile takes the same branch when it enters again ...
  Advance("PT1M");
  for (int i = 0; i < 20; ++i) {
    std::string profile = "p" + std::to_string(i);
    Send("visit", profile);
    EXPECT_EQ(LatestInstance(profile).end_tag, first_choice[profile]) << profile;
  }
  // ... and in another engine.
  OpenEngine(&dispatcher_);
  PublishJourney(kSplit);
  for (int i = 0; i < 20; ++i) {
    std::string profile = "p" + std::to_string(i);
    Send("visit", profile);
    EXPECT_EQ(OnlyInstance(profile).end_tag, first_choice[profile]) << profile;
  }
}

TEST_F(EngineTest, WaitDurationGoesOnAfterTheDuration) {
  PublishJourney(R"json({
    "id": "w", "name": "W", "entry": { "type": "event", "event": "visit" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "PT2H", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("visit", "p1");
  EXPECT_EQ(OnlyInstance("p1").current_node, "wait");
  ASSERT_NE(FindEntry(OnlyInstance("p1"), "wait", kWaiting), nullptr);
  Advance("PT1H59M59S");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
  Advance("PT1S");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.ended_at, kStart + 2h);
  EXPECT_THAT(Path(instance), ElementsAre("wait", "done"));
}

TEST_F(EngineTest, WaitIsMeasuredFromProcessingNotFromTheEventTimestamp) {
  PublishJourney(R"json({
    "id": "w", "name": "W", "entry": { "type": "event", "event": "visit" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "PT2H", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Event event = MakeEvent("visit", "p1");
  event.timestamp = kStart - std::chrono::days(1);
  SendAll({event});
  Advance("PT1H");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
  Advance("PT1H");
  EXPECT_EQ(OnlyInstance("p1").ended_at, kStart + 2h);
}

TEST_F(EngineTest, WaitUntilGoesOnAtThatTime) {
  PublishJourney(R"json({
    "id": "w", "name": "W", "entry": { "type": "event", "event": "visit" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "until": "2026-12-03T09:00:00Z", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("visit", "p1");
  AdvanceTo(At("2026-12-03T08:59:59Z"));
  EXPECT_EQ(OnlyInstance("p1").current_node, "wait");
  AdvanceTo(At("2026-12-03T09:00:00Z"));
  EXPECT_EQ(OnlyInstance("p1").ended_at, At("2026-12-03T09:00:00Z"));
  EXPECT_EQ(OnlyInstance("p1").end_tag, "done");
}

TEST_F(EngineTest, WaitUntilAPastTimeGoesOnAtOnce) {
  PublishJourney(R"json({
    "id": "w", "name": "W", "entry": { "type": "event", "event": "visit" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "until": "2026-01-01T00:00:00Z", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("visit", "p1");
  EXPECT_EQ(OnlyInstance("p1").end_tag, "done");
  EXPECT_EQ(OnlyInstance("p1").ended_at, kStart);
}

TEST_F(EngineTest, WaitUntilExprGoesOnAtTheTimeItComputes) {
  PublishJourney(R"json({
    "id": "w", "name": "W", "entry": { "type": "event", "event": "visit" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "untilExpr": "entry.timestamp + duration('P1D')",
                 "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Event event = MakeEvent("visit", "p1");
  event.timestamp = kStart - 12h;  // data: the wait ends a day after it
  SendAll({event});
  Advance("PT11H59M");
  EXPECT_EQ(OnlyInstance("p1").current_node, "wait");
  Advance("PT1M");
  EXPECT_EQ(OnlyInstance("p1").ended_at, kStart + 12h);
}

TEST_F(EngineTest, WaitForEventTakesNextWhenAMatchingEventArrives) {
  std::string id = PublishJourney(kWaitForPurchase);
  Send("signup", "p1");
  Send("purchase", "p2", R"({"amount": 10})");  // another profile's purchase
  Send("purchase", "p1", R"({"amount": 0})");   // does not match `when`
  Send("click", "p1");
  EXPECT_EQ(OnlyInstance("p1").current_node, "wait-buy");

  Advance("PT1H");
  Send("purchase", "p1", R"({"amount": 10})");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.end_tag, "bought");
  EXPECT_EQ(instance.ended_at, kStart + 1h);
  EXPECT_NE(FindEntry(instance, "wait-buy", kEventReceived), nullptr);
  EXPECT_EQ(FindEntry(instance, "wait-buy", kTimeout), nullptr);

  Advance("P3D");  // its timeout timer is gone
  EXPECT_EQ(OnlyInstance("p1").end_tag, "bought");
  EXPECT_EQ(NodeTally(ReportOf(id), "wait-buy"), (Tally{1, 1, 0}));
}

TEST_F(EngineTest, WaitForEventTakesOnTimeoutWhenItExpires) {
  PublishJourney(kWaitForPurchase);
  Send("signup", "p1");
  Advance("P2DT23H59M59S");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
  Advance("PT1S");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.exit_reason, ExitReason::kEnd);
  EXPECT_EQ(instance.end_tag, "late");
  EXPECT_EQ(instance.ended_at, kStart + std::chrono::days(3));
  EXPECT_NE(FindEntry(instance, "wait-buy", kTimeout), nullptr);

  Send("purchase", "p1", R"({"amount": 10})");  // too late
  EXPECT_EQ(OnlyInstance("p1").end_tag, "late");
}

TEST_F(EngineTest, WaitForEventWithoutOnTimeoutEndsAsEventTimeout) {
  std::string id = PublishJourney(R"json({
    "id": "buy", "name": "Buy", "entry": { "type": "event", "event": "signup" },
    "start": "wait-buy",
    "nodes": [ { "id": "wait-buy", "type": "waitForEvent", "event": "purchase", "timeout": "PT6H",
                 "next": "bought" },
               { "id": "bought", "type": "end", "label": "Bought" } ]
  })json");
  Send("signup", "p1");
  Advance("PT6H");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.exit_reason, ExitReason::kEventTimeout);
  EXPECT_EQ(instance.end_tag, "");
  EXPECT_EQ(instance.current_node, "wait-buy");
  EXPECT_EQ(NodeTally(ReportOf(id), "wait-buy"), (Tally{1, 1, 0}));
}

TEST_F(EngineTest, WaitForEventTimeoutCountsFromArrivalAtTheActivity) {
  PublishJourney(R"json({
    "id": "buy", "name": "Buy", "entry": { "type": "event", "event": "signup" },
    "start": "first",
    "nodes": [ { "id": "first", "type": "wait", "duration": "PT1H", "next": "wait-buy" },
               { "id": "wait-buy", "type": "waitForEvent", "event": "purchase", "timeout": "PT2H",
                 "next": "bought", "onTimeout": "late" },
               { "id": "bought", "type": "end", "label": "Bought" },
               { "id": "late", "type": "end", "label": "Late" } ]
  })json");
  Send("signup", "p1");
  Send("purchase", "p1");  // not awaited yet
  Advance("PT2H59M");
  EXPECT_EQ(OnlyInstance("p1").current_node, "wait-buy");
  Advance("PT1M");
  EXPECT_EQ(OnlyInstance("p1").end_tag, "late");
  EXPECT_EQ(OnlyInstance("p1").ended_at, kStart + 3h);
}

TEST_F(EngineTest, UpdateProfileIsVisibleInLaterExpressionsAndInTheProfile) {
  PublishJourney(R"json({
    "id": "score", "name": "Score", "entry": { "type": "event", "event": "play" },
    "start": "set",
    "nodes": [
      { "id": "set", "type": "updateProfile",
        "set": { "score": "event.data.points * 2", "tier": "'gold'" }, "next": "check" },
      { "id": "check", "type": "condition",
        "branches": [ { "label": "Gold", "when": "profile.tier == 'gold' && profile.score == 20",
                        "next": "gold" } ],
        "otherwise": "plain" },
      { "id": "gold", "type": "end", "label": "Gold" },
      { "id": "plain", "type": "end", "label": "Plain" }
    ]
  })json");
  Must(engine().PutProfile("p1", Json(R"({"email": "p1@example.com"})"), false), "PutProfile");
  Send("play", "p1", R"({"points": 10})");
  EXPECT_EQ(OnlyInstance("p1").end_tag, "gold");
  EXPECT_THAT(Path(OnlyInstance("p1")), ElementsAre("set", "check", "gold"));

  boost::json::object profile = Must(engine().GetProfile("p1"), "GetProfile");
  EXPECT_EQ(profile.at("score").to_number<double>(), 20.0);
  EXPECT_EQ(profile.at("tier"), "gold");
  EXPECT_EQ(profile.at("email"), "p1@example.com");  // other attributes are kept
}

TEST_F(EngineTest, ExpressionTypeErrorAtRunTimeEndsAsExpressionError) {
  std::string id = PublishJourney(R"json({
    "id": "nick", "name": "Nick", "entry": { "type": "event", "event": "visit" },
    "start": "short",
    "nodes": [
      { "id": "short", "type": "condition",
        "branches": [ { "label": "Short", "when": "len(profile.nickname) < 4", "next": "s" } ],
        "otherwise": "l" },
      { "id": "s", "type": "end", "label": "Short" },
      { "id": "l", "type": "end", "label": "Long" }
    ]
  })json");
  Send("visit", "p1");  // no nickname: len(null) is a type mismatch
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kError);
  EXPECT_EQ(instance.exit_reason, ExitReason::kExpressionError);
  EXPECT_EQ(instance.current_node, "short");
  EXPECT_EQ(instance.end_tag, "");
  Report report = ReportOf(id);
  EXPECT_EQ(report.error, 1);
  EXPECT_EQ(NodeTally(report, "short"), (Tally{1, 0, 1}));
}

TEST_F(EngineTest, ExpressionTypeErrorInUpdateProfileEndsAsExpressionError) {
  PublishJourney(R"json({
    "id": "score", "name": "Score", "entry": { "type": "event", "event": "play" },
    "start": "set",
    "nodes": [ { "id": "set", "type": "updateProfile", "set": { "score": "event.data.points * 2" },
                 "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("play", "p1");  // null * 2
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kError);
  EXPECT_EQ(instance.exit_reason, ExitReason::kExpressionError);
  EXPECT_EQ(instance.current_node, "set");
}

TEST_F(EngineTest, EndTagIsRecordedWithItsLabel) {
  std::string id = PublishJourney(R"json({
    "id": "e", "name": "E", "entry": { "type": "event", "event": "visit" },
    "start": "note",
    "nodes": [ { "id": "note", "type": "action", "action": { "kind": "log", "message": "hi" },
                 "next": "end-bought" },
               { "id": "end-bought", "type": "end", "label": "Bought" } ]
  })json");
  Send("visit", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.exit_reason, ExitReason::kEnd);
  EXPECT_EQ(instance.end_tag, "end-bought");
  EXPECT_EQ(instance.current_node, "end-bought");
  EXPECT_NE(FindEntry(instance, "end-bought", kEnded), nullptr);
  Report report = ReportOf(id);
  EXPECT_THAT(report.end_tags, ElementsAre(Pair("end-bought", Pair("Bought", 1))));
}

TEST_F(EngineTest, AbsentNextEndsAtAGeneratedEndTagLabelledEnd) {
  std::string id = PublishJourney(R"json({
    "id": "e", "name": "E", "entry": { "type": "event", "event": "visit" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "PT1M" } ]
  })json");
  Send("visit", "p1");
  Advance("PT1M");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.exit_reason, ExitReason::kEnd);
  EXPECT_EQ(instance.end_tag, "wait-end");  // parcours/journey.h Normalize: "<node>-end"
  Report report = ReportOf(id);
  EXPECT_THAT(report.end_tags, ElementsAre(Pair("wait-end", Pair("End", 1))));
}

TEST_F(EngineTest, EndTagLabelChangedAfterPublishingShowsInTheReport) {
  constexpr std::string_view kBefore = R"json({
    "id": "e", "name": "E", "entry": { "type": "event", "event": "visit" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json";
  std::string id = PublishJourney(kBefore);
  Send("visit", "p1");
  JourneyDefinition relabelled = Definition(kBefore);
  relabelled.id.reset();
  relabelled.nodes[0].label = "Completed";
  Must(engine().ReplaceDefinition(id, 1, relabelled, "ci"), "ReplaceDefinition");
  EXPECT_THAT(ReportOf(id).end_tags, ElementsAre(Pair("done", Pair("Completed", 1))));
}

TEST_F(EngineTest, JumpEndsThisInstanceAndEntersTheTargetJourney) {
  std::string target = PublishJourney(R"json({
    "id": "target", "name": "Target", "entry": { "type": "event", "event": "never" },
    "reentrance": { "allowed": false },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P1D", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  std::string source = PublishJourney(R"json({
    "id": "source", "name": "Source", "entry": { "type": "event", "event": "visit" },
    "reentrance": { "allowed": true, "wait": "PT1M" },
    "start": "go",
    "nodes": [ { "id": "go", "type": "jump", "journey": "target" } ]
  })json");
  Send("visit", "p1");
  std::vector<InstanceView> instances = Instances("p1");
  ASSERT_EQ(instances.size(), 2u);
  const InstanceView& from = instances[0];
  EXPECT_EQ(from.journey_id, source);
  EXPECT_EQ(from.status, InstanceStatus::kFinished);
  EXPECT_EQ(from.exit_reason, ExitReason::kJump);
  EXPECT_EQ(from.current_node, "go");
  EXPECT_EQ(from.end_tag, "");
  const InstanceView& to = instances[1];
  EXPECT_EQ(to.journey_id, target);
  EXPECT_EQ(to.version, 1);
  EXPECT_EQ(to.status, InstanceStatus::kInProgress);
  EXPECT_EQ(to.current_node, "wait");
  EXPECT_EQ(ReportOf(target).entered, 1);
  EXPECT_EQ(NodeTally(ReportOf(source), "go"), (Tally{1, 1, 0}));

  // The target's own rules apply: p1 is inside it, so a second jump is discarded there.
  Advance("PT1M");
  Send("visit", "p1");
  EXPECT_EQ(Instances("p1").size(), 3u);
  EXPECT_EQ(Instances("p1")[2].exit_reason, ExitReason::kJump);
  EXPECT_THAT(Discards(ReportOf(target)), ElementsAre(Pair("already_in_journey", 1)));

  // Once p1 has left it, re-entrance off refuses it.
  Advance("P1D");
  Send("visit", "p1");
  EXPECT_EQ(Instances("p1").size(), 4u);
  EXPECT_THAT(Discards(ReportOf(target)),
              ElementsAre(Pair("already_in_journey", 1), Pair("reentrance_not_allowed", 1)));
}

TEST_F(EngineTest, JumpToAJourneyWithNoLiveVersionIsDiscardedThereAsNotLive) {
  std::string target = PublishJourney(R"json({
    "id": "target", "name": "Target", "entry": { "type": "event", "event": "never" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Must(engine().Close(target, 1, "ci"), "Close");
  PublishJourney(R"json({
    "id": "source", "name": "Source", "entry": { "type": "event", "event": "visit" },
    "start": "go", "nodes": [ { "id": "go", "type": "jump", "journey": "target" } ]
  })json");
  Send("visit", "p1");
  InstanceView from = OnlyInstance("p1");
  EXPECT_EQ(from.exit_reason, ExitReason::kJump);
  EXPECT_THAT(Discards(ReportOf(target)), ElementsAre(Pair("not_live", 1)));
}

TEST_F(EngineTest, StartAtAnEndNodeFinishesAtOnce) {
  std::string id = PublishJourney(R"json({
    "id": "e", "name": "E", "entry": { "type": "event", "event": "visit" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("visit", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.end_tag, "done");
  EXPECT_EQ(instance.ended_at, kStart);
  EXPECT_EQ(NodeTally(ReportOf(id), "done"), (Tally{1, 1, 0}));
}

}  // namespace
}  // namespace parcours::engine_test
