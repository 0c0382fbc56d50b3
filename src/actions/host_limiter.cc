#include "actions/host_limiter.h"

#include <algorithm>

namespace parcours::actions {

HostLimiter::HostLimiter(HostLimits default_limits, std::map<std::string, HostLimits> per_host)
    : default_limits_(default_limits), per_host_(std::move(per_host)) {}

HostLimiter::Host& HostLimiter::Get(const std::string& host) {
  auto [it, inserted] = hosts_.try_emplace(host);
  if (inserted) {
    auto configured = per_host_.find(host);
    it->second.limits = configured != per_host_.end() ? configured->second : default_limits_;
    if (it->second.limits.rate_per_second > 0) {
      it->second.interval = std::chrono::nanoseconds(
          static_cast<std::int64_t>(1e9 / it->second.limits.rate_per_second));
    }
  }
  return it->second;
}

void HostLimiter::Enqueue(const std::string& host, std::uint64_t ticket) {
  Host& h = Get(host);
  if (h.queue.empty()) active_.push_back(host);
  h.queue.push_back({ticket, ++h.last_seq});
  ++stats_[host].queued;
}

void HostLimiter::TakeReady(TimePoint now,
                            std::vector<std::pair<std::string, std::uint64_t>>& out) {
  next_start_.reset();
  std::size_t kept = 0;
  for (std::size_t i = 0; i < active_.size(); ++i) {
    const std::string& name = active_[i];
    Host& h = hosts_.at(name);
    HostStats& s = stats_[name];
    while (!h.queue.empty()) {
      Waiting& w = h.queue.front();
      if (h.limits.max_in_flight > 0 && h.in_flight >= h.limits.max_in_flight) {
        h.slot_waited_upto = h.last_seq;
        break;
      }
      if (h.interval.count() > 0 && h.earliest && *h.earliest - kRateTolerance > now) {
        h.rate_waited_upto = h.last_seq;
        TimePoint at = *h.earliest - kRateTolerance;
        if (!next_start_ || at < *next_start_) next_start_ = at;
        break;
      }
      if (h.interval.count() > 0) {
        TimePoint base = h.earliest ? std::max(*h.earliest, now - kRateTolerance) : now;
        h.earliest = base + std::chrono::duration_cast<TimePoint::duration>(h.interval);
      }
      if (w.seq <= h.slot_waited_upto) ++s.in_flight_limited;
      if (w.seq <= h.rate_waited_upto) ++s.rate_limited;
      out.emplace_back(name, w.ticket);
      h.queue.pop_front();
      ++h.in_flight;
      --s.queued;
      ++s.in_flight;
    }
    if (!h.queue.empty()) {
      if (kept != i) active_[kept] = std::move(active_[i]);
      ++kept;
    }
  }
  active_.resize(kept);
}

void HostLimiter::Finished(const std::string& host) {
  Host& h = Get(host);
  if (h.in_flight > 0) --h.in_flight;
  --stats_[host].in_flight;
}

}  // namespace parcours::actions
