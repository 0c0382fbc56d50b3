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

// Polls `condition` every millisecond for at most 10 s.
template <typename F>
bool Eventually(F condition) {
  for (int i = 0; i < 10000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return false;
}

TEST(Throttling, TheRateLimitHoldsWithinFivePercent) {
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
  double rate = (kCalls - 1) / (t.back() - t.front());
  EXPECT_NEAR(rate, 50, 50 * 0.05) << "measured " << rate << " calls/s";
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
  EXPECT_EQ(stats.in_flight_limited, 4);
  EXPECT_EQ(stats.in_flight, 0);
  EXPECT_EQ(stats.success, 6);
}

TEST(Throttling, AFullQueueBlocksDispatchUntilAnAnswerMakesRoom) {
  HttpReceiver receiver;
  ASSERT_TRUE(receiver.ok());
  auto dispatcher = Start({0, 4}, /*max_queued=*/2);
  Answers answers;
  dispatcher->Dispatch(Webhook(receiver.Url("/slow/300/a")), answers.Callback());
  dispatcher->Dispatch(Webhook(receiver.Url("/slow/300/b")), answers.Callback());
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
  dispatcher->Dispatch(Webhook(receiver.Url("/slow/5000/a")), answers.Callback());
  std::thread second(
      [&] { dispatcher->Dispatch(Webhook(receiver.Url("/ok/b")), answers.Callback()); });
  ASSERT_TRUE(Eventually([&] { return dispatcher->Stats().backpressure_waits == 1; }));
  dispatcher->Stop();
  second.join();
  EXPECT_TRUE(answers.Get().empty());
}

}  // namespace
}  // namespace parcours::actions
