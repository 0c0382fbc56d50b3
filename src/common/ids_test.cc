// The id rules' edges (parcours/ids.h): every layer calls these functions, so these cases are
// the whole contract.
#include "parcours/ids.h"

#include <gtest/gtest.h>

#include <string>

namespace parcours {
namespace {

TEST(ProfileId, LengthsFromOneTo128) {
  EXPECT_FALSE(IsValidProfileId(""));
  EXPECT_TRUE(IsValidProfileId("a"));
  EXPECT_TRUE(IsValidProfileId(std::string(128, 'x')));
  EXPECT_FALSE(IsValidProfileId(std::string(129, 'x')));
}

TEST(ProfileId, LettersDigitsAndFourPunctuationMarks) {
  EXPECT_TRUE(IsValidProfileId("AZaz09_-.:"));
  for (char c : std::string(" /\\?#%&+@!\"'`~,;=()[]{}<>|*$^")) {
    EXPECT_FALSE(IsValidProfileId(std::string("a") + c + "b")) << c;
  }
  EXPECT_FALSE(IsValidProfileId(std::string("a\0b", 3)));
  EXPECT_FALSE(IsValidProfileId("caf\xc3\xa9"));  // letters are ASCII letters
  EXPECT_FALSE(IsValidProfileId("a\tb"));
}

TEST(EventId, LengthsFromOneTo256Bytes) {
  EXPECT_FALSE(IsValidEventId(""));
  EXPECT_TRUE(IsValidEventId("x"));
  EXPECT_TRUE(IsValidEventId(std::string(256, 'x')));
  EXPECT_FALSE(IsValidEventId(std::string(257, 'x')));
}

TEST(EventId, EveryControlCharacterAndDelAreRefusedTheRestIsNot) {
  for (int c = 0; c < 0x20; ++c) {
    EXPECT_FALSE(IsValidEventId(std::string("a") + static_cast<char>(c) + "b")) << c;
  }
  EXPECT_FALSE(IsValidEventId("a\x7f"));
  EXPECT_TRUE(IsValidEventId("order 17/2026 #3 (retry)"));
  EXPECT_TRUE(IsValidEventId("caf\xc3\xa9"));  // UTF-8 is kept as it is
}

TEST(IdProblems, SayTheRule) {
  EXPECT_EQ(ProfileIdProblem("profileId", "a b"),
            "profileId 'a b' must be 1 to 128 letters, digits, '_', '-', '.' or ':'");
  EXPECT_EQ(EventIdProblem(),
            "the event id must be 1 to 256 characters without control characters");
}

}  // namespace
}  // namespace parcours
