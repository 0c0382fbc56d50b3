// Store failures (DESIGN.md §2: a step commits atomically; bad luck changes nothing): the
// engine runs over a store whose writes fail on demand. A call whose write failed returns
// kUnavailable and leaves no trace (no instance, no counter, no de-duplication record, no
// lifecycle change); the work it would have done happens when asked again.
#include "engine/tests/engine_test_util.h"
#include "store/fault_injecting_store.h"

namespace parcours::engine_test {
namespace {

// A wait, then the end.
constexpr std::string_view kWaitHour = R"json({
  "id": "wait", "name": "Wait", "entry": { "type": "event", "event": "e" },
  "start": "w",
  "nodes": [ { "id": "w", "type": "wait", "duration": "PT1H", "next": "done" },
             { "id": "done", "type": "end", "label": "Done" } ]
})json";

// A log action, then the end.
constexpr std::string_view kLog = R"json({
  "id": "log", "name": "Log", "entry": { "type": "event", "event": "e" },
  "start": "hello",
  "nodes": [ { "id": "hello", "type": "action",
               "action": { "kind": "log", "message": "hello {{profile.id}}" }, "next": "done" },
             { "id": "done", "type": "end", "label": "Done" } ]
})json";

// A webhook (answered by the test's dispatcher), then the end.
constexpr std::string_view kHook = R"json({
  "id": "hook", "name": "Hook", "entry": { "type": "event", "event": "e" },
  "start": "call",
  "nodes": [ { "id": "call", "type": "action", "retries": 0,
               "action": { "kind": "webhook", "url": "http://127.0.0.1:9/h",
                           "body": { "p": "{{profile.id}}" } }, "next": "done" },
             { "id": "done", "type": "end", "label": "Done" } ]
})json";

// Fails writes the FaultInjectingStore cannot single out: the n-th non-empty write from now, or
// writes touching a table, at most `budget` times (so that an engine retrying for ever does not
// hang the test: the budget spent shows it).
class SelectiveFailStore final : public Store {
 public:
  explicit SelectiveFailStore(Store& base) : base_(base) {}

  void FailWriteNumber(int n) {
    std::lock_guard lock(mu_);
    countdown_ = n;
  }
  void FailWritesTo(Table table, int budget) {
    std::lock_guard lock(mu_);
    table_ = table;
    budget_ = budget;
  }
  int failed() const {
    std::lock_guard lock(mu_);
    return failed_;
  }

  Result<std::optional<std::string>> Get(Table table, std::string_view key) override {
    return base_.Get(table, key);
  }
  Result<std::vector<std::optional<std::string>>> MultiGet(
      Table table, std::span<const std::string> keys) override {
    return base_.MultiGet(table, keys);
  }
  Status Write(const WriteBatch& batch, Durability durability) override {
    if (batch.empty()) return {};
    {
      std::lock_guard lock(mu_);
      bool fail = countdown_ > 0 && --countdown_ == 0;
      if (!fail && table_ && budget_ > 0) {
        for (const WriteBatch::Op& op : batch.ops()) fail = fail || op.table == *table_;
        if (fail) --budget_;
      }
      if (fail) {
        ++failed_;
        return Fail(Error::Unavailable("injected write failure"));
      }
    }
    return base_.Write(batch, durability);
  }
  Status Scan(Table table, std::string_view begin, std::string_view end,
              const Visitor& visit) override {
    return base_.Scan(table, begin, end, visit);
  }
  Status Flush() override { return base_.Flush(); }

 private:
  Store& base_;
  mutable std::mutex mu_;
  int countdown_ = 0;
  std::optional<Table> table_;
  int budget_ = 0;
  int failed_ = 0;
};

class EngineFaultTest : public EngineTest {
 protected:
  void SetUp() override {
    memory_ = NewMemoryStore();
    faults_ = std::make_unique<FaultInjectingStore>(*memory_);
    selective_ = std::make_unique<SelectiveFailStore>(*faults_);
    OpenEngine(&dispatcher_, selective_.get());
  }
  void TearDown() override { engine_.reset(); }  // before the stores it uses

  std::int64_t DedupeRecords() {
    std::int64_t n = 0;
    Must(memory_->Scan(Table::kDedupe, "", "",
                       [&](std::string_view, std::string_view) { return ++n > 0; }),
         "Scan");
    return n;
  }

  std::unique_ptr<Store> memory_;
  std::unique_ptr<FaultInjectingStore> faults_;
  std::unique_ptr<SelectiveFailStore> selective_;
};

TEST_F(EngineFaultTest, IngestWhoseWriteFailsReturnsUnavailableAndLeavesNothing) {
  std::string id = PublishJourney(kWaitHour);
  faults_->FailNextWrites(1);
  auto failed = engine().Ingest({MakeEvent("e", "p1", "{}", "ev-1")});
  ASSERT_EQ(ErrorOf(failed), ErrorKind::kUnavailable);

  EXPECT_THAT(Instances("p1"), IsEmpty());
  EXPECT_EQ(ErrorOf(engine().GetProfile("p1")), ErrorKind::kNotFound);
  Report report = ReportOf(id);
  EXPECT_EQ(report.entered, 0);
  EXPECT_EQ(report.in_progress, 0);
  EXPECT_EQ(NodeTally(report, "w"), Tally{});
  EXPECT_EQ(DedupeRecords(), 0);

  // Sent again, it is new: accepted, not a duplicate; then it is a duplicate.
  IngestResult again = SendAll({MakeEvent("e", "p1", "{}", "ev-1")});
  EXPECT_EQ(again.accepted, 1);
  EXPECT_EQ(again.duplicates, 0);
  EXPECT_EQ(OnlyInstance("p1").current_node, "w");
  EXPECT_EQ(ReportOf(id).entered, 1);
  EXPECT_EQ(SendAll({MakeEvent("e", "p1", "{}", "ev-1")}).duplicates, 1);
  Advance("PT1H");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kFinished);
}

TEST_F(EngineFaultTest, TimerWhoseWriteFailsFiresOnceLater) {
  std::string id = PublishJourney(kWaitHour);
  Send("e", "p1", "{}", "ev-1");
  const InstanceView before = OnlyInstance("p1");
  selective_->FailWritesTo(Table::kTimers, 1);  // the step that fires the timer
  auto advanced = engine().AdvanceClock(kStart + 1h);
  if (!advanced) {
    // The step was not taken: the instance still waits, nothing counted.
    EXPECT_EQ(advanced.error().kind(), ErrorKind::kUnavailable);
    EXPECT_EQ(OnlyInstance("p1").history.size(), before.history.size());
    EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
    EXPECT_EQ(NodeTally(ReportOf(id), "w").left, 0);
    Must(engine().AdvanceClock(kStart + 1h + 1min), "AdvanceClock");
  }
  InstanceView after = OnlyInstance("p1");
  EXPECT_EQ(after.status, InstanceStatus::kFinished);
  EXPECT_THAT(Path(after), ElementsAre("w", "done"));
  EXPECT_EQ(std::ranges::count_if(after.history,
                                  [](const HistoryEntry& h) { return h.outcome == "waited"; }),
            1);
  Report report = ReportOf(id);
  EXPECT_EQ(NodeTally(report, "w"), (Tally{1, 1, 0}));
  EXPECT_EQ(report.finished, 1);
}

// A store that keeps failing must not keep AdvanceClock busy for ever: it returns kUnavailable.
TEST_F(EngineFaultTest, AdvanceClockReturnsUnavailableWhenTheTimerWriteKeepsFailing) {
  std::string id = PublishJourney(kWaitHour);
  Send("e", "p1", "{}", "ev-1");
  selective_->FailWritesTo(Table::kTimers, 50);  // after 50 failures writes succeed again
  auto advanced = engine().AdvanceClock(kStart + 1h);
  EXPECT_EQ(ErrorOf(advanced), ErrorKind::kUnavailable)
      << "AdvanceClock swallowed the store's failure";
  EXPECT_LE(selective_->failed(), 2)
      << "AdvanceClock retried a failing write " << selective_->failed() << " times";
  selective_->FailWritesTo(Table::kTimers, 0);
  Must(engine().AdvanceClock(kStart + 1h + 1min), "AdvanceClock");
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kFinished);
  EXPECT_EQ(ReportOf(id).finished, 1);
}

TEST_F(EngineFaultTest, StopWhoseWriteFailsReturnsTheErrorAndChangesNothing) {
  std::string id = PublishJourney(kWaitHour);
  Send("e", "p1", "{}", "ev-1");
  faults_->FailNextWrites(1);
  auto stopped = engine().Stop(id, 1, "ci");
  ASSERT_EQ(ErrorOf(stopped), ErrorKind::kUnavailable);
  EXPECT_EQ(StatusOf(id), VersionStatus::kLive);
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);
  EXPECT_EQ(ReportOf(id).in_progress, 1);

  Must(engine().Stop(id, 1, "ci"), "Stop");
  EXPECT_EQ(StatusOf(id), VersionStatus::kStopped);
  EXPECT_EQ(OnlyInstance("p1").exit_reason, ExitReason::kJourneyStopped);
}

// Stop is one command: when the write that times out the instances fails, the version is not
// left stopped with profiles still inside it (which no later command would take out).
TEST_F(EngineFaultTest, StopWhoseInstanceWriteFailsLeavesTheVersionLive) {
  std::string id = PublishJourney(kWaitHour);
  Send("e", "p1", "{}", "ev-1");
  faults_->FailWritesTo(Table::kInstances);
  auto stopped = engine().Stop(id, 1, "ci");
  faults_->ClearFaults();
  ASSERT_EQ(ErrorOf(stopped), ErrorKind::kUnavailable);
  EXPECT_EQ(StatusOf(id), VersionStatus::kLive) << "stopped, yet its instances are not";
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kInProgress);

  // Asking again finishes the job.
  auto again = engine().Stop(id, 1, "ci");
  EXPECT_TRUE(again.has_value()) << (again ? "" : again.error().message());
  EXPECT_EQ(OnlyInstance("p1").exit_reason, ExitReason::kJourneyStopped)
      << "a stopped version keeps a profile inside";
}

// Actions are delivered at least once: an action's result whose write fails is not forgotten.
TEST_F(EngineFaultTest, ActionResultWhoseWriteFailsIsAppliedLater) {
  std::string id = PublishJourney(kHook);
  selective_->FailWriteNumber(2);  // 1: the entry and the queued action; 2: the action's result
  IngestResult sent = SendAll({MakeEvent("e", "p1", "{}", "ev-1")});
  EXPECT_EQ(sent.accepted, 1);
  EXPECT_EQ(selective_->failed(), 1);
  engine().WaitIdle();
  Advance("PT1M");
  engine().WaitIdle();
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished)
      << "the action's result was lost with its failed write; the instance waits at "
      << instance.current_node;
  EXPECT_EQ(ReportOf(id).finished, 1);
}

// Nobody waits for an action's result: when its write fails, the failure is counted, reported
// and shown as failing work (the server's /healthz answers 503) until the result is applied.
TEST_F(EngineFaultTest, AFailedWriteOfTheEnginesOwnWorkIsReportedUntilItSucceeds) {
  struct Reports {
    std::mutex mutex;
    std::vector<BackgroundEvent> events;
  };
  auto reports = std::make_shared<Reports>();  // outlives the engine, whatever it reports last
  on_background_ = [reports](const BackgroundEvent& e) {
    std::lock_guard lock(reports->mutex);
    reports->events.push_back(e);
  };
  std::mutex& mutex = reports->mutex;
  std::vector<BackgroundEvent>& reported = reports->events;
  OpenEngine(&dispatcher_, selective_.get());
  PublishJourney(kHook);
  EXPECT_TRUE(engine().Stats().failing.empty());
  EXPECT_EQ(engine().Stats().background_failures.at("group"), 0);

  selective_->FailWriteNumber(2);  // 1: the entry and the queued action; 2: the action's result
  EXPECT_EQ(SendAll({MakeEvent("e", "p1", "{}", "ev-1")}).accepted, 1);
  EXPECT_EQ(selective_->failed(), 1);
  EngineStats failing = engine().Stats();
  EXPECT_EQ(failing.background_failures.at("group"), 1);
  ASSERT_TRUE(failing.failing.contains("group"));
  EXPECT_THAT(failing.failing.at("group"), Not(IsEmpty()));
  {
    std::lock_guard lock(mutex);
    ASSERT_EQ(reported.size(), 1u);
    EXPECT_EQ(reported[0].work, "group");
    EXPECT_FALSE(reported[0].recovered);
    EXPECT_EQ(reported[0].failures, 1);
    EXPECT_EQ(reported[0].error, failing.failing.at("group"));
  }

  engine().WaitIdle();
  Advance("PT1M");
  engine().WaitIdle();
  EXPECT_EQ(OnlyInstance("p1").status, InstanceStatus::kFinished);
  EngineStats healed = engine().Stats();
  EXPECT_TRUE(healed.failing.empty());
  EXPECT_EQ(healed.background_failures.at("group"), 1);  // counted for good
  std::lock_guard lock(mutex);
  ASSERT_EQ(reported.size(), 2u);
  EXPECT_EQ(reported[1].work, "group");
  EXPECT_TRUE(reported[1].recovered);
}

TEST_F(EngineFaultTest, LogActionIsDoneAtomicallyWithTheStepThatReachesIt) {
  std::string id = PublishJourney(kLog);
  faults_->FailNextWrites(1);
  ASSERT_EQ(ErrorOf(engine().Ingest({MakeEvent("e", "p1", "{}", "ev-1")})),
            ErrorKind::kUnavailable);
  EXPECT_THAT(Instances("p1"), IsEmpty());
  EXPECT_EQ(ReportOf(id).entered, 0);

  EXPECT_EQ(SendAll({MakeEvent("e", "p1", "{}", "ev-1")}).accepted, 1);
  // No delivery, no second step: the instance ended in the write that acknowledged the event.
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(ReportOf(id).finished, 1);
  EXPECT_EQ(engine().Stats().action_outcomes["log:success"], 1);
}

}  // namespace
}  // namespace parcours::engine_test
