// Transitions driven by time, and which version an entry event is judged against.
#include "lifecycle/test_util.h"

namespace parcours::lifecycle_test {
namespace {

using enum VersionStatus;

const VersionTiming kTiming{kGlobalTimeout, std::nullopt};

TEST(DueTransitions, NothingIsDueForDraftStoppedFinishedOrLiveWithoutSchedule) {
  for (VersionStatus status : {kDraft, kStopped, kFinished, kLive}) {
    JourneyLifecycle journey = JourneyWithVersion1(status);
    EXPECT_EQ(NextDueTransition(journey.versions[0], kTiming), std::nullopt)
        << VersionStatusName(status);
  }
}

TEST(DueTransitions, PausedVersionResumesWhenThePauseRunsOut) {
  JourneyLifecycle journey = JourneyWithVersion1(kPaused);  // paused at kT0 + 2h for P14D
  const Time until = kT0 + 2h + kMaxPause;
  EXPECT_EQ(NextDueTransition(journey.versions[0], kTiming),
            (DueTransition{1, until, LifecycleAction::kResume, kReasonPauseExpired}));

  const JourneyLifecycle before = journey;
  auto early = ApplyDueTransition(journey, 1, until - 1ms, kTiming);
  ASSERT_TRUE(early.has_value());
  EXPECT_EQ(*early, std::nullopt);
  EXPECT_EQ(journey, before);

  auto due = ApplyDueTransition(journey, 1, until, kTiming);
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(*due, (StatusChange{1, kPaused, kLive}));
  EXPECT_EQ(journey.versions[0].history.back(),
            (TransitionRecord{until, LifecycleAction::kResume, "system", "pause_expired"}));
}

TEST(DueTransitions, ClosedVersionFinishesAfterTheGlobalTimeout) {
  JourneyLifecycle journey = JourneyWithVersion1(kClosed);  // closed at kT0 + 2h
  const Time due_at = kT0 + 2h + kGlobalTimeout;
  EXPECT_EQ(NextDueTransition(journey.versions[0], kTiming),
            (DueTransition{1, due_at, LifecycleAction::kFinish, kReasonGlobalTimeoutElapsed}));
  auto late = ApplyDueTransition(journey, 1, due_at + 1h, kTiming);
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(*late, (StatusChange{1, kClosed, kFinished}));
  EXPECT_EQ(journey.versions[0].finished_at, due_at + 1h);  // recorded when it was applied
}

TEST(DueTransitions, LiveVersionClosesAtTheScheduleEnd) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  const VersionTiming timing{kGlobalTimeout, At("2027-01-01T00:00:00Z")};
  EXPECT_EQ(NextDueTransition(journey.versions[0], timing),
            (DueTransition{1, At("2027-01-01T00:00:00Z"), LifecycleAction::kClose,
                           kReasonScheduleEnded}));
  auto due = ApplyDueTransition(journey, 1, At("2027-01-01T00:00:00Z"), timing);
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(*due, (StatusChange{1, kLive, kClosed}));
  EXPECT_EQ(journey.versions[0].history.back().reason, "schedule_ended");
  EXPECT_EQ(journey.versions[0].history.back().by, "system");
  // Closed now: the next thing due is the finish, counted from this close.
  EXPECT_EQ(NextDueTransition(journey.versions[0], timing)->at,
            At("2027-01-01T00:00:00Z") + kGlobalTimeout);
}

TEST(DueTransitions, PausedVersionClosesAtTheScheduleEndWhenThatComesFirst) {
  JourneyLifecycle journey = JourneyWithVersion1(kPaused);  // pause ends 2026-12-15T11:00:00Z
  const VersionTiming ends_first{kGlobalTimeout, At("2026-12-10T00:00:00Z")};
  EXPECT_EQ(NextDueTransition(journey.versions[0], ends_first)->action, LifecycleAction::kClose);
  const VersionTiming ends_later{kGlobalTimeout, At("2026-12-20T00:00:00Z")};
  EXPECT_EQ(NextDueTransition(journey.versions[0], ends_later)->action, LifecycleAction::kResume);
}

TEST(DueTransitions, ApplyingAgainCatchesUpWhenSeveralBecameDue) {
  JourneyLifecycle journey = JourneyWithVersion1(kPaused);  // pause ends 2026-12-15T11:00:00Z
  const VersionTiming timing{kGlobalTimeout, At("2026-12-20T00:00:00Z")};
  const Time now = At("2026-12-21T00:00:00Z");
  EXPECT_EQ(ApplyDueTransition(journey, 1, now, timing)->value().to, kLive);
  EXPECT_EQ(ApplyDueTransition(journey, 1, now, timing)->value().to, kClosed);
  EXPECT_EQ(*ApplyDueTransition(journey, 1, now, timing), std::nullopt);
}

TEST(DueTransitions, UnknownVersionIsNotFound) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  auto result = ApplyDueTransition(journey, 9, kT0, kTiming);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind(), ErrorKind::kNotFound);
}

TEST(EntryVersion, NothingWhenNoVersionWasEverPublished) {
  EXPECT_EQ(EntryVersion(JourneyLifecycle{}), nullptr);
  EXPECT_EQ(EntryVersion(JourneyWithVersion1(kDraft)), nullptr);
}

TEST(EntryVersion, TheLiveOrPausedVersion) {
  for (VersionStatus status : {kLive, kPaused}) {
    JourneyLifecycle journey = JourneyWithVersion1(status);
    ASSERT_TRUE(NewVersion(journey, kT0 + 3h, "ci").has_value());  // a draft v2 does not count
    ASSERT_NE(EntryVersion(journey), nullptr);
    EXPECT_EQ(EntryVersion(journey)->version, 1);
  }
}

TEST(EntryVersion, TheNewlyPublishedVersionRatherThanTheOneItClosed) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  ASSERT_TRUE(NewVersion(journey, kT0 + 3h, "ci").has_value());
  ASSERT_TRUE(Publish(journey, 2, kT0 + 4h, "ci", {}).has_value());
  EXPECT_EQ(EntryVersion(journey)->version, 2);
}

TEST(EntryVersion, WithNoneRunningTheLatestPublishedVersion) {
  JourneyLifecycle journey = JourneyWithVersion1(kLive);
  ASSERT_TRUE(NewVersion(journey, kT0 + 3h, "ci").has_value());
  ASSERT_TRUE(Publish(journey, 2, kT0 + 4h, "ci", {}).has_value());  // closes v1
  ASSERT_TRUE(Stop(journey, 2, kT0 + 5h, "ops").has_value());
  ASSERT_TRUE(NewVersion(journey, kT0 + 6h, "ci").has_value());  // draft v3
  EXPECT_EQ(EntryVersion(journey)->version, 2);  // stopped v2, not closed v1 nor draft v3
}

}  // namespace
}  // namespace parcours::lifecycle_test
