// The lifecycle operations: what each records, what each refuses and why.
#include "lifecycle/test_util.h"

namespace parcours::lifecycle_test {
namespace {

using enum VersionStatus;

TransitionRecord Record(Time at, LifecycleAction action, std::string by, std::string reason) {
  return TransitionRecord{at, action, std::move(by), std::move(reason)};
}

TEST(Lifecycle, CreateMakesDraftVersionOne) {
  JourneyLifecycle journey = CreateJourney(kT0, "ci");
  ASSERT_EQ(journey.versions.size(), 1u);
  const VersionLifecycle& v = journey.versions[0];
  EXPECT_EQ(v.version, 1);
  EXPECT_EQ(v.status, kDraft);
  EXPECT_EQ(v.created_at, kT0);
  EXPECT_EQ(v.published_at, std::nullopt);
  EXPECT_EQ(v.history, (std::vector{Record(kT0, LifecycleAction::kCreate, "ci", "manual")}));
  EXPECT_EQ(journey.last_assigned_version, 1);
}

TEST(Lifecycle, HistoryRecordsTimeActionByAndReasonOfEveryTransition) {
  JourneyLifecycle journey = CreateJourney(kT0, "anonymous");
  ASSERT_TRUE(Publish(journey, 1, kT0 + 1h, "ci", {}).has_value());
  ASSERT_TRUE(Pause(journey, 1, PauseMode::kDiscard, 3h, kT0 + 2h, "ops").has_value());
  ASSERT_TRUE(Resume(journey, 1, kT0 + 5h, "system", kReasonPauseExpired).has_value());
  ASSERT_TRUE(Close(journey, 1, kT0 + 6h, "system", kReasonScheduleEnded).has_value());
  ASSERT_TRUE(Finish(journey, 1, kT0 + 6h + kGlobalTimeout, kGlobalTimeout).has_value());
  const VersionLifecycle& v = journey.versions[0];
  EXPECT_EQ(v.history, (std::vector{
                           Record(kT0, LifecycleAction::kCreate, "anonymous", "manual"),
                           Record(kT0 + 1h, LifecycleAction::kPublish, "ci", "manual"),
                           Record(kT0 + 2h, LifecycleAction::kPause, "ops", "manual"),
                           Record(kT0 + 5h, LifecycleAction::kResume, "system", "pause_expired"),
                           Record(kT0 + 6h, LifecycleAction::kClose, "system", "schedule_ended"),
                           Record(kT0 + 6h + kGlobalTimeout, LifecycleAction::kFinish, "system",
                                  "global_timeout_elapsed"),
                       }));
  EXPECT_EQ(v.published_at, kT0 + 1h);
  EXPECT_EQ(v.closed_at, kT0 + 6h);
  EXPECT_EQ(v.finished_at, kT0 + 6h + kGlobalTimeout);
  EXPECT_EQ(v.stopped_at, std::nullopt);
}

TEST(Lifecycle, PublishMakesDraftLiveAndClosesNothingWhenNothingRuns) {
  JourneyLifecycle journey = CreateJourney(kT0, "ci");
  auto outcome = Publish(journey, 1, kT0 + 1h, "ci", {});
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->published, (StatusChange{1, kDraft, kLive}));
  EXPECT_TRUE(outcome->closed.empty());
  EXPECT_EQ(journey.versions[0].status, kLive);
  EXPECT_EQ(journey.versions[0].published_at, kT0 + 1h);
}

TEST(Lifecycle, PublishingV2ClosesLiveV1) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  ASSERT_TRUE(NewVersion(journey, kT0 + 3h, "ci").has_value());
  auto outcome = Publish(journey, 2, kT0 + 4h, "ci", {});
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->published, (StatusChange{2, kDraft, kLive}));
  EXPECT_EQ(outcome->closed, (std::vector{StatusChange{1, kLive, kClosed}}));
  const VersionLifecycle& v1 = *FindVersion(journey, 1);
  EXPECT_EQ(v1.status, kClosed);
  EXPECT_EQ(v1.closed_at, kT0 + 4h);
  EXPECT_EQ(v1.history.back(),
            Record(kT0 + 4h, LifecycleAction::kClose, "system", "new_version_published"));
  EXPECT_EQ(FindVersion(journey, 2)->status, kLive);
  EXPECT_EQ(LiveOrPausedVersion(journey)->version, 2);
}

TEST(Lifecycle, PublishingV2ClosesPausedV1AndReleasesItsHold) {
  JourneyLifecycle journey = JourneyWithVersion1(kPaused);
  ASSERT_TRUE(NewVersion(journey, kT0 + 3h, "ci").has_value());
  auto outcome = Publish(journey, 2, kT0 + 4h, "ci", {});
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->closed, (std::vector{StatusChange{1, kPaused, kClosed}}));
  const VersionLifecycle& v1 = *FindVersion(journey, 1);
  EXPECT_EQ(v1.status, kClosed);
  EXPECT_EQ(v1.pause_mode, std::nullopt);
  EXPECT_EQ(v1.paused_until, std::nullopt);
  EXPECT_EQ(v1.history.back().reason, "new_version_published");
  EXPECT_EQ(v1.history.back().by, "system");
}

TEST(Lifecycle, PublishingV2LeavesClosedV1Alone) {
  JourneyLifecycle journey = JourneyWithVersion1(kClosed);
  ASSERT_TRUE(NewVersion(journey, kT0 + 3h, "ci").has_value());
  const VersionLifecycle v1_before = *FindVersion(journey, 1);
  auto outcome = Publish(journey, 2, kT0 + 4h, "ci", {});
  ASSERT_TRUE(outcome.has_value());
  EXPECT_TRUE(outcome->closed.empty());
  EXPECT_EQ(*FindVersion(journey, 1), v1_before);
}

TEST(Lifecycle, PublishWithValidationErrorsIsRefusedAsInvalidDefinitionAndChangesNothing) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  ASSERT_TRUE(NewVersion(journey, kT0 + 3h, "ci").has_value());
  const JourneyLifecycle before = journey;
  std::vector<Problem> errors = {
      Problem{"unknown_node", "$.nodes[0].next", "welcome", "no node 'nudge-mail'"},
      Problem{"cycle", "$.nodes[2]", "loop", "a cycle"}};
  auto outcome = Publish(journey, 2, kT0 + 4h, "ci", errors);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().kind(), ErrorKind::kInvalidDefinition);
  EXPECT_EQ(outcome.error().problems(), errors);
  EXPECT_TRUE(Contains(outcome.error().message(), "version 2")) << outcome.error().message();
  EXPECT_TRUE(Contains(outcome.error().message(), "2 validation errors"));
  EXPECT_EQ(journey, before);  // v1 is still live: a refused publish closes nothing
}

TEST(Lifecycle, PublishOfAClosedVersionIsAStatusConflictEvenWithValidationErrors) {
  JourneyLifecycle journey = JourneyWithVersion1(kClosed);
  auto outcome = Publish(journey, 1, kT0 + 4h, "ci", {Problem{"cycle", "$", "", "a cycle"}});
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(RefusalCode(outcome.error()), "not_reopenable");
}

TEST(Lifecycle, PauseRecordsModeAndUntil) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  auto change = Pause(journey, 1, PauseMode::kDiscard, std::chrono::days(3), kT0 + 5h, "ops");
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(*change, (StatusChange{1, kLive, kPaused}));
  const VersionLifecycle& v = journey.versions[0];
  EXPECT_EQ(v.pause_mode, PauseMode::kDiscard);
  EXPECT_EQ(v.paused_until, kT0 + 5h + std::chrono::days(3));
  EXPECT_EQ(v.history.back(), Record(kT0 + 5h, LifecycleAction::kPause, "ops", "manual"));
}

TEST(Lifecycle, DefaultPauseIsFourteenDays) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  ASSERT_TRUE(Pause(journey, 1, PauseMode::kHold, std::nullopt, kT0 + 5h, "ops").has_value());
  EXPECT_EQ(journey.versions[0].paused_until, At("2026-12-15T14:00:00Z"));
  EXPECT_EQ(journey.versions[0].pause_mode, PauseMode::kHold);
}

TEST(Lifecycle, PauseOfExactlyFourteenDaysIsAccepted) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  EXPECT_TRUE(
      Pause(journey, 1, PauseMode::kHold, ParseDuration("P14D").value(), kT0, "ops").has_value());
}

TEST(Lifecycle, PauseLongerThanFourteenDaysIsRefusedAndChangesNothing) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  const JourneyLifecycle before = journey;
  auto change = Pause(journey, 1, PauseMode::kHold, std::chrono::days(14) + 1ms, kT0 + 5h, "ops");
  ASSERT_FALSE(change.has_value());
  EXPECT_EQ(change.error().kind(), ErrorKind::kInvalidArgument);
  ASSERT_EQ(change.error().problems().size(), 1u);
  EXPECT_EQ(change.error().problems()[0].code, "pause_too_long");
  EXPECT_EQ(change.error().problems()[0].path, "$.for");
  EXPECT_TRUE(Contains(change.error().message(), "P14D")) << change.error().message();
  EXPECT_EQ(journey, before);
}

TEST(Lifecycle, PauseOfZeroOrLessIsRefusedAndChangesNothing) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  const JourneyLifecycle before = journey;
  for (Duration length : {Duration::zero(), Duration(-5min)}) {
    auto change = Pause(journey, 1, PauseMode::kHold, length, kT0 + 5h, "ops");
    ASSERT_FALSE(change.has_value());
    EXPECT_EQ(change.error().kind(), ErrorKind::kInvalidArgument);
    EXPECT_EQ(change.error().problems().at(0).code, "pause_not_positive");
    EXPECT_EQ(journey, before);
  }
}

TEST(Lifecycle, BadPauseLengthIsReportedBeforeTheStatus) {
  JourneyLifecycle journey = JourneyWithVersion1(kClosed);
  auto change = Pause(journey, 1, PauseMode::kHold, std::chrono::days(15), kT0 + 5h, "ops");
  ASSERT_FALSE(change.has_value());
  EXPECT_EQ(change.error().kind(), ErrorKind::kInvalidArgument);
}

TEST(Lifecycle, ResumeMakesPausedLiveAgainAndDropsThePause) {
  JourneyLifecycle journey = JourneyWithVersion1(kPaused);
  auto change = Resume(journey, 1, kT0 + 5h, "ops");
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(*change, (StatusChange{1, kPaused, kLive}));
  const VersionLifecycle& v = journey.versions[0];
  EXPECT_EQ(v.pause_mode, std::nullopt);
  EXPECT_EQ(v.paused_until, std::nullopt);
  EXPECT_EQ(v.published_at, kT0 + 1h);  // still when it was first published
  EXPECT_EQ(v.history.back(), Record(kT0 + 5h, LifecycleAction::kResume, "ops", "manual"));
}

TEST(Lifecycle, CloseFromLiveOrPausedRecordsItsReason) {
  for (VersionStatus from : {kLive, kPaused}) {
    JourneyLifecycle journey = JourneyWithVersion1(from);
    auto change = Close(journey, 1, kT0 + 5h, "system", kReasonAudienceReadComplete);
    ASSERT_TRUE(change.has_value());
    EXPECT_EQ(*change, (StatusChange{1, from, kClosed}));
    const VersionLifecycle& v = journey.versions[0];
    EXPECT_EQ(v.closed_at, kT0 + 5h);
    EXPECT_EQ(v.pause_mode, std::nullopt);
    EXPECT_EQ(v.history.back(),
              Record(kT0 + 5h, LifecycleAction::kClose, "system", "audience_read_complete"));
  }
}

TEST(Lifecycle, StopMovesLivePausedOrClosedToStopped) {
  for (VersionStatus from : {kLive, kPaused, kClosed}) {
    JourneyLifecycle journey = JourneyWithVersion1(from);
    auto change = Stop(journey, 1, kT0 + 5h, "ops");
    ASSERT_TRUE(change.has_value());
    EXPECT_EQ(*change, (StatusChange{1, from, kStopped}));
    const VersionLifecycle& v = journey.versions[0];
    EXPECT_EQ(v.stopped_at, kT0 + 5h);
    EXPECT_EQ(v.pause_mode, std::nullopt);
    EXPECT_EQ(v.history.back(), Record(kT0 + 5h, LifecycleAction::kStop, "ops", "manual"));
  }
}

TEST(Lifecycle, StopOfAClosedVersionKeepsItsCloseTime) {
  JourneyLifecycle journey = JourneyWithVersion1(kClosed);
  ASSERT_TRUE(Stop(journey, 1, kT0 + 5h, "ops").has_value());
  EXPECT_EQ(journey.versions[0].closed_at, kT0 + 2h);
}

TEST(Lifecycle, ClosedVersionCanNeverBeReopened) {
  JourneyLifecycle journey = JourneyWithVersion1(kClosed);
  const JourneyLifecycle before = journey;
  const std::string message =
      "version 1 is closed: a closed version can never be reopened or restarted; create a new "
      "version or duplicate the journey";
  std::vector<Error> refusals;
  refusals.push_back(Publish(journey, 1, kT0 + 5h, "ops", {}).error());
  refusals.push_back(Pause(journey, 1, PauseMode::kHold, std::nullopt, kT0 + 5h, "ops").error());
  refusals.push_back(Resume(journey, 1, kT0 + 5h, "ops").error());
  for (const Error& e : refusals) {
    EXPECT_EQ(e.kind(), ErrorKind::kFailedPrecondition);
    EXPECT_EQ(e.message(), message);
    EXPECT_EQ(RefusalCode(e), "not_reopenable");
  }
  EXPECT_EQ(journey, before);
}

TEST(Lifecycle, StoppedVersionCanNeverBeRestarted) {
  JourneyLifecycle journey = JourneyWithVersion1(kStopped);
  const JourneyLifecycle before = journey;
  for (const Error& e : {Publish(journey, 1, kT0 + 5h, "ops", {}).error(),
                         Resume(journey, 1, kT0 + 5h, "ops").error()}) {
    EXPECT_EQ(e.message(),
              "version 1 is stopped: a stopped version can never be restarted; create a new "
              "version or duplicate the journey");
    EXPECT_EQ(RefusalCode(e), "not_reopenable");
  }
  EXPECT_EQ(Close(journey, 1, kT0 + 5h, "ops").error().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(journey, before);
}

TEST(Lifecycle, FinishOnlyAfterTheGlobalTimeoutSinceTheClose) {
  JourneyLifecycle journey = JourneyWithVersion1(kClosed);  // closed at kT0 + 2h
  const JourneyLifecycle before = journey;
  auto early = Finish(journey, 1, kT0 + 2h + kGlobalTimeout - 1ms, kGlobalTimeout);
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(RefusalCode(early.error()), "not_due");
  EXPECT_EQ(early.error().message(),
            "version 1 is closed: it finishes when its global timeout (P30D) has elapsed since it "
            "closed, at 2026-12-31T11:00:00Z");
  EXPECT_EQ(journey, before);

  auto on_time = Finish(journey, 1, kT0 + 2h + kGlobalTimeout, kGlobalTimeout);
  ASSERT_TRUE(on_time.has_value());
  EXPECT_EQ(*on_time, (StatusChange{1, kClosed, kFinished}));
  EXPECT_EQ(journey.versions[0].finished_at, At("2026-12-31T11:00:00Z"));
  EXPECT_EQ(journey.versions[0].history.back(),
            Record(At("2026-12-31T11:00:00Z"), LifecycleAction::kFinish, "system",
                   "global_timeout_elapsed"));
}

TEST(Lifecycle, FinishCountsFromTheCloseNotThePublish) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);  // published at kT0 + 1h
  ASSERT_TRUE(Close(journey, 1, kT0 + std::chrono::days(10), "ops").has_value());
  EXPECT_FALSE(Finish(journey, 1, kT0 + 1h + kGlobalTimeout, kGlobalTimeout).has_value());
  EXPECT_TRUE(Finish(journey, 1, kT0 + std::chrono::days(40), kGlobalTimeout).has_value());
}

TEST(Lifecycle, DeleteOfDraftOrFinishedIsAllowed) {
  for (VersionStatus status : {kDraft, kFinished}) {
    JourneyLifecycle journey = JourneyWithVersion1(status);
    auto outcome = Delete(journey, 1);
    ASSERT_TRUE(outcome.has_value()) << VersionStatusName(status);
    EXPECT_EQ(outcome->version, 1);
    EXPECT_EQ(FindVersion(journey, 1), nullptr);
  }
}

TEST(Lifecycle, DeleteOfLivePausedClosedOrStoppedIsRefused) {
  for (VersionStatus status : {kLive, kPaused, kClosed, kStopped}) {
    JourneyLifecycle journey = JourneyWithVersion1(status);
    const JourneyLifecycle before = journey;
    auto outcome = Delete(journey, 1);
    ASSERT_FALSE(outcome.has_value());
    EXPECT_EQ(outcome.error().kind(), ErrorKind::kFailedPrecondition);
    EXPECT_EQ(RefusalCode(outcome.error()), "not_deletable");
    EXPECT_TRUE(Contains(outcome.error().message(),
                         std::string("version 1 is ") + VersionStatusName(status) +
                             ": only a draft or a finished version can be deleted"))
        << outcome.error().message();
    EXPECT_EQ(journey, before);
  }
}

TEST(Lifecycle, DeletingTheLastVersionReportsTheJourneyEmpty) {
  JourneyLifecycle journey = JourneyWithVersion1(kFinished);
  ASSERT_TRUE(NewVersion(journey, kT0 + std::chrono::days(60), "ci").has_value());
  auto first = Delete(journey, 2);
  ASSERT_TRUE(first.has_value());
  EXPECT_FALSE(first->journey_empty);
  auto last = Delete(journey, 1);
  ASSERT_TRUE(last.has_value());
  EXPECT_TRUE(last->journey_empty);
  EXPECT_TRUE(journey.versions.empty());
}

TEST(Lifecycle, NewVersionCopiesTheLatestIntoTheNextNumber) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  auto outcome = NewVersion(journey, kT0 + 3h, "ci");
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->source_version, 1);
  EXPECT_EQ(outcome->new_version, 2);
  const VersionLifecycle& v2 = *FindVersion(journey, 2);
  EXPECT_EQ(v2.status, kDraft);
  EXPECT_EQ(v2.created_at, kT0 + 3h);
  EXPECT_EQ(v2.history,
            (std::vector{Record(kT0 + 3h, LifecycleAction::kNewVersion, "ci", "copy_of:1")}));
  EXPECT_EQ(LatestVersion(journey), &v2);
  EXPECT_EQ(journey.versions.back().version, 2);  // kept in version order
}

TEST(Lifecycle, NewVersionIsRefusedWhileADraftExists) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  ASSERT_TRUE(NewVersion(journey, kT0 + 3h, "ci").has_value());
  const JourneyLifecycle before = journey;
  auto outcome = NewVersion(journey, kT0 + 4h, "ci");
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(RefusalCode(outcome.error()), "draft_exists");
  EXPECT_TRUE(Contains(outcome.error().message(), "version 2 is draft: a journey has at most one"))
      << outcome.error().message();
  EXPECT_EQ(journey, before);
}

TEST(Lifecycle, NewVersionNeverReusesADeletedNumber) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  ASSERT_TRUE(NewVersion(journey, kT0 + 3h, "ci").has_value());  // v2
  ASSERT_TRUE(Delete(journey, 2).has_value());
  auto outcome = NewVersion(journey, kT0 + 4h, "ci");
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->new_version, 3);
  EXPECT_EQ(outcome->source_version, 1);
}

TEST(Lifecycle, DuplicateOfAnyStatusMakesANewDraftJourney) {
  for (VersionStatus status : kAllStatuses) {
    const JourneyLifecycle source = JourneyWithVersion1(status);
    auto outcome = Duplicate(source, "welcome", 1, kT0 + std::chrono::days(60), "ci");
    ASSERT_TRUE(outcome.has_value()) << VersionStatusName(status);
    EXPECT_EQ(outcome->source_version, 1);
    ASSERT_EQ(outcome->journey.versions.size(), 1u);
    const VersionLifecycle& v = outcome->journey.versions[0];
    EXPECT_EQ(v.version, 1);
    EXPECT_EQ(v.status, kDraft);
    EXPECT_EQ(v.history,
              (std::vector{Record(kT0 + std::chrono::days(60), LifecycleAction::kDuplicate, "ci",
                                  "copy_of:welcome/1")}));
  }
}

TEST(Lifecycle, DuplicateWithoutAVersionCopiesTheLatest) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  ASSERT_TRUE(NewVersion(journey, kT0 + 3h, "ci").has_value());
  auto outcome = Duplicate(journey, "welcome", std::nullopt, kT0 + 4h, "ci");
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->source_version, 2);
}

TEST(Lifecycle, UnknownVersionIsNotFoundAndNamesTheVersions) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  const JourneyLifecycle before = journey;
  std::vector<Error> errors;
  errors.push_back(Publish(journey, 7, kT0, "ci", {}).error());
  errors.push_back(Pause(journey, 7, PauseMode::kHold, std::nullopt, kT0, "ci").error());
  errors.push_back(Resume(journey, 7, kT0, "ci").error());
  errors.push_back(Close(journey, 7, kT0, "ci").error());
  errors.push_back(Stop(journey, 7, kT0, "ci").error());
  errors.push_back(Finish(journey, 7, kT0, kGlobalTimeout).error());
  errors.push_back(Delete(journey, 7).error());
  errors.push_back(Duplicate(journey, "welcome", 7, kT0, "ci").error());
  for (const Error& e : errors) {
    EXPECT_EQ(e.kind(), ErrorKind::kNotFound);
    EXPECT_EQ(e.message(), "the journey has no version 7 (its versions: 1)");
  }
  EXPECT_EQ(journey, before);
}

TEST(Lifecycle, NewVersionOfAJourneyWithNoVersionIsNotFound) {
  JourneyLifecycle journey;
  auto outcome = NewVersion(journey, kT0, "ci");
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().kind(), ErrorKind::kNotFound);
}

TEST(Lifecycle, StartTestKeepsADraftAndRecordsTheSessionAndItsWait) {
  JourneyLifecycle journey = CreateJourney(kT0, "ci");
  auto started = StartTest(journey, 1, std::nullopt, kT0 + 1h, "tester", {});
  ASSERT_TRUE(started.has_value()) << started.error().message();
  EXPECT_EQ(*started, (StatusChange{1, kDraft, kDraft}));
  const VersionLifecycle& v = *FindVersion(journey, 1);
  ASSERT_TRUE(v.test.has_value());
  EXPECT_EQ(v.test->started_at, kT0 + 1h);
  EXPECT_EQ(v.test->wait, kDefaultTestWait);
  EXPECT_EQ(v.history.back(), Record(kT0 + 1h, LifecycleAction::kTestStart, "tester", "manual"));

  ASSERT_TRUE(StopTest(journey, 1, kT0 + 2h, "tester").has_value());
  EXPECT_FALSE(FindVersion(journey, 1)->test.has_value());
  EXPECT_EQ(FindVersion(journey, 1)->history.back(),
            Record(kT0 + 2h, LifecycleAction::kTestStop, "tester", "manual"));
}

TEST(Lifecycle, StartTestChecksTheWaitThenTheStatusThenValidation) {
  JourneyLifecycle journey = CreateJourney(kT0, "ci");
  const JourneyLifecycle before = journey;
  for (Duration wait : {Duration::zero(), Duration(-1h), kMaxTestWait + 1s}) {
    auto refused = StartTest(journey, 1, wait, kT0, "ci", {});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().kind(), ErrorKind::kInvalidArgument);
    EXPECT_EQ(refused.error().problems().at(0).path, "$.wait");
  }
  EXPECT_EQ(journey, before);
  auto invalid = StartTest(journey, 1, std::nullopt, kT0, "ci", {Problem{"cycle", "$", "", "x"}});
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error().kind(), ErrorKind::kInvalidDefinition);
  EXPECT_EQ(journey, before);
  EXPECT_TRUE(StartTest(journey, 1, kMaxTestWait, kT0, "ci", {}).has_value());

  JourneyLifecycle live = JourneyWithVersion1(kLive);
  auto published = StartTest(live, 1, std::nullopt, kT0 + 3h, "ci", {});
  ASSERT_FALSE(published.has_value());
  EXPECT_EQ(RefusalCode(published.error()), "status_conflict");
}

TEST(Lifecycle, ATestSessionCannotStartTwiceNorStopWhenNoneRuns) {
  JourneyLifecycle journey = CreateJourney(kT0, "ci");
  auto stop = StopTest(journey, 1, kT0, "ci");
  ASSERT_FALSE(stop.has_value());
  EXPECT_EQ(RefusalCode(stop.error()), "not_in_test_mode");
  ASSERT_TRUE(StartTest(journey, 1, 30s, kT0, "ci", {}).has_value());
  const JourneyLifecycle before = journey;
  auto again = StartTest(journey, 1, std::nullopt, kT0 + 1h, "ci", {});
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(RefusalCode(again.error()), "test_mode");
  EXPECT_EQ(journey, before);
}

TEST(Lifecycle, PublishAndDeleteEndTestModeAndSaySo) {
  JourneyLifecycle journey = CreateJourney(kT0, "ci");
  ASSERT_TRUE(StartTest(journey, 1, std::nullopt, kT0, "ci", {}).has_value());
  auto published = Publish(journey, 1, kT0 + 1h, "ci", {});
  ASSERT_TRUE(published.has_value());
  EXPECT_TRUE(published->test_ended);
  EXPECT_FALSE(FindVersion(journey, 1)->test.has_value());

  ASSERT_TRUE(NewVersion(journey, kT0 + 2h, "ci").has_value());
  auto plain = Delete(journey, 2);
  ASSERT_TRUE(plain.has_value());
  EXPECT_FALSE(plain->test_ended);
  ASSERT_TRUE(NewVersion(journey, kT0 + 3h, "ci").has_value());
  ASSERT_TRUE(StartTest(journey, 3, std::nullopt, kT0 + 3h, "ci", {}).has_value());
  auto deleted = Delete(journey, 3);
  ASSERT_TRUE(deleted.has_value());
  EXPECT_TRUE(deleted->test_ended);
}

}  // namespace
}  // namespace parcours::lifecycle_test
