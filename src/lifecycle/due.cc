// Transitions a version makes on its own as time passes: a pause running out, a schedule
// ending, a closed version's global timeout elapsing.
#include "parcours/lifecycle.h"

#include "lifecycle/refusals.h"

namespace parcours {

std::optional<DueTransition> NextDueTransition(const VersionLifecycle& version,
                                               const VersionTiming& timing) {
  std::optional<DueTransition> close_at_schedule_end;
  if (timing.schedule_until) {
    close_at_schedule_end = DueTransition{version.version, *timing.schedule_until,
                                          LifecycleAction::kClose, kReasonScheduleEnded};
  }
  switch (version.status) {
    case VersionStatus::kLive:
      return close_at_schedule_end;
    case VersionStatus::kPaused:
      if (close_at_schedule_end &&
          (!version.paused_until || close_at_schedule_end->at <= *version.paused_until)) {
        return close_at_schedule_end;
      }
      if (!version.paused_until) return std::nullopt;
      return DueTransition{version.version, *version.paused_until, LifecycleAction::kResume,
                           kReasonPauseExpired};
    case VersionStatus::kClosed:
      if (!version.closed_at) return std::nullopt;
      return DueTransition{version.version, *version.closed_at + timing.global_timeout,
                           LifecycleAction::kFinish, kReasonGlobalTimeoutElapsed};
    case VersionStatus::kDraft:
    case VersionStatus::kStopped:
    case VersionStatus::kFinished:
      return std::nullopt;
  }
  return std::nullopt;
}

Result<std::optional<StatusChange>> ApplyDueTransition(JourneyLifecycle& journey, int version,
                                                       Time now, const VersionTiming& timing) {
  const VersionLifecycle* v = FindVersion(journey, version);
  if (v == nullptr) return Fail(lifecycle_internal::NoSuchVersion(journey, version));
  std::optional<DueTransition> due = NextDueTransition(*v, timing);
  if (!due || due->at > now) return std::optional<StatusChange>();
  Result<StatusChange> change = [&]() -> Result<StatusChange> {
    switch (due->action) {
      case LifecycleAction::kResume:
        return Resume(journey, version, now, kBySystem, due->reason);
      case LifecycleAction::kClose:
        return Close(journey, version, now, kBySystem, due->reason);
      case LifecycleAction::kFinish:
        return Finish(journey, version, now, timing.global_timeout);
      default:
        return Fail(
            Error::Internal(std::string("no automatic ") + LifecycleActionName(due->action)));
    }
  }();
  if (!change) return Fail(std::move(change.error()));
  return std::optional<StatusChange>(*change);
}

}  // namespace parcours
