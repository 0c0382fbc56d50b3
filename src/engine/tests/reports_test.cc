// Reports (DESIGN.md §1 "Reports" and "Fine points"): entries, instances by status, exits by
// end tag, per-activity counts, discards, all time and over the last 24 hours.
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

// Wait an hour, call a webhook (error path to "sorry"), end at "done".
constexpr std::string_view kFunnel = R"json({
  "id": "funnel", "name": "Funnel",
  "entry": { "type": "event", "event": "signup", "when": "event.data.country != 'US'" },
  "exit": [ { "label": "Unsubscribed", "event": "unsubscribe" } ],
  "start": "wait",
  "nodes": [
    { "id": "wait", "type": "wait", "duration": "PT1H", "next": "call" },
    { "id": "call", "type": "action",
      "action": { "kind": "webhook", "url": "https://crm.example/" },
      "next": "done", "onError": "sorry" },
    { "id": "done", "type": "end", "label": "Done" },
    { "id": "sorry", "type": "end", "label": "Sorry" }
  ]
})json";

TEST_F(EngineTest, ReportCountsEntriesStatusesEndTagsActivitiesAndDiscards) {
  std::string id = PublishJourney(kFunnel);
  dispatcher_.AnswerWith([](const ActionRequest& request) {
    return request.profile_id == "p2" ? ActionResult{ActionOutcome::kError, "HTTP 500"}
                                      : ActionResult{ActionOutcome::kSuccess, "HTTP 200"};
  });
  for (const char* profile : {"p1", "p2", "p3", "p4"}) Send("signup", profile);
  Send("signup", "p5", R"({"country": "US"})");
  Send("signup", "p1");
  Send("unsubscribe", "p3");
  Advance("PT1H");

  Report report = ReportOf(id);
  EXPECT_EQ(report.status, VersionStatus::kLive);
  EXPECT_EQ(report.entered, 4);
  EXPECT_EQ(report.in_progress, 0);
  EXPECT_EQ(report.finished, 4);  // done, sorry, exit criteria, done
  EXPECT_EQ(report.error, 0);
  EXPECT_EQ(report.timed_out, 0);
  EXPECT_THAT(report.end_tags,
              UnorderedElementsAre(Pair("done", Pair("Done", 2)), Pair("sorry", Pair("Sorry", 1))));
  EXPECT_EQ(NodeTally(report, "wait"), (Tally{4, 3, 0}));  // p3 was taken out: not left
  EXPECT_EQ(NodeTally(report, "call"), (Tally{3, 3, 1}));  // p2 failed, then went on
  EXPECT_EQ(NodeTally(report, "done"), (Tally{2, 2, 0}));
  EXPECT_EQ(NodeTally(report, "sorry"), (Tally{1, 1, 0}));
  EXPECT_THAT(Discards(report),
              UnorderedElementsAre(Pair("condition_false", 1), Pair("already_in_journey", 1)));
}

TEST_F(EngineTest, ReportListsEveryActivity) {
  std::string id = PublishJourney(kFunnel);
  Report report = ReportOf(id);
  for (const char* node : {"wait", "call", "done", "sorry"}) {
    EXPECT_TRUE(report.nodes.contains(node)) << node;
  }
}

TEST_F(EngineTest, ProfilesTakenOutAreNotCountedAsLeft) {
  std::string id = PublishJourney(R"json({
    "id": "out", "name": "Out", "entry": { "type": "event", "event": "signup" },
    "exit": [ { "label": "Unsubscribed", "event": "unsubscribe" } ],
    "globalTimeout": "P1D",
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P10D", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "exits");
  Send("signup", "removed");
  Send("unsubscribe", "exits");
  Must(engine().RemoveInstance(OnlyInstance("removed").id, "ops"), "RemoveInstance");
  Send("signup", "times-out");
  Advance("P1D");
  Send("signup", "stopped");
  Must(engine().Stop(id, 1, "ops"), "Stop");

  Report report = ReportOf(id);
  EXPECT_EQ(NodeTally(report, "wait"), (Tally{4, 0, 0}));
  EXPECT_EQ(report.finished, 2);
  EXPECT_EQ(report.timed_out, 2);
  EXPECT_EQ(EndTagCount(report, "done"), 0);
}

TEST_F(EngineTest, DiscardsOfAJourneyWithNoLiveVersionAreCountedOnTheLatestPublished) {
  std::string id = PublishJourney(kFunnel);
  PublishNewVersion(id, kFunnel);
  Must(engine().Close(id, 2, "ci"), "Close");
  Send("signup", "p1");
  Send("signup", "p2");
  EXPECT_THAT(Discards(ReportOf(id, 2)), ElementsAre(Pair("not_live", 2)));
  EXPECT_THAT(Discards(ReportOf(id, 1)), IsEmpty());
}

TEST_F(EngineTest, WindowedReportCountsTheLastDayWhileInProgressIsCurrent) {
  std::string id = PublishJourney(R"json({
    "id": "slow", "name": "Slow",
    "entry": { "type": "event", "event": "signup", "when": "event.data.country != 'US'" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P3D", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "p1");
  Send("signup", "p2");
  Send("signup", "us1", R"({"country": "US"})");
  Advance("P2D");
  Send("signup", "p3");
  Send("signup", "us2", R"({"country": "US"})");

  Report day = ReportOf(id, 1, ReportWindow::kLast24Hours);
  EXPECT_EQ(day.entered, 1);
  EXPECT_EQ(day.in_progress, 3);  // the current number, not the last day's
  EXPECT_EQ(day.finished, 0);
  EXPECT_EQ(NodeTally(day, "wait"), (Tally{1, 0, 0}));
  EXPECT_THAT(Discards(day), ElementsAre(Pair("condition_false", 1)));
  Report all = ReportOf(id);
  EXPECT_EQ(all.entered, 3);
  EXPECT_EQ(all.in_progress, 3);
  EXPECT_THAT(Discards(all), ElementsAre(Pair("condition_false", 2)));

  Advance("P1DT1H");  // p1 and p2 finished an hour ago; p3's entry was 25 hours ago
  day = ReportOf(id, 1, ReportWindow::kLast24Hours);
  EXPECT_EQ(day.entered, 0);
  EXPECT_EQ(day.finished, 2);
  EXPECT_EQ(day.in_progress, 1);
  EXPECT_EQ(EndTagCount(day, "done"), 2);
  EXPECT_EQ(NodeTally(day, "wait"), (Tally{0, 2, 0}));
  EXPECT_THAT(Discards(day), IsEmpty());

  Advance("P3D");  // p3 finished 25 hours ago
  day = ReportOf(id, 1, ReportWindow::kLast24Hours);
  EXPECT_EQ(day.entered, 0);
  EXPECT_EQ(day.finished, 0);
  EXPECT_EQ(day.in_progress, 0);
  all = ReportOf(id);
  EXPECT_EQ(all.finished, 3);
  EXPECT_EQ(EndTagCount(all, "done"), 3);
}

TEST_F(EngineTest, ReportOfEachVersionCountsOnlyItsOwnInstances) {
  std::string id = PublishJourney(kFunnel);
  Send("signup", "p1");
  PublishNewVersion(id, kFunnel);
  Send("signup", "p2");
  Send("signup", "p3");
  Report v1 = ReportOf(id, 1);
  Report v2 = ReportOf(id, 2);
  EXPECT_EQ(v1.status, VersionStatus::kClosed);
  EXPECT_EQ(v1.entered, 1);
  EXPECT_EQ(v1.in_progress, 1);
  EXPECT_EQ(v2.status, VersionStatus::kLive);
  EXPECT_EQ(v2.entered, 2);
  EXPECT_EQ(v2.in_progress, 2);
}

TEST_F(EngineTest, InstancesOfAVersionCanBeListedByStatusAndPaged) {
  std::string id = PublishJourney(kFunnel);
  for (int i = 0; i < 5; ++i) Send("signup", "p" + std::to_string(i));
  Send("unsubscribe", "p0");
  Engine::InstancePage finished =
      Must(engine().ListInstances(id, 1, InstanceStatus::kFinished, 10, ""), "ListInstances");
  ASSERT_EQ(finished.instances.size(), 1u);
  EXPECT_EQ(finished.instances[0].profile_id, "p0");

  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    Engine::InstancePage page = Must(
        engine().ListInstances(id, 1, InstanceStatus::kInProgress, 2, cursor), "ListInstances");
    EXPECT_LE(page.instances.size(), 2u);
    for (const InstanceView& instance : page.instances) seen.insert(instance.profile_id);
    cursor = page.next;
  } while (!cursor.empty() && ++pages < 10);
  EXPECT_THAT(seen, ElementsAre("p1", "p2", "p3", "p4"));
}

}  // namespace
}  // namespace parcours::engine_test
