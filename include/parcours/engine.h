// The Parcours engine: journeys run here (DESIGN.md §1-§3).
//
// An Engine owns a store (RocksDB in a data directory, or memory for tests), the catalog of
// journeys, the partitions that process profiles' inputs, the durable timers, the outbox of
// actions and the clock. Everything the HTTP API can do is a method here; the server is a thin
// layer over it.
//
// Threads: with `threads == 0` the engine is synchronous and deterministic: each call does its
// work (and all the work it causes: timers due, action results, lifecycle effects) on the
// caller's thread before returning; that is how tests run whole journeys in virtual time. With
// `threads > 0`, a background thread also fires timers (system clock) and applies action
// results as they come; methods may be called from any thread. A group of inputs is led by one
// caller (the group commit's leader); its partitions are processed side by side by `workers`
// threads, each partition by one of them, in order.
//
// Durability: an event whose Ingest returned successfully has its immediate steps committed
// (atomically with its de-duplication record, its instances' new state, timers, actions and
// report counters) with the configured durability (parcours/store.h: kSync survives a machine
// crash). A crash never leaves half a step.
//
// Errors follow parcours/error.h: kInvalidArgument bad input, kNotFound unknown ids,
// kFailedPrecondition a refused transition (message names the status and the rule),
// kInvalidDefinition publish of an invalid draft, kUnavailable store failure.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parcours/error.h"
#include "parcours/journey.h"
#include "parcours/lifecycle.h"
#include "parcours/store.h"
#include "parcours/time.h"
#include "parcours/validation.h"

namespace parcours {

// ---------------------------------------------------------------------------------------------
// Instances.

enum class InstanceStatus : std::uint8_t { kInProgress, kFinished, kError, kTimedOut };
// "in_progress", "finished", "error", "timed_out".
const char* InstanceStatusName(InstanceStatus status);
std::optional<InstanceStatus> ParseInstanceStatus(std::string_view name);

enum class ExitReason : std::uint8_t {
  kNone,  // still in progress
  kEnd,
  kNoMatchingCondition,
  kEventTimeout,
  kActionError,
  kActionTimeout,
  kExpressionError,
  kGlobalTimeout,
  kJourneyStopped,
  kExitCriteria,
  kRemoved,
  kPausedDiscard,
  kJump,
};
// "end", "no_matching_condition", ... (DESIGN.md); "" for kNone.
const char* ExitReasonName(ExitReason reason);
// The status an exit reason ends an instance with (DESIGN.md table).
InstanceStatus StatusOfExit(ExitReason reason);

enum class DiscardReason : std::uint8_t {
  kNotLive,
  kPaused,
  kOutsideSchedule,
  kConditionFalse,
  kAlreadyInJourney,
  kReentranceNotAllowed,
  kReentranceWait,
  kNotTestProfile,    // test mode: the profile's attribute testProfile is not true
  kTestProfileLimit,  // test mode: kMaxTestProfiles distinct profiles already entered the session
};
// "not_live", "paused", "outside_schedule", "condition_false", "already_in_journey",
// "reentrance_not_allowed", "reentrance_wait", "not_test_profile", "test_profile_limit".
const char* DiscardReasonName(DiscardReason reason);

// One step of an instance's history: when, at which activity, what happened and why (e.g.
// outcome "branch" with detail "VIP: profile.tier in ['gold', 'platinum'] was true").
struct HistoryEntry {
  Time at;
  std::string node;
  std::string outcome;
  std::string detail;
};

struct InstanceView {
  std::string id;
  std::string journey_id;
  int version = 0;
  std::string profile_id;
  InstanceStatus status = InstanceStatus::kInProgress;
  std::string current_node;  // where the profile is, or where it ended
  Time entered_at;
  std::optional<Time> ended_at;
  ExitReason exit_reason = ExitReason::kNone;
  std::string end_tag;  // the end node reached, else empty
  bool test = false;    // entered a draft in test mode (removed when test mode ends)
  std::vector<HistoryEntry> history;
};

// ---------------------------------------------------------------------------------------------
// Journeys.

struct VersionView {
  std::string journey_id;
  int version = 0;
  VersionLifecycle lifecycle;    // status, timestamps, transition history
  JourneyDefinition definition;  // normalized
};

struct JourneySummary {
  std::string id;
  std::string name;
  std::vector<std::pair<int, VersionStatus>> versions;
};

struct JourneyView {
  std::string id;
  std::string name;
  std::vector<VersionView> versions;
};

enum class ReportWindow { kAllTime, kLast24Hours };

struct NodeCounts {
  std::int64_t entered = 0;
  std::int64_t left = 0;
  std::int64_t failed = 0;
};

// The counts of one version. A draft in test mode has the counts of its test session (test_mode
// true); they are cleared when test mode ends (stop, publish, delete), so a published version's
// report never holds test counts.
struct Report {
  VersionStatus status = VersionStatus::kDraft;
  bool test_mode = false;
  std::int64_t entered = 0;
  std::int64_t in_progress = 0;  // always the current number
  std::int64_t finished = 0;
  std::int64_t error = 0;
  std::int64_t timed_out = 0;
  std::map<std::string, std::pair<std::string, std::int64_t>> end_tags;  // id -> (label, count)
  std::map<std::string, NodeCounts> nodes;                               // every activity
  std::map<std::string, std::int64_t> discarded;                         // reason -> count
};

// ---------------------------------------------------------------------------------------------
// Inputs from outside.

struct Event {
  std::string id;  // empty: generated, no de-duplication
  std::string type;
  std::string profile_id;
  std::optional<Time> timestamp;  // default: when it is received
  boost::json::object data;
};

struct IngestResult {
  std::int64_t accepted = 0;
  std::int64_t duplicates = 0;
};

// An audience: an explicit list of profile ids, or an expression over profile attributes
// evaluated at run time over every known profile.
struct Audience {
  std::string id;
  std::vector<std::string> profiles;
  std::optional<std::string> when;
};

// ---------------------------------------------------------------------------------------------
// Actions leave through a dispatcher and their results come back.

enum class ActionOutcome : std::uint8_t { kSuccess, kError, kTimeout };

struct ActionRequest {
  std::string instance_id;
  std::string journey_id;
  int version = 0;
  std::string node;
  std::string profile_id;
  std::string idempotency_key;   // stable per (instance, activity)
  std::string kind;              // "webhook", "email", "log"
  boost::json::object rendered;  // the action with its templates rendered
  Duration timeout{};            // per try
  int retries = 0;
};

struct ActionResult {
  ActionOutcome outcome = ActionOutcome::kSuccess;
  std::string detail;  // recorded in the instance history (status, latency, start of body...)
};

// Delivers actions. Dispatch does not wait for the network (it may block while the
// dispatcher's bounded queue is full: backpressure onto ingestion, safe because the engine calls
// it after its commit with no lock held); it calls `done` exactly once, from any thread, when
// the last try has succeeded, failed or timed out (retries are the dispatcher's job).
// Delivery is at least once: after a crash, actions not yet reported done are dispatched again
// with the same idempotency key.
class ActionDispatcher {
 public:
  virtual ~ActionDispatcher() = default;
  virtual void Dispatch(ActionRequest request, std::function<void(ActionResult)> done) = 0;
};

// ---------------------------------------------------------------------------------------------

// Counters of the engine's work since it opened, for /metrics.
struct EngineStats {
  std::int64_t events_accepted = 0;
  std::int64_t events_duplicate = 0;
  std::int64_t inputs_processed = 0;  // every input: events, timers, action results, ...
  std::int64_t groups_committed = 0;  // batches written (each may hold many inputs)
  std::int64_t timers_fired = 0;
  // Time to process one group (process + commit), in a histogram: bucket upper bounds in
  // seconds and cumulative counts, Prometheus style; plus the sum in seconds.
  std::vector<double> group_seconds_bounds;
  std::vector<std::int64_t> group_seconds_counts;  // cumulative, one per bound, then +Inf
  double group_seconds_sum = 0;
  std::int64_t queued_inputs = 0;      // waiting for the next group
  std::int64_t timers_in_memory = 0;   // the loaded window of every partition
  std::int64_t actions_in_flight = 0;  // handed to the dispatcher, not answered yet
  std::map<std::string, std::int64_t> action_outcomes;  // "<kind>:<success|error|timeout>"
  int partitions = 0;
  // The engine's own work ("group": inputs with no caller waiting, such as action results;
  // "timers": timers and time-driven work; "flush"): failures counted by work, and the work
  // failing now with its last error (empty when healthy).
  std::map<std::string, std::int64_t> background_failures;
  std::map<std::string, std::string> failing;
};

// A failure of the engine's own work, or its recovery (`recovered`), reported to whoever opened
// the engine: first when it happens, then at most every 10 s while it lasts (`failures` since
// the last report).
// Work "store": the store found its data corrupt (kind kDataLoss), in any call; it never
// recovers, and the node should stop.
struct BackgroundEvent {
  std::string work;
  bool recovered = false;
  std::string error;
  ErrorKind kind = ErrorKind::kInternal;  // of the error
  std::int64_t failures = 0;
};
using BackgroundReport = std::function<void(const BackgroundEvent&)>;

enum class ClockMode { kSystem, kManual };

struct EngineOptions {
  // Where the data lives: a RocksDB directory (created if missing), or, when empty, memory.
  std::filesystem::path data_dir;
  // Only used when a data directory is created; afterwards the stored number is used.
  int partitions = 16;
  int threads = 0;  // 0: synchronous (see above)
  // Threads that process the partitions of one group side by side (with threads > 0 only; the
  // synchronous engine uses the caller's). 0: one per core, at most 8 and at most `partitions`.
  int workers = 0;
  ClockMode clock = ClockMode::kSystem;
  // For the manual clock: where it starts when the data directory is new (default: the wall
  // clock). It never goes back below where it stood when the directory was last used.
  std::optional<Time> manual_start;
  Durability durability = Durability::kSync;
  // Delivers webhook and e-mail actions; null: they fail ("no dispatcher configured").
  // `log` actions are always delivered by the engine itself. Not owned; must outlive the engine.
  ActionDispatcher* dispatcher = nullptr;
  // Tests only: use this store instead of opening one (not owned; must outlive the engine).
  Store* store = nullptr;
  // Told of failures of the engine's own work and of their end (the server logs them); called
  // on an engine thread, never with an engine lock held. May be empty.
  BackgroundReport on_background;
};

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> Open(const EngineOptions& options);
  virtual ~Engine() = default;

  // Journeys. `by` is who asks (a token name, "anonymous").
  virtual Result<VersionView> CreateJourney(JourneyDefinition definition, std::string_view by) = 0;
  virtual Result<VersionView> ReplaceDefinition(std::string_view journey_id, int version,
                                                JourneyDefinition definition,
                                                std::string_view by) = 0;
  virtual Result<ValidationReport> ValidateVersion(std::string_view journey_id, int version) = 0;
  virtual Result<VersionView> Publish(std::string_view journey_id, int version,
                                      std::string_view by) = 0;
  virtual Result<VersionView> Pause(std::string_view journey_id, int version, PauseMode mode,
                                    std::optional<Duration> pause_for, std::string_view by) = 0;
  virtual Result<VersionView> Resume(std::string_view journey_id, int version,
                                     std::string_view by) = 0;
  virtual Result<VersionView> Close(std::string_view journey_id, int version,
                                    std::string_view by) = 0;
  virtual Result<VersionView> Stop(std::string_view journey_id, int version,
                                   std::string_view by) = 0;
  virtual Result<VersionView> NewVersion(std::string_view journey_id, std::string_view by) = 0;
  virtual Result<VersionView> Duplicate(std::string_view journey_id, std::optional<int> version,
                                        std::optional<std::string> name, std::string_view by) = 0;
  // A draft in test mode may be deleted: its test session ends first (as StopTest).
  virtual Status DeleteVersion(std::string_view journey_id, int version, std::string_view by) = 0;

  // Test mode (docs/testing-journeys.md). StartTest puts draft `version` in test mode: it stays a
  // draft, but profiles whose attribute `testProfile` is true enter it on its entry event (others
  // are discarded as not_test_profile, and after kMaxTestProfiles distinct profiles as
  // test_profile_limit, counted in the test report); waits and wait-for-event timeouts last at
  // most `wait` (kDefaultTestWait when absent); splits take their first branch; actions are
  // really delivered. Refused (kFailedPrecondition) for a version that is not a draft, a draft
  // already in test mode, or a journey entered from an audience; kInvalidDefinition for a draft
  // that fails validation; kInvalidArgument for a bad wait. Durable: it survives a restart.
  virtual Result<VersionView> StartTest(std::string_view journey_id, int version,
                                        std::optional<Duration> wait, std::string_view by) = 0;
  // Ends test mode: every test instance of the version is removed (with its history, timers and
  // pending actions; results of actions in flight are then ignored) and the test report is
  // cleared, in one atomic write. Publish does the same before the version goes live.
  virtual Result<VersionView> StopTest(std::string_view journey_id, int version,
                                       std::string_view by) = 0;
  virtual Result<JourneyView> GetJourney(std::string_view journey_id) = 0;
  virtual Result<VersionView> GetVersion(std::string_view journey_id, int version) = 0;
  virtual Result<std::vector<JourneySummary>> ListJourneys(std::optional<VersionStatus> status) = 0;
  virtual Result<Report> GetReport(std::string_view journey_id, int version,
                                   ReportWindow window) = 0;

  // Events. All are checked first (an empty type, a bad profile id): one bad event refuses the
  // whole call and nothing is accepted. Returns once every event is durable and its immediate
  // steps are done (entries, discards, exits counted).
  virtual Result<IngestResult> Ingest(std::vector<Event> events) = 0;

  // Profiles and audiences.
  virtual Status PutProfile(std::string_view profile_id, boost::json::object attributes,
                            bool merge) = 0;
  // NotFound for a profile never set nor seen in an event.
  virtual Result<boost::json::object> GetProfile(std::string_view profile_id) = 0;
  virtual Status PutAudience(Audience audience) = 0;
  virtual Result<Audience> GetAudience(std::string_view audience_id) = 0;
  // How many profiles an audience has now.
  virtual Result<std::int64_t> AudienceSize(std::string_view audience_id) = 0;

  // Instances.
  virtual Result<InstanceView> GetInstance(std::string_view instance_id) = 0;
  // Every instance of the profile, ended ones too, oldest first.
  virtual Result<std::vector<InstanceView>> ProfileInstances(std::string_view profile_id) = 0;
  struct InstancePage {
    std::vector<InstanceView> instances;
    std::string next;  // cursor for the next page, empty at the end
  };
  virtual Result<InstancePage> ListInstances(std::string_view journey_id, int version,
                                             std::optional<InstanceStatus> status, int limit,
                                             std::string_view cursor) = 0;
  // Takes the profile out now (finished, exit reason removed); returns once done.
  virtual Status RemoveInstance(std::string_view instance_id, std::string_view by) = 0;

  // The clock.
  virtual Time Now() const = 0;
  virtual bool HasManualClock() const = 0;
  // Manual clock only (else kFailedPrecondition): moves time to `to` (never backwards) and
  // returns after every timer and journey-level transition due by then has fired, in due
  // order, and its immediate steps are done.
  virtual Status AdvanceClock(Time to) = 0;

  virtual EngineStats Stats() const = 0;

  // Waits until no input is queued and no action is in flight (actions the dispatcher holds
  // count as in flight). With threads == 0 it runs that work itself.
  virtual void WaitIdle() = 0;
};

}  // namespace parcours
