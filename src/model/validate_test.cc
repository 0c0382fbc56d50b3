#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model/test_definitions.h"
#include "parcours/journey.h"
#include "parcours/validation.h"

namespace parcours {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A journey entered on "signup" whose nodes (a JSON array body) start at `start`; `top` adds
// top-level fields (with a trailing comma).
ValidationReport Check(std::string_view nodes, std::string_view start = "a",
                       std::string_view top = "") {
  std::string json = R"({"name": "n", )" + std::string(top) +
                     R"("entry": {"type": "event", "event": "signup"}, "start": ")" +
                     std::string(start) + R"(", "nodes": [)" + std::string(nodes) + "]}";
  auto d = ParseDefinition(json);
  EXPECT_TRUE(d.has_value()) << json << "\n" << (d ? "" : d.error().problems()[0].message);
  if (!d) return {};
  Normalize(*d);
  return Validate(*d);
}

ValidationReport CheckTop(std::string_view top) {
  return Check(R"({"id": "a", "type": "end"})", "a", top);
}

// The report has exactly one error, with this code, path and node.
void ExpectOneError(const ValidationReport& r, std::string_view code, std::string_view path,
                    std::string_view node = "") {
  ASSERT_EQ(r.errors.size(), 1u) << (r.errors.empty() ? "no error" : r.errors.back().message);
  EXPECT_EQ(r.errors[0].code, code) << r.errors[0].message;
  EXPECT_EQ(r.errors[0].path, path);
  EXPECT_EQ(r.errors[0].node, node);
  EXPECT_FALSE(r.errors[0].message.empty());
}

constexpr std::string_view kEnd = R"({"id": "z", "type": "end"})";

TEST(Validate, TheFormatExampleHasExactlyItsTwoUnknownNodes) {
  auto d = ParseDefinition(testing::FormatExample());
  ASSERT_TRUE(d.has_value());
  Normalize(*d);
  ValidationReport r = Validate(*d);
  EXPECT_THAT(r.errors, ElementsAre(Problem{"unknown_node", "$.nodes[0].onError", "welcome",
                                            "'log-failure' is not an activity of this journey"},
                                    Problem{"unknown_node", "$.nodes[4].next", "nudge",
                                            "'nudge-mail' is not an activity of this journey"}));
  EXPECT_THAT(r.warnings, IsEmpty());
  EXPECT_FALSE(r.valid());
}

TEST(Validate, ASmallCleanJourneyIsValidWithoutWarnings) {
  auto d = ParseDefinition(testing::kSmallJourney);
  ASSERT_TRUE(d.has_value());
  Normalize(*d);
  ValidationReport r = Validate(*d);
  EXPECT_THAT(r.errors, IsEmpty());
  EXPECT_THAT(r.warnings, IsEmpty());
}

TEST(Validate, UnknownStartIsAnUnknownNode) {
  ExpectOneError(Check(kEnd, "nowhere"), "unknown_node", "$.start");
}

TEST(Validate, UnknownNextIsAnUnknownNodeNamingTheActivity) {
  ExpectOneError(Check(R"({"id": "a", "type": "wait", "duration": "P1D", "next": "ghost"})"),
                 "unknown_node", "$.nodes[0].next", "a");
}

TEST(Validate, UnknownBranchTargetIsAnUnknownNode) {
  ExpectOneError(Check(R"({"id": "a", "type": "condition", "otherwise": "z",
                          "branches": [{"when": "true", "next": "ghost"}]}, )" +
                       std::string(kEnd)),
                 "unknown_node", "$.nodes[0].branches[0].next", "a");
}

TEST(Validate, DuplicateIdsAreErrors) {
  ExpectOneError(Check(R"({"id": "a", "type": "wait", "duration": "P1D", "next": "z"},
                          {"id": "a", "type": "end"}, )" +
                       std::string(kEnd)),
                 "duplicate_id", "$.nodes[1].id", "a");
}

TEST(Validate, UnreachableActivityIsAnError) {
  ExpectOneError(Check(R"({"id": "a", "type": "end"},
                          {"id": "lost", "type": "wait", "duration": "P1D", "next": "a"})"),
                 "unreachable_node", "$.nodes[1]", "lost");
}

TEST(Validate, UnreachableEndTagIsOnlyAWarning) {
  ValidationReport r = Check(R"({"id": "a", "type": "end"}, {"id": "orphan", "type": "end"})");
  EXPECT_TRUE(r.valid());
  EXPECT_THAT(r.warnings, ElementsAre(Field(&Problem::code, "unreachable_end")));
}

TEST(Validate, CyclesAreErrorsNamingTheLoop) {
  ValidationReport r = Check(R"({"id": "a", "type": "wait", "duration": "P1D", "next": "b"},
                               {"id": "b", "type": "wait", "duration": "P1D", "next": "a"})");
  ExpectOneError(r, "cycle", "$.nodes[1].next", "b");
  EXPECT_THAT(r.errors[0].message, HasSubstr("a -> b -> a"));
}

TEST(Validate, SelfLoopIsACycle) {
  ExpectOneError(Check(R"({"id": "a", "type": "condition", "otherwise": "z",
                          "branches": [{"when": "true", "next": "a"}]}, )" +
                       std::string(kEnd)),
                 "cycle", "$.nodes[0].branches[0].next", "a");
}

TEST(Validate, BadDurationsAreErrors) {
  ExpectOneError(Check(R"({"id": "a", "type": "wait", "duration": "P1M"})"), "bad_duration",
                 "$.nodes[0].duration", "a");
  ExpectOneError(Check(R"({"id": "a", "type": "wait", "duration": "PT0S"})"), "bad_duration",
                 "$.nodes[0].duration", "a");
  ExpectOneError(CheckTop(R"("globalTimeout": "thirty days", )"), "bad_duration",
                 "$.globalTimeout");
  ExpectOneError(CheckTop(R"("reentrance": {"allowed": true, "wait": "P1Y"}, )"), "bad_duration",
                 "$.reentrance.wait");
}

TEST(Validate, BadTimesAreErrors) {
  ExpectOneError(Check(R"({"id": "a", "type": "wait", "until": "tomorrow"})"), "bad_time",
                 "$.nodes[0].until", "a");
  ExpectOneError(CheckTop(R"("schedule": {"from": "2026-02-30T00:00:00Z"}, )"), "bad_time",
                 "$.schedule.from");
}

TEST(Validate, GlobalTimeoutAboveNinetyOneDaysIsAnError) {
  ExpectOneError(CheckTop(R"("globalTimeout": "P92D", )"), "global_timeout_too_long",
                 "$.globalTimeout");
  EXPECT_TRUE(CheckTop(R"("globalTimeout": "P91D", )").valid());
}

TEST(Validate, ActionTimeoutAboveFiveMinutesIsAnError) {
  ExpectOneError(Check(R"({"id": "a", "type": "action", "timeout": "PT6M",
                          "action": {"kind": "log", "message": "m"}})"),
                 "timeout_too_long", "$.nodes[0].timeout", "a");
  EXPECT_TRUE(Check(R"({"id": "a", "type": "action", "timeout": "PT5M",
                       "action": {"kind": "log", "message": "m"}})")
                  .valid());
}

TEST(Validate, SplitPercentagesMustAddUpToOneHundred) {
  ValidationReport r = Check(R"({"id": "a", "type": "split",
      "branches": [{"percent": 50, "next": "z"}, {"percent": 40, "next": "z"}]}, )" +
                             std::string(kEnd));
  ExpectOneError(r, "bad_percentages", "$.nodes[0].branches", "a");
  EXPECT_THAT(r.errors[0].message, HasSubstr("90"));
  ValidationReport out_of_range = Check(R"({"id": "a", "type": "split",
      "branches": [{"percent": 150, "next": "z"}, {"percent": -50, "next": "z"}]}, )" +
                                        std::string(kEnd));
  EXPECT_THAT(out_of_range.errors,
              ElementsAre(Field(&Problem::path, "$.nodes[0].branches[0].percent"),
                          Field(&Problem::path, "$.nodes[0].branches[1].percent")));
  for (const Problem& p : out_of_range.errors) EXPECT_EQ(p.code, "bad_percentages");
  EXPECT_TRUE(Check(R"({"id": "a", "type": "split",
      "branches": [{"percent": 33.3, "next": "z"}, {"percent": 66.7, "next": "z"}]}, )" +
                    std::string(kEnd))
                  .valid());
}

TEST(Validate, WaitForEventWithoutTimeoutIsAnError) {
  ExpectOneError(Check(R"({"id": "a", "type": "waitForEvent", "event": "buy"})"), "missing_timeout",
                 "$.nodes[0].timeout", "a");
}

TEST(Validate, WaitNeedsExactlyOneWayToWait) {
  ExpectOneError(Check(R"({"id": "a", "type": "wait"})"), "bad_wait", "$.nodes[0]", "a");
  ExpectOneError(
      Check(R"({"id": "a", "type": "wait", "duration": "P1D", "until": "2027-01-01T00:00:00Z"})"),
      "bad_wait", "$.nodes[0]", "a");
}

TEST(Validate, ExpressionsThatDoNotParseAreBadExpressions) {
  ValidationReport r = Check(R"({"id": "a", "type": "condition", "otherwise": "z",
      "branches": [{"when": "event.data.amount >", "next": "z"}]}, )" +
                             std::string(kEnd));
  ExpectOneError(r, "bad_expression", "$.nodes[0].branches[0].when", "a");
  EXPECT_THAT(r.errors[0].message, HasSubstr("column"));
}

TEST(Validate, ExpressionsWithUnknownNamesFunctionsOrArgumentCountsAreErrors) {
  ExpectOneError(Check(R"({"id": "a", "type": "wait", "untilExpr": "evnt.timestamp"})"),
                 "unknown_name", "$.nodes[0].untilExpr", "a");
  ExpectOneError(
      Check(R"js({"id": "a", "type": "updateProfile", "set": {"x": "shout(profile.name)"}})js"),
      "unknown_function", "$.nodes[0].set.x", "a");
  ExpectOneError(CheckTop(R"js("exit": [{"event": "unsubscribe", "when": "len()"}], )js"),
                 "wrong_argument_count", "$.exit[0].when");
}

TEST(Validate, TemplatesInActionsAreChecked) {
  ValidationReport hook = Check(R"({"id": "a", "type": "action",
      "action": {"kind": "webhook", "url": "https://x.example/{{profile.id",
                 "body": {"deep": ["{{ nope.x }}"]}}})");
  EXPECT_THAT(hook.errors, ElementsAre(Problem{"bad_expression", "$.nodes[0].action.url", "a",
                                               hook.errors.at(0).message},
                                       Problem{"unknown_name", "$.nodes[0].action.body.deep[0]",
                                               "a", hook.errors.at(1).message}));
  ValidationReport r = Check(R"({"id": "a", "type": "action",
      "action": {"kind": "email", "to": "{{profile.email}}", "subject": "Hi {{ upper() }}",
                 "body": "b"}})");
  ExpectOneError(r, "wrong_argument_count", "$.nodes[0].action.subject", "a");
}

TEST(Validate, UnknownTimeZoneIsAnError) {
  ExpectOneError(CheckTop(R"("timezone": "Europe/Atlantis", )"), "unknown_timezone", "$.timezone");
  EXPECT_TRUE(CheckTop(R"("timezone": "America/New_York", )").valid());
}

TEST(Validate, MoreThanAThousandActivitiesIsAnError) {
  std::string nodes;
  for (int i = 0; i < 1001; ++i) {
    nodes += R"({"id": "n)" + std::to_string(i) +
             R"(", "type": "wait", "duration": "PT1M", "next": ")" +
             (i == 1000 ? std::string("n0-end") : "n" + std::to_string(i + 1)) + "\"},";
  }
  nodes += R"({"id": "n0-end", "type": "end"})";
  ValidationReport r = Check(nodes, "n0");
  ExpectOneError(r, "too_many_nodes", "$.nodes");
}

TEST(Validate, ConditionWithoutOtherwiseIsOnlyAWarning) {
  ValidationReport r = Check(R"({"id": "a", "type": "condition",
      "branches": [{"when": "true", "next": "z"}]}, )" +
                             std::string(kEnd));
  EXPECT_TRUE(r.valid());
  EXPECT_THAT(r.warnings, ElementsAre(Problem{"no_otherwise", "$.nodes[0].otherwise", "a",
                                              r.warnings[0].message}));
}

TEST(Validate, WaitLongerThanTheGlobalTimeoutIsOnlyAWarning) {
  ValidationReport r = Check(R"({"id": "a", "type": "wait", "duration": "P40D"})");
  EXPECT_TRUE(r.valid());
  EXPECT_THAT(r.warnings, ElementsAre(Field(&Problem::code, "wait_exceeds_global_timeout")));
}

TEST(Validate, ConditionOrSplitWithoutBranchesIsAnError) {
  ExpectOneError(Check(R"({"id": "a", "type": "condition", "branches": [], "otherwise": "z"}, )" +
                       std::string(kEnd)),
                 "no_branches", "$.nodes[0].branches", "a");
}

TEST(Validate, EmptyNameIsAnError) {
  auto d = ParseDefinition(R"({"name": "", "entry": {"type": "event", "event": "e"},
    "start": "a", "nodes": [{"id": "a", "type": "end"}]})");
  ASSERT_TRUE(d.has_value());
  ExpectOneError(Validate(*d), "empty_name", "$.name");
}

TEST(Validate, EmptyEventTypeIsAnError) {
  ExpectOneError(Check(R"({"id": "a", "type": "waitForEvent", "event": "", "timeout": "P1D"})"),
                 "missing_event", "$.nodes[0].event", "a");
}

TEST(Validate, ScheduleFromMustBeBeforeUntil) {
  ExpectOneError(CheckTop(R"("schedule": {"from": "2027-01-01T00:00:00Z",
                                          "until": "2026-01-01T00:00:00Z"}, )"),
                 "bad_schedule", "$.schedule");
}

ValidationReport CheckAudience(std::string_view entry) {
  auto d = ParseDefinition(R"({"name": "n", "entry": )" + std::string(entry) +
                           R"(, "start": "a", "nodes": [{"id": "a", "type": "end"}]})");
  EXPECT_TRUE(d.has_value());
  return d ? Validate(*d) : ValidationReport{};
}

TEST(Validate, AudienceRunsAreChecked) {
  EXPECT_TRUE(CheckAudience(R"({"type": "audience", "audience": "all", "run": {}})").valid());
  EXPECT_TRUE(CheckAudience(R"({"type": "audience", "audience": "all",
      "run": {"every": "P1D", "until": "2027-01-01T00:00:00Z"}, "rate": 100})")
                  .valid());
  ExpectOneError(CheckAudience(R"({"type": "audience", "audience": "all",
      "run": {"every": "P1D", "cron": "0 9 * * *"}})"),
                 "bad_run", "$.entry.run");
  ExpectOneError(CheckAudience(R"({"type": "audience", "audience": "all",
      "run": {"at": "2027-01-01T00:00:00Z", "until": "2027-02-01T00:00:00Z"}})"),
                 "bad_run", "$.entry.run");
  ExpectOneError(CheckAudience(R"({"type": "audience", "audience": "all",
      "run": {"cron": "0 25 * * *"}})"),
                 "bad_cron", "$.entry.run.cron");
  ExpectOneError(CheckAudience(R"({"type": "audience", "audience": "all", "rate": 0})"), "bad_rate",
                 "$.entry.rate");
  ExpectOneError(CheckAudience(R"({"type": "audience", "audience": "a b"})"), "bad_id",
                 "$.entry.audience");
}

TEST(Validate, ActionFieldsAreChecked) {
  ExpectOneError(Check(R"({"id": "a", "type": "action", "retries": 11,
                          "action": {"kind": "log", "message": "m"}})"),
                 "bad_retries", "$.nodes[0].retries", "a");
  ExpectOneError(Check(R"({"id": "a", "type": "action",
                          "action": {"kind": "webhook", "method": "FETCH", "url": "https://x.example"}})"),
                 "bad_method", "$.nodes[0].action.method", "a");
  ExpectOneError(Check(R"({"id": "a", "type": "action",
                          "action": {"kind": "webhook", "url": "ftp://x.example"}})"),
                 "bad_url", "$.nodes[0].action.url", "a");
}

TEST(Validate, UpdateProfileCannotSetTheId) {
  ExpectOneError(Check(R"({"id": "a", "type": "updateProfile", "set": {"id": "'x'"}})"),
                 "bad_attribute", "$.nodes[0].set.id", "a");
}

TEST(Validate, JumpNeedsAValidJourneyId) {
  ExpectOneError(Check(R"({"id": "a", "type": "jump", "journey": "no such/journey"})"), "bad_id",
                 "$.nodes[0].journey", "a");
  EXPECT_TRUE(Check(R"({"id": "a", "type": "jump", "journey": "winback"})").valid());
}

}  // namespace
}  // namespace parcours
