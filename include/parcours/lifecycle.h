// The lifecycle of a journey's versions: which statuses exist, which transitions are allowed,
// and what each one records (DESIGN.md §1, "Journey, version, status").
//
// Everything here is pure: no I/O, no clock reads, no globals. Time comes in as `now`; the
// caller (the command layer, the engine's timers) stores the result. The rules live here and
// only here, so the HTTP layer, the engine and the CLI never re-derive them.
//
// Every operation either succeeds, or fails and changes nothing (the journey is left exactly
// as it was passed in). Failures, by kind (parcours/error.h):
//   kInvalidArgument    a bad argument (a pause `for` of zero or above P14D)       (400)
//   kNotFound           the journey has no such version                             (404)
//   kFailedPrecondition the transition is not allowed in the version's status; the message
//                       names the version, its status and the rule, and carries one Problem
//                       whose `code` is stable (see "Problem codes" below)          (409)
//   kInvalidDefinition  publish of a draft whose definition fails validation; the problems
//                       are the validation errors the caller passed in              (422)
//   kInternal           the stored lifecycle breaks an invariant (e.g. a closed version with
//                       no close time)                                              (500)
// Arguments are checked first, then the version is looked up, then its status.
//
// Problem codes of kFailedPrecondition refusals:
//   "status_conflict"  the action does not apply to a version in this status
//   "not_reopenable"   publish, pause or resume of a closed, stopped or finished version: such a
//                      version can never be reopened or restarted
//   "draft_exists"     a new version while the journey already has a draft
//   "not_deletable"    delete of a live, paused, closed or stopped version
//   "not_due"          finish before the global timeout has elapsed since the close
//   "test_mode"        a change to the definition of a draft in test mode, or test/start of a
//                      draft already in test mode: stop test mode first
//   "not_in_test_mode" test/stop of a draft that is not in test mode
//
// Definitions: the read-only rule of published versions and what may not change between
// versions are at the end of this file.
//
// Thread-safety: the functions keep no state; a JourneyLifecycle is a value and needs
// external synchronization like any other.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/error.h"
#include "parcours/time.h"

namespace parcours {

struct JourneyDefinition;  // parcours/journey.h

// ---------------------------------------------------------------------------------------------
// Statuses, actions, pause modes.

enum class VersionStatus { kDraft, kLive, kPaused, kClosed, kStopped, kFinished };

// "draft", "live", "paused", "closed", "stopped", "finished".
const char* VersionStatusName(VersionStatus status);
// The status named exactly `name` (as VersionStatusName spells it), else nullopt.
std::optional<VersionStatus> ParseVersionStatus(std::string_view name);

// What can be done to a version; recorded as the history's "action".
enum class LifecycleAction {
  kCreate,      // a new journey's version 1 (no existing version is acted on)
  kPublish,     // draft -> live
  kPause,       // live -> paused
  kResume,      // paused -> live
  kClose,       // live | paused -> closed
  kStop,        // live | paused | closed -> stopped
  kFinish,      // closed -> finished (time-driven)
  kNewVersion,  // a new draft copying the latest version
  kDuplicate,   // a new journey copying a version
  kDelete,      // a draft or finished version goes away
  kTestStart,   // a draft enters test mode (it stays a draft)
  kTestStop,    // a draft leaves test mode (by hand, or deleted while in test mode)
};

// "create", "publish", "pause", "resume", "close", "stop", "finish", "new_version",
// "duplicate", "delete", "test_start", "test_stop".
const char* LifecycleActionName(LifecycleAction action);
std::optional<LifecycleAction> ParseLifecycleAction(std::string_view name);

// What a paused version does with a profile that reaches its next action: `hold` keeps it
// there until the version resumes (or closes), `discard` ends it (exit reason paused_discard).
enum class PauseMode { kHold, kDiscard };

// "hold", "discard".
const char* PauseModeName(PauseMode mode);
std::optional<PauseMode> ParsePauseMode(std::string_view name);

// A pause lasts at most, and by default, 14 days.
inline constexpr Duration kMaxPause = std::chrono::days(14);
inline constexpr Duration kDefaultPause = kMaxPause;

// Test mode (issue 8): a draft runs for real on test profiles before it is published. While in
// test mode its waits and wait-for-event timeouts last at most `wait` (kDefaultTestWait unless
// the test/start request says otherwise; above zero and at most kMaxTestWait).
inline constexpr Duration kDefaultTestWait = std::chrono::seconds(10);
inline constexpr Duration kMaxTestWait = std::chrono::days(1);
// At most this many distinct profiles enter one test session.
inline constexpr int kMaxTestProfiles = 100;

// Who made a transition, when no token name applies.
inline constexpr std::string_view kBySystem = "system";        // Parcours itself
inline constexpr std::string_view kByAnonymous = "anonymous";  // a server running without tokens

// Reasons recorded in the history.
inline constexpr std::string_view kReasonManual = "manual";  // asked for through the API/CLI
inline constexpr std::string_view kReasonNewVersionPublished = "new_version_published";
inline constexpr std::string_view kReasonAudienceReadComplete = "audience_read_complete";
inline constexpr std::string_view kReasonLastOccurrence = "last_occurrence";
inline constexpr std::string_view kReasonScheduleEnded = "schedule_ended";  // schedule `until`
inline constexpr std::string_view kReasonPauseExpired = "pause_expired";
inline constexpr std::string_view kReasonGlobalTimeoutElapsed = "global_timeout_elapsed";
// new_version records "copy_of:<version>"; duplicate records "copy_of:<journey id>/<version>"
// ('/' never occurs in a journey id).

// ---------------------------------------------------------------------------------------------
// The state.

// One entry of a version's history: what happened, when, asked by whom (a token name,
// kBySystem or kByAnonymous) and why.
struct TransitionRecord {
  Time at;
  LifecycleAction action = LifecycleAction::kCreate;
  std::string by;
  std::string reason;

  friend bool operator==(const TransitionRecord&, const TransitionRecord&) = default;
};

// A draft's test session: when it started and how long waits last at most.
struct TestMode {
  Time started_at;
  Duration wait = kDefaultTestWait;

  friend bool operator==(const TestMode&, const TestMode&) = default;
};

// The lifecycle of one version. Invariants kept by the operations below:
//   published_at is set iff status != kDraft; closed_at is set when status is kClosed or
//   kFinished (and stays set if a closed version is stopped); stopped_at iff kStopped;
//   finished_at iff kFinished; pause_mode and paused_until are set iff kPaused;
//   history is in time order and its first record is create, new_version or duplicate;
//   test is set only while status is kDraft (publishing ends test mode).
struct VersionLifecycle {
  int version = 0;
  VersionStatus status = VersionStatus::kDraft;
  Time created_at;
  std::optional<Time> published_at;
  std::optional<Time> closed_at;
  std::optional<Time> stopped_at;
  std::optional<Time> finished_at;
  std::optional<PauseMode> pause_mode;
  std::optional<Time> paused_until;
  std::optional<TestMode> test;  // the draft is in test mode
  std::vector<TransitionRecord> history;

  friend bool operator==(const VersionLifecycle&, const VersionLifecycle&) = default;
};

// The lifecycle of all of a journey's versions. Invariants kept by the operations below:
// `versions` is ordered by version number, with no repeats; at most one version is a draft;
// at most one is live or paused. `last_assigned_version` is the highest version number ever
// given in this journey, kept across deletes so that a number is never reused (ended instances
// of a deleted version stay in profile histories under its number); store it with the rest.
struct JourneyLifecycle {
  std::vector<VersionLifecycle> versions;
  int last_assigned_version = 0;

  friend bool operator==(const JourneyLifecycle&, const JourneyLifecycle&) = default;
};

// Lookups. Each returns a pointer into `journey` (valid until it next changes), or nullptr.
const VersionLifecycle* FindVersion(const JourneyLifecycle& journey, int version);
const VersionLifecycle* LatestVersion(const JourneyLifecycle& journey);  // highest number
const VersionLifecycle* DraftVersion(const JourneyLifecycle& journey);
const VersionLifecycle* LiveOrPausedVersion(const JourneyLifecycle& journey);

// The version whose entry decides whether an event is an entry event, and where its discard
// is counted (DESIGN.md "Fine points"): the live or paused version; with none, the latest
// published (non-draft) version; nullptr when no version was ever published.
const VersionLifecycle* EntryVersion(const JourneyLifecycle& journey);

// ---------------------------------------------------------------------------------------------
// The transition table.

// Whether `action` may be applied to a version in status `from`, judged on the status alone:
//   publish      draft
//   pause        live
//   resume       paused
//   close        live, paused
//   stop         live, paused, closed
//   finish       closed (Finish also needs the global timeout to have elapsed)
//   new_version  applied to the latest version, whatever its status, except a draft
//                ("draft_exists": at most one draft per journey, and a draft is always the
//                latest version)
//   duplicate    any status
//   delete       draft, finished ("not_deletable" otherwise)
//   test_start   draft (StartTest also refuses a draft already in test mode, "test_mode")
//   test_stop    draft (StopTest also refuses a draft not in test mode, "not_in_test_mode")
//   create       never: it makes a new journey and acts on no existing version
// A refusal is kFailedPrecondition as described at the top, with "the version" as the subject
// ("the version is closed: a closed version can never be reopened or restarted; ...").
// Every operation below checks its version's status with this table.
Status CheckTransition(VersionStatus from, LifecycleAction action);

// ---------------------------------------------------------------------------------------------
// Operations on a journey. Each changes `journey` only when it succeeds.

// One version's change of status.
struct StatusChange {
  int version = 0;
  VersionStatus from = VersionStatus::kDraft;
  VersionStatus to = VersionStatus::kDraft;

  friend bool operator==(const StatusChange&, const StatusChange&) = default;
};

// A new journey: version 1, a draft, history [create by `by`, reason "manual"].
JourneyLifecycle CreateJourney(Time now, std::string_view by);

struct PublishOutcome {
  StatusChange published;            // the version, draft -> live
  std::vector<StatusChange> closed;  // the previous live or paused version, now closed
  bool test_ended = false;           // the draft was in test mode: the caller removes its test
                                     // instances (and test reports) before it goes live
};

// Publishes draft `version`: it becomes live, and the journey's previous live or paused
// version is closed (by kBySystem, reason kReasonNewVersionPublished); a paused one loses its
// pause, which releases its held profiles. `validation_errors` are what validating the
// version's definition found; when there are any, publish is refused as kInvalidDefinition
// carrying them (after the status check: a closed version is a 409 whatever its definition).
Result<PublishOutcome> Publish(JourneyLifecycle& journey, int version, Time now,
                               std::string_view by, const std::vector<Problem>& validation_errors);

// Pauses live `version` in `mode` for `pause_for` (kDefaultPause when absent; above zero and at
// most kMaxPause, else kInvalidArgument with a Problem at path "$.for"). Records
// paused_until = now + pause_for. The global timeout keeps running meanwhile.
Result<StatusChange> Pause(JourneyLifecycle& journey, int version, PauseMode mode,
                           std::optional<Duration> pause_for, Time now, std::string_view by);

// Resumes paused `version` (by hand: reason kReasonManual; when the pause runs out: kBySystem,
// kReasonPauseExpired; see ApplyDueTransition). Held profiles go on.
Result<StatusChange> Resume(JourneyLifecycle& journey, int version, Time now, std::string_view by,
                            std::string_view reason = kReasonManual);

// Closes live or paused `version` to new entrances; profiles inside go on to their end (a
// paused version's held profiles are released). `reason` is kReasonManual, or for automatic
// closes (by kBySystem) kReasonAudienceReadComplete, kReasonLastOccurrence or
// kReasonScheduleEnded. Publishing closes the previous version itself (see Publish).
Result<StatusChange> Close(JourneyLifecycle& journey, int version, Time now, std::string_view by,
                           std::string_view reason = kReasonManual);

// Stops live, paused or closed `version` in an emergency (reason kReasonManual). The caller
// then times out everyone inside (journey_stopped) and drops timers and pending actions.
Result<StatusChange> Stop(JourneyLifecycle& journey, int version, Time now, std::string_view by);

// Finishes closed `version` (by kBySystem, reason kReasonGlobalTimeoutElapsed), allowed only
// when now >= closed_at + global_timeout (the version's definition's `globalTimeout`); earlier
// it is refused ("not_due") with the time it will finish.
Result<StatusChange> Finish(JourneyLifecycle& journey, int version, Time now,
                            Duration global_timeout);

struct NewVersionOutcome {
  int source_version = 0;  // the latest version: the caller copies its definition
  int new_version = 0;     // the new draft's number
};

// Adds a new draft copying the latest version, numbered last_assigned_version + 1; its history
// is [new_version by `by`, reason "copy_of:<source>"]. Refused ("draft_exists") when the
// journey already has a draft, or kNotFound when it has no version at all.
Result<NewVersionOutcome> NewVersion(JourneyLifecycle& journey, Time now, std::string_view by);

struct DuplicateOutcome {
  JourneyLifecycle journey;  // the new journey: version 1, a draft
  int source_version = 0;    // the caller copies this version's definition
};

// A new journey copying `version` (the latest when absent) of `source`, which may be in any
// status: version 1, a draft, history [duplicate by `by`, reason
// "copy_of:<source_journey_id>/<version>"]. `source` is not changed.
Result<DuplicateOutcome> Duplicate(const JourneyLifecycle& source,
                                   std::string_view source_journey_id, std::optional<int> version,
                                   Time now, std::string_view by);

struct DeleteOutcome {
  int version = 0;
  bool journey_empty = false;  // it was the last version: the caller deletes the journey
  bool test_ended = false;     // a draft in test mode: the caller removes its test instances
};

// Deletes draft or finished `version` ("not_deletable" for any other status). A draft in test
// mode may be deleted: its test session ends with it.
Result<DeleteOutcome> Delete(JourneyLifecycle& journey, int version);

// Puts draft `version` in test mode (status stays kDraft) with waits of at most `wait`
// (kDefaultTestWait when absent; above zero and at most kMaxTestWait, else kInvalidArgument with
// a Problem at "$.wait"). Like publish, a draft whose definition fails validation cannot be
// tested (kInvalidDefinition carrying `validation_errors`). Refused ("test_mode") when it already
// is in test mode. Records test_start by `by`, reason kReasonManual.
Result<StatusChange> StartTest(JourneyLifecycle& journey, int version, std::optional<Duration> wait,
                               Time now, std::string_view by,
                               const std::vector<Problem>& validation_errors);

// Ends the test mode of draft `version` ("not_in_test_mode" when it is not in test mode).
// Records test_stop. The caller removes the test instances, their timers and actions, and the
// test report.
Result<StatusChange> StopTest(JourneyLifecycle& journey, int version, Time now,
                              std::string_view by);

// ---------------------------------------------------------------------------------------------
// Transitions driven by time. The engine asks when a version next changes on its own, sets a
// timer for then, and applies it when the timer fires.

// What a version's definition says that bears on its lifecycle.
struct VersionTiming {
  Duration global_timeout = std::chrono::days(30);  // `globalTimeout`
  std::optional<Time> schedule_until;               // `schedule.until`: the version closes then
};

struct DueTransition {
  int version = 0;
  Time at;  // when it is due
  // kResume (kReasonPauseExpired), kClose (kReasonScheduleEnded) or kFinish
  // (kReasonGlobalTimeoutElapsed).
  LifecycleAction action = LifecycleAction::kResume;
  std::string_view reason;

  friend bool operator==(const DueTransition&, const DueTransition&) = default;
};

// The next transition `version` makes on its own, or nullopt when none is pending:
//   live    close at schedule_until (schedule_ended)
//   paused  resume at paused_until (pause_expired), or close at schedule_until when that is
//           not later (a close makes the resume moot)
//   closed  finish at closed_at + global_timeout (global_timeout_elapsed)
// Draft, stopped and finished versions change only when asked.
std::optional<DueTransition> NextDueTransition(const VersionLifecycle& version,
                                               const VersionTiming& timing);

// Applies NextDueTransition of `version` if it is due at `now` (at <= now), recorded at `now`
// by kBySystem; nullopt when nothing is due (then nothing changes). Call it again after a
// transition: another may be due at once (a resumed version whose schedule has ended).
Result<std::optional<StatusChange>> ApplyDueTransition(JourneyLifecycle& journey, int version,
                                                       Time now, const VersionTiming& timing);

// ---------------------------------------------------------------------------------------------
// Definitions.

// The read-only rule: a draft's definition may change freely, except in test mode (refused,
// "test_mode": stop test mode first); a published version's (live,
// paused, closed, stopped, finished) only in names, descriptions and labels. `after` should be
// normalized against `before` first (parcours::Normalize), so end tags dropped from the text
// come back. Refusal: kFailedPrecondition naming the version's status and the rule, whose
// problems (code "read_only") give the path of each change.
Status CheckDefinitionEdit(const VersionLifecycle& version, const JourneyDefinition& before,
                           const JourneyDefinition& after);

// What may not change from one version of a journey to the next (DESIGN.md: "The entry type
// and the re-entrance rule cannot change between versions"): problems with codes
// "entry_type_changed" and "reentrance_changed", to be reported with the validation errors
// (they block publishing the new version). Empty when compatible.
std::vector<Problem> ChangesAcrossVersions(const JourneyDefinition& previous,
                                           const JourneyDefinition& next);

}  // namespace parcours
