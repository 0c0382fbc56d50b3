// Internal: the Dispatcher (dispatcher.h) and its delivery thread.
//
// Dispatch (any thread) prepares the request (URL, headers, body or the whole e-mail), then
// queues it in `incoming_` and wakes the delivery thread. The delivery thread (Run) owns
// everything else: the curl multi handle's transfers, the per-host limiter, the deliveries
// waiting for a retry, the pool of easy handles. `held_` counts requests accepted and not yet
// answered; it bounds memory (max_queued).
#pragma once

#include <condition_variable>
#include <mutex>
#include <queue>
#include <random>
#include <thread>
#include <unordered_map>

#include "actions/delivery.h"
#include "actions/dispatcher.h"
#include "actions/host_limiter.h"

namespace parcours::actions {

class DispatcherImpl final : public Dispatcher {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  // REQUIRES: options validated; `multi` a CURLM* this takes over.
  DispatcherImpl(DispatcherOptions options, void* multi);
  ~DispatcherImpl() override;

  void Dispatch(ActionRequest request, std::function<void(ActionResult)> done) override;
  DispatcherStats Stats() const override;
  void Stop() override;

 private:
  std::unique_ptr<Delivery> Prepare(ActionRequest request, std::function<void(ActionResult)> done);
  TimePoint Now() const { return options_.now ? options_.now() : std::chrono::steady_clock::now(); }

  // The delivery thread (delivery_loop.cc).
  void Run();
  void Admit(std::vector<std::unique_ptr<Delivery>>& batch, TimePoint now,
             std::vector<std::unique_ptr<Delivery>>& rejected);
  void StartTry(Delivery& d, TimePoint now);
  int CollectFinished(TimePoint now);
  void TryOver(Delivery& d, int curl_code, TimePoint now);
  void Answer(std::unique_ptr<Delivery> d, ActionResult result);
  long PollTimeout(TimePoint now);
  void* AcquireEasy();
  void ReleaseEasy(void* easy);
  void Shutdown();

  const DispatcherOptions options_;
  void* const multi_;  // CURLM*

  mutable std::mutex mu_;
  std::condition_variable room_;                     // held_ fell below max_queued, or stopping
  std::vector<std::unique_ptr<Delivery>> incoming_;  // guarded by mu_
  std::size_t held_ = 0;                             // guarded by mu_
  bool stopping_ = false;                            // guarded by mu_
  bool wake_pending_ = false;                        // guarded by mu_
  std::int64_t backpressure_waits_ = 0;              // guarded by mu_
  std::uint64_t next_ticket_ = 0;                    // guarded by mu_

  // Delivery thread state; what Stats() reads is guarded by stats_mu_.
  mutable std::mutex stats_mu_;
  HostLimiter limiter_;        // guarded by stats_mu_
  std::int64_t rejected_ = 0;  // guarded by stats_mu_
  std::priority_queue<std::pair<TimePoint, std::uint64_t>,
                      std::vector<std::pair<TimePoint, std::uint64_t>>, std::greater<>>
      retries_;                                                           // guarded by stats_mu_
  std::unordered_map<std::uint64_t, std::unique_ptr<Delivery>> pending_;  // delivery thread
  std::vector<void*> free_easy_;                                          // delivery thread
  std::mt19937_64 random_{std::random_device{}()};                        // delivery thread

  std::thread thread_;
};

}  // namespace parcours::actions
