#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parcours/journey.h"
#include "parcours/lifecycle.h"

namespace parcours {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

JourneyDefinition Definition(std::string_view entry = R"({"type": "event", "event": "signup"})",
                             std::string_view reentrance = "") {
  auto d = ParseDefinition(R"({"name": "n", "entry": )" + std::string(entry) + "," +
                           std::string(reentrance) + R"( "start": "w", "nodes": [
      {"id": "w", "type": "wait", "label": "Wait", "duration": "P1D", "next": "e"},
      {"id": "e", "type": "end", "label": "Done"}]})");
  EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().problems().at(0).message);
  return d ? *d : JourneyDefinition{};
}

VersionLifecycle WithStatus(VersionStatus status) {
  VersionLifecycle v;
  v.version = 2;
  v.status = status;
  return v;
}

TEST(DefinitionEdit, ADraftMayChangeAnything) {
  JourneyDefinition before = Definition();
  JourneyDefinition after = before;
  std::get<WaitActivity>(after.nodes[0].activity).duration = "P2D";
  EXPECT_TRUE(CheckDefinitionEdit(WithStatus(VersionStatus::kDraft), before, after).has_value());
}

TEST(DefinitionEdit, ADraftInTestModeCannotChangeAtAll) {
  JourneyDefinition before = Definition();
  JourneyDefinition relabelled = before;
  relabelled.nodes[0].label = "Pause";
  VersionLifecycle testing = WithStatus(VersionStatus::kDraft);
  testing.test = TestMode{};
  auto refused = CheckDefinitionEdit(testing, before, relabelled);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(refused.error().problems().at(0).code, "test_mode");
  EXPECT_THAT(refused.error().message(), HasSubstr("stop test mode"));
}

TEST(DefinitionEdit, EveryPublishedStatusIsReadOnlyButLabels) {
  JourneyDefinition before = Definition();
  JourneyDefinition relabelled = before;
  relabelled.name = "Renamed";
  relabelled.nodes[1].label = "All done";
  JourneyDefinition changed = before;
  std::get<WaitActivity>(changed.nodes[0].activity).duration = "P2D";
  for (VersionStatus s : {VersionStatus::kLive, VersionStatus::kPaused, VersionStatus::kClosed,
                          VersionStatus::kStopped, VersionStatus::kFinished}) {
    EXPECT_TRUE(CheckDefinitionEdit(WithStatus(s), before, relabelled).has_value())
        << VersionStatusName(s);
    auto refused = CheckDefinitionEdit(WithStatus(s), before, changed);
    ASSERT_FALSE(refused.has_value()) << VersionStatusName(s);
    EXPECT_TRUE(refused.error().IsFailedPrecondition());
    EXPECT_THAT(refused.error().message(),
                HasSubstr(std::string("version 2 is ") + VersionStatusName(s)));
    EXPECT_THAT(refused.error().message(), HasSubstr("read-only"));
    EXPECT_THAT(refused.error().problems(),
                ElementsAre(Problem{"read_only", "$.nodes[0].duration", "w",
                                    refused.error().problems().at(0).message}));
  }
}

TEST(VersionChanges, TheEntryTypeCannotChangeBetweenVersions) {
  auto problems =
      ChangesAcrossVersions(Definition(), Definition(R"({"type": "audience", "audience": "all"})"));
  EXPECT_THAT(problems, ElementsAre(Field(&Problem::code, "entry_type_changed")));
}

TEST(VersionChanges, TheReentranceRuleCannotChangeBetweenVersions) {
  JourneyDefinition defaults = Definition();
  EXPECT_TRUE(ChangesAcrossVersions(
                  defaults, Definition(R"({"type": "event", "event": "signup"})",
                                       R"("reentrance": {"allowed": true, "wait": "PT5M"},)"))
                  .empty());
  EXPECT_THAT(ChangesAcrossVersions(defaults, Definition(R"({"type": "event", "event": "signup"})",
                                                         R"("reentrance": {"allowed": false},)")),
              ElementsAre(Field(&Problem::code, "reentrance_changed")));
  EXPECT_THAT(ChangesAcrossVersions(
                  defaults, Definition(R"({"type": "event", "event": "signup"})",
                                       R"("reentrance": {"allowed": true, "wait": "P1D"},)")),
              ElementsAre(Field(&Problem::code, "reentrance_changed")));
}

TEST(VersionChanges, AnotherEntryEventOrConditionIsAllowed) {
  EXPECT_TRUE(
      ChangesAcrossVersions(Definition(),
                            Definition(R"({"type": "event", "event": "register", "when": "true"})"))
          .empty());
}

}  // namespace
}  // namespace parcours
