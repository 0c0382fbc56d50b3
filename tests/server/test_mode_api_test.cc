// Test mode over HTTP (docs/server.md "Test mode"): start and stop, who may enter, the test
// report apart from the live one, no edits, publish from test mode, a restart keeps it.
#include <chrono>
#include <thread>

#include "server_test.h"

namespace parcours::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A week's wait, then a split whose first branch nobody takes outside test mode.
const std::string kTrial = R"({
  "id": "trial", "name": "Trial", "entry": { "type": "event", "event": "signup" },
  "start": "wait",
  "nodes": [
    { "id": "wait", "type": "wait", "duration": "P7D", "next": "ab" },
    { "id": "ab", "type": "split", "branches": [
        { "label": "A", "percent": 0, "next": "end-a" },
        { "label": "B", "percent": 100, "next": "end-b" } ] },
    { "id": "end-a", "type": "end", "label": "A" },
    { "id": "end-b", "type": "end", "label": "B" }
  ]
})";

class TestModeApi : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    ASSERT_EQ(http().Post("/v1/journeys", kTrial).status, 201);
    ASSERT_EQ(http().Put("/v1/profiles/tester", R"({"attributes":{"testProfile":true}})").status,
              200);
  }
  HttpResponse Start(const std::string& body = "") {
    return http().Post("/v1/journeys/trial/versions/1/test/start", body);
  }
  void Advance(const std::string& by) {
    ASSERT_EQ(http().Post("/v1/clock/advance", R"({"by":")" + by + R"("})").status, 200);
  }
  boost::json::array ProfileInstances(const std::string& profile) {
    return Arr(http().Get("/v1/profiles/" + profile + "/journeys").json(), "instances");
  }
};

TEST_F(TestModeApi, StartShowsADraftInTestModeAndTestProfilesRunWithShortWaits) {
  HttpResponse started = Start(R"({"wait":"PT30S"})");
  ASSERT_EQ(started.status, 200) << started.body;
  auto v = started.json();
  EXPECT_EQ(At(v, "status"), "draft");
  EXPECT_EQ(At(v, "testMode"), true);
  EXPECT_EQ(At(v, "test.wait"), "PT30S");
  EXPECT_EQ(At(Arr(v, "history").back(), "action"), "test_start");
  EXPECT_EQ(At(http().Get("/v1/journeys/trial/versions/1").json(), "testMode"), true);

  SendEvent("signup", "tester");
  SendEvent("signup", "customer");
  Advance("PT30S");
  auto instances = ProfileInstances("tester");
  ASSERT_EQ(instances.size(), 1u);
  EXPECT_EQ(At(instances[0], "test"), true);
  EXPECT_EQ(At(instances[0], "endTag"), "end-a");  // the split's first branch
  EXPECT_TRUE(ProfileInstances("customer").empty());

  HttpResponse report = http().Get("/v1/journeys/trial/versions/1/test/report");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(At(report.json(), "testMode"), true);
  EXPECT_EQ(At(report.json(), "entered"), 1);
  EXPECT_EQ(At(report.json(), "endTags.end-a.count"), 1);
  EXPECT_EQ(At(report.json(), "discarded.not_test_profile"), 1);
  auto listed = http().Get("/v1/journeys/trial/versions/1/instances").json();
  EXPECT_EQ(Arr(listed, "instances").size(), 1u);
}

TEST_F(TestModeApi, BadRequestsAreRefusedWithProblems) {
  HttpResponse zero = Start(R"({"wait":"PT0S"})");
  ASSERT_EQ(zero.status, 400) << zero.body;
  EXPECT_EQ(zero.header("content-type"), "application/problem+json");
  EXPECT_THAT(ErrorPaths(zero), ElementsAre("$.wait bad_value"));
  EXPECT_THAT(ErrorPaths(Start(R"({"wait":"P2D"})")), ElementsAre("$.wait bad_value"));
  EXPECT_THAT(ErrorPaths(Start(R"({"wait":"soon"})")), ElementsAre("$.wait bad_value"));
  EXPECT_THAT(ErrorPaths(Start(R"({"colour":"red"})")), ElementsAre("$.colour unknown_field"));
  EXPECT_EQ(Start("{").status, 400);

  HttpResponse stop = http().Post("/v1/journeys/trial/versions/1/test/stop");
  ASSERT_EQ(stop.status, 409) << stop.body;
  EXPECT_THAT(ErrorPaths(stop), ElementsAre("$ not_in_test_mode"));
  EXPECT_EQ(http().Get("/v1/journeys/trial/versions/1/test/report").status, 409);
  EXPECT_EQ(http().Post("/v1/journeys/trial/versions/9/test/start").status, 404);
  EXPECT_EQ(http().Post("/v1/journeys/nope/versions/1/test/start").status, 404);

  ASSERT_EQ(Start().status, 200);
  HttpResponse again = Start();
  ASSERT_EQ(again.status, 409);
  EXPECT_THAT(ErrorPaths(again), ElementsAre("$ test_mode"));

  HttpResponse edited = http().Put("/v1/journeys/trial/versions/1", kTrial);
  ASSERT_EQ(edited.status, 409) << edited.body;
  EXPECT_THAT(ErrorPaths(edited), ElementsAre("$ test_mode"));
  EXPECT_THAT(edited.body, HasSubstr("stop test mode"));

  std::string invalid = PublishJourney(kSignupJourney);
  HttpResponse live = http().Post("/v1/journeys/" + invalid + "/versions/1/test/start");
  EXPECT_EQ(live.status, 409);
  ASSERT_EQ(http().Post("/v1/journeys", kInvalidJourney).status, 201);
  EXPECT_EQ(http().Post("/v1/journeys/broken/versions/1/test/start").status, 422);
}

TEST_F(TestModeApi, StopRemovesTestInstancesAndTheTestReport) {
  ASSERT_EQ(Start().status, 200);
  SendEvent("signup", "tester");
  ASSERT_EQ(ProfileInstances("tester").size(), 1u);
  std::string iid(At(ProfileInstances("tester")[0], "id").as_string());

  HttpResponse stopped = http().Post("/v1/journeys/trial/versions/1/test/stop");
  ASSERT_EQ(stopped.status, 200) << stopped.body;
  EXPECT_EQ(At(stopped.json(), "testMode"), false);
  EXPECT_TRUE(At(stopped.json(), "test").is_null());
  EXPECT_TRUE(ProfileInstances("tester").empty());
  EXPECT_EQ(http().Get("/v1/instances/" + iid).status, 404);
  auto report = http().Get("/v1/journeys/trial/versions/1/report").json();
  EXPECT_EQ(At(report, "entered"), 0);
  EXPECT_TRUE(At(report, "testMode").is_null());
  EXPECT_EQ(Str(At(report, "discarded")), "{}");
  ASSERT_EQ(http().Put("/v1/journeys/trial/versions/1", kTrial).status, 200);  // editable again
}

TEST_F(TestModeApi, PublishFromTestModeStartsTheLiveReportClean) {
  ASSERT_EQ(Start().status, 200);
  SendEvent("signup", "tester");
  SendEvent("signup", "customer");
  HttpResponse published = http().Post("/v1/journeys/trial/versions/1/publish");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(At(published.json(), "status"), "live");
  EXPECT_EQ(At(published.json(), "testMode"), false);
  EXPECT_TRUE(ProfileInstances("tester").empty());
  auto report = http().Get("/v1/journeys/trial/versions/1/report").json();
  EXPECT_EQ(At(report, "entered"), 0);
  EXPECT_EQ(Str(At(report, "discarded")), "{}");

  SendEvent("signup", "customer");
  Advance("P7D");
  auto customer = ProfileInstances("customer");
  ASSERT_EQ(customer.size(), 1u);
  EXPECT_EQ(At(customer[0], "test"), false);
  EXPECT_EQ(At(customer[0], "endTag"), "end-b");
  EXPECT_EQ(At(http().Get("/v1/journeys/trial/versions/1/report").json(), "entered"), 1);
}

TEST_F(TestModeApi, ARestartKeepsTestModeItsInstancesAndItsTimers) {
  ASSERT_EQ(Start(R"({"wait":"PT20S"})").status, 200);
  SendEvent("signup", "tester");
  server().Kill();  // SIGKILL: test mode is durable state
  StartServer({});
  auto v = http().Get("/v1/journeys/trial/versions/1").json();
  EXPECT_EQ(At(v, "testMode"), true);
  EXPECT_EQ(At(v, "test.wait"), "PT20S");
  Advance("PT20S");
  auto instances = ProfileInstances("tester");
  ASSERT_EQ(instances.size(), 1u);
  EXPECT_EQ(At(instances[0], "endTag"), "end-a");
  EXPECT_EQ(At(http().Get("/v1/journeys/trial/versions/1/test/report").json(), "entered"), 1);
}

TEST_F(TestModeApi, OnTheSystemClockAWeeksWaitLastsTheTestWait) {
  server().Kill();
  StartServer({}, /*manual_clock=*/false);
  ASSERT_EQ(Start(R"({"wait":"PT1S"})").status, 200);
  auto started = std::chrono::steady_clock::now();
  SendEvent("signup", "tester");
  // Polled until it ends (30 s at most on a loaded machine); a week's wait would never.
  boost::json::array instances;
  while (std::chrono::steady_clock::now() - started < std::chrono::seconds(30)) {
    instances = ProfileInstances("tester");
    if (instances.size() == 1 && At(instances[0], "status") != "in_progress") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(instances.size(), 1u);
  EXPECT_EQ(At(instances[0], "status"), "finished");
  EXPECT_EQ(At(instances[0], "endTag"), "end-a");
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900));
}

}  // namespace
}  // namespace parcours::testing
