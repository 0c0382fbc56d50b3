#include "actions/host_limiter.h"

#include <gtest/gtest.h>

namespace parcours::actions {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Taken = std::vector<std::pair<std::string, std::uint64_t>>;

Taken Take(HostLimiter& l, Clock::time_point now) {
  Taken out;
  l.TakeReady(now, out);
  return out;
}

TEST(HostLimiter, CapsCallsInFlightPerHostInFifoOrder) {
  HostLimiter l({0, 2}, {});
  Clock::time_point t0{};
  for (std::uint64_t i = 1; i <= 5; ++i) l.Enqueue("a.example", i);
  EXPECT_EQ(Take(l, t0), (Taken{{"a.example", 1}, {"a.example", 2}}));
  EXPECT_TRUE(Take(l, t0).empty());
  l.Finished("a.example");
  EXPECT_EQ(Take(l, t0), (Taken{{"a.example", 3}}));
  EXPECT_EQ(l.stats().at("a.example").in_flight_limited, 1);  // counted when it starts
  EXPECT_EQ(l.stats().at("a.example").queued, 2);
  EXPECT_EQ(l.stats().at("a.example").in_flight, 2);
}

TEST(HostLimiter, SpacesCallsByTheRateAndSaysWhenTheNextMayStart) {
  HostLimiter l({100, 0}, {});  // one call per 10 ms
  Clock::time_point t0 = Clock::time_point{} + 1s;
  for (std::uint64_t i = 1; i <= 100; ++i) l.Enqueue("h", i);
  std::size_t started = Take(l, t0).size();
  ASSERT_TRUE(l.NextStart().has_value());
  // Drive it with a virtual clock that wakes exactly when told.
  Clock::time_point now = t0;
  while (started < 100) {
    now = *l.NextStart();
    started += Take(l, now).size();
  }
  // 100 calls at 100/s: the last starts ~0.99 s after the first (minus the 10 ms tolerance).
  auto span = now - t0;
  EXPECT_GE(span, 970ms);
  EXPECT_LE(span, 990ms);
  EXPECT_EQ(l.stats().at("h").rate_limited, 98);  // all but the first two
}

TEST(HostLimiter, LateWakeUpsDoNotLowerTheRate) {
  HostLimiter l({200, 0}, {});  // 5 ms apart
  Clock::time_point now = Clock::time_point{} + 1s;
  for (std::uint64_t i = 1; i <= 400; ++i) l.Enqueue("h", i);
  std::size_t started = 0;
  Clock::time_point first = now;
  while (started < 400) {
    started += Take(l, now).size();
    now += 7ms;  // always late by 2 ms or more
  }
  double seconds = std::chrono::duration<double>(now - 7ms - first).count();
  EXPECT_NEAR(399 / seconds, 200, 200 * 0.05);
}

TEST(HostLimiter, HostsAreLimitedIndependentlyWithPerHostOverrides) {
  HostLimiter l({0, 1}, {{"fast.example", {0, 3}}});
  Clock::time_point t0{};
  for (std::uint64_t i = 1; i <= 4; ++i) l.Enqueue("fast.example", i);
  for (std::uint64_t i = 11; i <= 14; ++i) l.Enqueue("slow.example", i);
  Taken t = Take(l, t0);
  EXPECT_EQ(std::count_if(t.begin(), t.end(), [](auto& p) { return p.first == "fast.example"; }),
            3);
  EXPECT_EQ(std::count_if(t.begin(), t.end(), [](auto& p) { return p.first == "slow.example"; }),
            1);
}

}  // namespace
}  // namespace parcours::actions
