// Journeys over HTTP: create, list, get, edit, validate, every lifecycle call with its status
// codes, new version, duplicate, delete, reports and instance lists (API.md "Journeys").
#include <set>

#include "server_test.h"

namespace parcours::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class JourneysApi : public ServerTest {};

TEST_F(JourneysApi, CreateAnswers201WithDraftVersionOneNormalized) {
  HttpResponse r = http().Post("/v1/journeys", R"({
    "id": "j", "name": "J", "entry": { "type": "event", "event": "signup" },
    "start": "wait", "nodes": [ { "id": "wait", "type": "wait", "duration": "P1D" } ] })");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("location"), "/v1/journeys/j/versions/1");
  auto v = r.json();
  EXPECT_EQ(At(v, "id"), "j");
  EXPECT_EQ(At(v, "version"), 1);
  EXPECT_EQ(At(v, "status"), "draft");
  EXPECT_EQ(Str(At(v, "definition.nodes")),
            R"([{"id":"wait","type":"wait","duration":"P1D","next":"wait-end"},)"
            R"({"id":"wait-end","type":"end","label":"End"}])");
  EXPECT_TRUE(At(v, "createdAt").is_string());
  for (const char* key : {"publishedAt", "closedAt", "stoppedAt", "finishedAt"}) {
    EXPECT_TRUE(At(v, key).is_null()) << key;
  }
  auto history = Arr(v, "history");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(At(history[0], "action"), "create");
  EXPECT_EQ(At(history[0], "by"), "anonymous");
  EXPECT_EQ(At(history[0], "reason"), "manual");
  EXPECT_TRUE(At(history[0], "at").is_string());
}

TEST_F(JourneysApi, MalformedJsonIs400WithLineAndColumnAndSavesNothing) {
  HttpResponse r = http().Post("/v1/journeys", "{\n  \"id\": \"j\",\n  \"name\": }");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  auto p = r.json();
  EXPECT_EQ(At(p, "status"), 400);
  EXPECT_TRUE(At(p, "type").is_string());
  EXPECT_TRUE(At(p, "title").is_string());
  EXPECT_TRUE(At(p, "detail").is_string());
  EXPECT_THAT(Str(At(p, "errors")), HasSubstr("line 3, column 11"));
  EXPECT_THAT(ErrorPaths(r), ElementsAre("$ bad_json"));
  EXPECT_EQ(Str(http().Get("/v1/journeys").json()), R"({"journeys":[]})");
}

TEST_F(JourneysApi, UnknownFieldsAndWrongTypesAre400WithPathsAndSaveNothing) {
  HttpResponse r = http().Post("/v1/journeys", R"({
    "id": "j", "name": 3, "colour": "red", "entry": { "type": "event", "event": "signup" },
    "start": "w", "nodes": [ { "id": "w", "type": "wait", "duration": "P1D", "bogus": 1 } ] })");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_THAT(ErrorPaths(r), Contains("$.name wrong_type"));
  EXPECT_THAT(ErrorPaths(r), Contains("$.colour unknown_field"));
  EXPECT_THAT(ErrorPaths(r), Contains("$.nodes[0].bogus unknown_field"));
  EXPECT_EQ(http().Get("/v1/journeys/j").status, 404);
}

TEST_F(JourneysApi, InvalidDraftIsSavedValidateReportsItAndPublishIs422) {
  HttpResponse created = http().Post("/v1/journeys", kInvalidJourney);
  ASSERT_EQ(created.status, 201) << created.body;

  HttpResponse validated = http().Post("/v1/journeys/broken/versions/1/validate");
  ASSERT_EQ(validated.status, 200) << validated.body;
  auto report = validated.json();
  EXPECT_EQ(At(report, "valid"), false);
  auto errors = Arr(report, "errors");
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(At(errors[0], "code"), "unknown_node");
  EXPECT_EQ(At(errors[0], "path"), "$.nodes[0].next");
  EXPECT_EQ(At(errors[0], "node"), "wait");
  EXPECT_TRUE(At(errors[0], "message").is_string());
  EXPECT_TRUE(At(report, "warnings").is_array());

  HttpResponse published = http().Post("/v1/journeys/broken/versions/1/publish");
  ASSERT_EQ(published.status, 422) << published.body;
  EXPECT_EQ(published.header("content-type"), "application/problem+json");
  EXPECT_THAT(ErrorPaths(published), Contains("$.nodes[0].next unknown_node"));
  EXPECT_THAT(published.body, HasSubstr(R"("node":"wait")"));
  EXPECT_EQ(At(http().Get("/v1/journeys/broken/versions/1").json(), "status"), "draft");
}

TEST_F(JourneysApi, CreatingAnExistingIdIs409) {
  ASSERT_EQ(http().Post("/v1/journeys", kSignupJourney).status, 201);
  HttpResponse again = http().Post("/v1/journeys", kSignupJourney);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_THAT(At(again.json(), "detail").as_string().c_str(), HasSubstr("already exists"));
}

TEST_F(JourneysApi, ListFiltersOnAnyVersionsStatus) {
  PublishJourney();
  ASSERT_EQ(http().Post("/v1/journeys", kInvalidJourney).status, 201);
  EXPECT_EQ(
      Str(http().Get("/v1/journeys").json()),
      R"({"journeys":[{"id":"broken","name":"Broken","versions":[{"version":1,"status":"draft"}]},)"
      R"({"id":"welcome","name":"Welcome","versions":[{"version":1,"status":"live"}]}]})");
  EXPECT_EQ(Str(At(http().Get("/v1/journeys?status=live").json(), "journeys")),
            R"([{"id":"welcome","name":"Welcome","versions":[{"version":1,"status":"live"}]}])");
  EXPECT_EQ(Str(At(http().Get("/v1/journeys?status=paused").json(), "journeys")), "[]");
  HttpResponse bad = http().Get("/v1/journeys?status=sleeping");
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(ErrorPaths(bad), ElementsAre("query.status bad_value"));
}

TEST_F(JourneysApi, GetJourneyAndVersionAndTheir404And400) {
  PublishJourney();
  HttpResponse journey = http().Get("/v1/journeys/welcome");
  ASSERT_EQ(journey.status, 200);
  EXPECT_EQ(At(journey.json(), "id"), "welcome");
  EXPECT_EQ(At(journey.json(), "name"), "Welcome");
  ASSERT_EQ(Arr(journey.json(), "versions").size(), 1u);
  EXPECT_EQ(At(Arr(journey.json(), "versions").at(0), "status"), "live");

  HttpResponse version = http().Get("/v1/journeys/welcome/versions/1");
  ASSERT_EQ(version.status, 200);
  EXPECT_EQ(At(version.json(), "status"), "live");
  EXPECT_TRUE(At(version.json(), "publishedAt").is_string());

  EXPECT_EQ(http().Get("/v1/journeys/nope").status, 404);
  EXPECT_EQ(http().Get("/v1/journeys/welcome/versions/7").status, 404);
  EXPECT_EQ(http().Get("/v1/journeys/welcome/versions/0").status, 400);
  EXPECT_EQ(http().Get("/v1/journeys/welcome/versions/one").status, 400);
  HttpResponse bad_id = http().Get("/v1/journeys/bad%20id");
  EXPECT_EQ(bad_id.status, 400);
  EXPECT_THAT(ErrorPaths(bad_id), ElementsAre("path.id bad_id"));
}

TEST_F(JourneysApi, PutReplacesADraftAndOnlyLabelsOfAPublishedVersion) {
  ASSERT_EQ(http().Post("/v1/journeys", kInvalidJourney).status, 201);
  std::string fixed = kInvalidJourney;
  fixed.replace(fixed.find("\"nowhere\""), 9, "\"wait\"");
  fixed.replace(fixed.find(R"("next": "wait")"), 14, R"("label": "Wait")");
  HttpResponse put = http().Put("/v1/journeys/broken/versions/1", fixed);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(At(put.json(), "status"), "draft");
  ASSERT_EQ(http().Post("/v1/journeys/broken/versions/1/publish").status, 200);

  std::string renamed = fixed;
  renamed.replace(renamed.find("\"Broken\""), 8, "\"Mended\"");
  HttpResponse relabel = http().Put("/v1/journeys/broken/versions/1", renamed);
  ASSERT_EQ(relabel.status, 200) << relabel.body;
  EXPECT_EQ(At(relabel.json(), "definition.name"), "Mended");

  std::string changed = renamed;
  changed.replace(changed.find("P1D"), 3, "P2D");
  HttpResponse refused = http().Put("/v1/journeys/broken/versions/1", changed);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_THAT(ErrorPaths(refused), Contains("$.nodes[0].duration read_only"));

  EXPECT_EQ(http().Put("/v1/journeys/broken/versions/1", "{").status, 400);
  EXPECT_EQ(http().Put("/v1/journeys/broken/versions/9", fixed).status, 404);
}

TEST_F(JourneysApi, LifecycleCallsAnswerTheVersionOr409) {
  ASSERT_EQ(http().Post("/v1/journeys", kSignupJourney).status, 201);
  const std::string v = "/v1/journeys/welcome/versions/1";
  EXPECT_EQ(http().Post(v + "/resume").status, 409);
  EXPECT_EQ(http().Post(v + "/close").status, 409);
  EXPECT_EQ(http().Post(v + "/stop").status, 409);
  EXPECT_EQ(http().Post(v + "/pause", R"({"mode":"hold"})").status, 409);

  HttpResponse published = http().Post(v + "/publish");
  ASSERT_EQ(published.status, 200);
  EXPECT_EQ(At(published.json(), "status"), "live");
  HttpResponse again = http().Post(v + "/publish");
  EXPECT_EQ(again.status, 409);
  EXPECT_THAT(At(again.json(), "detail").as_string().c_str(), HasSubstr("live"));

  HttpResponse paused = http().Post(v + "/pause", R"({"mode":"discard","for":"P3D"})");
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_EQ(At(paused.json(), "status"), "paused");
  EXPECT_EQ(At(paused.json(), "pauseMode"), "discard");
  EXPECT_TRUE(At(paused.json(), "pausedUntil").is_string());
  EXPECT_EQ(http().Post(v + "/pause", R"({"mode":"hold"})").status, 409);

  HttpResponse resumed = http().Post(v + "/resume");
  ASSERT_EQ(resumed.status, 200);
  EXPECT_EQ(At(resumed.json(), "status"), "live");
  EXPECT_EQ(http().Post(v + "/resume").status, 409);

  HttpResponse closed = http().Post(v + "/close");
  ASSERT_EQ(closed.status, 200);
  EXPECT_EQ(At(closed.json(), "status"), "closed");
  EXPECT_TRUE(At(closed.json(), "closedAt").is_string());
  EXPECT_EQ(http().Post(v + "/close").status, 409);
  EXPECT_EQ(http().Post(v + "/publish").status, 409);

  HttpResponse stopped = http().Post(v + "/stop");
  ASSERT_EQ(stopped.status, 200);
  EXPECT_EQ(At(stopped.json(), "status"), "stopped");
  EXPECT_TRUE(At(stopped.json(), "stoppedAt").is_string());
  EXPECT_EQ(http().Post(v + "/stop").status, 409);

  std::vector<std::string> actions;
  for (const auto& h : Arr(stopped.json(), "history")) {
    actions.emplace_back(At(h, "action").as_string());
    EXPECT_EQ(At(h, "by"), "anonymous");
  }
  EXPECT_THAT(actions, ElementsAre("create", "publish", "pause", "resume", "close", "stop"));
  EXPECT_EQ(http().Post("/v1/journeys/nope/versions/1/publish").status, 404);
}

TEST_F(JourneysApi, PauseBodyRules) {
  PublishJourney();
  const std::string pause = "/v1/journeys/welcome/versions/1/pause";
  EXPECT_THAT(ErrorPaths(http().Post(pause, R"({"for":"P1D"})")),
              ElementsAre("$.mode missing_field"));
  EXPECT_THAT(ErrorPaths(http().Post(pause, "")), ElementsAre("$ bad_json"));
  EXPECT_THAT(ErrorPaths(http().Post(pause, R"({"mode":"sleep"})")),
              ElementsAre("$.mode bad_value"));
  EXPECT_THAT(ErrorPaths(http().Post(pause, R"({"mode":"hold","for":"P15D"})")),
              ElementsAre("$.for bad_value"));
  EXPECT_THAT(ErrorPaths(http().Post(pause, R"({"mode":"hold","for":"PT0S"})")),
              ElementsAre("$.for bad_value"));
  EXPECT_THAT(ErrorPaths(http().Post(pause, R"({"mode":"hold","for":"-P1D"})")),
              ElementsAre("$.for bad_value"));
  EXPECT_THAT(ErrorPaths(http().Post(pause, R"({"mode":"hold","for":7})")),
              ElementsAre("$.for wrong_type"));
  EXPECT_THAT(ErrorPaths(http().Post(pause, R"({"mode":"hold","until":"P1D"})")),
              ElementsAre("$.until unknown_field"));
  EXPECT_EQ(At(http().Get("/v1/journeys/welcome/versions/1").json(), "status"), "live");

  HttpResponse paused = http().Post(pause, R"({"mode":"hold"})");
  ASSERT_EQ(paused.status, 200) << paused.body;
  auto clock = http().Get("/v1/clock").json();
  auto until = At(paused.json(), "pausedUntil");
  ASSERT_TRUE(until.is_string());
  EXPECT_GT(std::string(until.as_string()), std::string(At(clock, "now").as_string()));
  EXPECT_EQ(At(paused.json(), "pauseMode"), "hold");
}

TEST_F(JourneysApi, CallsWithoutBodyAcceptAnEmptyBodyWithOrWithoutContentType) {
  ASSERT_EQ(http().Post("/v1/journeys", kSignupJourney).status, 201);
  EXPECT_EQ(http().Post("/v1/journeys/welcome/versions/1/validate", "", "").status, 200);
  EXPECT_EQ(http().Post("/v1/journeys/welcome/versions/1/publish", "", "").status, 200);
  EXPECT_EQ(http().Post("/v1/journeys/welcome/versions/1/close", "", "application/json").status,
            200);
  EXPECT_EQ(http().Post("/v1/journeys/welcome/versions", "", "").status, 201);
  EXPECT_EQ(http().Request("DELETE", "/v1/journeys/welcome/versions/2", "", "").status, 204);
  HttpResponse with_body = http().Post("/v1/journeys/welcome/versions/1/stop", R"({"now":1})");
  EXPECT_EQ(with_body.status, 400);
  EXPECT_EQ(http().Post("/v1/journeys/welcome/versions/1/stop", "{}").status, 200);
}

TEST_F(JourneysApi, StopAnswersOnceEveryoneInsideTimedOut) {
  PublishJourney();
  SendEvent("signup", "p1", "e1");
  SendEvent("signup", "p2", "e2");
  ASSERT_EQ(http().Post("/v1/journeys/welcome/versions/1/stop").status, 200);
  auto report = http().Get("/v1/journeys/welcome/versions/1/report").json();
  EXPECT_EQ(At(report, "instances.in_progress"), 0);
  EXPECT_EQ(At(report, "instances.timed_out"), 2);
  auto instances = http().Get("/v1/profiles/p1/journeys").json();
  auto first = Arr(instances, "instances").at(0);
  EXPECT_EQ(At(first, "status"), "timed_out");
  EXPECT_EQ(At(first, "exitReason"), "journey_stopped");
}

TEST_F(JourneysApi, NewVersionIs201Then409WhileADraftExistsAndDeleteIs204Or409) {
  PublishJourney();
  HttpResponse created = http().Post("/v1/journeys/welcome/versions");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(At(created.json(), "version"), 2);
  EXPECT_EQ(At(created.json(), "status"), "draft");
  EXPECT_EQ(created.header("location"), "/v1/journeys/welcome/versions/2");
  HttpResponse again = http().Post("/v1/journeys/welcome/versions");
  EXPECT_EQ(again.status, 409);
  EXPECT_THAT(ErrorPaths(again), Contains(::testing::HasSubstr("draft_exists")));
  EXPECT_EQ(http().Post("/v1/journeys/nope/versions").status, 404);

  EXPECT_EQ(http().Delete("/v1/journeys/welcome/versions/1").status, 409);
  HttpResponse deleted = http().Delete("/v1/journeys/welcome/versions/2");
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_EQ(http().Get("/v1/journeys/welcome/versions/2").status, 404);
  EXPECT_EQ(http().Delete("/v1/journeys/welcome/versions/2").status, 404);
}

TEST_F(JourneysApi, DuplicateMakesANewDraftJourney) {
  PublishJourney();
  HttpResponse copy = http().Post("/v1/journeys/welcome/duplicate", R"({"name":"Welcome 2"})");
  ASSERT_EQ(copy.status, 201) << copy.body;
  auto v = copy.json();
  EXPECT_NE(At(v, "id"), "welcome");
  EXPECT_EQ(At(v, "version"), 1);
  EXPECT_EQ(At(v, "status"), "draft");
  EXPECT_EQ(At(v, "definition.name"), "Welcome 2");
  auto history = Arr(v, "history");
  EXPECT_EQ(At(history.at(0), "action"), "duplicate");
  EXPECT_EQ(At(history.at(0), "reason"), "copy_of:welcome/1");

  HttpResponse plain = http().Post("/v1/journeys/welcome/duplicate", "", "");
  ASSERT_EQ(plain.status, 201) << plain.body;
  EXPECT_EQ(At(plain.json(), "definition.name"), "Welcome (copy)");
  EXPECT_EQ(http().Post("/v1/journeys/welcome/duplicate", R"({"version":5})").status, 404);
  EXPECT_THAT(ErrorPaths(http().Post("/v1/journeys/welcome/duplicate", R"({"version":"1"})")),
              ElementsAre("$.version wrong_type"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/journeys/welcome/duplicate", R"({"copies":2})")),
              ElementsAre("$.copies unknown_field"));
  EXPECT_EQ(http().Post("/v1/journeys/nope/duplicate").status, 404);
}

TEST_F(JourneysApi, ReportHasExactlyTheApiShapeAndA24HourWindow) {
  PublishJourney();
  SendEvent("signup", "p1", "e1");
  HttpResponse r = http().Get("/v1/journeys/welcome/versions/1/report");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(
      Str(r.json()),
      R"({"status":"live","entered":1,)"
      R"("instances":{"in_progress":1,"finished":0,"error":0,"timed_out":0},)"
      R"("endTags":{"done":{"label":"Done","count":0}},)"
      R"("nodes":{"done":{"entered":0,"left":0,"failed":0},"wait":{"entered":1,"left":0,"failed":0}},)"
      R"("discarded":{}})");
  HttpResponse window = http().Get("/v1/journeys/welcome/versions/1/report?window=24h");
  ASSERT_EQ(window.status, 200);
  EXPECT_EQ(At(window.json(), "entered"), 1);
  ASSERT_EQ(http().Post("/v1/clock/advance", R"({"by":"P2D"})").status, 200);
  auto later = http().Get("/v1/journeys/welcome/versions/1/report?window=24h").json();
  EXPECT_EQ(At(later, "entered"), 0);
  EXPECT_EQ(At(http().Get("/v1/journeys/welcome/versions/1/report").json(), "entered"), 1);
  EXPECT_THAT(ErrorPaths(http().Get("/v1/journeys/welcome/versions/1/report?window=7d")),
              ElementsAre("query.window bad_value"));
  EXPECT_EQ(http().Get("/v1/journeys/welcome/versions/3/report").status, 404);
}

TEST_F(JourneysApi, InstancesListFiltersAndPages) {
  PublishJourney();
  for (int i = 0; i < 5; ++i) SendEvent("signup", "p" + std::to_string(i), "e" + std::to_string(i));
  const std::string base = "/v1/journeys/welcome/versions/1/instances";
  HttpResponse all = http().Get(base);
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(Arr(all.json(), "instances").size(), 5u);
  EXPECT_TRUE(At(all.json(), "next").is_null());

  std::set<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    std::string url = base + "?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor);
    HttpResponse page = http().Get(url);
    ASSERT_EQ(page.status, 200) << page.body;
    for (const auto& i : Arr(page.json(), "instances")) {
      seen.insert(std::string(At(i, "profileId").as_string()));
    }
    auto next = At(page.json(), "next");
    cursor = next.is_string() ? std::string(next.as_string()) : "";
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);

  EXPECT_EQ(Arr(http().Get(base + "?status=in_progress").json(), "instances").size(), 5u);
  EXPECT_EQ(Arr(http().Get(base + "?status=finished").json(), "instances").size(), 0u);
  EXPECT_THAT(ErrorPaths(http().Get(base + "?status=gone")), ElementsAre("query.status bad_value"));
  EXPECT_THAT(ErrorPaths(http().Get(base + "?limit=0")), ElementsAre("query.limit bad_value"));
  EXPECT_THAT(ErrorPaths(http().Get(base + "?limit=x")), ElementsAre("query.limit bad_value"));
  EXPECT_EQ(http().Get("/v1/journeys/nope/versions/1/instances").status, 404);
}

}  // namespace
}  // namespace parcours::testing
