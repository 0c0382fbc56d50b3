// BackgroundHealth (background_health.h): every failure counted, reports rate-limited, the
// recovery reported once, nothing reported while healthy.
#include "engine/background_health.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace parcours::engine {
namespace {

using std::chrono::seconds;

TEST(BackgroundHealth, ReportsTheFirstFailureThenAtMostOneEveryTenSecondsThenTheRecovery) {
  std::vector<BackgroundEvent> reported;
  BackgroundHealth health([&](const BackgroundEvent& e) { reported.push_back(e); });
  auto t0 = std::chrono::steady_clock::time_point{} + seconds(1000);
  Status broken = Fail(Error::Unavailable("disk full"));

  health.Record("timers", {}, t0);  // healthy: nothing to say
  EXPECT_TRUE(reported.empty());
  health.Record("timers", broken, t0);
  health.Record("timers", broken, t0 + seconds(1));
  health.Record("timers", broken, t0 + seconds(9));
  ASSERT_EQ(reported.size(), 1u);
  EXPECT_EQ(reported[0].work, "timers");
  EXPECT_FALSE(reported[0].recovered);
  EXPECT_EQ(reported[0].failures, 1);
  EXPECT_EQ(reported[0].error, "disk full");

  health.Record("timers", broken, t0 + seconds(10));
  ASSERT_EQ(reported.size(), 2u);
  EXPECT_EQ(reported[1].failures, 3);  // since the last report

  EngineStats stats;
  health.Fill(stats);
  EXPECT_EQ(stats.background_failures.at("timers"), 4);
  EXPECT_EQ(stats.background_failures.at("group"), 0);
  EXPECT_EQ(stats.failing.at("timers"), "disk full");

  health.Record("timers", {}, t0 + seconds(11));
  health.Record("timers", {}, t0 + seconds(12));
  ASSERT_EQ(reported.size(), 3u);
  EXPECT_TRUE(reported[2].recovered);
  EngineStats healed;
  health.Fill(healed);
  EXPECT_TRUE(healed.failing.empty());
  EXPECT_EQ(healed.background_failures.at("timers"), 4);
}

TEST(BackgroundHealth, EachWorkIsFollowedOnItsOwn) {
  std::vector<BackgroundEvent> reported;
  BackgroundHealth health([&](const BackgroundEvent& e) { reported.push_back(e); });
  health.Record("group", Fail(Error::Internal("a bug")));
  health.Record("timers", {});
  EngineStats stats;
  health.Fill(stats);
  EXPECT_EQ(stats.failing.size(), 1u);
  EXPECT_EQ(stats.failing.at("group"), "a bug");
  EXPECT_EQ(reported.size(), 1u);
}

TEST(BackgroundHealth, NoReporterIsAllowed) {
  BackgroundHealth health(nullptr);
  health.Record("flush", Fail(Error::Unavailable("gone")));
  EngineStats stats;
  health.Fill(stats);
  EXPECT_EQ(stats.background_failures.at("flush"), 1);
}

}  // namespace
}  // namespace parcours::engine
