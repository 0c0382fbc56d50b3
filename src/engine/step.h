// The engine step: a pure function of (version, instance state, input, now).
//
// Each operation takes the compiled version, the instance's state and one input, and moves the
// instance as far as it goes without waiting: through conditions, splits, profile updates and
// jumps and `log` actions, up to a wait, a wait-for-event, a webhook or e-mail action (queued,
// its result comes back as an input), or the end. It returns the new state in place and the effects
// in `Effects`: timers to set and cancel, actions to queue or drop, report counters, history
// records, whether the profile changed, and a jump to make. No I/O, no clock, no globals: time is
// `now`, randomness is a hash of the profile id, sequence numbers come from the caller. The caller
// (the partition) turns the effects into one atomic write.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/compiled.h"
#include "engine/instance_state.h"
#include "parcours/engine.h"
#include "parcours/lifecycle.h"

namespace parcours::engine {

struct Effects {
  struct TimerSet {
    TimerRef ref;
    TimerKind kind;
  };
  struct QueuedAction {
    std::uint64_t seq;
    ActionRequest request;
  };
  std::vector<TimerSet> timers_set;
  std::vector<TimerRef> timers_cancelled;
  std::vector<QueuedAction> actions;
  std::vector<std::uint64_t> actions_dropped;  // outbox records to delete
  // Report counters of the instance's version: "node:<id>:entered|left|failed", "end:<id>",
  // "ended:<status>".
  std::vector<std::pair<std::string, std::int64_t>> counters;
  std::vector<HistoryEntry> history;
  bool profile_changed = false;
  std::optional<std::string> jump;  // enter this journey next (same profile, same event)
  // `log` actions done within the step: a log action is its history entry and always succeeds,
  // so it needs no delivery (its action_sent and action_success are recorded together).
  std::int64_t logs_written = 0;

  void Clear() { *this = Effects{}; }
};

// What one step can see and where its effects go.
struct StepEnv {
  const CompiledVersion& version;
  Time now;
  std::optional<PauseMode> paused;  // the version is paused: profiles reaching an action are
                                    // held or discarded
  boost::json::object& profile;     // the profile's attributes; updateProfile changes them
  std::uint64_t& next_seq;          // the partition's sequence for timers and actions
  Effects& effects;
  // The instance runs in test mode: waits and wait-for-event timeouts last at most this long,
  // and splits take their first branch.
  std::optional<Duration> test_wait = std::nullopt;
};

// Starts `state` (id, journey, version, profile, entry number and entry event already set) at
// the start activity and runs it. `event` is the entering event (null for audience entries and
// jumps without one).
void Enter(const StepEnv& env, InstanceState& state, const EventRecord* event);

// An event for the instance's profile: first the journey's exit rules (a match ends the
// instance, exit_criteria), then a waitForEvent waiting for it. True when the event moved or
// ended the instance.
bool OnEvent(const StepEnv& env, InstanceState& state, const EventRecord& event);

// A timer of the instance fired. A timer the instance no longer waits for does nothing.
void OnTimer(const StepEnv& env, InstanceState& state, TimerKind kind, const TimerRef& ref);

// The result of the action queued with sequence number `seq`. A stale result does nothing.
void OnActionResult(const StepEnv& env, InstanceState& state, std::uint64_t seq,
                    const ActionResult& result);

// A held profile goes on (the version resumed or closed): its action is queued now.
void Release(const StepEnv& env, InstanceState& state);

// Ends the instance at once, wherever it is, for `reason` (journey_stopped, removed,
// global_timeout): timers cancelled, a pending action dropped, nothing counted as `left`.
void EndNow(const StepEnv& env, InstanceState& state, ExitReason reason, std::string detail);

// The split branch a profile takes at a node: a stable hash of (profile id, node id) in
// [0, 10000), compared with the cumulative percentages.
int SplitBucket(std::string_view profile_id, std::string_view node_id);

}  // namespace parcours::engine
