// Entry by event, discards and their reasons, duplicates (DESIGN.md §1 "Entry, re-entrance,
// global timeout" and "Fine points").
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

// Signups from outside the US enter and wait a day.
constexpr std::string_view kSignup = R"json({
  "id": "signup", "name": "Signup",
  "entry": { "type": "event", "event": "signup", "when": "event.data.country != 'US'" },
  "start": "wait",
  "nodes": [
    { "id": "wait", "type": "wait", "duration": "P1D", "next": "done" },
    { "id": "done", "type": "end", "label": "Done" }
  ]
})json";

// Entries only from 2026-12-02.
constexpr std::string_view kScheduled = R"json({
  "id": "scheduled", "name": "Scheduled",
  "entry": { "type": "event", "event": "signup", "when": "event.data.country != 'US'" },
  "schedule": { "from": "2026-12-02T00:00:00Z", "until": "2026-12-05T00:00:00Z" },
  "start": "wait",
  "nodes": [ { "id": "wait", "type": "wait", "duration": "P1D", "next": "done" },
             { "id": "done", "type": "end", "label": "Done" } ]
})json";

// Re-entrance off; the profile stays a day.
constexpr std::string_view kOnce = R"json({
  "id": "once", "name": "Once",
  "entry": { "type": "event", "event": "signup" },
  "reentrance": { "allowed": false, "wait": "P1D" },
  "start": "wait",
  "nodes": [ { "id": "wait", "type": "wait", "duration": "PT1H", "next": "done" },
             { "id": "done", "type": "end", "label": "Done" } ]
})json";

TEST_F(EngineTest, EngineStartsItsManualClockWhereAsked) {
  EXPECT_TRUE(engine().HasManualClock());
  EXPECT_EQ(engine().Now(), kStart);
}

TEST_F(EngineTest, EntryEventCreatesAnInstanceAtTheStartActivity) {
  std::string id = PublishJourney(kSignup);
  IngestResult result = Send("signup", "p1", R"({"country": "FR"})");
  EXPECT_EQ(result.accepted, 1);
  EXPECT_EQ(result.duplicates, 0);

  InstanceView instance = OnlyInstance("p1");
  EXPECT_FALSE(instance.id.empty());
  EXPECT_EQ(instance.journey_id, id);
  EXPECT_EQ(instance.version, 1);
  EXPECT_EQ(instance.profile_id, "p1");
  EXPECT_EQ(instance.status, InstanceStatus::kInProgress);
  EXPECT_EQ(instance.current_node, "wait");
  EXPECT_EQ(instance.entered_at, kStart);
  EXPECT_EQ(instance.ended_at, std::nullopt);
  EXPECT_EQ(instance.exit_reason, ExitReason::kNone);
  EXPECT_EQ(instance.end_tag, "");
  EXPECT_THAT(Path(instance), ElementsAre("wait"));
  ASSERT_FALSE(instance.history.empty());
  EXPECT_EQ(instance.history.front().outcome, kEntered);
  EXPECT_EQ(instance.history.front().at, kStart);

  InstanceView fetched = Must(engine().GetInstance(instance.id), "GetInstance");
  EXPECT_EQ(fetched.profile_id, "p1");
  EXPECT_EQ(fetched.current_node, "wait");

  Report report = ReportOf(id);
  EXPECT_EQ(report.status, VersionStatus::kLive);
  EXPECT_EQ(report.entered, 1);
  EXPECT_EQ(report.in_progress, 1);
  EXPECT_EQ(NodeTally(report, "wait"), (Tally{1, 0, 0}));
  EXPECT_THAT(Discards(report), IsEmpty());
}

TEST_F(EngineTest, EventOfAnotherTypeIsNeitherAnEntryNorADiscard) {
  std::string id = PublishJourney(kSignup);
  EXPECT_EQ(Send("click", "p1").accepted, 1);
  EXPECT_THAT(Instances("p1"), IsEmpty());
  Report report = ReportOf(id);
  EXPECT_EQ(report.entered, 0);
  EXPECT_THAT(Discards(report), IsEmpty());
}

TEST_F(EngineTest, DraftVersionEntersNobodyAndCountsNothing) {
  std::string id = CreateDraft(kSignup);
  Send("signup", "p1", R"({"country": "FR"})");
  EXPECT_THAT(Instances("p1"), IsEmpty());
  Report report = ReportOf(id);
  EXPECT_EQ(report.status, VersionStatus::kDraft);
  EXPECT_EQ(report.entered, 0);
  EXPECT_THAT(Discards(report), IsEmpty());
}

TEST_F(EngineTest, EntryConditionFalseDiscardsAsConditionFalse) {
  std::string id = PublishJourney(kSignup);
  Send("signup", "p1", R"({"country": "US"})");
  EXPECT_THAT(Instances("p1"), IsEmpty());
  Report report = ReportOf(id);
  EXPECT_EQ(report.entered, 0);
  EXPECT_THAT(Discards(report), ElementsAre(Pair("condition_false", 1)));
}

TEST_F(EngineTest, EntryConditionFailingAtRunTimeDiscardsAsConditionFalse) {
  std::string id = PublishJourney(R"json({
    "id": "cart", "name": "Cart",
    "entry": { "type": "event", "event": "cart", "when": "len(event.data.items) > 0" },
    "start": "done",
    "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("cart", "p1", R"({"total": 3})");  // no items: len(null) is a type mismatch
  EXPECT_THAT(Instances("p1"), IsEmpty());
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("condition_false", 1)));

  Send("cart", "p2", R"({"items": ["a"]})");
  EXPECT_EQ(OnlyInstance("p2").exit_reason, ExitReason::kEnd);
}

TEST_F(EngineTest, ClosedVersionDiscardsEntriesAsNotLive) {
  std::string id = PublishJourney(kSignup);
  Must(engine().Close(id, 1, "ci"), "Close");
  Send("signup", "p1", R"({"country": "FR"})");
  EXPECT_THAT(Instances("p1"), IsEmpty());
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("not_live", 1)));
}

TEST_F(EngineTest, NotLiveDiscardIsCountedOnTheLatestPublishedVersionNotTheDraft) {
  std::string id = PublishJourney(kSignup);
  Must(engine().Close(id, 1, "ci"), "Close");
  ASSERT_EQ(Must(engine().NewVersion(id, "ci"), "NewVersion").version, 2);
  Send("signup", "p1", R"({"country": "FR"})");
  EXPECT_THAT(Discards(ReportOf(id, 1)), ElementsAre(Pair("not_live", 1)));
  EXPECT_THAT(Discards(ReportOf(id, 2)), IsEmpty());
}

TEST_F(EngineTest, EntryEventOfTheLiveVersionDecidesAndItsDiscardsAreCountedThere) {
  std::string id = PublishJourney(kSignup);
  PublishNewVersion(id, R"json({
    "name": "Signup",
    "entry": { "type": "event", "event": "signup", "when": "event.data.country == 'US'" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "p1", R"({"country": "FR"})");
  EXPECT_THAT(Instances("p1"), IsEmpty());
  EXPECT_THAT(Discards(ReportOf(id, 2)), ElementsAre(Pair("condition_false", 1)));
  EXPECT_THAT(Discards(ReportOf(id, 1)), IsEmpty());
}

TEST_F(EngineTest, ScheduleFromDiscardsEarlierEventsAsOutsideSchedule) {
  std::string id = PublishJourney(kScheduled);
  Send("signup", "p1", R"({"country": "FR"})");
  EXPECT_THAT(Instances("p1"), IsEmpty());
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("outside_schedule", 1)));

  AdvanceTo(At("2026-12-02T00:00:00Z"));
  Send("signup", "p1", R"({"country": "FR"})");
  EXPECT_EQ(OnlyInstance("p1").entered_at, At("2026-12-02T00:00:00Z"));
  EXPECT_EQ(ReportOf(id).entered, 1);
}

TEST_F(EngineTest, ScheduleUntilClosesTheVersion) {
  std::string id = PublishJourney(kScheduled);
  AdvanceTo(At("2026-12-04T23:59:59Z"));
  EXPECT_EQ(StatusOf(id), VersionStatus::kLive);
  Send("signup", "p1", R"({"country": "FR"})");

  AdvanceTo(At("2026-12-05T00:00:00Z"));
  VersionLifecycle lifecycle = LifecycleOf(id);
  EXPECT_EQ(lifecycle.status, VersionStatus::kClosed);
  EXPECT_EQ(lifecycle.closed_at, At("2026-12-05T00:00:00Z"));
  TransitionRecord close = lifecycle.history.back();
  EXPECT_EQ(close.action, LifecycleAction::kClose);
  EXPECT_EQ(close.by, kBySystem);
  EXPECT_EQ(close.reason, kReasonScheduleEnded);

  // The profile inside goes on to its end; new events are not live.
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
  Send("signup", "p2", R"({"country": "FR"})");
  EXPECT_THAT(Instances("p2"), IsEmpty());
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("not_live", 1)));
  AdvanceTo(At("2026-12-06T00:00:00Z"));
  EXPECT_EQ(OnlyInstance("p1").end_tag, "done");
}

// "An event is discarded for the first reason that applies, in this order: not_live or
// paused, outside_schedule, condition_false, already_in_journey, reentrance_not_allowed,
// reentrance_wait."

TEST_F(EngineTest, NotLiveComesBeforeOutsideScheduleAndConditionFalse) {
  std::string id = PublishJourney(kScheduled);
  Must(engine().Close(id, 1, "ci"), "Close");
  Send("signup", "p1", R"({"country": "US"})");  // also outside the schedule, condition false
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("not_live", 1)));
}

TEST_F(EngineTest, PausedComesBeforeOutsideSchedule) {
  std::string id = PublishJourney(kScheduled);
  Must(engine().Pause(id, 1, PauseMode::kHold, std::nullopt, "ci"), "Pause");
  Send("signup", "p1", R"({"country": "US"})");
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("paused", 1)));
}

TEST_F(EngineTest, OutsideScheduleComesBeforeConditionFalse) {
  std::string id = PublishJourney(kScheduled);
  Send("signup", "p1", R"({"country": "US"})");
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("outside_schedule", 1)));
}

TEST_F(EngineTest, ConditionFalseComesBeforeAlreadyInJourney) {
  std::string id = PublishJourney(kSignup);
  Send("signup", "p1", R"({"country": "FR"})");
  Send("signup", "p1", R"({"country": "US"})");
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("condition_false", 1)));
}

TEST_F(EngineTest, AlreadyInJourneyComesBeforeReentranceNotAllowed) {
  std::string id = PublishJourney(kOnce);
  Send("signup", "p1");
  Send("signup", "p1");
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("already_in_journey", 1)));
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
}

TEST_F(EngineTest, ReentranceNotAllowedComesBeforeReentranceWait) {
  std::string id = PublishJourney(kOnce);  // re-entrance off, with a wait of a day
  Send("signup", "p1");
  Advance("PT2H");
  ASSERT_EQ(OnlyInstance("p1").status, InstanceStatus::kFinished);
  Send("signup", "p1");  // within the wait
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("reentrance_not_allowed", 1)));
}

TEST_F(EngineTest, AlreadyInJourneyComesBeforeReentranceWait) {
  std::string id = PublishJourney(R"json({
    "id": "again", "name": "Again", "entry": { "type": "event", "event": "signup" },
    "reentrance": { "allowed": true, "wait": "P1D" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "PT1H", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "p1");
  Send("signup", "p1");
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("already_in_journey", 1)));
}

TEST_F(EngineTest, DuplicateEventIdIsAnsweredAsDuplicateAndTouchesNothing) {
  std::string id = PublishJourney(kSignup);
  IngestResult first = Send("signup", "p1", R"({"country": "FR"})", "e1");
  EXPECT_EQ(first.accepted, 1);
  EXPECT_EQ(first.duplicates, 0);
  std::size_t steps = OnlyInstance("p1").history.size();

  IngestResult again = Send("signup", "p1", R"({"country": "FR"})", "e1");
  EXPECT_EQ(again.accepted, 0);
  EXPECT_EQ(again.duplicates, 1);

  EXPECT_EQ(OnlyInstance("p1").history.size(), steps);
  Report report = ReportOf(id);
  EXPECT_EQ(report.entered, 1);
  EXPECT_THAT(Discards(report), IsEmpty());  // not already_in_journey: it is no discard
}

TEST_F(EngineTest, DuplicateOfADiscardedEventIsNotCountedAgain) {
  std::string id = PublishJourney(kSignup);
  Send("signup", "p1", R"({"country": "US"})", "e1");
  IngestResult again = Send("signup", "p1", R"({"country": "US"})", "e1");
  EXPECT_EQ(again.duplicates, 1);
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("condition_false", 1)));
}

TEST_F(EngineTest, DuplicateWithinOneBatchIsAnsweredAsDuplicate) {
  std::string id = PublishJourney(kSignup);
  IngestResult result = SendAll({MakeEvent("signup", "p1", R"({"country": "FR"})", "e1"),
                                 MakeEvent("signup", "p1", R"({"country": "FR"})", "e1")});
  EXPECT_EQ(result.accepted, 1);
  EXPECT_EQ(result.duplicates, 1);
  EXPECT_EQ(ReportOf(id).entered, 1);
  EXPECT_THAT(Discards(ReportOf(id)), IsEmpty());
}

TEST_F(EngineTest, DuplicateIdDoesNotReachAWaitingInstance) {
  PublishJourney(R"json({
    "id": "buy", "name": "Buy", "entry": { "type": "event", "event": "signup" },
    "start": "wait-buy",
    "nodes": [ { "id": "wait-buy", "type": "waitForEvent", "event": "purchase", "timeout": "P1D",
                 "next": "bought", "onTimeout": "late" },
               { "id": "bought", "type": "end", "label": "Bought" },
               { "id": "late", "type": "end", "label": "Late" } ]
  })json");
  Send("signup", "p1", "{}", "e1");
  IngestResult again = Send("purchase", "p1", "{}", "e1");  // same id: a duplicate
  EXPECT_EQ(again.duplicates, 1);
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kInProgress);
  EXPECT_EQ(instance.current_node, "wait-buy");
}

TEST_F(EngineTest, EventIdsAreRememberedForAtLeastSevenDaysThenForgotten) {
  std::string id = PublishJourney(kSignup);
  Send("signup", "p1", R"({"country": "US"})", "e1");
  Advance("P7D");
  EXPECT_EQ(Send("signup", "p1", R"({"country": "US"})", "e1").duplicates, 1);
  Advance("P2D");  // past the de-duplication window, and a sweep has run
  IngestResult late = Send("signup", "p1", R"({"country": "US"})", "e1");
  EXPECT_EQ(late.accepted, 1);
  EXPECT_EQ(late.duplicates, 0);
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("condition_false", 2)));
}

TEST_F(EngineTest, EventsWithoutIdAreNeverDuplicates) {
  std::string id = PublishJourney(kSignup);
  Send("signup", "p1", R"({"country": "US"})");
  IngestResult again = Send("signup", "p1", R"({"country": "US"})");
  EXPECT_EQ(again.accepted, 1);
  EXPECT_EQ(again.duplicates, 0);
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("condition_false", 2)));
}

TEST_F(EngineTest, BatchWithOneBadEventIsRefusedWhole) {
  std::string id = PublishJourney(kSignup);
  auto result = engine().Ingest({MakeEvent("signup", "p1", R"({"country": "FR"})"),
                                 MakeEvent("", "p2", R"({"country": "FR"})")});
  EXPECT_EQ(ErrorOf(result), ErrorKind::kInvalidArgument);
  EXPECT_THAT(Instances("p1"), IsEmpty());
  EXPECT_EQ(ReportOf(id).entered, 0);
}

TEST_F(EngineTest, EventWithABadProfileIdIsRefused) {
  PublishJourney(kSignup);
  auto result = engine().Ingest({MakeEvent("signup", "bad id/with slash", "{}")});
  EXPECT_EQ(ErrorOf(result), ErrorKind::kInvalidArgument);
}

TEST_F(EngineTest, EntryConditionSeesEventAndProfile) {
  std::string id = PublishJourney(R"json({
    "id": "vip", "name": "VIP", "entry": { "type": "event", "event": "visit",
      "when": "profile.tier == 'gold' && event.data.page == 'home'" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Must(engine().PutProfile("p1", Json(R"({"tier": "gold"})"), false), "PutProfile");
  Must(engine().PutProfile("p2", Json(R"({"tier": "silver"})"), false), "PutProfile");
  Send("visit", "p1", R"({"page": "home"})");
  Send("visit", "p2", R"({"page": "home"})");
  EXPECT_EQ(OnlyInstance("p1").end_tag, "done");
  EXPECT_THAT(Instances("p2"), IsEmpty());
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("condition_false", 1)));
}

}  // namespace
}  // namespace parcours::engine_test
