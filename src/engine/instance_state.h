// The state of one instance (a profile's journey through one version), as stored.
//
// Kept small: what the step needs to go on (where the profile is, what it waits for, which
// timers and action are pending for it) and the entry event for `entry.*` expressions. The
// history lives apart (Table::kHistory), one record per step.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "parcours/engine.h"
#include "parcours/error.h"
#include "parcours/expr.h"
#include "parcours/time.h"

namespace parcours::engine {

// An event as the engine keeps it (the entry event of an instance, an event being handled).
struct EventRecord {
  std::string id;
  std::string type;
  std::string profile_id;
  Time timestamp;
  boost::json::object data;

  // A view for expressions; valid while this record lives.
  expr::EventView View() const { return {id, type, profile_id, timestamp, &data}; }
};

// A timer's identity: its due time and a sequence number unique in its partition. Together
// with the partition they are the timer's key (keys.h).
struct TimerRef {
  Time due;
  std::uint64_t seq = 0;

  friend bool operator==(const TimerRef&, const TimerRef&) = default;
};

enum class TimerKind : std::uint8_t {
  kWait,           // a wait activity's end
  kEventTimeout,   // a waitForEvent's timeout
  kGlobalTimeout,  // the journey's global timeout since entry
};

enum class Waiting : std::uint8_t {
  kNone,    // ended, or in the middle of a step
  kTimer,   // at a wait
  kEvent,   // at a waitForEvent (with its timeout timer)
  kAction,  // at an action, waiting for its result
  kHeld,    // at an action while the version is paused in hold mode
};

struct InstanceState {
  std::string id;
  std::string journey_id;
  int version = 0;
  std::string profile_id;
  std::uint32_t entry_number = 0;  // 1 for the profile's first entry into this journey
  InstanceStatus status = InstanceStatus::kInProgress;
  int node = -1;        // index in the compiled version: where the profile is, or where it ended
  std::string node_id;  // the same as an id, kept so the instance reads well without its version
  Time entered_at;
  std::optional<Time> ended_at;
  ExitReason exit_reason = ExitReason::kNone;
  std::string end_tag;
  Waiting waiting = Waiting::kNone;
  std::optional<TimerRef> node_timer;    // kTimer, kEvent
  std::optional<TimerRef> global_timer;  // while in progress
  std::uint64_t action_seq = 0;          // kAction: the outbox record's sequence number
  std::uint32_t history_count = 0;       // history records (one per step) written so far
  std::optional<EventRecord> entry;      // null for audience entries
  bool test = false;                     // entered a draft in test mode: its standing is kept under
                                         // keys::TestJourney, and it is removed when test mode ends

  bool in_progress() const { return status == InstanceStatus::kInProgress; }
};

std::string EncodeInstance(const InstanceState& state);
Result<InstanceState> DecodeInstance(std::string_view bytes);

boost::json::object EventToJson(const EventRecord& event);
Result<EventRecord> EventFromJson(const boost::json::value& json);

}  // namespace parcours::engine
