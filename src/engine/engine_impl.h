// The engine's implementation (parcours/engine.h). Split by concern:
//   engine_open.cc      opening: store, meta, catalog, partitions, clock, outbox re-delivery
//   engine_runtime.cc   submitting inputs, group commit, action delivery, the clock, time-driven
//                       work, the background thread
//   engine_journeys.cc  journey commands: create, edit, validate, lifecycle transitions
//   engine_queries.cc   reads: journeys, versions, reports, instances, profiles, audiences
//   audience_runs.cc    audience reads: who is in an audience, when each profile enters
//
// Concurrency: inputs are submitted to a queue; the submitting thread that finds no group in
// progress becomes the leader, takes everything queued, has `workers_` process its partitions
// side by side (partition p by worker p % count, each into its own overlay) and commits the
// overlays' writes in one batch (group commit); followers wait for their inputs' outcomes.
// Journey commands are serialized by `commands_`; the catalog is an immutable snapshot swapped
// under `catalog_mutex_`.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/background_health.h"
#include "engine/catalog.h"
#include "engine/outbox.h"
#include "engine/partition.h"
#include "engine/workers.h"
#include "parcours/corruption_watch.h"
#include "parcours/engine.h"

namespace parcours::engine {

// One read of an audience into a journey version: who enters, and when.
struct AudienceRunState {
  std::string journey;
  int version = 0;
  int occurrence = 0;                   // how many occurrences have started (1 for the first)
  Time started;                         // when the current occurrence started
  std::vector<std::string> profiles;    // who enters in the current occurrence
  std::size_t next = 0;                 // the next profile to enter
  bool active = false;                  // an occurrence is in progress
  std::optional<Time> next_occurrence;  // when the next one starts, if any

  // When profile `next` enters (start + next / rate).
  Time NextEntry(std::optional<double> rate) const;
};

class EngineImpl : public Engine {
 public:
  static Result<std::unique_ptr<EngineImpl>> Open(const EngineOptions& options);
  ~EngineImpl() override;

  // Journeys (engine_journeys.cc).
  Result<VersionView> CreateJourney(JourneyDefinition definition, std::string_view by) override;
  Result<VersionView> ReplaceDefinition(std::string_view journey_id, int version,
                                        JourneyDefinition definition, std::string_view by) override;
  Result<ValidationReport> ValidateVersion(std::string_view journey_id, int version) override;
  Result<VersionView> Publish(std::string_view journey_id, int version,
                              std::string_view by) override;
  Result<VersionView> Pause(std::string_view journey_id, int version, PauseMode mode,
                            std::optional<Duration> pause_for, std::string_view by) override;
  Result<VersionView> Resume(std::string_view journey_id, int version,
                             std::string_view by) override;
  Result<VersionView> Close(std::string_view journey_id, int version, std::string_view by) override;
  Result<VersionView> Stop(std::string_view journey_id, int version, std::string_view by) override;
  Result<VersionView> NewVersion(std::string_view journey_id, std::string_view by) override;
  Result<VersionView> Duplicate(std::string_view journey_id, std::optional<int> version,
                                std::optional<std::string> name, std::string_view by) override;
  Status DeleteVersion(std::string_view journey_id, int version, std::string_view by) override;
  Result<VersionView> StartTest(std::string_view journey_id, int version,
                                std::optional<Duration> wait, std::string_view by) override;
  Result<VersionView> StopTest(std::string_view journey_id, int version,
                               std::string_view by) override;

  // Queries (engine_queries.cc).
  Result<JourneyView> GetJourney(std::string_view journey_id) override;
  Result<VersionView> GetVersion(std::string_view journey_id, int version) override;
  Result<std::vector<JourneySummary>> ListJourneys(std::optional<VersionStatus> status) override;
  Result<Report> GetReport(std::string_view journey_id, int version, ReportWindow window) override;
  Result<boost::json::object> GetProfile(std::string_view profile_id) override;
  Result<Audience> GetAudience(std::string_view audience_id) override;
  Result<std::int64_t> AudienceSize(std::string_view audience_id) override;
  Result<InstanceView> GetInstance(std::string_view instance_id) override;
  Result<std::vector<InstanceView>> ProfileInstances(std::string_view profile_id) override;
  Result<InstancePage> ListInstances(std::string_view journey_id, int version,
                                     std::optional<InstanceStatus> status, int limit,
                                     std::string_view cursor) override;

  // Inputs (engine_runtime.cc).
  Result<IngestResult> Ingest(std::vector<Event> events) override;
  Status PutProfile(std::string_view profile_id, boost::json::object attributes,
                    bool merge) override;
  Status PutAudience(Audience audience) override;
  Status RemoveInstance(std::string_view instance_id, std::string_view by) override;
  Time Now() const override;
  bool HasManualClock() const override { return options_.clock == ClockMode::kManual; }
  Status AdvanceClock(Time to) override;
  void WaitIdle() override;
  EngineStats Stats() const override;

 private:
  explicit EngineImpl(const EngineOptions& options)
      : options_(options), health_(options.on_background) {}

  // --- runtime ---
  using Inputs = std::vector<std::pair<keys::Partition, PartitionInput>>;
  struct Request {
    Inputs inputs;
    std::vector<Result<InputOutcome>> outcomes;
    bool done = false;
    bool posted = false;  // inputs nobody waits for (action results): kept when a write fails
    // Runs right after the group's write succeeded, before any later group starts: where a
    // journey command publishes its new catalog snapshot.
    std::function<void()> on_commit;
  };
  keys::Partition PartitionFor(std::string_view profile_id) const;
  // Processes `inputs` (each routed by its `partition`) and returns their outcomes once
  // committed. Thread-safe; group commit with concurrent callers.
  Result<std::vector<Result<InputOutcome>>> Submit(Inputs inputs,
                                                   std::function<void()> on_commit = {});
  // Queues inputs with no one waiting (action results).
  void Post(keys::Partition partition, PartitionInput input);
  // Runs one group: everything queued now; returns the actions its commit queued, for delivery.
  // REQUIRES: the caller is the leader.
  std::vector<OutboxAction> RunGroup(const std::vector<std::shared_ptr<Request>>& requests);
  void Deliver(std::vector<OutboxAction> actions);
  // Runs posted inputs until none is left (synchronous mode).
  void DrainPosted();
  // Fires what is due at `now`: journey transitions, audience entries, timers. Returns whether
  // anything was due.
  Result<bool> FireDue(Time now);
  // The earliest time at or before `until` when something is due.
  Result<std::optional<Time>> NextDue(Time until);
  void BackgroundLoop();
  Status SaveClock(Time now);

  // --- catalog ---
  std::shared_ptr<const CatalogSnapshot> Catalog() const;
  // Stores `journey` (or deletes it when null) and publishes the new snapshot.
  Status SaveJourney(const std::string& id, std::shared_ptr<const JourneyRecord> journey);
  Result<JourneyRecord> CopyJourney(std::string_view id) const;
  VersionView ViewOf(const JourneyRecord& journey, int version) const;
  using TransitionOp = std::function<Result<StatusChange>(JourneyLifecycle&, Time)>;
  // Applies `op` to a copy of the journey's lifecycle, stores it, then its consequences.
  Result<VersionView> RunTransition(std::string_view journey_id, int version,
                                    const TransitionOp& op);
  // The inputs that apply a lifecycle change to the version's instances and audience run.
  Inputs EffectsOf(const std::string& journey, const StatusChange& change) const;
  // Commits a journey's new record together with `effects` in one atomic write, then publishes
  // the new catalog snapshot (and runs `after`) before any later group is processed.
  Status CommitJourney(std::shared_ptr<const JourneyRecord> journey, Inputs effects,
                       std::function<void()> after = {});
  // The inputs that remove a test session: its instances in every partition, then its report.
  Inputs ClearTest(const std::string& journey, int version) const;
  // One input of `kind` for every partition.
  Inputs ToEveryPartition(PartitionInput::Kind kind, const std::string& journey, int version) const;
  void PublishSnapshot(const std::string& id, std::shared_ptr<const JourneyRecord> journey);
  Result<std::vector<Problem>> PublishProblems(const JourneyRecord& journey, int version) const;
  std::string NewJourneyId();
  // Journey-level transitions due at or before `until` (earliest first).
  std::optional<std::pair<std::string, DueTransition>> NextTransition(Time until) const;
  Status ApplyTransition(const std::string& journey, const DueTransition& due, Time now);

  // --- audience runs (audience_runs.cc) ---
  // The first run of an audience version published at `now`.
  std::optional<AudienceRunState> FirstRun(const JourneyRecord& journey, int version,
                                           Time now) const;
  static PartitionInput RunWrite(const AudienceRunState& run);
  Result<std::vector<std::string>> ResolveAudience(std::string_view audience_id, Time now);
  std::optional<Time> NextAudienceDue(Time until) const;
  // Enters the profiles due at `now`, at most kGroupInputs of them; returns whether it stopped
  // there with more due.
  Result<bool> FireAudience(Time now);
  Status LoadRuns();

  EngineOptions options_;
  std::unique_ptr<Store> owned_store_;
  std::unique_ptr<Store> watch_;  // CorruptionWatch over the store used
  Store* store_ = nullptr;        // the watch
  int partition_count_ = 0;
  std::vector<std::unique_ptr<Partition>> partitions_;
  std::unique_ptr<Workers> workers_;  // null: the synchronous engine processes on the caller

  mutable std::mutex catalog_mutex_;
  std::shared_ptr<const CatalogSnapshot> catalog_;
  std::mutex commands_;  // one journey command at a time

  mutable std::mutex queue_mutex_;
  std::condition_variable queue_cv_;   // a group ended (waiting submitters, WaitIdle)
  std::condition_variable posted_cv_;  // posted inputs arrived, or stopping (BackgroundLoop)
  std::deque<std::shared_ptr<Request>> queue_;
  std::vector<std::pair<keys::Partition, PartitionInput>> posted_;
  bool leader_busy_ = false;
  int delivering_ = 0;             // groups done whose actions are being handed to delivery
  std::atomic<int> in_flight_{0};  // actions handed to a dispatcher, not answered
  std::atomic<bool> last_group_failed_{false};  // the last group's write failed

  mutable std::mutex
      work_mutex_;          // held by the leader while it runs a group, and to read timer queues
  std::mutex clock_mutex_;  // one AdvanceClock at a time
  std::atomic<std::int64_t> manual_now_{0};

  mutable std::mutex runs_mutex_;
  std::map<std::pair<std::string, int>, AudienceRunState> runs_;

  // The engine's own work: failures counted, reported and shown in Stats() (background_health.h).
  BackgroundHealth health_;
  void RecordPosted(const Request& posted);
  void RecordTimers(const Result<bool>& fired) {
    health_.Record("timers", fired ? Status{} : Status(Fail(fired.error())));
  }

  // Statistics (Stats()).
  mutable std::mutex stats_mutex_;
  EngineStats stats_;
  void RecordGroup(std::int64_t inputs, std::int64_t timers, double seconds);
  void RecordOutcome(const std::string& kind, ActionOutcome outcome, std::int64_t count = 1);

  std::atomic<std::uint64_t> generated_{0};
  static constexpr Duration kSweepEvery = std::chrono::hours(1);
  // Time-driven work (timers, audience entries) is submitted in groups of at most this many
  // inputs: memory stays bounded and inputs submitted meanwhile are not held behind a million.
  static constexpr std::size_t kGroupInputs = 4096;
  std::atomic<std::int64_t> last_sweep_{0};  // when event ids were last forgotten
  std::thread background_;
  std::atomic<bool> stopping_{false};
};

}  // namespace parcours::engine
