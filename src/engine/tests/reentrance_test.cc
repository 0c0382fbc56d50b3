// Re-entrance: off, on, its wait, and "never twice inside at once", across versions too
// (DESIGN.md §1 "Entry, re-entrance, global timeout" and "Fine points").
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

// A journey the profile goes through at once, re-entrance off.
constexpr std::string_view kOnceOnly = R"json({
  "id": "once", "name": "Once",
  "entry": { "type": "event", "event": "signup" },
  "reentrance": { "allowed": false },
  "start": "done",
  "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
})json";

// A journey the profile goes through at once, re-entrance after an hour.
constexpr std::string_view kHourly = R"json({
  "id": "hourly", "name": "Hourly",
  "entry": { "type": "event", "event": "visit" },
  "reentrance": { "allowed": true, "wait": "PT1H" },
  "start": "done",
  "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
})json";

// The profile stays two hours; re-entrance after an hour.
constexpr std::string_view kTwoHours = R"json({
  "id": "stay", "name": "Stay",
  "entry": { "type": "event", "event": "visit" },
  "reentrance": { "allowed": true, "wait": "PT1H" },
  "start": "wait",
  "nodes": [ { "id": "wait", "type": "wait", "duration": "PT2H", "next": "done" },
             { "id": "done", "type": "end", "label": "Done" } ]
})json";

TEST_F(EngineTest, ReentranceOffEntersAProfileOnlyOnce) {
  std::string id = PublishJourney(kOnceOnly);
  Send("signup", "p1");
  ASSERT_EQ(OnlyInstance("p1").status, InstanceStatus::kFinished);

  Advance("P60D");
  Send("signup", "p1");
  EXPECT_EQ(Instances("p1").size(), 1u);
  Report report = ReportOf(id);
  EXPECT_EQ(report.entered, 1);
  EXPECT_THAT(Discards(report), ElementsAre(Pair("reentrance_not_allowed", 1)));
}

TEST_F(EngineTest, ReentranceOffHoldsAcrossVersions) {
  std::string id = PublishJourney(kOnceOnly);
  Send("signup", "p1");
  ASSERT_EQ(OnlyInstance("p1").status, InstanceStatus::kFinished);
  ASSERT_EQ(PublishNewVersion(id, kOnceOnly), 2);

  Advance("P1D");
  Send("signup", "p1");
  EXPECT_EQ(Instances("p1").size(), 1u);
  EXPECT_THAT(Discards(ReportOf(id, 2)), ElementsAre(Pair("reentrance_not_allowed", 1)));
  EXPECT_EQ(ReportOf(id, 2).entered, 0);

  Send("signup", "p2");  // someone new enters version 2
  EXPECT_EQ(OnlyInstance("p2").version, 2);
}

TEST_F(EngineTest, ReentranceOnEntersAgainOnceTheWaitHasPassed) {
  std::string id = PublishJourney(kHourly);
  Send("visit", "p1");
  ASSERT_EQ(OnlyInstance("p1").status, InstanceStatus::kFinished);

  Advance("PT59M59S");
  Send("visit", "p1");
  EXPECT_EQ(Instances("p1").size(), 1u);
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("reentrance_wait", 1)));

  Advance("PT1S");
  Send("visit", "p1");
  std::vector<InstanceView> instances = Instances("p1");
  ASSERT_EQ(instances.size(), 2u);
  EXPECT_NE(instances[0].id, instances[1].id);
  EXPECT_EQ(instances[1].entered_at, kStart + 1h);
  EXPECT_EQ(instances[1].end_tag, "done");
}

TEST_F(EngineTest, ReentranceWaitCountsFromTheLastEntry) {
  std::string id = PublishJourney(kTwoHours);
  Send("visit", "p1");
  Advance("PT90M");
  Send("visit", "p1");  // still inside
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("already_in_journey", 1)));

  Advance("PT30M");  // the first instance ends at 2h; the wait passed at 1h
  ASSERT_EQ(OnlyInstance("p1").status, InstanceStatus::kFinished);
  Send("visit", "p1");
  ASSERT_EQ(Instances("p1").size(), 2u);
  EXPECT_EQ(Instances("p1")[1].entered_at, kStart + 2h);
}

TEST_F(EngineTest, ReentranceWaitDefaultsToFiveMinutes) {
  std::string id = PublishJourney(R"json({
    "id": "default", "name": "Default", "entry": { "type": "event", "event": "visit" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("visit", "p1");
  Advance("PT4M59S");
  Send("visit", "p1");
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("reentrance_wait", 1)));
  Advance("PT1S");
  Send("visit", "p1");
  EXPECT_EQ(Instances("p1").size(), 2u);
}

TEST_F(EngineTest, ProfileIsNeverTwiceInsideAtOnce) {
  std::string id = PublishJourney(R"json({
    "id": "long", "name": "Long", "entry": { "type": "event", "event": "visit" },
    "reentrance": { "allowed": true, "wait": "PT1M" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P1D", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("visit", "p1");
  Advance("PT10M");  // the re-entrance wait has passed, but p1 is inside
  Send("visit", "p1");
  Send("visit", "p1");
  EXPECT_EQ(Instances("p1").size(), 1u);
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("already_in_journey", 2)));
  EXPECT_EQ(ReportOf(id).in_progress, 1);
}

TEST_F(EngineTest, ProfileInsideAClosedVersionCannotEnterTheNewOne) {
  std::string id = PublishJourney(kTwoHours);
  Send("visit", "p1");
  ASSERT_EQ(PublishNewVersion(id, kTwoHours), 2);

  Advance("PT1H30M");  // past the re-entrance wait, still inside version 1
  Send("visit", "p1");
  ASSERT_EQ(Instances("p1").size(), 1u);
  EXPECT_EQ(Instances("p1")[0].version, 1);
  EXPECT_THAT(Discards(ReportOf(id, 2)), ElementsAre(Pair("already_in_journey", 1)));

  Advance("PT30M");  // version 1's instance ends
  Send("visit", "p1");
  std::vector<InstanceView> instances = Instances("p1");
  ASSERT_EQ(instances.size(), 2u);
  EXPECT_EQ(instances[0].status, InstanceStatus::kFinished);
  EXPECT_EQ(instances[1].version, 2);
}

TEST_F(EngineTest, ReentranceWaitCountsAcrossVersions) {
  std::string id = PublishJourney(kHourly);
  Send("visit", "p1");
  ASSERT_EQ(PublishNewVersion(id, kHourly), 2);
  Advance("PT30M");
  Send("visit", "p1");
  EXPECT_EQ(Instances("p1").size(), 1u);
  EXPECT_THAT(Discards(ReportOf(id, 2)), ElementsAre(Pair("reentrance_wait", 1)));
  Advance("PT30M");
  Send("visit", "p1");
  ASSERT_EQ(Instances("p1").size(), 2u);
  EXPECT_EQ(Instances("p1")[1].version, 2);
}

TEST_F(EngineTest, EnteredCountsEveryEntryOfAProfile) {
  std::string id = PublishJourney(kHourly);
  for (int i = 0; i < 3; ++i) {
    Send("visit", "p1");
    Advance("PT1H");
  }
  Send("visit", "p2");
  Report report = ReportOf(id);
  EXPECT_EQ(report.entered, 4);
  EXPECT_EQ(report.finished, 4);
  EXPECT_EQ(EndTagCount(report, "done"), 4);
  EXPECT_EQ(Instances("p1").size(), 3u);
}

TEST_F(EngineTest, ProfileThatExitedMayEnterAgainAfterTheWait) {
  std::string id = PublishJourney(R"json({
    "id": "exit", "name": "Exit", "entry": { "type": "event", "event": "visit" },
    "reentrance": { "allowed": true, "wait": "PT1H" },
    "exit": [ { "label": "Left", "event": "leave" } ],
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P1D", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("visit", "p1");
  Send("leave", "p1");
  ASSERT_EQ(OnlyInstance("p1").exit_reason, ExitReason::kExitCriteria);
  Send("visit", "p1");
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("reentrance_wait", 1)));
  Advance("PT1H");
  Send("visit", "p1");
  ASSERT_EQ(Instances("p1").size(), 2u);
  EXPECT_EQ(Instances("p1")[1].status, InstanceStatus::kInProgress);
}

}  // namespace
}  // namespace parcours::engine_test
