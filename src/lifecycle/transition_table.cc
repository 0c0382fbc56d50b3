// The transition table of DESIGN.md §1: which action applies to which status, and the rule to
// quote when it does not.
#include <string>

#include "lifecycle/refusals.h"

namespace parcours {
namespace lifecycle_internal {
namespace {

using enum VersionStatus;

// Why a version in this status can never go back to running.
const char* NeverAgain(VersionStatus from) {
  switch (from) {
    case kClosed:
      return "a closed version can never be reopened or restarted; create a new version or "
             "duplicate the journey";
    case kStopped:
      return "a stopped version can never be restarted; create a new version or duplicate the "
             "journey";
    default:
      return "a finished version is over and can never be restarted; create a new version or "
             "duplicate the journey";
  }
}

bool IsOver(VersionStatus s) { return s == kClosed || s == kStopped || s == kFinished; }

struct Rule {
  const char* code;
  std::string text;
};

// nullopt: allowed.
std::optional<Rule> FindRule(VersionStatus from, LifecycleAction action) {
  switch (action) {
    case LifecycleAction::kCreate:
      return Rule{"status_conflict",
                  "create makes version 1 of a new journey and acts on no existing version; use "
                  "new_version or duplicate"};
    case LifecycleAction::kPublish:
      if (from == kDraft) return std::nullopt;
      if (IsOver(from)) return Rule{"not_reopenable", NeverAgain(from)};
      if (from == kPaused) {
        return Rule{"status_conflict",
                    "only a draft can be published, and a paused version is already published; "
                    "resume it instead"};
      }
      return Rule{"status_conflict", "only a draft can be published, and this one already is"};
    case LifecycleAction::kPause:
      if (from == kLive) return std::nullopt;
      if (IsOver(from)) return Rule{"not_reopenable", NeverAgain(from)};
      if (from == kPaused) {
        return Rule{"status_conflict",
                    "only a live version can be paused, and this one already is; resume or close "
                    "it"};
      }
      return Rule{"status_conflict", "only a live version can be paused; publish the draft first"};
    case LifecycleAction::kResume:
      if (from == kPaused) return std::nullopt;
      if (IsOver(from)) return Rule{"not_reopenable", NeverAgain(from)};
      if (from == kLive) {
        return Rule{"status_conflict",
                    "only a paused version can be resumed, and this one is not paused"};
      }
      return Rule{"status_conflict",
                  "only a paused version can be resumed; a draft must be published first"};
    case LifecycleAction::kClose:
      switch (from) {
        case kLive:
        case kPaused:
          return std::nullopt;
        case kDraft:
          return Rule{"status_conflict",
                      "only a live or paused version can be closed, and a draft has no entrances "
                      "to close; delete it instead"};
        case kClosed:
          return Rule{"status_conflict",
                      "only a live or paused version can be closed, and this one already is"};
        case kStopped:
          return Rule{"status_conflict",
                      "only a live or paused version can be closed, and a stopped version has "
                      "already ended everyone inside"};
        case kFinished:
          return Rule{"status_conflict",
                      "only a live or paused version can be closed, and a finished version is "
                      "already over"};
      }
      break;
    case LifecycleAction::kStop:
      switch (from) {
        case kLive:
        case kPaused:
        case kClosed:
          return std::nullopt;
        case kDraft:
          return Rule{"status_conflict",
                      "only a live, paused or closed version can be stopped, and a draft runs "
                      "nothing; delete it instead"};
        case kStopped:
          return Rule{"status_conflict",
                      "only a live, paused or closed version can be stopped, and this one already "
                      "is"};
        case kFinished:
          return Rule{"status_conflict",
                      "only a live, paused or closed version can be stopped, and a finished "
                      "version is over and runs nothing"};
      }
      break;
    case LifecycleAction::kFinish:
      if (from == kClosed) return std::nullopt;
      return Rule{"status_conflict",
                  "only a closed version finishes, once its global timeout has elapsed since it "
                  "closed"};
    case LifecycleAction::kNewVersion:
      if (from != kDraft) return std::nullopt;
      return Rule{"draft_exists",
                  "a journey has at most one draft; edit, publish or delete it before creating a "
                  "new version"};
    case LifecycleAction::kDuplicate:
      return std::nullopt;
    case LifecycleAction::kTestStart:
    case LifecycleAction::kTestStop:
      if (from == kDraft) return std::nullopt;
      return Rule{"status_conflict",
                  "only a draft has a test mode; a published version runs for real (create a "
                  "new version to test a change)"};
    case LifecycleAction::kDelete:
      switch (from) {
        case kDraft:
        case kFinished:
          return std::nullopt;
        case kLive:
        case kPaused:
          return Rule{"not_deletable",
                      "only a draft or a finished version can be deleted; close it, and it can be "
                      "deleted once it has finished"};
        case kClosed:
          return Rule{"not_deletable",
                      "only a draft or a finished version can be deleted; a closed version can be "
                      "deleted once it has finished (its global timeout elapsed since the close)"};
        case kStopped:
          return Rule{"not_deletable",
                      "only a draft or a finished version can be deleted, and a stopped version "
                      "is kept for good"};
      }
      break;
  }
  return Rule{"status_conflict", "the action is unknown"};
}

}  // namespace

Error Refusal(std::string code, std::string message) {
  std::vector<Problem> problems = {Problem{std::move(code), "", "", message}};
  return Error(ErrorKind::kFailedPrecondition, std::move(message), std::move(problems));
}

std::optional<Error> RefuseTransition(std::string_view subject, VersionStatus from,
                                      LifecycleAction action) {
  std::optional<Rule> rule = FindRule(from, action);
  if (!rule) return std::nullopt;
  return Refusal(rule->code,
                 std::string(subject) + " is " + VersionStatusName(from) + ": " + rule->text);
}

}  // namespace lifecycle_internal

Status CheckTransition(VersionStatus from, LifecycleAction action) {
  if (auto refusal = lifecycle_internal::RefuseTransition("the version", from, action)) {
    return Fail(std::move(*refusal));
  }
  return {};
}

}  // namespace parcours
