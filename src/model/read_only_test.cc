#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model/test_definitions.h"
#include "parcours/journey.h"

namespace parcours {
namespace {

JourneyDefinition Published() {
  auto d = ParseDefinition(testing::kSmallJourney);
  EXPECT_TRUE(d.has_value());
  Normalize(*d);
  return *d;
}

TEST(ReadOnlyRule, NamesDescriptionsAndLabelsMayChange) {
  JourneyDefinition before = Published();
  JourneyDefinition after = before;
  after.name = "Renamed";
  after.description = "Now with a description";
  after.nodes[0].label = "Country?";
  after.nodes[0].description = "Checks the country";
  std::get<ConditionActivity>(after.nodes[0].activity).branches[0].label = "France";
  after.nodes.back().label = "Bye bye";  // an end tag's label
  EXPECT_THAT(NonEditableChanges(before, after), ::testing::IsEmpty());
}

TEST(ReadOnlyRule, ReorderingActivitiesIsNotAChange) {
  JourneyDefinition before = Published();
  JourneyDefinition after = before;
  std::swap(after.nodes[0], after.nodes[2]);
  EXPECT_THAT(NonEditableChanges(before, after), ::testing::IsEmpty());
}

TEST(ReadOnlyRule, ChangingAConditionIsRefusedWithItsPath) {
  JourneyDefinition before = Published();
  JourneyDefinition after = before;
  std::get<ConditionActivity>(after.nodes[0].activity).branches[0].when = "true";
  auto problems = NonEditableChanges(before, after);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "read_only");
  EXPECT_EQ(problems[0].path, "$.nodes[0].branches[0].when");
  EXPECT_EQ(problems[0].node, "check");
}

TEST(ReadOnlyRule, ChangingTheEntryOrTimeoutIsRefused) {
  JourneyDefinition before = Published();
  JourneyDefinition after = before;
  std::get<EventEntry>(after.entry).event = "purchase";
  after.global_timeout = "P10D";
  auto problems = NonEditableChanges(before, after);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "$.entry.event");
}

TEST(ReadOnlyRule, AddingOrRemovingActivitiesIsRefused) {
  JourneyDefinition before = Published();
  JourneyDefinition added = before;
  added.nodes.push_back(Node{"extra", std::nullopt, std::nullopt, EndActivity{}});
  auto problems = NonEditableChanges(before, added);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].node, "extra");

  JourneyDefinition removed = before;
  removed.nodes.pop_back();
  problems = NonEditableChanges(before, removed);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "read_only");
}

TEST(ReadOnlyRule, ChangingAnActionIsRefused) {
  JourneyDefinition before = Published();
  JourneyDefinition after = before;
  auto& action = std::get<ActionActivity>(after.nodes[1].activity);
  action.retries = 5;
  auto problems = NonEditableChanges(before, after);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "$.nodes[1].retries");
  EXPECT_EQ(problems[0].node, "hello");
}

}  // namespace
}  // namespace parcours
