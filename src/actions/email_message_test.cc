#include "actions/email_message.h"

#include <gtest/gtest.h>

namespace parcours::actions {
namespace {

ActionRequest Mail(boost::json::object fields, std::string key = "3-9:welcome") {
  ActionRequest r;
  r.kind = "email";
  r.idempotency_key = std::move(key);
  r.rendered = std::move(fields);
  return r;
}

Time At(std::string_view text) { return *ParseTime(text); }

TEST(EmailMessage, PlainTextMessageHasEveryHeader) {
  auto m = BuildEmail(Mail({{"to", "ann@example.com"},
                            {"subject", "Welcome Ann"},
                            {"body", "Hello Ann,\nwelcome!"}}),
                      "Shop <shop@example.com>", "parcours", At("2026-12-01T09:00:00Z"));
  ASSERT_TRUE(m.has_value()) << m.error().message();
  EXPECT_EQ(m->from, "shop@example.com");
  EXPECT_EQ(m->recipients, std::vector<std::string>{"ann@example.com"});
  EXPECT_EQ(m->message_id, "<3-9=3Awelcome@parcours>");
  const std::string& d = m->data;
  EXPECT_NE(d.find("From: \"Shop\" <shop@example.com>\r\n"), std::string::npos) << d;
  EXPECT_NE(d.find("To: ann@example.com\r\n"), std::string::npos);
  EXPECT_NE(d.find("Subject: Welcome Ann\r\n"), std::string::npos);
  EXPECT_NE(d.find("Date: Tue, 01 Dec 2026 09:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(d.find("Message-ID: <3-9=3Awelcome@parcours>\r\n"), std::string::npos);
  EXPECT_NE(d.find("MIME-Version: 1.0\r\n"), std::string::npos);
  EXPECT_NE(d.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(d.find("\r\n\r\nHello Ann,\r\nwelcome!\r\n"), std::string::npos);
  EXPECT_EQ(d.find("multipart"), std::string::npos);
}

TEST(EmailMessage, HtmlBodyGetsATextAlternative) {
  auto m = BuildEmail(Mail({{"to", "ann@example.com"},
                            {"subject", "Hi"},
                            {"body", "<p>Hello <b>Ann</b> &amp; co</p><p>Bye</p>"}}),
                      "shop@example.com", "parcours", At("2026-12-01T09:00:00Z"));
  ASSERT_TRUE(m.has_value());
  EXPECT_NE(m->data.find("Content-Type: multipart/alternative; boundary="), std::string::npos);
  EXPECT_NE(m->data.find("Content-Type: text/html; charset=utf-8"), std::string::npos);
  EXPECT_NE(m->data.find("Hello Ann & co\r\nBye"), std::string::npos) << m->data;
}

TEST(EmailMessage, TheHtmlRuleLooksAtTheFirstNonBlankCharacter) {
  EXPECT_TRUE(LooksLikeHtml("  <html><body>x</body></html>"));
  EXPECT_TRUE(LooksLikeHtml("<!DOCTYPE html><p>x"));
  EXPECT_TRUE(LooksLikeHtml("\n<p>x</p>"));
  EXPECT_FALSE(LooksLikeHtml("Hello <b>Ann</b>"));
  EXPECT_FALSE(LooksLikeHtml("<3 from us"));
  EXPECT_FALSE(LooksLikeHtml(""));
}

TEST(EmailMessage, NonAsciiSubjectIsEncodedInWordsOf75CharactersAtMost) {
  EXPECT_EQ(EncodeHeaderText("Bienvenue"), "Bienvenue");
  EXPECT_EQ(EncodeHeaderText("Caf\xc3\xa9"), "=?UTF-8?B?Q2Fmw6k=?=");
  std::string long_subject;
  for (int i = 0; i < 40; ++i) long_subject += "\xc3\xa9t\xc3\xa9 ";
  std::string encoded = EncodeHeaderText(long_subject);
  std::size_t start = 0;
  while (start < encoded.size()) {
    std::size_t end = encoded.find("\r\n ", start);
    std::string word = encoded.substr(start, end == std::string::npos ? end : end - start);
    EXPECT_LE(word.size(), 75u);
    EXPECT_EQ(word.rfind("=?UTF-8?B?", 0), 0u);
    start = end == std::string::npos ? encoded.size() : end + 3;
  }
}

TEST(EmailMessage, QuotedPrintableKeepsLinesShortAndEscapesWhatItMust) {
  EXPECT_EQ(QuotedPrintable("a=b"), "a=3Db");
  EXPECT_EQ(QuotedPrintable("caf\xc3\xa9"), "caf=C3=A9");
  EXPECT_EQ(QuotedPrintable("end \nnext"), "end=20\r\nnext");
  EXPECT_EQ(QuotedPrintable(".dot"), "=2Edot");
  std::string encoded = QuotedPrintable(std::string(200, 'x'));
  EXPECT_EQ(encoded.find("=\r\n"), 75u);
}

TEST(EmailMessage, MessageIdIsStableAndDistinctPerKey) {
  EXPECT_EQ(MessageIdFor("3-9:welcome", "parcours"), "<3-9=3Awelcome@parcours>");
  EXPECT_NE(MessageIdFor("a:b", "d"), MessageIdFor("a=3Ab", "d"));
}

TEST(EmailMessage, AddressListsWithNamesAndQuotes) {
  auto list =
      ParseAddressList("ann@example.com, \"Doe, John\" <john@example.com>, Zo\xc3\xa9 <zoe@x.org>");
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[1].display, "Doe, John");
  EXPECT_EQ((*list)[1].address, "john@example.com");
  EXPECT_EQ((*list)[2].display, "Zo\xc3\xa9");
  EXPECT_FALSE(ParseAddressList("not an address").has_value());
  EXPECT_FALSE(ParseAddressList("ann@example.com\r\nBcc: x@y").has_value());
}

TEST(EmailMessage, MissingRecipientOrSenderIsRefused) {
  auto no_to = BuildEmail(Mail({{"to", ""}, {"subject", "s"}, {"body", "b"}}), "a@b.c", "p",
                          At("2026-01-01T00:00:00Z"));
  ASSERT_FALSE(no_to.has_value());
  EXPECT_TRUE(no_to.error().IsInvalidArgument());
  auto no_from = BuildEmail(Mail({{"to", "a@b.c"}, {"subject", "s"}, {"body", "b"}}), "", "p",
                            At("2026-01-01T00:00:00Z"));
  ASSERT_FALSE(no_from.has_value());
  EXPECT_NE(no_from.error().message().find("no sender"), std::string::npos);
}

TEST(EmailMessage, HeaderValuesCannotInjectHeaders) {
  auto m = BuildEmail(Mail({{"to", "a@b.c"}, {"subject", "Hi\r\nBcc: evil@x.y"}, {"body", "b"}}),
                      "s@b.c", "p", At("2026-01-01T00:00:00Z"));
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->data.find("\r\nBcc:"), std::string::npos);
}

}  // namespace
}  // namespace parcours::actions
