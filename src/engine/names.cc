// Names of the engine's enumerations, as the API and the history show them.
#include "parcours/engine.h"

namespace parcours {

const char* InstanceStatusName(InstanceStatus status) {
  switch (status) {
    case InstanceStatus::kInProgress:
      return "in_progress";
    case InstanceStatus::kFinished:
      return "finished";
    case InstanceStatus::kError:
      return "error";
    case InstanceStatus::kTimedOut:
      return "timed_out";
  }
  return "in_progress";
}

std::optional<InstanceStatus> ParseInstanceStatus(std::string_view name) {
  for (InstanceStatus s : {InstanceStatus::kInProgress, InstanceStatus::kFinished,
                           InstanceStatus::kError, InstanceStatus::kTimedOut}) {
    if (name == InstanceStatusName(s)) return s;
  }
  return std::nullopt;
}

const char* ExitReasonName(ExitReason reason) {
  switch (reason) {
    case ExitReason::kNone:
      return "";
    case ExitReason::kEnd:
      return "end";
    case ExitReason::kNoMatchingCondition:
      return "no_matching_condition";
    case ExitReason::kEventTimeout:
      return "event_timeout";
    case ExitReason::kActionError:
      return "action_error";
    case ExitReason::kActionTimeout:
      return "action_timeout";
    case ExitReason::kExpressionError:
      return "expression_error";
    case ExitReason::kGlobalTimeout:
      return "global_timeout";
    case ExitReason::kJourneyStopped:
      return "journey_stopped";
    case ExitReason::kExitCriteria:
      return "exit_criteria";
    case ExitReason::kRemoved:
      return "removed";
    case ExitReason::kPausedDiscard:
      return "paused_discard";
    case ExitReason::kJump:
      return "jump";
  }
  return "";
}

InstanceStatus StatusOfExit(ExitReason reason) {
  switch (reason) {
    case ExitReason::kNone:
      return InstanceStatus::kInProgress;
    case ExitReason::kActionError:
    case ExitReason::kExpressionError:
      return InstanceStatus::kError;
    case ExitReason::kActionTimeout:
    case ExitReason::kGlobalTimeout:
    case ExitReason::kJourneyStopped:
      return InstanceStatus::kTimedOut;
    default:
      return InstanceStatus::kFinished;
  }
}

const char* DiscardReasonName(DiscardReason reason) {
  switch (reason) {
    case DiscardReason::kNotLive:
      return "not_live";
    case DiscardReason::kPaused:
      return "paused";
    case DiscardReason::kOutsideSchedule:
      return "outside_schedule";
    case DiscardReason::kConditionFalse:
      return "condition_false";
    case DiscardReason::kAlreadyInJourney:
      return "already_in_journey";
    case DiscardReason::kReentranceNotAllowed:
      return "reentrance_not_allowed";
    case DiscardReason::kReentranceWait:
      return "reentrance_wait";
    case DiscardReason::kNotTestProfile:
      return "not_test_profile";
    case DiscardReason::kTestProfileLimit:
      return "test_profile_limit";
  }
  return "not_live";
}

}  // namespace parcours
