// Events over HTTP: one, a JSON batch, an NDJSON batch; duplicates; strict reading with every
// bad event named by its index and none accepted (API.md "Events").
#include "server_test.h"

namespace parcours::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class EventsApi : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    PublishJourney();
  }
  boost::json::value Report() {
    return http().Get("/v1/journeys/welcome/versions/1/report").json();
  }
};

TEST_F(EventsApi, OneEventIs202AndTheSameIdAgainIsADuplicate) {
  HttpResponse first =
      http().Post("/v1/events", R"({"id":"e1","type":"signup","profileId":"p1","data":{"a":1}})");
  ASSERT_EQ(first.status, 202) << first.body;
  EXPECT_EQ(Str(first.json()), R"({"accepted":1,"duplicates":0})");
  HttpResponse again = http().Post("/v1/events", R"({"id":"e1","type":"signup","profileId":"p1"})");
  ASSERT_EQ(again.status, 202);
  EXPECT_EQ(Str(again.json()), R"({"accepted":0,"duplicates":1})");
  EXPECT_EQ(At(Report(), "entered"), 1);
}

// The report that found it: one id for 64 people in one batch answered 16 accepted, 48
// duplicates (ids were kept per partition). An id is idempotent per profile (DESIGN.md §2).
TEST_F(EventsApi, TheSameIdForSixtyFourProfilesIsSixtyFourEvents) {
  std::string batch = R"({"events":[)";
  for (int i = 0; i < 64; ++i) {
    if (i > 0) batch += ",";
    batch += R"({"id":"same-1","type":"signup","profileId":"p)" + std::to_string(i) + R"("})";
  }
  batch += "]}";
  HttpResponse first = http().Post("/v1/events/batch", batch);
  ASSERT_EQ(first.status, 202) << first.body;
  EXPECT_EQ(Str(first.json()), R"({"accepted":64,"duplicates":0})");
  HttpResponse again = http().Post("/v1/events/batch", batch);
  ASSERT_EQ(again.status, 202) << again.body;
  EXPECT_EQ(Str(again.json()), R"({"accepted":0,"duplicates":64})");
  EXPECT_EQ(At(Report(), "entered"), 64);
}

TEST_F(EventsApi, SyncAnswersAfterTheImmediateSteps) {
  HttpResponse r =
      http().Post("/v1/events?sync=true", R"({"id":"e1","type":"signup","profileId":"p1",)"
                                          R"("timestamp":"2026-01-01T00:00:00+01:00"})");
  ASSERT_EQ(r.status, 202) << r.body;
  auto instances = Arr(http().Get("/v1/profiles/p1/journeys").json(), "instances");
  ASSERT_EQ(instances.size(), 1u);
  EXPECT_EQ(At(instances[0], "currentNode"), "wait");
  EXPECT_EQ(At(Report(), "entered"), 1);
  EXPECT_EQ(http().Post("/v1/events?sync=maybe", R"({"type":"signup","profileId":"p"})").status,
            400);
  EXPECT_EQ(http().Post("/v1/events?sync=false", R"({"type":"x","profileId":"p"})").status, 202);
}

TEST_F(EventsApi, EventsWithoutIdAreNeverDuplicates) {
  for (int i = 0; i < 2; ++i) {
    HttpResponse r = http().Post("/v1/events", R"({"type":"other","profileId":"p1"})");
    ASSERT_EQ(r.status, 202);
    EXPECT_EQ(Str(r.json()), R"({"accepted":1,"duplicates":0})");
  }
}

TEST_F(EventsApi, BadSingleEventsAre400WithTheirPath) {
  EXPECT_THAT(ErrorPaths(http().Post("/v1/events", R"({"type":"a","profileId":"p","colour":1})")),
              ElementsAre("$.colour unknown_field"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/events", R"({"type":["a"],"profileId":"p"})")),
              ElementsAre("$.type wrong_type"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/events", R"({"type":"a"})")),
              ElementsAre("$.profileId missing_field"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/events", R"({"type":"a","profileId":"a b"})")),
              ElementsAre("$.profileId bad_id"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/events",
                                     R"({"type":"a","profileId":"p","timestamp":"yesterday"})")),
              ElementsAre("$.timestamp bad_value"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/events", R"({"type":"a","profileId":"p","data":[1]})")),
              ElementsAre("$.data wrong_type"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/events", R"(["a"])")), ElementsAre("$ wrong_type"));
  HttpResponse malformed = http().Post("/v1/events", R"({"type":"a",)");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_THAT(malformed.body, HasSubstr("line 1, column 13"));
  EXPECT_EQ(
      http().Get("/metrics").body.find("parcours_events_accepted_total 0") != std::string::npos,
      true);
}

TEST_F(EventsApi, JsonBatchIsAcceptedWithCounts) {
  HttpResponse r = http().Post("/v1/events/batch", R"({"events":[
      {"id":"b1","type":"signup","profileId":"p1"},
      {"id":"b2","type":"signup","profileId":"p2"},
      {"id":"b1","type":"signup","profileId":"p1"},
      {"type":"other","profileId":"p3"}]})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Str(r.json()), R"({"accepted":3,"duplicates":1})");
  EXPECT_EQ(At(Report(), "entered"), 2);
  EXPECT_EQ(Str(http().Post("/v1/events/batch", R"({"events":[]})").json()),
            R"({"accepted":0,"duplicates":0})");
}

TEST_F(EventsApi, BatchWithOneBadEventAcceptsNoneAndListsEveryBadOneByIndex) {
  HttpResponse r = http().Post("/v1/events/batch", R"({"events":[
      {"id":"g1","type":"signup","profileId":"p1"},
      {"id":"g2","type":"signup","profileId":"p2"},
      {"id":"g3","type":"signup","profileId":"p3"},
      {"id":"g4","type":7,"profileId":"p4"},
      {"id":"g5","type":"signup","profileId":"p5","extra":true}]})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_THAT(ErrorPaths(r),
              ElementsAre("$.events[3].type wrong_type", "$.events[4].extra unknown_field"));
  EXPECT_THAT(std::string(At(r.json(), "detail").as_string()), HasSubstr("none was accepted"));
  EXPECT_EQ(At(Report(), "entered"), 0);
  HttpResponse retry = http().Post("/v1/events/batch", R"({"events":[
      {"id":"g1","type":"signup","profileId":"p1"}]})");
  EXPECT_EQ(Str(retry.json()), R"({"accepted":1,"duplicates":0})");
}

TEST_F(EventsApi, MalformedBatches) {
  EXPECT_THAT(ErrorPaths(http().Post("/v1/events/batch", R"({})")),
              ElementsAre("$.events missing_field"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/events/batch", R"({"events":{}})")),
              ElementsAre("$.events wrong_type"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/events/batch", R"({"events":[],"more":1})")),
              ElementsAre("$.more unknown_field"));
  EXPECT_THAT(ErrorPaths(http().Post("/v1/events/batch", R"({"events":[)")),
              ElementsAre("$ bad_json"));
}

TEST_F(EventsApi, NdjsonBatchIsOneEventALine) {
  std::string lines =
      "{\"id\":\"n1\",\"type\":\"signup\",\"profileId\":\"p1\"}\n"
      "\n"
      "{\"id\":\"n2\",\"type\":\"signup\",\"profileId\":\"p2\"}\r\n"
      "{\"id\":\"n1\",\"type\":\"signup\",\"profileId\":\"p1\"}";
  HttpResponse r = http().Post("/v1/events/batch?sync=true", lines, "application/x-ndjson");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(Str(r.json()), R"({"accepted":2,"duplicates":1})");
  EXPECT_EQ(At(Report(), "entered"), 2);
}

TEST_F(EventsApi, NdjsonBatchWithBadLinesAcceptsNone) {
  std::string lines =
      "{\"id\":\"n1\",\"type\":\"signup\",\"profileId\":\"p1\"}\n"
      "{\"id\":\"n2\",\"type\":\"signup\"\n"
      "{\"id\":\"n3\",\"type\":\"signup\",\"profileId\":\"p3\",\"x\":1}\n";
  HttpResponse r = http().Post("/v1/events/batch", lines, "application/x-ndjson");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_THAT(ErrorPaths(r), ElementsAre("$[1] bad_json", "$[2].x unknown_field"));
  EXPECT_THAT(r.body, HasSubstr("line 2"));
  EXPECT_EQ(At(Report(), "entered"), 0);
}

}  // namespace
}  // namespace parcours::testing
