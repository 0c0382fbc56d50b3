#include <gtest/gtest.h>

#include "expr/test_util.h"

namespace parcours::expr {
namespace {

using testing::World;

std::string Render(std::string_view text, const Context& context) {
  auto parsed = Template::Parse(text);
  if (!parsed) {
    ADD_FAILURE() << text << ": " << parsed.error().message;
    return "";
  }
  auto rendered = parsed->Render(context);
  if (!rendered) {
    ADD_FAILURE() << text << ": " << rendered.error().message;
    return "";
  }
  return *rendered;
}

TEST(ExprTemplate, FillsHolesAndCopiesTheRestVerbatim) {
  World w;
  EXPECT_EQ(Render("Welcome {{profile.firstName}}!", w.context), "Welcome Ada!");
  EXPECT_EQ(Render("{{ profile.id }}", w.context), "p-42");
  EXPECT_EQ(Render("{{event.data.count}} items, {{ event.data.amount * 2 }} EUR", w.context),
            "3 items, 85 EUR");
  EXPECT_EQ(Render("no holes } { }} here", w.context), "no holes } { }} here");
  EXPECT_EQ(Render("", w.context), "");
  EXPECT_EQ(Render("{{event.timestamp}}", w.context), "2026-07-01T12:00:00Z");
  EXPECT_EQ(Render("{{duration('PT90M')}}", w.context), "PT1H30M");
  EXPECT_EQ(Render("{{profile.scores}}", w.context), "[1,2,3]");
  EXPECT_EQ(Render("[{{profile.missing}}]", w.context), "[]");
  EXPECT_EQ(Render("{{profile.vip}}{{'x'}}", w.context), "truex");
}

TEST(ExprTemplate, ClosingBracesInsideQuotesDoNotEndAHole) {
  World w;
  EXPECT_EQ(Render("a{{ '}}' }}b", w.context), "a}}b");
  EXPECT_EQ(Render("{{ \"x\\\"}}\" + 'y' }}", w.context), "x\"}}y");
}

TEST(ExprTemplate, HasHoles) {
  EXPECT_TRUE(Template::Parse("a {{b}}").value().HasHoles());
  EXPECT_FALSE(Template::Parse("a b").value().HasHoles());
  EXPECT_FALSE(Template::Parse("").value().HasHoles());
}

TEST(ExprTemplate, UnclosedHoleIsABadExpressionAtTheBraces) {
  auto parsed = Template::Parse("Hello {{ profile.firstName");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, "bad_expression");
  EXPECT_EQ(parsed.error().offset, 6u);
  EXPECT_EQ(parsed.error().length, 2u);
  EXPECT_NE(parsed.error().message.find("column 7"), std::string::npos);
}

TEST(ExprTemplate, ErrorOffsetsAreIntoTheWholeTemplate) {
  auto parsed = Template::Parse("Dear {{ profile.name + }}");
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code, "bad_expression");
  EXPECT_EQ(parsed.error().offset, 21u);
  EXPECT_NE(parsed.error().message.find("column 22"), std::string::npos) << parsed.error().message;

  auto unterminated = Template::Parse("Hi {{ 'abc }}");
  ASSERT_FALSE(unterminated.has_value());
  EXPECT_EQ(unterminated.error().offset, 6u);

  auto empty = Template::Parse("x{{}}");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().offset, 3u);

  auto checked = Template::Parse("Hi {{ evnt.x }} and {{ len(1, 2) }}").value();
  std::vector<ExprError> problems = checked.Check();
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].code, "unknown_name");
  EXPECT_EQ(problems[0].offset, 6u);
  EXPECT_NE(problems[0].message.find("column 7"), std::string::npos);
  EXPECT_EQ(problems[1].code, "wrong_argument_count");
  EXPECT_EQ(problems[1].offset, 23u);

  World w;
  auto failing = Template::Parse("Total: {{ profile.missing + 1 }}").value();
  auto rendered = failing.Render(w.context);
  ASSERT_FALSE(rendered.has_value());
  EXPECT_EQ(rendered.error().code, "type_mismatch");
  EXPECT_EQ(rendered.error().offset, 26u);
}

TEST(ExprTemplate, RenderedTextsAreCopies) {
  std::string out;
  {
    World w;
    out = Template::Parse("{{profile.tier}}").value().Render(w.context).value();
  }
  EXPECT_EQ(out, "gold");
}

}  // namespace
}  // namespace parcours::expr
