// The near future of one partition's timers, in memory.
//
// Timers live in the store, ordered by due time (keys.h). The queue holds those due before
// `loaded_until` — a window of journey time loaded by one range scan — so firing a timer costs a
// pop, and millions of timers far in the future cost nothing until their window comes. Timers
// set inside the window are added as they are committed; cancelled ones are removed.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "engine/instance_state.h"
#include "engine/keys.h"
#include "parcours/store.h"

namespace parcours::engine {

struct TimerRecord {
  TimerRef ref;
  std::string instance_id;
  TimerKind kind = TimerKind::kWait;
};

std::string EncodeTimer(const TimerRecord& timer);
std::optional<TimerRecord> DecodeTimer(std::string_view key, std::string_view value);

class TimerQueue {
 public:
  explicit TimerQueue(keys::Partition partition) : partition_(partition) {}

  // Adds a committed timer (ignored when beyond the loaded window: a later load finds it).
  void Add(const TimerRecord& timer);
  void Remove(const TimerRef& ref);

  // Makes sure every timer due at or before `until` is in memory (loading windows of the
  // store's timers as needed), then returns the earliest due time, if any is at or before
  // `until`.
  Result<std::optional<Time>> NextDue(Store& store, Time until);

  // Removes and returns the due timers (due <= now) in (due, seq) order. REQUIRES: NextDue was
  // called with until >= now.
  std::vector<TimerRecord> PopDue(Time now);

  std::size_t size() const { return timers_.size(); }

  // Forgets everything in memory; the next NextDue loads from the store again.
  void Reset() {
    timers_.clear();
    loaded_until_.reset();
  }

 private:
  struct Order {
    bool operator()(const TimerRecord& a, const TimerRecord& b) const {
      return a.ref.due != b.ref.due ? a.ref.due < b.ref.due : a.ref.seq < b.ref.seq;
    }
  };
  Status Load(Store& store, Time until);

  keys::Partition partition_;
  std::set<TimerRecord, Order> timers_;
  std::optional<Time> loaded_until_;  // every stored timer due before this is in `timers_`
};

}  // namespace parcours::engine
