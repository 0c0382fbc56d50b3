// `parcours validate` as a user runs it: the real binary, real files, exit codes and output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <filesystem>

#include "run_process.h"

namespace parcours {
namespace {

using ::testing::HasSubstr;
using testing::RunProcess;

const std::string kCli = PARCOURS_CLI;
const std::filesystem::path kSource = PARCOURS_SOURCE_DIR;

TEST(CliValidate, EveryExampleValidatesClean) {
  int examples = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kSource / "examples")) {
    if (entry.path().extension() != ".json") continue;
    ++examples;
    auto r = RunProcess({kCli, "validate", "--json", entry.path().string()});
    EXPECT_EQ(r.exit_code, 0) << entry.path() << "\n" << r.out << r.err;
    auto report = boost::json::parse(r.out).as_object();
    EXPECT_TRUE(report["valid"].as_bool()) << entry.path();
    EXPECT_TRUE(report["errors"].as_array().empty()) << r.out;
    EXPECT_TRUE(report["warnings"].as_array().empty()) << r.out;
  }
  EXPECT_GE(examples, 3);
}

TEST(CliValidate, TheFormatExampleReportsExactlyItsTwoOpenPaths) {
  auto r = RunProcess(
      {kCli, "validate", "--json", (kSource / "tests/data/format_example.json").string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto report = boost::json::parse(r.out).as_object();
  EXPECT_FALSE(report["valid"].as_bool());
  EXPECT_EQ(report["errors"], boost::json::parse(R"([
    {"code": "unknown_node", "path": "$.nodes[0].onError", "node": "welcome",
     "message": "'log-failure' is not an activity of this journey"},
    {"code": "unknown_node", "path": "$.nodes[4].next", "node": "nudge",
     "message": "'nudge-mail' is not an activity of this journey"}])"));
  EXPECT_TRUE(report["warnings"].as_array().empty());
  EXPECT_TRUE(r.err.empty());
}

TEST(CliValidate, ReadableOutputListsEachProblemWithPathAndActivity) {
  auto r = RunProcess({kCli, "validate", (kSource / "tests/data/format_example.json").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("invalid (2 errors, 0 warnings)"));
  EXPECT_THAT(r.out, HasSubstr("unknown_node at $.nodes[4].next (activity 'nudge'): "
                               "'nudge-mail' is not an activity of this journey"));
}

TEST(CliValidate, MalformedJsonExitsOneWithWhereItBroke) {
  auto r = RunProcess({kCli, "validate", "--json", "-"}, "{\"name\": \"x\",\n \"start\" 1}");
  EXPECT_EQ(r.exit_code, 1);
  auto report = boost::json::parse(r.out).as_object();
  auto& error = report["errors"].as_array().at(0).as_object();
  EXPECT_EQ(error["code"], "bad_json");
  EXPECT_THAT(std::string(error["message"].as_string()), HasSubstr("line 2"));
}

TEST(CliValidate, UnknownFieldExitsOneNamingThePath) {
  auto r = RunProcess({kCli, "validate", "-"},
                      R"({"name": "n", "entry": {"type": "event", "event": "e"}, "start": "a",
                          "nodes": [{"id": "a", "type": "end", "colour": "red"}]})");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.out, HasSubstr("malformed (1 error, 0 warnings)"));
  EXPECT_THAT(r.out, HasSubstr("unknown_field at $.nodes[0].colour (activity 'a')"));
}

TEST(CliValidate, WarningsAloneStillExitZero) {
  auto r = RunProcess({kCli, "validate", "-"},
                      R"({"name": "n", "entry": {"type": "event", "event": "e"}, "start": "c",
                          "nodes": [{"id": "c", "type": "condition",
                                     "branches": [{"when": "true"}]}]})");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.out, HasSubstr("valid (0 errors, 1 warning)"));
  EXPECT_THAT(r.out, HasSubstr("warning no_otherwise"));
}

TEST(CliValidate, UnreadableFileExitsTwo) {
  auto r = RunProcess({kCli, "validate", "/nonexistent/journey.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("cannot open '/nonexistent/journey.json'"));
  EXPECT_TRUE(r.out.empty());
}

TEST(CliValidate, MissingFileArgumentIsAUsageErrorExitingTwo) {
  auto r = RunProcess({kCli, "validate"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("FILE"));
}

}  // namespace
}  // namespace parcours
