// The lifecycle operations. Each one checks everything first, builds the changed versions as
// copies, and only then moves them into place (moves that cannot throw), so a refused or
// failed operation leaves the journey exactly as it was.
#include "parcours/lifecycle.h"

#include <algorithm>
#include <string>
#include <utility>

#include "lifecycle/refusals.h"

namespace parcours {
namespace {

using lifecycle_internal::NoSuchVersion;
using lifecycle_internal::Refusal;
using lifecycle_internal::RefuseTransition;

std::string VersionName(int version) { return "version " + std::to_string(version); }

// `version` in `journey`, const or not as the journey is.
template <typename Journey>
auto* FindIn(Journey& journey, int version) {
  auto it = std::find_if(journey.versions.begin(), journey.versions.end(),
                         [version](const VersionLifecycle& v) { return v.version == version; });
  return it == journey.versions.end() ? nullptr : &*it;
}

// The version acted on, if it exists and `action` applies to its status.
Result<VersionLifecycle*> Acting(JourneyLifecycle& journey, int version, LifecycleAction action) {
  VersionLifecycle* v = FindIn(journey, version);
  if (v == nullptr) return Fail(NoSuchVersion(journey, version));
  if (auto refusal = RefuseTransition(VersionName(version), v->status, action)) {
    return Fail(std::move(*refusal));
  }
  return v;
}

// A copy of `v` moved to status `to`, with the transition recorded and the time stamps and
// pause fields that go with the new status set.
VersionLifecycle Transitioned(const VersionLifecycle& v, VersionStatus to, LifecycleAction action,
                              Time now, std::string_view by, std::string_view reason) {
  VersionLifecycle next = v;
  next.status = to;
  switch (to) {
    case VersionStatus::kLive:
      if (!next.published_at) next.published_at = now;
      break;
    case VersionStatus::kClosed:
      next.closed_at = now;
      break;
    case VersionStatus::kStopped:
      next.stopped_at = now;
      break;
    case VersionStatus::kFinished:
      next.finished_at = now;
      break;
    case VersionStatus::kDraft:
    case VersionStatus::kPaused:
      break;
  }
  if (to != VersionStatus::kPaused) {
    next.pause_mode.reset();
    next.paused_until.reset();
  }
  if (to != VersionStatus::kDraft) next.test.reset();  // publishing ends test mode
  next.history.push_back(TransitionRecord{now, action, std::string(by), std::string(reason)});
  return next;
}

// Applies a single-version transition whose status check passed.
StatusChange Commit(VersionLifecycle& v, VersionLifecycle next) {
  StatusChange change{v.version, v.status, next.status};
  v = std::move(next);
  return change;
}

VersionLifecycle NewDraft(int number, Time now, LifecycleAction action, std::string_view by,
                          std::string reason) {
  VersionLifecycle v;
  v.version = number;
  v.status = VersionStatus::kDraft;
  v.created_at = now;
  v.history.push_back(TransitionRecord{now, action, std::string(by), std::move(reason)});
  return v;
}

Error BadPause(std::string code, std::string message) {
  std::vector<Problem> problems = {Problem{std::move(code), "$.for", "", message}};
  return Error::InvalidArgument(std::move(message), std::move(problems));
}

}  // namespace

Error lifecycle_internal::NoSuchVersion(const JourneyLifecycle& journey, int version) {
  std::string known;
  for (const VersionLifecycle& v : journey.versions) {
    known += (known.empty() ? "" : ", ") + std::to_string(v.version);
  }
  return Error::NotFound(
      "the journey has no " + VersionName(version) +
      (known.empty() ? "; it has no versions" : " (its versions: " + known + ")"));
}

const VersionLifecycle* FindVersion(const JourneyLifecycle& journey, int version) {
  return FindIn(journey, version);
}

const VersionLifecycle* LatestVersion(const JourneyLifecycle& journey) {
  auto it = std::max_element(
      journey.versions.begin(), journey.versions.end(),
      [](const VersionLifecycle& a, const VersionLifecycle& b) { return a.version < b.version; });
  return it == journey.versions.end() ? nullptr : &*it;
}

const VersionLifecycle* DraftVersion(const JourneyLifecycle& journey) {
  for (const VersionLifecycle& v : journey.versions) {
    if (v.status == VersionStatus::kDraft) return &v;
  }
  return nullptr;
}

const VersionLifecycle* LiveOrPausedVersion(const JourneyLifecycle& journey) {
  for (const VersionLifecycle& v : journey.versions) {
    if (v.status == VersionStatus::kLive || v.status == VersionStatus::kPaused) return &v;
  }
  return nullptr;
}

const VersionLifecycle* EntryVersion(const JourneyLifecycle& journey) {
  if (const VersionLifecycle* running = LiveOrPausedVersion(journey)) return running;
  const VersionLifecycle* latest_published = nullptr;
  for (const VersionLifecycle& v : journey.versions) {
    if (v.status != VersionStatus::kDraft &&
        (latest_published == nullptr || v.version > latest_published->version)) {
      latest_published = &v;
    }
  }
  return latest_published;
}

JourneyLifecycle CreateJourney(Time now, std::string_view by) {
  JourneyLifecycle journey;
  journey.versions.push_back(
      NewDraft(1, now, LifecycleAction::kCreate, by, std::string(kReasonManual)));
  journey.last_assigned_version = 1;
  return journey;
}

Result<PublishOutcome> Publish(JourneyLifecycle& journey, int version, Time now,
                               std::string_view by, const std::vector<Problem>& validation_errors) {
  Result<VersionLifecycle*> target = Acting(journey, version, LifecycleAction::kPublish);
  if (!target) return Fail(std::move(target.error()));
  if (!validation_errors.empty()) {
    return Fail(Error::InvalidDefinition(
        VersionName(version) + " cannot be published: its definition has " +
            std::to_string(validation_errors.size()) + " validation error" +
            (validation_errors.size() == 1 ? "" : "s") + "; fix them and publish again",
        validation_errors));
  }

  // Compute: the published version and every version it closes.
  VersionLifecycle published = Transitioned(**target, VersionStatus::kLive,
                                            LifecycleAction::kPublish, now, by, kReasonManual);
  std::vector<std::pair<VersionLifecycle*, VersionLifecycle>> closing;
  for (VersionLifecycle& v : journey.versions) {
    if (v.status == VersionStatus::kLive || v.status == VersionStatus::kPaused) {
      closing.emplace_back(&v, Transitioned(v, VersionStatus::kClosed, LifecycleAction::kClose, now,
                                            kBySystem, kReasonNewVersionPublished));
    }
  }
  PublishOutcome outcome;
  outcome.closed.reserve(closing.size());
  outcome.test_ended = (*target)->test.has_value();

  // Commit.
  outcome.published = Commit(**target, std::move(published));
  for (auto& [v, next] : closing) outcome.closed.push_back(Commit(*v, std::move(next)));
  return outcome;
}

Result<StatusChange> Pause(JourneyLifecycle& journey, int version, PauseMode mode,
                           std::optional<Duration> pause_for, Time now, std::string_view by) {
  Duration length = pause_for.value_or(kDefaultPause);
  if (length <= Duration::zero()) {
    return Fail(BadPause("pause_not_positive",
                         "a pause must last more than zero, not '" + FormatDuration(length) + "'"));
  }
  if (length > kMaxPause) {
    return Fail(BadPause("pause_too_long", "a pause lasts at most " + FormatDuration(kMaxPause) +
                                               ", not '" + FormatDuration(length) + "'"));
  }
  Result<VersionLifecycle*> v = Acting(journey, version, LifecycleAction::kPause);
  if (!v) return Fail(std::move(v.error()));
  VersionLifecycle next =
      Transitioned(**v, VersionStatus::kPaused, LifecycleAction::kPause, now, by, kReasonManual);
  next.pause_mode = mode;
  next.paused_until = now + length;
  return Commit(**v, std::move(next));
}

Result<StatusChange> Resume(JourneyLifecycle& journey, int version, Time now, std::string_view by,
                            std::string_view reason) {
  Result<VersionLifecycle*> v = Acting(journey, version, LifecycleAction::kResume);
  if (!v) return Fail(std::move(v.error()));
  return Commit(**v,
                Transitioned(**v, VersionStatus::kLive, LifecycleAction::kResume, now, by, reason));
}

Result<StatusChange> Close(JourneyLifecycle& journey, int version, Time now, std::string_view by,
                           std::string_view reason) {
  Result<VersionLifecycle*> v = Acting(journey, version, LifecycleAction::kClose);
  if (!v) return Fail(std::move(v.error()));
  return Commit(
      **v, Transitioned(**v, VersionStatus::kClosed, LifecycleAction::kClose, now, by, reason));
}

Result<StatusChange> Stop(JourneyLifecycle& journey, int version, Time now, std::string_view by) {
  Result<VersionLifecycle*> v = Acting(journey, version, LifecycleAction::kStop);
  if (!v) return Fail(std::move(v.error()));
  return Commit(**v, Transitioned(**v, VersionStatus::kStopped, LifecycleAction::kStop, now, by,
                                  kReasonManual));
}

Result<StatusChange> Finish(JourneyLifecycle& journey, int version, Time now,
                            Duration global_timeout) {
  Result<VersionLifecycle*> v = Acting(journey, version, LifecycleAction::kFinish);
  if (!v) return Fail(std::move(v.error()));
  if (!(*v)->closed_at) {
    return Fail(Error::Internal(VersionName(version) + " is closed but has no close time"));
  }
  Time due = *(*v)->closed_at + global_timeout;
  if (now < due) {
    return Fail(Refusal("not_due", VersionName(version) +
                                       " is closed: it finishes when its global timeout (" +
                                       FormatDuration(global_timeout) +
                                       ") has elapsed since it closed, at " + FormatTime(due)));
  }
  return Commit(**v, Transitioned(**v, VersionStatus::kFinished, LifecycleAction::kFinish, now,
                                  kBySystem, kReasonGlobalTimeoutElapsed));
}

Result<NewVersionOutcome> NewVersion(JourneyLifecycle& journey, Time now, std::string_view by) {
  const VersionLifecycle* latest = LatestVersion(journey);
  if (latest == nullptr) {
    return Fail(Error::NotFound("the journey has no version to copy into a new version"));
  }
  // At most one draft: name the draft even if, against the invariants, it is not the latest.
  const VersionLifecycle* draft = DraftVersion(journey);
  const VersionLifecycle& judged = draft != nullptr ? *draft : *latest;
  if (auto refusal = RefuseTransition(VersionName(judged.version), judged.status,
                                      LifecycleAction::kNewVersion)) {
    return Fail(std::move(*refusal));
  }
  NewVersionOutcome outcome{latest->version,
                            std::max(journey.last_assigned_version, latest->version) + 1};
  journey.versions.push_back(NewDraft(outcome.new_version, now, LifecycleAction::kNewVersion, by,
                                      "copy_of:" + std::to_string(outcome.source_version)));
  journey.last_assigned_version = outcome.new_version;
  return outcome;
}

Result<DuplicateOutcome> Duplicate(const JourneyLifecycle& source,
                                   std::string_view source_journey_id, std::optional<int> version,
                                   Time now, std::string_view by) {
  const VersionLifecycle* from = version ? FindVersion(source, *version) : LatestVersion(source);
  if (from == nullptr) {
    if (version) return Fail(NoSuchVersion(source, *version));
    return Fail(Error::NotFound("the journey has no version to duplicate"));
  }
  if (auto refusal =
          RefuseTransition(VersionName(from->version), from->status, LifecycleAction::kDuplicate)) {
    return Fail(std::move(*refusal));
  }
  DuplicateOutcome outcome;
  outcome.source_version = from->version;
  outcome.journey.versions.push_back(
      NewDraft(1, now, LifecycleAction::kDuplicate, by,
               "copy_of:" + std::string(source_journey_id) + "/" + std::to_string(from->version)));
  outcome.journey.last_assigned_version = 1;
  return outcome;
}

Result<DeleteOutcome> Delete(JourneyLifecycle& journey, int version) {
  Result<VersionLifecycle*> v = Acting(journey, version, LifecycleAction::kDelete);
  if (!v) return Fail(std::move(v.error()));
  bool test_ended = (*v)->test.has_value();
  journey.versions.erase(journey.versions.begin() + (*v - journey.versions.data()));
  return DeleteOutcome{version, journey.versions.empty(), test_ended};
}

Result<StatusChange> StartTest(JourneyLifecycle& journey, int version, std::optional<Duration> wait,
                               Time now, std::string_view by,
                               const std::vector<Problem>& validation_errors) {
  if (wait && (*wait <= Duration::zero() || *wait > kMaxTestWait)) {
    std::string message = "a test mode's wait must be above zero and at most " +
                          FormatDuration(kMaxTestWait) + ", not " + FormatDuration(*wait);
    return Fail(Error::InvalidArgument(message, {Problem{"bad_wait", "$.wait", "", message}}));
  }
  Result<VersionLifecycle*> v = Acting(journey, version, LifecycleAction::kTestStart);
  if (!v) return Fail(std::move(v.error()));
  if ((*v)->test) {
    return Fail(Refusal("test_mode", VersionName(version) + " is already in test mode (since " +
                                         FormatTime((*v)->test->started_at) +
                                         "); stop test mode first to start a new session"));
  }
  if (!validation_errors.empty()) {
    return Fail(Error::InvalidDefinition(
        VersionName(version) + " cannot be tested: its definition has " +
            std::to_string(validation_errors.size()) + " validation error" +
            (validation_errors.size() == 1 ? "" : "s") + "; fix them and start test mode again",
        validation_errors));
  }
  VersionLifecycle next = **v;
  next.test = TestMode{now, wait.value_or(kDefaultTestWait)};
  next.history.push_back(TransitionRecord{now, LifecycleAction::kTestStart, std::string(by),
                                          std::string(kReasonManual)});
  return Commit(**v, std::move(next));
}

Result<StatusChange> StopTest(JourneyLifecycle& journey, int version, Time now,
                              std::string_view by) {
  Result<VersionLifecycle*> v = Acting(journey, version, LifecycleAction::kTestStop);
  if (!v) return Fail(std::move(v.error()));
  if (!(*v)->test) {
    return Fail(Refusal("not_in_test_mode",
                        VersionName(version) + " is not in test mode: there is nothing to stop"));
  }
  VersionLifecycle next = **v;
  next.test.reset();
  next.history.push_back(TransitionRecord{now, LifecycleAction::kTestStop, std::string(by),
                                          std::string(kReasonManual)});
  return Commit(**v, std::move(next));
}

}  // namespace parcours
