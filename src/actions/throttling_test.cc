// Per-host rate limit, in-flight cap and the bounded queue, against the real local server.
#include <gtest/gtest.h>

#include <thread>

#include "actions/dispatcher.h"
#include "actions/test_servers.h"

namespace parcours::actions {
namespace {

using namespace std::chrono_literals;
using testing::Answers;
using testing::HttpReceiver;
using testing::Webhook;

std::unique_ptr<Dispatcher> Start(HostLimits limits, std::size_t max_queued = 10000) {
  DispatcherOptions o;
  o.host_limits["127.0.0.1"] = limits;
  o.max_queued = max_queued;
  auto d = Dispatcher::Start(o);
  return d ? std::move(*d) : nullptr;
}

std::vector<double> ArrivalTimes(const HttpReceiver& receiver) {
  std::vector<double> t;
  for (const auto& r : receiver.Requests()) t.push_back(r.at("t").to_number<double>());
  std::sort(t.begin(), t.end());
  return t;
}

// Polls `condition` every millisecond for at most 30 s (real time: a loaded machine is slow).
template <typename F>
bool Eventually(F condition) {
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return condition();
}

// The calls per second that arrival times `t` (sorted, seconds) show: the inverse of the
// least-squares slope of t[i] against i. Unlike (n - 1) / (t.back() - t.front()), one arrival
// logged late by a busy receiver (the first one, say) barely moves it.
double FittedRate(const std::vector<double>& t) {
  const double n = static_cast<double>(t.size());
  const double mean_i = (n - 1) / 2;
  double mean_t = 0;
  for (double x : t) mean_t += x / n;
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    sxy += (static_cast<double>(i) - mean_i) * (t[i] - mean_t);
    sxx += (static_cast<double>(i) - mean_i) * (static_cast<double>(i) - mean_i);
  }
  return sxx / sxy;
}

// Real time at a real server: a loaded machine can only make calls late, so the rate measured
// here may fall short of the limit (a loose lower bound) but must never exceed it (a tight
// upper bound). The limiter's precision (within 5 %) is asserted on a virtual clock in
// host_limiter_test.cc, and bench/actions_bench.cc measures the real rate.
TEST(Throttling, TheRateLimitIsNeverExceeded) {
  HttpReceiver receiver;
  ASSERT_TRUE(receiver.ok());
  auto dispatcher = Start({50, 0});
  Answers answers;
  constexpr int kCalls = 61;  // 60 intervals of 20 ms: 1.2 s
  for (int i = 0; i < kCalls; ++i) {
    dispatcher->Dispatch(Webhook(receiver.Url("/ok/" + std::to_string(i))), answers.Callback());
  }
  ASSERT_TRUE(answers.WaitFor(kCalls));
  auto t = ArrivalTimes(receiver);
  ASSERT_EQ(t.size(), static_cast<std::size_t>(kCalls));
  double rate = FittedRate(t);
  double end_to_end = (kCalls - 1) / (t.back() - t.front());
  EXPECT_LE(rate, 50 * 1.05) << "measured " << rate << " calls/s (" << end_to_end
                             << " from the first to the last arrival)";
  EXPECT_GE(rate, 50 * 0.5) << "measured " << rate << " calls/s (" << end_to_end
                            << " from the first to the last arrival)";
  EXPECT_GT(dispatcher->Stats().hosts.at("127.0.0.1").rate_limited, 50);
}

TEST(Throttling, NoMoreThanMaxInFlightAtOnce) {
  HttpReceiver receiver;
  ASSERT_TRUE(receiver.ok());
  auto dispatcher = Start({0, 2});
  Answers answers;
  for (int i = 0; i < 6; ++i) {
    dispatcher->Dispatch(Webhook(receiver.Url("/slow/200/" + std::to_string(i))),
                         answers.Callback());
  }
  ASSERT_TRUE(answers.WaitFor(6));
  // Each call lasts 200 ms and two run at once: call i+2 cannot arrive before call i is over.
  auto t = ArrivalTimes(receiver);
  ASSERT_EQ(t.size(), 6u);
  for (std::size_t i = 0; i + 2 < t.size(); ++i) EXPECT_GE(t[i + 2] - t[i], 0.19) << i;
  auto stats = dispatcher->Stats().hosts.at("127.0.0.1");
  // Four of the six wait for a slot when all are queued before the first call ends; on a loaded
  // machine a dispatch may come later, when a slot is free, and not wait at all.
  EXPECT_GE(stats.in_flight_limited, 1);
  EXPECT_LE(stats.in_flight_limited, 4);
  EXPECT_EQ(stats.in_flight, 0);
  EXPECT_EQ(stats.success, 6);
}

TEST(Throttling, AFullQueueBlocksDispatchUntilAnAnswerMakesRoom) {
  HttpReceiver receiver;
  ASSERT_TRUE(receiver.ok());
  auto dispatcher = Start({0, 4}, /*max_queued=*/2);
  Answers answers;
  // Answered after 5 s: long enough for the third dispatch to be seen blocked on a loaded
  // machine, and the answers then make room.
  dispatcher->Dispatch(Webhook(receiver.Url("/slow/5000/a")), answers.Callback());
  dispatcher->Dispatch(Webhook(receiver.Url("/slow/5000/b")), answers.Callback());
  std::atomic<bool> returned{false};
  std::thread third([&] {
    dispatcher->Dispatch(Webhook(receiver.Url("/ok/c")), answers.Callback());
    returned = true;
  });
  ASSERT_TRUE(Eventually([&] { return dispatcher->Stats().backpressure_waits == 1; }));
  EXPECT_FALSE(returned.load());
  EXPECT_LE(dispatcher->Stats().held, 2);
  ASSERT_TRUE(answers.WaitFor(3));
  third.join();
  EXPECT_TRUE(returned.load());
}

TEST(Throttling, StopReleasesADispatchBlockedOnAFullQueue) {
  HttpReceiver receiver;
  ASSERT_TRUE(receiver.ok());
  auto dispatcher = Start({0, 4}, /*max_queued=*/1);
  Answers answers;
  // Never answered (the server holds it until the client goes): the queue stays full until Stop.
  dispatcher->Dispatch(Webhook(receiver.Url("/hang/1/a")), answers.Callback());
  std::thread second(
      [&] { dispatcher->Dispatch(Webhook(receiver.Url("/ok/b")), answers.Callback()); });
  ASSERT_TRUE(Eventually([&] { return dispatcher->Stats().backpressure_waits == 1; }));
  dispatcher->Stop();
  second.join();
  EXPECT_TRUE(answers.Get().empty());
}

}  // namespace
}  // namespace parcours::actions
