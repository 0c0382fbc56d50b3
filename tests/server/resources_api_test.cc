// Profiles, audiences, instances and the manual clock over HTTP (API.md "Profiles, audiences,
// instances" and "Clock").
#include "server_test.h"

namespace parcours::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ResourcesApi : public ServerTest {};

TEST_F(ResourcesApi, ProfilePutReplacesPatchMergesGetReads) {
  HttpResponse put = http().Put("/v1/profiles/p1", R"({"attributes":{"tier":"gold","age":40}})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Str(put.json()), R"({"id":"p1","attributes":{"tier":"gold","age":40}})");
  HttpResponse patch =
      http().Patch("/v1/profiles/p1", R"({"attributes":{"age":41,"city":"Lyon"}})");
  ASSERT_EQ(patch.status, 200) << patch.body;
  EXPECT_EQ(At(patch.json(), "attributes.tier"), "gold");
  EXPECT_EQ(At(patch.json(), "attributes.age"), 41);
  EXPECT_EQ(At(patch.json(), "attributes.city"), "Lyon");
  ASSERT_EQ(http().Put("/v1/profiles/p1", R"({"attributes":{"tier":"silver"}})").status, 200);
  EXPECT_EQ(Str(http().Get("/v1/profiles/p1").json()),
            R"({"id":"p1","attributes":{"tier":"silver"}})");
}

TEST_F(ResourcesApi, ProfileErrors) {
  HttpResponse unknown = http().Get("/v1/profiles/never");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.header("content-type"), "application/problem+json");
  EXPECT_THAT(ErrorPaths(http().Put("/v1/profiles/p1", R"({"tier":"gold"})")),
              ElementsAre("$.attributes missing_field", "$.tier unknown_field"));
  EXPECT_THAT(ErrorPaths(http().Put("/v1/profiles/p1", R"({"attributes":[1]})")),
              ElementsAre("$.attributes wrong_type"));
  EXPECT_EQ(http().Put("/v1/profiles/p1", R"({"attributes":)").status, 400);
  EXPECT_EQ(http().Put("/v1/profiles/a%20b", R"({"attributes":{}})").status, 400);
  EXPECT_EQ(http().Get("/v1/profiles/p1").status, 404);
}

TEST_F(ResourcesApi, ProfileSeenInAnEventExistsAndListsItsJourneysOldestFirst) {
  PublishJourney();
  EXPECT_EQ(Str(http().Get("/v1/profiles/p1/journeys").json()), R"({"instances":[]})");
  SendEvent("signup", "p1", "e1");
  EXPECT_EQ(http().Get("/v1/profiles/p1").status, 200);
  ASSERT_EQ(http().Post("/v1/clock/advance", R"({"by":"P1D"})").status, 200);
  ASSERT_EQ(http().Post("/v1/clock/advance", R"({"by":"PT10M"})").status, 200);
  SendEvent("signup", "p1", "e2");
  auto instances = Arr(http().Get("/v1/profiles/p1/journeys").json(), "instances");
  ASSERT_EQ(instances.size(), 2u);
  EXPECT_EQ(At(instances[0], "status"), "finished");
  EXPECT_EQ(At(instances[0], "exitReason"), "end");
  EXPECT_EQ(At(instances[0], "endTag"), "done");
  EXPECT_EQ(At(instances[0], "currentNode"), "done");
  EXPECT_TRUE(At(instances[0], "endedAt").is_string());
  EXPECT_EQ(At(instances[1], "status"), "in_progress");
  EXPECT_TRUE(At(instances[1], "endTag").is_null());
  EXPECT_TRUE(At(instances[1], "exitReason").is_null());
}

TEST_F(ResourcesApi, InstanceGetAndRemove) {
  PublishJourney();
  SendEvent("signup", "p1", "e1");
  std::string id(
      At(Arr(http().Get("/v1/profiles/p1/journeys").json(), "instances").at(0), "id").as_string());
  HttpResponse got = http().Get("/v1/instances/" + id);
  ASSERT_EQ(got.status, 200) << got.body;
  auto i = got.json();
  EXPECT_EQ(At(i, "id"), boost::json::value(id));
  EXPECT_EQ(At(i, "journeyId"), "welcome");
  EXPECT_EQ(At(i, "version"), 1);
  EXPECT_EQ(At(i, "profileId"), "p1");
  EXPECT_EQ(At(i, "status"), "in_progress");
  EXPECT_EQ(At(i, "currentNode"), "wait");
  EXPECT_TRUE(At(i, "enteredAt").is_string());
  EXPECT_TRUE(At(i, "endedAt").is_null());
  auto history = Arr(i, "history");
  ASSERT_FALSE(history.empty());
  for (const char* key : {"at", "node", "outcome", "detail"}) {
    EXPECT_TRUE(history[0].as_object().contains(key)) << key;
  }

  HttpResponse removed = http().Delete("/v1/instances/" + id);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(At(removed.json(), "exitReason"), "removed");
  EXPECT_NE(At(removed.json(), "status"), "in_progress");
  EXPECT_EQ(
      At(http().Get("/v1/journeys/welcome/versions/1/report").json(), "instances.in_progress"), 0);

  EXPECT_EQ(http().Delete("/v1/instances/" + id).status, 409);  // already ended

  EXPECT_EQ(http().Get("/v1/instances/0000-000000009999").status, 404);
  EXPECT_EQ(http().Get("/v1/instances/nonsense").status, 404);
  EXPECT_EQ(http().Delete("/v1/instances/nonsense").status, 404);
  EXPECT_EQ(http().Get("/v1/instances/bad%2Fid").status, 400);
}

TEST_F(ResourcesApi, AudiencesFromAListOrAnExpression) {
  HttpResponse list = http().Put("/v1/audiences/vip", R"({"profiles":["p1","p2","p3"]})");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(At(list.json(), "id"), "vip");
  EXPECT_EQ(At(list.json(), "size"), 3);
  ASSERT_EQ(http().Put("/v1/profiles/a", R"({"attributes":{"tier":"gold"}})").status, 200);
  ASSERT_EQ(http().Put("/v1/profiles/b", R"({"attributes":{"tier":"tin"}})").status, 200);
  HttpResponse when = http().Put("/v1/audiences/gold", R"({"when":"profile.tier == 'gold'"})");
  ASSERT_EQ(when.status, 200) << when.body;
  EXPECT_EQ(At(when.json(), "size"), 1);
  HttpResponse got = http().Get("/v1/audiences/gold");
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(At(got.json(), "when"), "profile.tier == 'gold'");
  EXPECT_EQ(At(got.json(), "size"), 1);

  EXPECT_EQ(http().Get("/v1/audiences/none").status, 404);
  EXPECT_THAT(ErrorPaths(http().Put("/v1/audiences/x", R"({})")), ElementsAre("$ bad_value"));
  EXPECT_THAT(ErrorPaths(http().Put("/v1/audiences/x", R"({"profiles":[],"when":"true"})")),
              ElementsAre("$ bad_value"));
  EXPECT_THAT(ErrorPaths(http().Put("/v1/audiences/x", R"({"profiles":["ok",3,"a b"]})")),
              ElementsAre("$.profiles[1] wrong_type", "$.profiles[2] bad_id"));
  EXPECT_THAT(ErrorPaths(http().Put("/v1/audiences/x", R"({"profiles":["a"],"size":1})")),
              ElementsAre("$.size unknown_field"));
  EXPECT_EQ(http().Put("/v1/audiences/x", R"({"when":"profile.tier ==="})").status, 400);
}

TEST_F(ResourcesApi, ManualClockAdvancesByOrToAndFiresTimers) {
  PublishJourney();
  SendEvent("signup", "p1", "e1");
  HttpResponse clock = http().Get("/v1/clock");
  ASSERT_EQ(clock.status, 200);
  EXPECT_EQ(At(clock.json(), "mode"), "manual");
  std::string now(At(clock.json(), "now").as_string());

  HttpResponse advanced = http().Post("/v1/clock/advance", R"({"by":"P1D"})");
  ASSERT_EQ(advanced.status, 200) << advanced.body;
  EXPECT_GT(std::string(At(advanced.json(), "now").as_string()), now);
  auto report = http().Get("/v1/journeys/welcome/versions/1/report").json();
  EXPECT_EQ(At(report, "instances.finished"), 1);

  HttpResponse to = http().Post("/v1/clock/advance", R"({"to":"2999-01-01T00:00:00Z"})");
  ASSERT_EQ(to.status, 200) << to.body;
  EXPECT_EQ(At(to.json(), "now"), "2999-01-01T00:00:00Z");
  HttpResponse back = http().Post("/v1/clock/advance", R"({"to":"2000-01-01T00:00:00Z"})");
  EXPECT_EQ(back.status, 400);
  EXPECT_THAT(back.body, HasSubstr("cannot go back"));
  EXPECT_THAT(
      ErrorPaths(http().Post("/v1/clock/advance", R"({"by":"P1D","to":"2999-01-02T00:00:00Z"})")),
      ElementsAre("$ bad_value"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/clock/advance", R"({})")), ElementsAre("$ bad_value"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/clock/advance", R"({"by":"P1Y"})")),
              ElementsAre("$.by bad_value"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/clock/advance", R"({"by":"-P1D"})")),
              ElementsAre("$.by bad_value"));
  EXPECT_EQ(http().Post("/v1/clock/advance", "").status, 400);
}

}  // namespace
}  // namespace parcours::testing
