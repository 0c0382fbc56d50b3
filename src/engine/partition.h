// One partition: the profiles whose ids hash to it, their instances, timers and actions.
//
// A partition is processed by one thread at a time, so per-profile order holds without locks.
// Inputs are processed in groups: each input's reads see the group's earlier writes (Overlay),
// and the whole group is committed in one atomic write (group commit). What must only happen
// once the group is durable — timers entering the in-memory queue, actions leaving for delivery —
// is held until Committed(); Abandoned() forgets it when the write failed.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/catalog.h"
#include "engine/instance_state.h"
#include "engine/keys.h"
#include "engine/outbox.h"
#include "engine/overlay.h"
#include "engine/step.h"
#include "engine/timer_queue.h"
#include "parcours/engine.h"

namespace parcours::engine {

struct PartitionInput {
  enum class Kind {
    kEvent,            // event (dedupe when it has an id)
    kTimer,            // timer
    kActionResult,     // action_seq, result
    kAudienceEntry,    // journey, version, profile
    kProfile,          // profile, attributes, merge
    kStopVersion,      // journey, version: everyone inside times out (journey_stopped)
    kTimeOutVersion,   // journey, version: everyone inside times out (global_timeout)
    kReleaseHeld,      // journey, version: held profiles go on
    kRemove,           // instance_id
    kSweep,            // forget event ids seen more than kDedupeWindow ago
    kWrite,            // table, key, value: a record to commit with the group (run progress)
    kClearTest,        // journey, version: the test session's instances in this partition go
                       // (state, history, indexes, timers, pending actions)
    kClearTestReport,  // journey, version: the test session's counters and profiles go (sent
                       // once, last, after every kClearTest of the same write)
  };
  Kind kind = Kind::kEvent;
  EventRecord event;
  bool dedupe = false;
  TimerRecord timer;
  std::uint64_t action_seq = 0;
  ActionResult result;
  std::string journey;
  int version = 0;
  std::string profile;
  boost::json::object attributes;
  bool merge = false;
  std::string instance_id;
  std::string by;              // kRemove: who asked
  Table table = Table::kMeta;  // kWrite
  std::string key;
  std::string value;
  bool erase = false;  // kWrite: delete the key instead
};

// How long an event id is remembered: a repeat within this window is a duplicate.
inline constexpr Duration kDedupeWindow = std::chrono::days(8);

struct InputOutcome {
  bool duplicate = false;
};

// What the partitions of one group share while workers process them side by side: the test
// sessions' entries made in the group so far (the 100-profile cap counts every partition).
// Thread-safe.
class GroupTally {
 public:
  // Takes a seat in the session counted at `key`, where `committed` is the stored count as the
  // caller read it; false when all `limit` are taken. The first count read in the group is the
  // one used: a worker that wrote its batch already may have added to the stored count seats
  // this tally holds.
  bool TakeSeat(const std::string& key, std::int64_t committed, std::int64_t limit);

 private:
  struct Seats {
    std::int64_t committed = 0;  // stored before the group
    std::int64_t taken = 0;      // by the group
  };
  std::mutex mutex_;
  std::map<std::string, Seats> seats_;
};

class Partition {
 public:
  Partition(keys::Partition id, Store& store) : id_(id), store_(store), timers_(id) {}

  keys::Partition id() const { return id_; }
  TimerQueue& timers() { return timers_; }

  // Reads the partition's sequence number and whether it holds format parcours-1's event ids.
  // Call once before processing.
  Status Load();

  // Processes `input` at `now` into `overlay`. An error (the store failed, or the input names
  // something that does not exist) leaves the overlay unusable for the group only when the
  // error is kUnavailable; other errors change nothing.
  Result<InputOutcome> Process(const CatalogSnapshot& catalog, Time now, Overlay& overlay,
                               GroupTally& tally, const PartitionInput& input);

  // Adds the partition's own records to the group's batch (its sequence number). Call after
  // the last Process of a group.
  void FinishGroup(Overlay& overlay);
  // The group is durable: timers go to the in-memory queue; returns the actions to deliver.
  std::vector<OutboxAction> Committed();
  // The group's write failed: forget what it would have done.
  void Abandoned();
  // `log` actions done by committed groups since the last call (they need no delivery).
  std::int64_t TakeLogsCommitted() { return std::exchange(logs_committed_, 0); }

  // Every action in the outbox (for delivery after a restart).
  Result<std::vector<OutboxAction>> PendingActions();

 private:
  friend class PartitionStep;
  Status FindLegacyDedupe();

  keys::Partition id_;
  Store& store_;
  TimerQueue timers_;
  std::uint64_t seq_ = 0;
  std::uint64_t committed_seq_ = 0;
  // Timers set (true) and cancelled (false) by the group, in order.
  std::vector<std::pair<bool, TimerRecord>> timer_changes_;
  std::vector<OutboxAction> actions_;
  std::int64_t logs_written_ = 0;    // by the group in progress
  std::int64_t logs_committed_ = 0;  // by committed groups, not taken yet
  // The partition holds event ids recorded per partition by format parcours-1 (keys.h); the
  // group in progress swept the last of them.
  bool legacy_dedupe_ = false;
  bool legacy_dedupe_forgotten_ = false;
};

}  // namespace parcours::engine
