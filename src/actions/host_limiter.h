// Per-destination-host throttling: FIFO queues, a rate limit and a cap on calls in flight.
//
// Pure bookkeeping, no threads and no clock: the caller passes the time. Calls are identified
// by a ticket the caller chooses. A host's queue is strictly FIFO: a call starts only when every
// call queued before it for that host has started. Rate: calls to a host are spaced 1/N s
// apart (a generic cell-rate algorithm); a call may start up to kRateTolerance early, so a late
// wake-up of the caller does not lower the rate, and after an idle period at most
// 1 + N * kRateTolerance calls start at once. Hosts without explicit limits get the default.
//
// Not thread-safe: one owner (the delivery thread) or an external lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "actions/dispatcher.h"

namespace parcours::actions {

class HostLimiter {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr std::chrono::milliseconds kRateTolerance{10};

  HostLimiter(HostLimits default_limits, std::map<std::string, HostLimits> per_host);

  // Queues call `ticket` for `host` (behind the host's earlier calls).
  void Enqueue(const std::string& host, std::uint64_t ticket);

  // Starts every call that may start at `now`: appends (host, ticket) pairs to `out`, in FIFO
  // order per host, and counts each as in flight until Finished(host).
  void TakeReady(TimePoint now, std::vector<std::pair<std::string, std::uint64_t>>& out);

  // A call to `host` taken by TakeReady is over.
  void Finished(const std::string& host);

  // The earliest time a queued call waiting only for the rate limit may start, if any. (Calls
  // waiting for an in-flight slot wait for Finished instead.)
  std::optional<TimePoint> NextStart() const { return next_start_; }

  // Counters by host (queued, in_flight, rate_limited, in_flight_limited are kept here).
  const std::unordered_map<std::string, HostStats>& stats() const { return stats_; }
  std::unordered_map<std::string, HostStats>& stats() { return stats_; }

 private:
  struct Waiting {
    std::uint64_t ticket;
    std::uint64_t seq;  // per host, increasing
  };
  struct Host {
    HostLimits limits;
    std::chrono::nanoseconds interval{0};  // 0: unlimited rate
    std::optional<TimePoint> earliest;     // when the next call may start (rate)
    std::deque<Waiting> queue;
    int in_flight = 0;
    std::uint64_t last_seq = 0;
    // When the head of the queue waits, every call queued waits: calls with seq <= these
    // waited for the rate / for a slot (counted when they start).
    std::uint64_t rate_waited_upto = 0;
    std::uint64_t slot_waited_upto = 0;
  };

  Host& Get(const std::string& host);

  HostLimits default_limits_;
  std::map<std::string, HostLimits> per_host_;
  std::unordered_map<std::string, Host> hosts_;
  std::unordered_map<std::string, HostStats> stats_;
  std::vector<std::string> active_;  // hosts with a non-empty queue
  std::optional<TimePoint> next_start_;
};

}  // namespace parcours::actions
