// What lifecycle transitions do to the profiles inside: new versions, close, finish, stop,
// pause and resume, delete; refused transitions (DESIGN.md §1 "Journey, version, status").
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

// Wait an hour, then a webhook, then the end.
constexpr std::string_view kWaitThenCall = R"json({
  "id": "call", "name": "Call", "entry": { "type": "event", "event": "signup" },
  "start": "wait",
  "nodes": [
    { "id": "wait", "type": "wait", "duration": "PT1H", "next": "call" },
    { "id": "call", "type": "action",
      "action": { "kind": "webhook", "url": "https://crm.example/" },
      "next": "done" },
    { "id": "done", "type": "end", "label": "Done" }
  ]
})json";

constexpr std::string_view kV1 = R"json({
  "id": "series", "name": "Series", "entry": { "type": "event", "event": "signup" },
  "start": "wait",
  "nodes": [ { "id": "wait", "type": "wait", "duration": "P1D", "next": "v1-end" },
             { "id": "v1-end", "type": "end", "label": "V1" } ]
})json";

constexpr std::string_view kV2 = R"json({
  "name": "Series", "entry": { "type": "event", "event": "signup" },
  "start": "wait",
  "nodes": [ { "id": "wait", "type": "wait", "duration": "PT1H", "next": "v2-end" },
             { "id": "v2-end", "type": "end", "label": "V2" } ]
})json";

TEST_F(EngineTest, PublishingVersion2ClosesVersion1WhileItsProfilesFinishThere) {
  std::string id = PublishJourney(kV1);
  Send("signup", "p1");
  ASSERT_EQ(PublishNewVersion(id, kV2), 2);

  VersionLifecycle v1 = LifecycleOf(id, 1);
  EXPECT_EQ(v1.status, VersionStatus::kClosed);
  EXPECT_EQ(v1.history.back().action, LifecycleAction::kClose);
  EXPECT_EQ(v1.history.back().by, kBySystem);
  EXPECT_EQ(v1.history.back().reason, kReasonNewVersionPublished);
  EXPECT_EQ(StatusOf(id, 2), VersionStatus::kLive);

  Send("signup", "p2");
  EXPECT_EQ(OnlyInstance("p2").version, 2);

  Advance("PT1H");  // v2's path: p2 ends; p1 follows v1's day-long wait
  EXPECT_EQ(OnlyInstance("p2").end_tag, "v2-end");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
  Advance("PT23H");
  InstanceView p1 = OnlyInstance("p1");
  EXPECT_EQ(p1.version, 1);
  EXPECT_EQ(p1.end_tag, "v1-end");
  EXPECT_EQ(ReportOf(id, 1).entered, 1);
  EXPECT_EQ(ReportOf(id, 2).entered, 1);
}

TEST_F(EngineTest, ClosedVersionAcceptsNoEntriesButItsProfilesGoOn) {
  std::string id = PublishJourney(kWaitThenCall);
  Send("signup", "p1");
  VersionView closed = Must(engine().Close(id, 1, "ops"), "Close");
  EXPECT_EQ(closed.lifecycle.status, VersionStatus::kClosed);
  EXPECT_EQ(closed.lifecycle.closed_at, kStart);
  EXPECT_EQ(closed.lifecycle.history.back().by, "ops");
  EXPECT_EQ(closed.lifecycle.history.back().reason, kReasonManual);

  Send("signup", "p2");
  EXPECT_THAT(Instances("p2"), IsEmpty());
  Advance("PT1H");
  EXPECT_EQ(OnlyInstance("p1").end_tag, "done");
  EXPECT_EQ(dispatcher_.RequestsAt("call").size(), 1u);
}

TEST_F(EngineTest, ClosedVersionFinishesAfterItsGlobalTimeout) {
  std::string id = PublishJourney(R"json({
    "id": "gt", "name": "GT", "entry": { "type": "event", "event": "signup" },
    "globalTimeout": "P2D",
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P10D", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "p1");
  Advance("PT1H");
  Send("signup", "p2");  // enters at the instant of the close
  Must(engine().Close(id, 1, "ci"), "Close");

  AdvanceTo(kStart + 1h + std::chrono::days(2) - 1s);
  EXPECT_EQ(StatusOf(id), VersionStatus::kClosed);
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kTimedOut);  // 2 days after its entry
  EXPECT_EQ(OnlyInstance("p2").status, InstanceStatus::kInProgress);

  AdvanceTo(kStart + 1h + std::chrono::days(2));
  VersionLifecycle lifecycle = LifecycleOf(id);
  EXPECT_EQ(lifecycle.status, VersionStatus::kFinished);
  EXPECT_EQ(lifecycle.finished_at, kStart + 1h + std::chrono::days(2));
  EXPECT_EQ(lifecycle.history.back().action, LifecycleAction::kFinish);
  EXPECT_EQ(lifecycle.history.back().by, kBySystem);
  EXPECT_EQ(lifecycle.history.back().reason, kReasonGlobalTimeoutElapsed);
  for (const char* profile : {"p1", "p2"}) {
    InstanceView instance = OnlyInstance(profile);
    EXPECT_EQ(instance.status, InstanceStatus::kTimedOut) << profile;
    EXPECT_EQ(instance.exit_reason, ExitReason::kGlobalTimeout) << profile;
    EXPECT_EQ(instance.current_node, "wait") << profile;
  }
  Report report = ReportOf(id);
  EXPECT_EQ(report.status, VersionStatus::kFinished);
  EXPECT_EQ(report.timed_out, 2);
  EXPECT_EQ(report.in_progress, 0);
}

TEST_F(EngineTest, StopTimesOutEveryoneInsideAndNothingRunsAfter) {
  std::string id = PublishJourney(kWaitThenCall);
  Send("signup", "p1");
  Send("signup", "p2");
  Advance("PT30M");

  VersionView stopped = Must(engine().Stop(id, 1, "ops"), "Stop");
  EXPECT_EQ(stopped.lifecycle.status, VersionStatus::kStopped);
  EXPECT_EQ(stopped.lifecycle.stopped_at, kStart + 30min);
  for (const char* profile : {"p1", "p2"}) {
    InstanceView instance = OnlyInstance(profile);
    EXPECT_EQ(instance.status, InstanceStatus::kTimedOut) << profile;
    EXPECT_EQ(instance.exit_reason, ExitReason::kJourneyStopped) << profile;
    EXPECT_EQ(instance.ended_at, kStart + 30min) << profile;
    EXPECT_EQ(instance.current_node, "wait") << profile;
  }
  std::size_t steps = OnlyInstance("p1").history.size();

  Advance("P40D");
  Send("signup", "p3");
  EXPECT_EQ(OnlyInstance("p1").history.size(), steps);
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kTimedOut);
  EXPECT_THAT(dispatcher_.requests(), IsEmpty());
  EXPECT_THAT(Instances("p3"), IsEmpty());
  EXPECT_EQ(StatusOf(id), VersionStatus::kStopped);  // a stopped version never finishes
  Report report = ReportOf(id);
  EXPECT_EQ(report.timed_out, 2);
  EXPECT_EQ(report.in_progress, 0);
  EXPECT_EQ(NodeTally(report, "wait"), (Tally{2, 0, 0}));
  EXPECT_THAT(Discards(report), ElementsAre(Pair("not_live", 1)));
}

TEST_F(EngineTest, StopDropsAPendingAction) {
  std::string id = PublishJourney(kWaitThenCall);
  dispatcher_.HoldAt("call");
  Send("signup", "p1");
  Advance("PT1H");
  ASSERT_EQ(dispatcher_.held(), 1u);
  ASSERT_EQ(OnlyInstance("p1").current_node, "call");

  Must(engine().Stop(id, 1, "ops"), "Stop");
  InstanceView stopped = OnlyInstance("p1");
  EXPECT_EQ(stopped.exit_reason, ExitReason::kJourneyStopped);

  dispatcher_.ReleaseHeld({ActionOutcome::kSuccess, "HTTP 200"});  // comes back too late
  engine().WaitIdle();
  InstanceView after = OnlyInstance("p1");
  EXPECT_EQ(after.status, InstanceStatus::kTimedOut);
  EXPECT_EQ(after.exit_reason, ExitReason::kJourneyStopped);
  EXPECT_EQ(after.history.size(), stopped.history.size());
  EXPECT_EQ(EndTagCount(ReportOf(id), "done"), 0);
}

TEST_F(EngineTest, StopOfAClosedVersionTimesOutItsProfiles) {
  std::string id = PublishJourney(kWaitThenCall);
  Send("signup", "p1");
  Must(engine().Close(id, 1, "ci"), "Close");
  Must(engine().Stop(id, 1, "ci"), "Stop");
  EXPECT_EQ(OnlyInstance("p1").exit_reason, ExitReason::kJourneyStopped);
  EXPECT_EQ(LifecycleOf(id).closed_at, kStart);  // stays set
}

TEST_F(EngineTest, PauseWithHoldKeepsProfilesAtTheirNextActionUntilResumed) {
  std::string id = PublishJourney(kWaitThenCall);
  Send("signup", "p1");
  VersionView paused =
      Must(engine().Pause(id, 1, PauseMode::kHold, ParseDuration("P3D").value(), "ops"), "Pause");
  EXPECT_EQ(paused.lifecycle.status, VersionStatus::kPaused);
  EXPECT_EQ(paused.lifecycle.pause_mode, PauseMode::kHold);
  EXPECT_EQ(paused.lifecycle.paused_until, kStart + std::chrono::days(3));

  Advance("PT2H");  // the wait runs during the pause; the action does not
  InstanceView held = OnlyInstance("p1");
  EXPECT_EQ(held.status, InstanceStatus::kInProgress);
  EXPECT_EQ(held.current_node, "call");
  EXPECT_THAT(dispatcher_.requests(), IsEmpty());

  Must(engine().Resume(id, 1, "ops"), "Resume");
  EXPECT_EQ(StatusOf(id), VersionStatus::kLive);
  EXPECT_EQ(dispatcher_.RequestsAt("call").size(), 1u);
  InstanceView done = OnlyInstance("p1");
  EXPECT_EQ(done.end_tag, "done");
  EXPECT_EQ(done.ended_at, kStart + 2h);
}

TEST_F(EngineTest, PauseWithDiscardEndsProfilesAtTheirNextAction) {
  std::string id = PublishJourney(kWaitThenCall);
  Send("signup", "p1");
  Must(engine().Pause(id, 1, PauseMode::kDiscard, std::nullopt, "ops"), "Pause");
  Advance("PT1H");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.exit_reason, ExitReason::kPausedDiscard);
  EXPECT_EQ(instance.current_node, "call");
  EXPECT_EQ(instance.end_tag, "");
  EXPECT_EQ(instance.ended_at, kStart + 1h);
  EXPECT_THAT(dispatcher_.requests(), IsEmpty());
  EXPECT_EQ(NodeTally(ReportOf(id), "call"), (Tally{1, 1, 0}));
}

TEST_F(EngineTest, PausedVersionDiscardsNewEntriesAsPaused) {
  std::string id = PublishJourney(kWaitThenCall);
  Must(engine().Pause(id, 1, PauseMode::kHold, std::nullopt, "ops"), "Pause");
  Send("signup", "p1");
  EXPECT_THAT(Instances("p1"), IsEmpty());
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("paused", 1)));
  Must(engine().Resume(id, 1, "ops"), "Resume");
  Send("signup", "p1");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
}

TEST_F(EngineTest, PauseResumesByItselfWhenItRunsOut) {
  std::string id = PublishJourney(kWaitThenCall);
  Send("signup", "p1");
  Must(engine().Pause(id, 1, PauseMode::kHold, ParseDuration("PT6H").value(), "ops"), "Pause");
  Advance("PT5H59M");
  EXPECT_EQ(StatusOf(id), VersionStatus::kPaused);
  EXPECT_EQ(OnlyInstance("p1").current_node, "call");

  Advance("PT1M");
  TransitionRecord resume = LastTransition(id);
  EXPECT_EQ(resume.action, LifecycleAction::kResume);
  EXPECT_EQ(resume.by, kBySystem);
  EXPECT_EQ(resume.reason, kReasonPauseExpired);
  EXPECT_EQ(resume.at, kStart + 6h);
  EXPECT_EQ(StatusOf(id), VersionStatus::kLive);
  EXPECT_EQ(OnlyInstance("p1").end_tag, "done");
  EXPECT_EQ(OnlyInstance("p1").ended_at, kStart + 6h);
}

TEST_F(EngineTest, PauseLastsFourteenDaysByDefault) {
  std::string id = PublishJourney(kWaitThenCall);
  Must(engine().Pause(id, 1, PauseMode::kHold, std::nullopt, "ops"), "Pause");
  EXPECT_EQ(LifecycleOf(id).paused_until, kStart + std::chrono::days(14));
  Advance("P13DT23H");
  EXPECT_EQ(StatusOf(id), VersionStatus::kPaused);
  Advance("PT1H");
  EXPECT_EQ(StatusOf(id), VersionStatus::kLive);
}

TEST_F(EngineTest, GlobalTimeoutKeepsRunningDuringAPause) {
  std::string waits = PublishJourney(R"json({
    "id": "slow", "name": "Slow", "entry": { "type": "event", "event": "visit" },
    "globalTimeout": "P1D",
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "PT1H", "next": "call" },
               { "id": "call", "type": "action",
      "action": { "kind": "webhook", "url": "https://crm.example/" },
                 "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("visit", "p1");
  Must(engine().Pause(waits, 1, PauseMode::kHold, std::nullopt, "ops"), "Pause");
  Advance("PT23H59M");
  EXPECT_EQ(OnlyInstance("p1").current_node, "call");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
  Advance("PT1M");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kTimedOut);
  EXPECT_EQ(instance.exit_reason, ExitReason::kGlobalTimeout);
  EXPECT_EQ(StatusOf(waits), VersionStatus::kPaused);
}

TEST_F(EngineTest, ClosingAPausedVersionReleasesItsHeldProfiles) {
  std::string id = PublishJourney(kWaitThenCall);
  Send("signup", "p1");
  Must(engine().Pause(id, 1, PauseMode::kHold, std::nullopt, "ops"), "Pause");
  Advance("PT2H");
  ASSERT_EQ(OnlyInstance("p1").current_node, "call");

  Must(engine().Close(id, 1, "ops"), "Close");
  EXPECT_EQ(StatusOf(id), VersionStatus::kClosed);
  EXPECT_EQ(dispatcher_.RequestsAt("call").size(), 1u);
  EXPECT_EQ(OnlyInstance("p1").end_tag, "done");
}

TEST_F(EngineTest, PublishingANewVersionOverAPausedOneReleasesItsHeldProfiles) {
  std::string id = PublishJourney(kWaitThenCall);
  Send("signup", "p1");
  Must(engine().Pause(id, 1, PauseMode::kHold, std::nullopt, "ops"), "Pause");
  Advance("PT2H");
  ASSERT_EQ(OnlyInstance("p1").current_node, "call");

  PublishNewVersion(id, kWaitThenCall);
  EXPECT_EQ(StatusOf(id, 1), VersionStatus::kClosed);
  EXPECT_EQ(OnlyInstance("p1").end_tag, "done");
  EXPECT_EQ(OnlyInstance("p1").version, 1);
}

TEST_F(EngineTest, TransitionsRecordWhoAskedAndWhen) {
  std::string id = PublishJourney(kWaitThenCall);
  Advance("PT1H");
  Must(engine().Pause(id, 1, PauseMode::kHold, std::nullopt, "alice"), "Pause");
  Advance("PT1H");
  Must(engine().Resume(id, 1, "bob"), "Resume");
  VersionLifecycle lifecycle = LifecycleOf(id);
  ASSERT_EQ(lifecycle.history.size(), 4u);  // create, publish, pause, resume
  EXPECT_EQ(lifecycle.history[1].action, LifecycleAction::kPublish);
  EXPECT_EQ(lifecycle.history[1].by, "ci");
  EXPECT_EQ(lifecycle.history[1].at, kStart);
  EXPECT_EQ(lifecycle.history[2].action, LifecycleAction::kPause);
  EXPECT_EQ(lifecycle.history[2].by, "alice");
  EXPECT_EQ(lifecycle.history[2].at, kStart + 1h);
  EXPECT_EQ(lifecycle.history[3].by, "bob");
  EXPECT_EQ(lifecycle.history[3].at, kStart + 2h);
  EXPECT_EQ(lifecycle.published_at, kStart);
}

// Refused transitions: the specific error, and nothing changes.

class RefusedTransitionTest : public EngineTest {
 protected:
  void ExpectUnchanged(const std::string& id, int version, const VersionLifecycle& before) {
    EXPECT_EQ(LifecycleOf(id, version), before);
  }
};

TEST_F(RefusedTransitionTest, ClosingAClosedVersionIsRefusedAndChangesNothing) {
  std::string id = PublishJourney(kWaitThenCall);
  Must(engine().Close(id, 1, "ci"), "Close");
  VersionLifecycle before = LifecycleOf(id);
  auto result = engine().Close(id, 1, "ci");
  EXPECT_EQ(ErrorOf(result), ErrorKind::kFailedPrecondition);
  ExpectUnchanged(id, 1, before);
}

TEST_F(RefusedTransitionTest, ClosedVersionCanNeverBeReopened) {
  std::string id = PublishJourney(kWaitThenCall);
  Must(engine().Close(id, 1, "ci"), "Close");
  VersionLifecycle before = LifecycleOf(id);
  auto publish = engine().Publish(id, 1, "ci");
  ASSERT_EQ(ErrorOf(publish), ErrorKind::kFailedPrecondition);
  ASSERT_EQ(publish.error().problems().size(), 1u);
  EXPECT_EQ(publish.error().problems()[0].code, "not_reopenable");
  EXPECT_EQ(ErrorOf(engine().Resume(id, 1, "ci")), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(ErrorOf(engine().Pause(id, 1, PauseMode::kHold, std::nullopt, "ci")),
            ErrorKind::kFailedPrecondition);
  ExpectUnchanged(id, 1, before);
  Send("signup", "p1");
  EXPECT_THAT(Instances("p1"), IsEmpty());
}

TEST_F(RefusedTransitionTest, LiveVersionRefusesResumePublishAndDelete) {
  std::string id = PublishJourney(kWaitThenCall);
  Send("signup", "p1");
  VersionLifecycle before = LifecycleOf(id);
  EXPECT_EQ(ErrorOf(engine().Resume(id, 1, "ci")), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(ErrorOf(engine().Publish(id, 1, "ci")), ErrorKind::kFailedPrecondition);
  Status deleted = engine().DeleteVersion(id, 1, "ci");
  ASSERT_FALSE(deleted.has_value());
  EXPECT_EQ(deleted.error().kind(), ErrorKind::kFailedPrecondition);
  ExpectUnchanged(id, 1, before);
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
}

TEST_F(RefusedTransitionTest, StoppedVersionCannotBeStoppedClosedOrDeleted) {
  std::string id = PublishJourney(kWaitThenCall);
  Must(engine().Stop(id, 1, "ci"), "Stop");
  VersionLifecycle before = LifecycleOf(id);
  EXPECT_EQ(ErrorOf(engine().Stop(id, 1, "ci")), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(ErrorOf(engine().Close(id, 1, "ci")), ErrorKind::kFailedPrecondition);
  EXPECT_FALSE(engine().DeleteVersion(id, 1, "ci").has_value());
  ExpectUnchanged(id, 1, before);
}

TEST_F(RefusedTransitionTest, DraftCannotBeClosedPausedOrStopped) {
  std::string id = CreateDraft(kWaitThenCall);
  VersionLifecycle before = LifecycleOf(id);
  EXPECT_EQ(ErrorOf(engine().Close(id, 1, "ci")), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(ErrorOf(engine().Stop(id, 1, "ci")), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(ErrorOf(engine().Pause(id, 1, PauseMode::kHold, std::nullopt, "ci")),
            ErrorKind::kFailedPrecondition);
  ExpectUnchanged(id, 1, before);
}

TEST_F(RefusedTransitionTest, SecondDraftIsRefused) {
  std::string id = PublishJourney(kWaitThenCall);
  Must(engine().NewVersion(id, "ci"), "NewVersion");
  auto again = engine().NewVersion(id, "ci");
  ASSERT_EQ(ErrorOf(again), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(Must(engine().GetJourney(id), "GetJourney").versions.size(), 2u);
}

TEST_F(RefusedTransitionTest, PauseLongerThanFourteenDaysIsInvalid) {
  std::string id = PublishJourney(kWaitThenCall);
  VersionLifecycle before = LifecycleOf(id);
  EXPECT_EQ(ErrorOf(engine().Pause(id, 1, PauseMode::kHold, std::chrono::days(15), "ci")),
            ErrorKind::kInvalidArgument);
  EXPECT_EQ(ErrorOf(engine().Pause(id, 1, PauseMode::kHold, Duration(0), "ci")),
            ErrorKind::kInvalidArgument);
  ExpectUnchanged(id, 1, before);
}

TEST_F(RefusedTransitionTest, UnknownJourneyOrVersionIsNotFound) {
  std::string id = PublishJourney(kWaitThenCall);
  EXPECT_EQ(ErrorOf(engine().Close("nope", 1, "ci")), ErrorKind::kNotFound);
  EXPECT_EQ(ErrorOf(engine().Close(id, 7, "ci")), ErrorKind::kNotFound);
  EXPECT_EQ(ErrorOf(engine().GetReport(id, 7, ReportWindow::kAllTime)), ErrorKind::kNotFound);
  EXPECT_EQ(ErrorOf(engine().GetInstance("no-such-instance")), ErrorKind::kNotFound);
  EXPECT_EQ(StatusOf(id), VersionStatus::kLive);
}

TEST_F(RefusedTransitionTest, InvalidDraftCannotBePublished) {
  std::string id = CreateDraft(R"json({
    "id": "bad", "name": "Bad", "entry": { "type": "event", "event": "signup" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "PT1H", "next": "nowhere" } ]
  })json");
  VersionLifecycle before = LifecycleOf(id);
  auto result = engine().Publish(id, 1, "ci");
  ASSERT_EQ(ErrorOf(result), ErrorKind::kInvalidDefinition);
  ASSERT_FALSE(result.error().problems().empty());
  EXPECT_EQ(result.error().problems()[0].code, "unknown_node");
  ExpectUnchanged(id, 1, before);
  Send("signup", "p1");
  EXPECT_THAT(Instances("p1"), IsEmpty());
}

TEST_F(RefusedTransitionTest, PublishedDefinitionIsReadOnlyExceptLabels) {
  std::string id = PublishJourney(kWaitThenCall);
  JourneyDefinition changed = Definition(kWaitThenCall);
  changed.id.reset();
  std::get<WaitActivity>(changed.nodes[0].activity).duration = "PT2H";
  EXPECT_EQ(ErrorOf(engine().ReplaceDefinition(id, 1, changed, "ci")),
            ErrorKind::kFailedPrecondition);
  EXPECT_EQ(*std::get<WaitActivity>(
                 Must(engine().GetVersion(id, 1), "GetVersion").definition.nodes[0].activity)
                 .duration,
            "PT1H");
}

TEST_F(EngineTest, DeletingTheLastVersionDeletesTheJourneyWhileEndedInstancesStay) {
  std::string id = PublishJourney(R"json({
    "id": "gone", "name": "Gone", "entry": { "type": "event", "event": "signup" },
    "globalTimeout": "P1D",
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "p1");
  Must(engine().Close(id, 1, "ci"), "Close");
  Advance("P1D");
  ASSERT_EQ(StatusOf(id), VersionStatus::kFinished);

  Must(engine().DeleteVersion(id, 1, "ci"), "DeleteVersion");
  EXPECT_EQ(ErrorOf(engine().GetJourney(id)), ErrorKind::kNotFound);
  EXPECT_THAT(Must(engine().ListJourneys(std::nullopt), "ListJourneys"), IsEmpty());
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.journey_id, id);
  EXPECT_EQ(instance.version, 1);
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.end_tag, "done");
  Send("signup", "p2");  // no journey: nothing enters
  EXPECT_THAT(Instances("p2"), IsEmpty());
}

TEST_F(EngineTest, DeletingADraftKeepsTheJourney) {
  std::string id = PublishJourney(kWaitThenCall);
  Must(engine().NewVersion(id, "ci"), "NewVersion");
  Must(engine().DeleteVersion(id, 2, "ci"), "DeleteVersion");
  JourneyView journey = Must(engine().GetJourney(id), "GetJourney");
  ASSERT_EQ(journey.versions.size(), 1u);
  EXPECT_EQ(journey.versions[0].lifecycle.status, VersionStatus::kLive);
  // A number is never reused.
  EXPECT_EQ(Must(engine().NewVersion(id, "ci"), "NewVersion").version, 3);
}

TEST_F(EngineTest, DuplicateMakesANewJourneyWhoseDraftEntersNobody) {
  std::string id = PublishJourney(kWaitThenCall);
  VersionView copy = Must(engine().Duplicate(id, 1, "Copy", "ci"), "Duplicate");
  EXPECT_NE(copy.journey_id, id);
  EXPECT_EQ(copy.version, 1);
  EXPECT_EQ(copy.lifecycle.status, VersionStatus::kDraft);
  Send("signup", "p1");
  ASSERT_EQ(OnlyInstance("p1").journey_id, id);
  Must(engine().Publish(copy.journey_id, 1, "ci"), "Publish");
  Send("signup", "p2");
  EXPECT_EQ(Instances("p2").size(), 2u);  // both journeys take the event
}

TEST_F(EngineTest, ADeletedJourneysIdIsNeverReused) {
  std::string id = CreateDraft(R"json({
    "id": "once", "name": "Once", "entry": { "type": "event", "event": "signup" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Must(engine().DeleteVersion(id, 1, "ops"), "DeleteVersion");
  EXPECT_EQ(ErrorOf(engine().GetJourney(id)), ErrorKind::kNotFound);
  auto again = engine().CreateJourney(Definition(R"json({
    "id": "once", "name": "Once again", "entry": { "type": "event", "event": "signup" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json"),
                                      "ops");
  ASSERT_FALSE(again.has_value());
  EXPECT_TRUE(again.error().IsFailedPrecondition());
  EXPECT_THAT(again.error().message(), ::testing::HasSubstr("never reused"));
}

}  // namespace
}  // namespace parcours::engine_test
