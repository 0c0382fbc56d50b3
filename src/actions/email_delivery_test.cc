// E-mails delivered to a real local SMTP server (testdata/smtp_server.py, python3-aiosmtpd).
#include <gtest/gtest.h>

#include "actions/dispatcher.h"
#include "actions/test_servers.h"

namespace parcours::actions {
namespace {

using namespace std::chrono_literals;
using testing::Answers;
using testing::Email;
using testing::SmtpReceiver;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class EmailDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(receiver_.ok()) << "the test SMTP server did not start";
    DispatcherOptions o;
    o.smtp_url = receiver_.Url();
    o.default_from = "Parcours Shop <shop@example.com>";
    o.backoff_base = 10ms;
    o.backoff_max = 40ms;
    o.jitter = 0;
    auto d = Dispatcher::Start(o);
    ASSERT_TRUE(d.has_value()) << d.error().message();
    dispatcher_ = std::move(*d);
  }

  ActionResult DeliverOne(ActionRequest request) {
    Answers answers;
    dispatcher_->Dispatch(std::move(request), answers.Callback());
    EXPECT_TRUE(answers.WaitFor(1));
    auto got = answers.Get();
    return got.empty() ? ActionResult{ActionOutcome::kError, "no answer"} : got[0];
  }

  SmtpReceiver receiver_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(EmailDelivery, TheMessageArrivesWithItsHeadersBodyAndRecipient) {
  ActionResult r = DeliverOne(Email("Ann Lee <ann@example.com>", "Bienvenue \xc3\xa0 bord, Ann",
                                    "Hello Ann,\nyour code is WELCOME10.\n"));
  ASSERT_EQ(r.outcome, ActionOutcome::kSuccess) << r.detail;
  EXPECT_EQ(r.detail.rfind("SMTP 250 in ", 0), 0u) << r.detail;
  EXPECT_TRUE(Contains(r.detail, "<3-9=3Awelcome@parcours>")) << r.detail;
  auto messages = receiver_.Messages();
  ASSERT_EQ(messages.size(), 1u);
  const auto& m = messages[0];
  EXPECT_EQ(m.mail_from, "shop@example.com");
  EXPECT_EQ(m.rcpt_tos, std::vector<std::string>{"ann@example.com"});
  EXPECT_TRUE(Contains(m.data, "From: \"Parcours Shop\" <shop@example.com>\r\n")) << m.data;
  EXPECT_TRUE(Contains(m.data, "To: \"Ann Lee\" <ann@example.com>\r\n")) << m.data;
  // "Bienvenue à bord, Ann" as an RFC 2047 word.
  EXPECT_TRUE(Contains(m.data, "Subject: =?UTF-8?B?QmllbnZlbnVlIMOgIGJvcmQsIEFubg==?=\r\n"))
      << m.data;
  EXPECT_TRUE(Contains(m.data, "Message-ID: <3-9=3Awelcome@parcours>\r\n"));
  EXPECT_TRUE(Contains(m.data, "MIME-Version: 1.0\r\n"));
  EXPECT_TRUE(Contains(m.data, "\r\nDate: "));
  EXPECT_TRUE(Contains(m.data, "\r\n\r\nHello Ann,\r\nyour code is WELCOME10.\r\n"));
}

TEST_F(EmailDelivery, AnHtmlBodyArrivesWithATextAlternative) {
  auto request = Email("ann@example.com", "Hi", "<p>Hello <b>Ann</b></p>");
  request.rendered["from"] = "news@example.com";
  ASSERT_EQ(DeliverOne(std::move(request)).outcome, ActionOutcome::kSuccess);
  auto m = receiver_.Messages().at(0);
  EXPECT_EQ(m.mail_from, "news@example.com");
  EXPECT_TRUE(Contains(m.data, "multipart/alternative"));
  EXPECT_TRUE(Contains(m.data,
                       "Content-Type: text/plain; charset=utf-8\r\n"
                       "Content-Transfer-Encoding: quoted-printable\r\n\r\nHello Ann\r\n"))
      << m.data;
  EXPECT_TRUE(Contains(m.data,
                       "Content-Type: text/html; charset=utf-8\r\n"
                       "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                       "<p>Hello <b>Ann</b></p>\r\n"));
}

TEST_F(EmailDelivery, ATransient4xxReplyIsRetried) {
  ActionResult r = DeliverOne(Email("later@example.com", "s", "b", "3-9:welcome", 2));
  EXPECT_EQ(r.outcome, ActionOutcome::kSuccess) << r.detail;
  EXPECT_TRUE(Contains(r.detail, "try 2 of 3; earlier: SMTP 451")) << r.detail;
  EXPECT_EQ(receiver_.Messages().size(), 1u);
}

TEST_F(EmailDelivery, APermanent5xxReplyIsAnErrorWithoutRetry) {
  ActionResult r = DeliverOne(Email("rejected@example.com", "s", "b", "3-9:welcome", 3));
  EXPECT_EQ(r.outcome, ActionOutcome::kError);
  EXPECT_TRUE(Contains(r.detail, "SMTP 550")) << r.detail;
  EXPECT_TRUE(Contains(r.detail, "try 1 of 4 (not retried)")) << r.detail;
  EXPECT_TRUE(receiver_.Messages().empty());
}

TEST(EmailWithoutSmtp, FailsAtOnceNamingTheFlag) {
  auto d = Dispatcher::Start({});
  ASSERT_TRUE(d.has_value());
  Answers answers;
  (*d)->Dispatch(Email("ann@example.com", "s", "b"), answers.Callback());
  ASSERT_TRUE(answers.WaitFor(1));
  EXPECT_EQ(answers.Get()[0].outcome, ActionOutcome::kError);
  EXPECT_EQ(answers.Get()[0].detail, "no SMTP server configured (parcoursd --smtp URL)");
}

TEST(EmailWithoutSmtp, ABadSmtpUrlIsRefusedAtStart) {
  DispatcherOptions o;
  o.smtp_url = "http://mail.example";
  auto d = Dispatcher::Start(o);
  ASSERT_FALSE(d.has_value());
  EXPECT_TRUE(d.error().IsInvalidArgument());
}

}  // namespace
}  // namespace parcours::actions
