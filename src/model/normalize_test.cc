#include <gtest/gtest.h>

#include "model/test_definitions.h"
#include "parcours/journey.h"
#include "parcours/validation.h"

namespace parcours {
namespace {

JourneyDefinition Parse(std::string_view json) {
  auto d = ParseDefinition(json);
  EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().message());
  return d ? *d : JourneyDefinition{};
}

TEST(Normalize, EveryOpenPathGetsAnEndTagLabelledEnd) {
  JourneyDefinition d = Parse(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": "split", "nodes": [
      {"id": "split", "type": "split", "branches": [{"percent": 50, "next": "w"}, {"percent": 50}]},
      {"id": "w", "type": "wait", "duration": "P1D"}]})");
  Normalize(d);
  ASSERT_EQ(d.nodes.size(), 4u);
  const auto& split = std::get<SplitActivity>(d.nodes[0].activity);
  EXPECT_EQ(split.branches[1].next, "split-branch2-end");
  EXPECT_EQ(std::get<WaitActivity>(d.nodes[1].activity).next, "w-end");
  for (std::size_t i = 2; i < 4; ++i) {
    EXPECT_EQ(d.nodes[i].type(), NodeType::kEnd);
    EXPECT_EQ(d.nodes[i].label, "End");
  }
  EXPECT_EQ(d.nodes[2].id, "split-branch2-end");
  EXPECT_EQ(d.nodes[3].id, "w-end");
  EXPECT_TRUE(Validate(d).valid());
}

TEST(Normalize, OptionalPathsKeepTheirMeaningAndGetNoEndTag) {
  JourneyDefinition d = Parse(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": "a", "nodes": [
      {"id": "a", "type": "action", "action": {"kind": "log", "message": "m"}, "next": "c"},
      {"id": "c", "type": "condition", "branches": [{"when": "true", "next": "x"}]},
      {"id": "x", "type": "waitForEvent", "event": "buy", "timeout": "P1D", "next": "done"},
      {"id": "done", "type": "end"}]})");
  Normalize(d);
  EXPECT_EQ(d.nodes.size(), 4u);
  const auto& a = std::get<ActionActivity>(d.nodes[0].activity);
  EXPECT_EQ(a.on_error, "");
  EXPECT_EQ(a.on_timeout, "");
  EXPECT_EQ(std::get<ConditionActivity>(d.nodes[1].activity).otherwise, "");
  EXPECT_EQ(std::get<WaitForEventActivity>(d.nodes[2].activity).on_timeout, "");
}

TEST(Normalize, GeneratedIdsAreStableAndAvoidExistingIds) {
  JourneyDefinition d = Parse(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": "w", "nodes": [
      {"id": "w", "type": "wait", "duration": "P1D", "next": "w2"},
      {"id": "w2", "type": "wait", "duration": "P1D", "next": "w-end"},
      {"id": "w-end", "type": "wait", "duration": "P1D"}]})");
  Normalize(d);
  EXPECT_EQ(d.nodes.back().id, "w-end-end");
  JourneyDefinition collide = Parse(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": "w", "nodes": [
      {"id": "w", "type": "wait", "duration": "P1D"},
      {"id": "w-end", "type": "end", "label": "Mine"}]})");
  Normalize(collide);
  EXPECT_EQ(std::get<WaitActivity>(collide.nodes[0].activity).next, "w-end-2");
  JourneyDefinition again = Parse(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": "w", "nodes": [
      {"id": "w", "type": "wait", "duration": "P1D"},
      {"id": "w-end", "type": "end", "label": "Mine"}]})");
  Normalize(again);
  EXPECT_EQ(WriteDefinition(again), WriteDefinition(collide));
}

TEST(Normalize, IsIdempotent) {
  JourneyDefinition d = Parse(testing::kSmallJourney);
  Normalize(d);
  std::string once = WriteDefinition(d);
  Normalize(d);
  EXPECT_EQ(WriteDefinition(d), once);
  JourneyDefinition reread = Parse(once);
  Normalize(reread);
  EXPECT_EQ(WriteDefinition(reread), once);
}

TEST(Normalize, LongIdsStillGiveValidEndTagIds) {
  std::string id(64, 'a');
  JourneyDefinition d = Parse(R"({"name": "n", "entry": {"type": "event", "event": "e"},
    "start": ")" + id + R"(", "nodes": [{"id": ")" +
                              id + R"(", "type": "wait", "duration": "P1D"}]})");
  Normalize(d);
  EXPECT_TRUE(IsValidId(d.nodes.back().id)) << d.nodes.back().id;
}

TEST(Normalize, AnEndTagDroppedFromTheTextComesBackFromThePreviousVersion) {
  JourneyDefinition previous = Parse(testing::kSmallJourney);
  Normalize(previous);
  JourneyDefinition edited =
      Parse(R"({"name": "Small", "entry": {"type": "event", "event": "signup"},
    "start": "check", "nodes": [
      {"id": "check", "type": "condition",
       "branches": [{"label": "FR", "when": "event.data.country == 'FR'", "next": "hello"}],
       "otherwise": "bye"},
      {"id": "hello", "type": "action", "action": {"kind": "log", "message": "hello {{profile.id}}"},
       "next": "hello-end"}]})");
  Normalize(edited, &previous);
  ASSERT_NE(edited.FindNode("bye"), nullptr);
  EXPECT_EQ(edited.FindNode("bye")->label, "Not French");
  ASSERT_NE(edited.FindNode("hello-end"), nullptr);
  EXPECT_EQ(edited.FindNode("hello-end")->label, "End");
  EXPECT_TRUE(Validate(edited).valid());
  EXPECT_TRUE(NonEditableChanges(previous, edited).empty());
}

// Several end tags dropped from one node's paths: each restored while the node's other paths
// are still being visited (the node lives in the vector the restored tags are appended to).
TEST(Normalize, EndTagsDroppedFromSeveralPathsOfOneNodeAllComeBack) {
  JourneyDefinition previous = Parse(R"({"name": "Many", "entry": {"type": "event", "event": "e"},
    "start": "check", "nodes": [
      {"id": "check", "type": "condition",
       "branches": [{"label": "A", "when": "event.data.k == 'a'", "next": "end-a"},
                    {"label": "B", "when": "event.data.k == 'b'", "next": "end-b"},
                    {"label": "C", "when": "event.data.k == 'c'", "next": "end-c"}],
       "otherwise": "end-d"},
      {"id": "end-a", "type": "end", "label": "Tag A"},
      {"id": "end-b", "type": "end", "label": "Tag B"},
      {"id": "end-c", "type": "end", "label": "Tag C"},
      {"id": "end-d", "type": "end", "label": "Tag D"}]})");
  Normalize(previous);
  JourneyDefinition edited = Parse(R"({"name": "Many", "entry": {"type": "event", "event": "e"},
    "start": "check", "nodes": [
      {"id": "check", "type": "condition",
       "branches": [{"label": "A", "when": "event.data.k == 'a'", "next": "end-a"},
                    {"label": "B", "when": "event.data.k == 'b'", "next": "end-b"},
                    {"label": "C", "when": "event.data.k == 'c'", "next": "end-c"}],
       "otherwise": "end-d"}]})");
  Normalize(edited, &previous);
  for (const char* id : {"end-a", "end-b", "end-c", "end-d"}) {
    ASSERT_NE(edited.FindNode(id), nullptr) << id;
  }
  EXPECT_EQ(edited.FindNode("end-c")->label, "Tag C");
  EXPECT_EQ(edited.nodes.size(), 5u);
  EXPECT_TRUE(Validate(edited).valid());
  EXPECT_TRUE(NonEditableChanges(previous, edited).empty());
}

}  // namespace
}  // namespace parcours
