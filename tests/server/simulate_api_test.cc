// POST /v1/simulate on the real parcoursd (docs/server.md "Simulation"): the CLI's simulation
// through the API, its trace, bad input named by path, bounds, and no trace of it in the store.
// (tests/cli_simulate_test.cc checks that it gives the same report as `parcours simulate`.)
#include "server_test.h"

namespace parcours::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Entered on signup; an hour later, an e-mail; then the end.
const std::string kMailLater = R"({
  "id": "later", "name": "Later", "entry": { "type": "event", "event": "signup" },
  "start": "wait",
  "nodes": [
    { "id": "wait", "type": "wait", "duration": "PT1H", "next": "mail" },
    { "id": "mail", "type": "action",
      "action": { "kind": "email", "to": "{{profile.email}}", "subject": "Hi", "body": "Hello" },
      "next": "done" },
    { "id": "done", "type": "end", "label": "Done" }
  ]
})";

std::string Request(const std::string& events, const std::string& extra = "") {
  return R"({"definition":)" + kMailLater + R"(,"events":)" + events + extra + "}";
}

class SimulateApi : public ServerTest {};

TEST_F(SimulateApi, RunsTheJourneyInVirtualTimeSendsNothingAndKeepsNothing) {
  HttpResponse r = http().Post(
      "/v1/simulate",
      Request(R"([{"id":"e1","type":"signup","profileId":"ann","timestamp":"2026-03-02T10:00:00Z"},
                  {"id":"e1","type":"signup","profileId":"ann","timestamp":"2026-03-02T10:00:00Z"},
                  {"type":"signup","profileId":"bob","timestamp":"2026-03-05T10:00:00Z"}])",
              R"(,"profiles":[{"id":"ann","attributes":{"email":"ann@example.com"}}],
                  "until":"P2D","trace":"ann")"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto v = r.json();
  EXPECT_EQ(At(v, "journeyId"), "later");
  EXPECT_EQ(At(v, "start"), "2026-03-02T10:00:00Z");
  EXPECT_EQ(At(v, "end"), "2026-03-04T10:00:00Z");
  EXPECT_EQ(At(v, "eventsFed"), 2);
  EXPECT_EQ(At(v, "duplicates"), 1);
  EXPECT_EQ(At(v, "eventsAfterEnd"), 1);
  EXPECT_EQ(At(v, "profiles"), 1);
  EXPECT_EQ(At(v, "actionsRecorded.mail"), 1);
  EXPECT_EQ(At(v, "report.entered"), 1);
  EXPECT_EQ(At(v, "report.endTags.done.count"), 1);
  auto instances = Arr(v, "trace.instances");
  ASSERT_EQ(instances.size(), 1u);
  EXPECT_EQ(At(instances[0], "endTag"), "done");
  auto actions = Arr(v, "trace.actions");
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(At(actions[0], "at"), "2026-03-02T11:00:00Z");
  EXPECT_EQ(At(actions[0], "action.to"), "ann@example.com");

  // Nothing of it is in the server's store.
  EXPECT_EQ(Str(http().Get("/v1/journeys").json()), R"({"journeys":[]})");
  EXPECT_EQ(http().Get("/v1/profiles/ann").status, 404);
  EXPECT_TRUE(Arr(http().Get("/v1/profiles/ann/journeys").json(), "instances").empty());
}

TEST_F(SimulateApi, BadInputIsA400NamingEachPath) {
  HttpResponse r = http().Post(
      "/v1/simulate", Request(R"([{"type":"signup","profileId":"ann"},
                  {"type":"signup","profileId":"a b","timestamp":"2026-03-02T10:00:00Z"},
                  {"type":"signup","profileId":"c","timestamp":"2026-03-02T10:00:00Z","x":1}])",
                              R"(,"profiles":[{"id":"ann"}],"until":"P0D","colour":"red")"));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  auto paths = ErrorPaths(r);
  EXPECT_THAT(paths, Contains("$.events[0].timestamp missing_field"));
  EXPECT_THAT(paths, Contains("$.events[2].x unknown_field"));
  EXPECT_THAT(paths, Contains("$.profiles[0].attributes missing_field"));
  EXPECT_THAT(paths, Contains("$.until bad_value"));
  EXPECT_THAT(paths, Contains("$.colour unknown_field"));
  EXPECT_THAT(r.body, HasSubstr("$.events[1]"));

  EXPECT_THAT(ErrorPaths(http().Post("/v1/simulate", R"({"events":[]})")),
              ElementsAre("$.definition missing_field"));
  HttpResponse malformed =
      http().Post("/v1/simulate", R"({"definition":{"name":"X","nodes":3},"events":[]})");
  ASSERT_EQ(malformed.status, 400) << malformed.body;
  EXPECT_THAT(malformed.body, HasSubstr("$.definition"));
  EXPECT_EQ(http().Post("/v1/simulate", "{").status, 400);

  // A well-formed journey that fails validation: 422 with its errors.
  HttpResponse invalid =
      http().Post("/v1/simulate", R"({"definition":)" + kInvalidJourney + R"(,"events":[]})");
  ASSERT_EQ(invalid.status, 422) << invalid.body;
  EXPECT_THAT(invalid.body, HasSubstr("unknown_node"));
  // An audience journey cannot be replayed from events.
  HttpResponse audience = http().Post("/v1/simulate", R"({"definition":{
    "id": "aud", "name": "Aud", "entry": { "type": "audience", "audience": "vip" },
    "start": "done", "nodes": [ { "id": "done", "type": "end" } ] },"events":[]})");
  ASSERT_EQ(audience.status, 400) << audience.body;
  EXPECT_THAT(audience.body, HasSubstr("audience"));
}

TEST_F(SimulateApi, TooManyEventsIsA413) {
  std::string events = "[";
  for (int i = 0; i <= 100'000; ++i) {
    if (i > 0) events += ",";
    events += R"({"type":"signup","profileId":"p","timestamp":"2026-03-02T10:00:00Z"})";
  }
  events += "]";
  HttpResponse r = http().Post("/v1/simulate", Request(events));
  ASSERT_EQ(r.status, 413) << r.body.substr(0, 500);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_THAT(ErrorPaths(r), ElementsAre("$.events too_many_events"));
}

}  // namespace
}  // namespace parcours::testing
