#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "model/test_definitions.h"
#include "parcours/journey.h"

namespace parcours {
namespace {

using ::testing::Field;
using ::testing::UnorderedElementsAre;

// The one problem of a malformed definition, checked by code and path.
Problem OnlyProblem(std::string_view json) {
  auto r = ParseDefinition(json);
  EXPECT_FALSE(r.has_value()) << json;
  if (r) return {};
  EXPECT_TRUE(r.error().IsInvalidArgument());
  EXPECT_EQ(r.error().problems().size(), 1u) << json;
  return r.error().problems().empty() ? Problem{} : r.error().problems().front();
}

TEST(ParseDefinition, ReadsTheFormatExampleIntoTypedStructures) {
  auto d = ParseDefinition(testing::FormatExample());
  ASSERT_TRUE(d.has_value()) << d.error().message();
  EXPECT_EQ(d->name, "Welcome series");
  EXPECT_EQ(d->timezone, "Europe/Paris");
  const auto& entry = std::get<EventEntry>(d->entry);
  EXPECT_EQ(entry.event, "signup");
  EXPECT_EQ(entry.when, "event.data.country != 'US'");
  ASSERT_TRUE(d->reentrance.has_value());
  EXPECT_TRUE(d->reentrance->allowed);
  EXPECT_EQ(d->reentrance->wait, "P7D");
  EXPECT_EQ(d->start, "welcome");
  ASSERT_EQ(d->nodes.size(), 8u);
  EXPECT_EQ(d->nodes[0].type(), NodeType::kAction);
  const auto& welcome = std::get<ActionActivity>(d->nodes[0].activity);
  EXPECT_EQ(std::get<EmailAction>(welcome.action).to, "{{profile.email}}");
  EXPECT_EQ(welcome.on_error, "log-failure");
  const auto& vip = std::get<ActionActivity>(d->nodes[3].activity);
  const auto& hook = std::get<WebhookAction>(vip.action);
  EXPECT_EQ(hook.headers.front(), (std::pair<std::string, std::string>{"X-Source", "parcours"}));
  EXPECT_EQ(vip.retries, 2);
  EXPECT_EQ(std::get<ConditionActivity>(d->nodes[2].activity).otherwise, "nudge");
  EXPECT_EQ(d->nodes[6].type(), NodeType::kEnd);
  EXPECT_EQ(d->nodes[6].label, "Bought");
}

TEST(ParseDefinition, WritingBackAndReadingAgainGivesTheSameJson) {
  auto d = ParseDefinition(testing::FormatExample());
  ASSERT_TRUE(d.has_value());
  std::string written = WriteDefinition(*d);
  auto again = ParseDefinition(written);
  ASSERT_TRUE(again.has_value()) << again.error().message();
  EXPECT_EQ(WriteDefinition(*again), written);
  EXPECT_EQ(boost::json::parse(written), boost::json::parse(testing::FormatExample()));
}

TEST(ParseDefinition, BadJsonSaysWhereWithLineAndColumn) {
  Problem p = OnlyProblem("{\n  \"name\": \"x\",\n  \"start\" \"a\"\n}");
  EXPECT_EQ(p.code, "bad_json");
  EXPECT_THAT(p.message, ::testing::HasSubstr("line 3"));
}

TEST(ParseDefinition, TrailingGarbageIsBadJson) {
  EXPECT_EQ(OnlyProblem(testing::kSmallJourney + "x").code, "bad_json");
}

TEST(ParseDefinition, NotAnObjectIsAWrongType) {
  Problem p = OnlyProblem("[1, 2]");
  EXPECT_EQ(p.code, "wrong_type");
  EXPECT_EQ(p.path, "$");
}

TEST(ParseDefinition, UnknownTopLevelFieldIsAnErrorWithItsPath) {
  std::string json = testing::kSmallJourney;
  json.insert(1, "\"colour\": \"blue\", ");
  Problem p = OnlyProblem(json);
  EXPECT_EQ(p.code, "unknown_field");
  EXPECT_EQ(p.path, "$.colour");
  EXPECT_THAT(p.message, ::testing::HasSubstr("'colour'"));
}

TEST(ParseDefinition, UnknownFieldInAnActivityNamesTheNode) {
  auto r = ParseDefinition(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": "w", "nodes": [{"id": "w", "type": "wait", "duration": "P1D", "nxt": "x"}]})");
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().problems(),
              UnorderedElementsAre(Problem{"unknown_field", "$.nodes[0].nxt", "w",
                                           r.error().problems()[0].message}));
}

TEST(ParseDefinition, AFieldOfAnotherActivityTypeIsUnknown) {
  Problem p = OnlyProblem(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": "e1", "nodes": [{"id": "e1", "type": "end", "next": "x"}]})");
  EXPECT_EQ(p.code, "unknown_field");
  EXPECT_EQ(p.path, "$.nodes[0].next");
  EXPECT_EQ(p.node, "e1");
}

TEST(ParseDefinition, MissingRequiredFieldsAreEachReported) {
  auto r = ParseDefinition(R"({"entry": {"type": "event"}, "nodes": []})");
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().problems(), UnorderedElementsAre(Field(&Problem::path, "$.name"),
                                                         Field(&Problem::path, "$.entry.event"),
                                                         Field(&Problem::path, "$.start")));
  for (const Problem& p : r.error().problems()) EXPECT_EQ(p.code, "missing_field");
}

TEST(ParseDefinition, WrongJsonTypesAreReportedWithTheExpectedType) {
  Problem p = OnlyProblem(R"({"name": 3, "entry": {"type": "event", "event": "e"},
    "start": "e1", "nodes": [{"id": "e1", "type": "end"}]})");
  EXPECT_EQ(p.code, "wrong_type");
  EXPECT_EQ(p.path, "$.name");
  EXPECT_THAT(p.message, ::testing::HasSubstr("must be a string, not number"));

  Problem retries = OnlyProblem(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": "a", "nodes": [{"id": "a", "type": "action", "retries": 1.5,
                             "action": {"kind": "log", "message": "m"}}]})");
  EXPECT_EQ(retries.code, "wrong_type");
  EXPECT_EQ(retries.path, "$.nodes[0].retries");
}

TEST(ParseDefinition, UnknownActivityTypeIsABadValue) {
  Problem p = OnlyProblem(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": "a", "nodes": [{"id": "a", "type": "teleport"}]})");
  EXPECT_EQ(p.code, "bad_value");
  EXPECT_EQ(p.path, "$.nodes[0].type");
  EXPECT_EQ(p.node, "a");
}

TEST(ParseDefinition, UnknownActionKindAndEntryTypeAreBadValues) {
  Problem kind = OnlyProblem(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": "a", "nodes": [{"id": "a", "type": "action", "action": {"kind": "sms"}}]})");
  EXPECT_EQ(kind.code, "bad_value");
  EXPECT_EQ(kind.path, "$.nodes[0].action.kind");
  Problem entry = OnlyProblem(R"({"name": "n", "entry": {"type": "api"},
    "start": "a", "nodes": [{"id": "a", "type": "end"}]})");
  EXPECT_EQ(entry.code, "bad_value");
  EXPECT_EQ(entry.path, "$.entry.type");
}

TEST(ParseDefinition, BadIdsAreRefused) {
  Problem node = OnlyProblem(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": "a b", "nodes": [{"id": "a b", "type": "end"}]})");
  EXPECT_EQ(node.code, "bad_id");
  EXPECT_EQ(node.path, "$.nodes[0].id");
  Problem journey = OnlyProblem(R"({"id": "x/y", "name": "n", "entry": {"type": "event",
    "event": "e"}, "start": "a", "nodes": [{"id": "a", "type": "end"}]})");
  EXPECT_EQ(journey.code, "bad_id");
  EXPECT_EQ(journey.path, "$.id");
  EXPECT_FALSE(IsValidId(std::string(65, 'a')));
  EXPECT_TRUE(IsValidId(std::string(64, 'a')));
}

TEST(ParseDefinition, NullOptionalFieldsReadAsAbsent) {
  auto d = ParseDefinition(R"({"name": "n", "description": null,
    "entry": {"type": "event", "event": "e", "when": null},
    "start": "w", "nodes": [{"id": "w", "type": "wait", "duration": "P1D", "next": null}]})");
  ASSERT_TRUE(d.has_value()) << d.error().message();
  EXPECT_FALSE(d->description.has_value());
  EXPECT_EQ(std::get<WaitActivity>(d->nodes[0].activity).next, "");
}

TEST(ParseDefinition, ReadsAudienceEntries) {
  auto d = ParseDefinition(R"({"name": "n",
    "entry": {"type": "audience", "audience": "lapsed", "rate": 500,
              "run": {"cron": "0 9 * * MON", "until": "2027-01-01T00:00:00Z"}},
    "start": "e", "nodes": [{"id": "e", "type": "end"}]})");
  ASSERT_TRUE(d.has_value()) << d.error().message();
  const auto& a = std::get<AudienceEntry>(d->entry);
  EXPECT_EQ(a.audience, "lapsed");
  EXPECT_EQ(a.rate, 500);
  ASSERT_TRUE(a.run.has_value());
  EXPECT_TRUE(a.run->IsRecurring());
  EXPECT_EQ(a.run->cron, "0 9 * * MON");
}

TEST(ParseDefinition, ProblemsInSeveralPlacesAreAllListed) {
  auto r = ParseDefinition(R"({"name": "n", "entry": {"type": "event", "event": "e", "x": 1},
    "start": "a", "nodes": [{"id": "a", "type": "wait", "y": 2}, {"type": "end"}, 7]})");
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().problems(), UnorderedElementsAre(Field(&Problem::path, "$.entry.x"),
                                                         Field(&Problem::path, "$.nodes[0].y"),
                                                         Field(&Problem::path, "$.nodes[1].id"),
                                                         Field(&Problem::path, "$.nodes[2]")));
}

}  // namespace
}  // namespace parcours
