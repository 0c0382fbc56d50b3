// Helpers shared by the engine's behaviour tests (DESIGN.md §1, one test per rule).
//
// Every test runs a whole journey in virtual time through the public API of
// parcours/engine.h: an in-memory store, four partitions, no worker threads (each call does all
// the work it causes before returning) and a manual clock starting at kStart.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parcours/engine.h"
#include "parcours/journey.h"
#include "parcours/lifecycle.h"
#include "parcours/store.h"
#include "parcours/time.h"

namespace parcours {

// So that gtest prints enums by name.
inline void PrintTo(InstanceStatus status, std::ostream* os) { *os << InstanceStatusName(status); }
inline void PrintTo(ExitReason reason, std::ostream* os) {
  *os << "\"" << ExitReasonName(reason) << "\"";
}
inline void PrintTo(VersionStatus status, std::ostream* os) { *os << VersionStatusName(status); }
inline void PrintTo(LifecycleAction action, std::ostream* os) {
  *os << LifecycleActionName(action);
}
inline void PrintTo(ErrorKind kind, std::ostream* os) { *os << ErrorKindName(kind); }

}  // namespace parcours

namespace parcours::engine_test {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// History outcomes the tests rely on (HistoryEntry::outcome). The engine records these names.
inline constexpr std::string_view kEntered = "entered";         // arrived at an activity
inline constexpr std::string_view kBranch = "branch";           // condition/split: branch taken
inline constexpr std::string_view kWaiting = "waiting";         // wait or waitForEvent began
inline constexpr std::string_view kEventReceived = "event";     // waitForEvent: awaited event
inline constexpr std::string_view kTimeout = "timeout";         // waitForEvent expired
inline constexpr std::string_view kActionSent = "action_sent";  // action handed to delivery
inline constexpr std::string_view kActionSuccess = "action_success";
inline constexpr std::string_view kActionError = "action_error";
inline constexpr std::string_view kActionTimeout = "action_timeout";
inline constexpr std::string_view kEnded = "ended";  // the instance ended here (any reason)

inline Time At(std::string_view text) {
  auto time = ParseTime(text);
  if (!time) throw std::invalid_argument(std::string(text));
  return *time;
}

// Every engine starts its manual clock here.
inline const Time kStart = At("2026-12-01T00:00:00Z");

// The value of `result`, or a test failure naming `what` and the error (then an exception that
// gtest reports, so the test stops).
template <typename T>
T Must(Result<T> result, std::string_view what) {
  if (!result) {
    ADD_FAILURE() << what << " failed: " << ErrorKindName(result.error().kind()) << ": "
                  << result.error().message();
    throw std::runtime_error(std::string(what));
  }
  return std::move(*result);
}

inline void Must(const Status& status, std::string_view what) {
  if (!status) {
    ADD_FAILURE() << what << " failed: " << ErrorKindName(status.error().kind()) << ": "
                  << status.error().message();
    throw std::runtime_error(std::string(what));
  }
}

// The kind of error `result` carries, or nullopt when it succeeded.
template <typename T>
std::optional<ErrorKind> ErrorOf(const Result<T>& result) {
  if (result) return std::nullopt;
  return result.error().kind();
}

inline boost::json::object Json(std::string_view text) {
  return boost::json::parse(text).as_object();
}

// The activities an instance went through, from its history: consecutive entries at the same
// activity count once, entries with no activity are skipped.
inline std::vector<std::string> Path(const InstanceView& instance) {
  std::vector<std::string> path;
  for (const HistoryEntry& entry : instance.history) {
    if (entry.node.empty()) continue;
    if (path.empty() || path.back() != entry.node) path.push_back(entry.node);
  }
  return path;
}

// The first history entry at `node` with `outcome`, or nullptr.
inline const HistoryEntry* FindEntry(const InstanceView& instance, std::string_view node,
                                     std::string_view outcome) {
  for (const HistoryEntry& entry : instance.history) {
    if (entry.node == node && entry.outcome == outcome) return &entry;
  }
  return nullptr;
}

// Per-activity report counts, comparable.
struct Tally {
  std::int64_t entered = 0;
  std::int64_t left = 0;
  std::int64_t failed = 0;
  friend bool operator==(const Tally&, const Tally&) = default;
};
inline void PrintTo(const Tally& tally, std::ostream* os) {
  *os << "{entered " << tally.entered << ", left " << tally.left << ", failed " << tally.failed
      << "}";
}
inline Tally NodeTally(const Report& report, const std::string& node) {
  auto it = report.nodes.find(node);
  if (it == report.nodes.end()) return {};
  return {it->second.entered, it->second.left, it->second.failed};
}

// The non-zero discard counts of a report (a report may list every reason, zeros included).
inline std::map<std::string, std::int64_t> Discards(const Report& report) {
  std::map<std::string, std::int64_t> counts;
  for (const auto& [reason, count] : report.discarded) {
    if (count != 0) counts.emplace(reason, count);
  }
  return counts;
}

// How many instances ended at end tag `node` (0 when the report does not list it).
inline std::int64_t EndTagCount(const Report& report, const std::string& node) {
  auto it = report.end_tags.find(node);
  return it == report.end_tags.end() ? 0 : it->second.second;
}

// Delivers webhook and e-mail actions for tests: records every request and answers at once
// (calling `done` from inside Dispatch), by default with success. A test can choose the answer
// per request, or hold requests of some activities unanswered and answer them later.
class RecordingDispatcher : public ActionDispatcher {
 public:
  using Answer = std::function<ActionResult(const ActionRequest&)>;

  void Dispatch(ActionRequest request, std::function<void(ActionResult)> done) override {
    std::unique_lock lock(mutex_);
    requests_.push_back(request);
    if (held_nodes_.contains(request.node)) {
      held_.push_back(std::move(done));
      return;
    }
    ActionResult result = answer_ ? answer_(request) : ActionResult{};
    lock.unlock();
    done(std::move(result));
  }

  // Answers every request with `outcome` (and `detail`).
  void AnswerAll(ActionOutcome outcome, std::string detail = "") {
    std::lock_guard lock(mutex_);
    answer_ = [outcome, detail](const ActionRequest&) { return ActionResult{outcome, detail}; };
  }
  // Answers each request with what `answer` says.
  void AnswerWith(Answer answer) {
    std::lock_guard lock(mutex_);
    answer_ = std::move(answer);
  }
  // Requests for `node` are kept unanswered until ReleaseHeld (or forever).
  void HoldAt(std::string node) {
    std::lock_guard lock(mutex_);
    held_nodes_.insert(std::move(node));
  }
  void StopHolding() {
    std::lock_guard lock(mutex_);
    held_nodes_.clear();
  }
  // Answers every held request with `result`; the caller then lets the engine run
  // (Engine::WaitIdle).
  void ReleaseHeld(ActionResult result) {
    std::vector<std::function<void(ActionResult)>> held;
    {
      std::lock_guard lock(mutex_);
      held.swap(held_);
    }
    for (auto& done : held) done(result);
  }
  // Forgets held requests without answering them (their engine is gone).
  void DropHeld() {
    std::lock_guard lock(mutex_);
    held_.clear();
  }

  std::vector<ActionRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::vector<ActionRequest> RequestsAt(std::string_view node) const {
    std::lock_guard lock(mutex_);
    std::vector<ActionRequest> at;
    for (const ActionRequest& request : requests_) {
      if (request.node == node) at.push_back(request);
    }
    return at;
  }
  std::size_t held() const {
    std::lock_guard lock(mutex_);
    return held_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::vector<ActionRequest> requests_;
  Answer answer_;
  std::set<std::string, std::less<>> held_nodes_;
  std::vector<std::function<void(ActionResult)>> held_;
};

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override { OpenEngine(&dispatcher_); }

  // (Re)opens the engine on a new in-memory store, or on `store` when given (to reopen after a
  // crash). `dispatcher` null: webhook and e-mail actions fail.
  void OpenEngine(ActionDispatcher* dispatcher, Store* store = nullptr) {
    engine_.reset();
    EngineOptions options;
    options.partitions = 4;
    options.threads = 0;
    options.clock = ClockMode::kManual;
    options.manual_start = kStart;
    options.dispatcher = dispatcher;
    options.store = store;
    options.on_background = on_background_;
    engine_ = Must(Engine::Open(options), "Engine::Open");
  }

  // Opens the engine on an in-memory store the fixture keeps: opening it again this way after
  // `engine_.reset()` is a restart (or a crash: nothing but the store survives).
  void OpenEngineOnKeptStore(ActionDispatcher* dispatcher) {
    if (!kept_store_) kept_store_ = NewMemoryStore();
    OpenEngine(dispatcher, kept_store_.get());
  }

  Engine& engine() { return *engine_; }

  static JourneyDefinition Definition(std::string_view json) {
    JourneyDefinition definition = Must(ParseDefinition(json), "ParseDefinition");
    Normalize(definition);
    return definition;
  }

  // Creates a journey from `json` (which names its id); version 1 stays a draft.
  std::string CreateDraft(std::string_view json) {
    return Must(engine().CreateJourney(Definition(json), "ci"), "CreateJourney").journey_id;
  }

  // Creates a journey from `json` and publishes version 1; returns the journey id.
  std::string PublishJourney(std::string_view json) {
    std::string id = CreateDraft(json);
    Must(engine().Publish(id, 1, "ci"), "Publish");
    return id;
  }

  // Makes a new version of `id` with the definition `json` and publishes it; returns its number.
  int PublishNewVersion(const std::string& id, std::string_view json) {
    int version = Must(engine().NewVersion(id, "ci"), "NewVersion").version;
    JourneyDefinition definition = Definition(json);
    definition.id.reset();
    Must(engine().ReplaceDefinition(id, version, std::move(definition), "ci"), "ReplaceDefinition");
    Must(engine().Publish(id, version, "ci"), "Publish");
    return version;
  }

  static Event MakeEvent(std::string type, std::string profile, std::string_view data = "{}",
                         std::string id = "") {
    Event event;
    event.id = std::move(id);
    event.type = std::move(type);
    event.profile_id = std::move(profile);
    event.data = Json(data);
    return event;
  }

  // Sends one event (no id unless given: no de-duplication).
  IngestResult Send(std::string type, std::string profile, std::string_view data = "{}",
                    std::string id = "") {
    return SendAll({MakeEvent(std::move(type), std::move(profile), data, std::move(id))});
  }
  IngestResult SendAll(std::vector<Event> events) {
    return Must(engine().Ingest(std::move(events)), "Ingest");
  }

  void Advance(Duration by) { Must(engine().AdvanceClock(engine().Now() + by), "AdvanceClock"); }
  void Advance(std::string_view iso_duration) {
    Advance(Must(ParseDuration(iso_duration), "ParseDuration"));
  }
  void AdvanceTo(Time to) { Must(engine().AdvanceClock(to), "AdvanceClock"); }

  std::vector<InstanceView> Instances(std::string_view profile) {
    return Must(engine().ProfileInstances(profile), "ProfileInstances");
  }
  // The profile's only instance (a failure when it has none or several).
  InstanceView OnlyInstance(std::string_view profile) {
    std::vector<InstanceView> instances = Instances(profile);
    if (instances.size() != 1) {
      ADD_FAILURE() << "profile " << profile << " has " << instances.size() << " instances";
      throw std::runtime_error("OnlyInstance");
    }
    return instances.front();
  }
  // The profile's latest instance.
  InstanceView LatestInstance(std::string_view profile) {
    std::vector<InstanceView> instances = Instances(profile);
    if (instances.empty()) {
      ADD_FAILURE() << "profile " << profile << " has no instance";
      throw std::runtime_error("LatestInstance");
    }
    return instances.back();
  }

  Report ReportOf(std::string_view id, int version = 1,
                  ReportWindow window = ReportWindow::kAllTime) {
    return Must(engine().GetReport(id, version, window), "GetReport");
  }
  VersionLifecycle LifecycleOf(std::string_view id, int version = 1) {
    return Must(engine().GetVersion(id, version), "GetVersion").lifecycle;
  }
  VersionStatus StatusOf(std::string_view id, int version = 1) {
    return LifecycleOf(id, version).status;
  }
  TransitionRecord LastTransition(std::string_view id, int version = 1) {
    VersionLifecycle lifecycle = LifecycleOf(id, version);
    if (lifecycle.history.empty()) throw std::runtime_error("no transition history");
    return lifecycle.history.back();
  }

  // Declared before the engine, which uses them: destroyed after it.
  RecordingDispatcher dispatcher_;
  std::unique_ptr<Store> kept_store_;
  BackgroundReport on_background_;  // given to the engines OpenEngine opens
  std::unique_ptr<Engine> engine_;
};

}  // namespace parcours::engine_test
