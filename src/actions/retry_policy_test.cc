#include "actions/retry_policy.h"

#include <gtest/gtest.h>

namespace parcours::actions {
namespace {

using std::chrono::milliseconds;

TryResult Status(long s) { return TryResult{true, false, false, s, ""}; }
TryResult NetworkError() { return TryResult{false, false, false, 0, "Connection refused"}; }
TryResult Timeout() { return TryResult{false, true, false, 0, "Operation timed out"}; }

TEST(RetryPolicy, WebhookSucceedsOn2xxOnly) {
  EXPECT_EQ(Judge(Protocol::kHttp, Status(200)), Verdict::kSuccess);
  EXPECT_EQ(Judge(Protocol::kHttp, Status(204)), Verdict::kSuccess);
  EXPECT_EQ(Judge(Protocol::kHttp, Status(301)), Verdict::kGiveUp);
}

TEST(RetryPolicy, WebhookRetriesNetworkErrorsTimeouts408429And5xx) {
  for (long s : {408L, 429L, 500L, 502L, 503L, 599L}) {
    EXPECT_EQ(Judge(Protocol::kHttp, Status(s)), Verdict::kRetry) << s;
  }
  EXPECT_EQ(Judge(Protocol::kHttp, NetworkError()), Verdict::kRetry);
  EXPECT_EQ(Judge(Protocol::kHttp, Timeout()), Verdict::kRetry);
}

TEST(RetryPolicy, WebhookDoesNotRetryOther4xxNorFatalTransportErrors) {
  for (long s : {400L, 401L, 403L, 404L, 409L, 422L}) {
    EXPECT_EQ(Judge(Protocol::kHttp, Status(s)), Verdict::kGiveUp) << s;
  }
  TryResult tls{false, false, true, 0, "SSL peer certificate was not OK"};
  EXPECT_EQ(Judge(Protocol::kHttp, tls), Verdict::kGiveUp);
}

TEST(RetryPolicy, SmtpRetries4xxRepliesButNot5xx) {
  EXPECT_EQ(Judge(Protocol::kSmtp, Status(250)), Verdict::kSuccess);
  EXPECT_EQ(Judge(Protocol::kSmtp, TryResult{false, false, false, 451, "RCPT failed"}),
            Verdict::kRetry);
  EXPECT_EQ(Judge(Protocol::kSmtp, TryResult{false, false, false, 550, "RCPT failed"}),
            Verdict::kGiveUp);
  EXPECT_EQ(Judge(Protocol::kSmtp, NetworkError()), Verdict::kRetry);
}

TEST(RetryPolicy, BackoffDoublesFromBaseUpToMax) {
  milliseconds base(1000), max(30000);
  EXPECT_EQ(BackoffDelay(1, base, max, 0, 0.5, std::nullopt), milliseconds(1000));
  EXPECT_EQ(BackoffDelay(2, base, max, 0, 0.5, std::nullopt), milliseconds(2000));
  EXPECT_EQ(BackoffDelay(5, base, max, 0, 0.5, std::nullopt), milliseconds(16000));
  EXPECT_EQ(BackoffDelay(6, base, max, 0, 0.5, std::nullopt), milliseconds(30000));
  EXPECT_EQ(BackoffDelay(60, base, max, 0, 0.5, std::nullopt), milliseconds(30000));
}

TEST(RetryPolicy, JitterStaysWithinItsFractionAndUnderMax) {
  milliseconds base(1000), max(30000);
  EXPECT_EQ(BackoffDelay(1, base, max, 0.2, 0.0, std::nullopt), milliseconds(800));
  EXPECT_EQ(BackoffDelay(1, base, max, 0.2, 0.999999, std::nullopt), milliseconds(1200));
  EXPECT_EQ(BackoffDelay(6, base, max, 0.2, 0.999999, std::nullopt), milliseconds(30000));
  EXPECT_EQ(BackoffDelay(6, base, max, 0.2, 0.0, std::nullopt), milliseconds(24000));
}

TEST(RetryPolicy, RetryAfterRaisesTheDelayUpToMax) {
  milliseconds base(10), max(5000);
  EXPECT_EQ(BackoffDelay(1, base, max, 0, 0, milliseconds(2000)), milliseconds(2000));
  EXPECT_EQ(BackoffDelay(1, base, max, 0, 0, milliseconds(60000)), milliseconds(5000));
}

TEST(RetryPolicy, ExcerptKeepsValidUtf8AndMarksTheCut) {
  EXPECT_EQ(Excerpt("hello"), "hello");
  EXPECT_EQ(Excerpt("a\r\nb"), "a  b");
  EXPECT_EQ(Excerpt(std::string(300, 'x')), std::string(200, 'x') + "...");
  // "é" is two bytes: never cut in the middle.
  std::string text = std::string(199, 'x') + "\xc3\xa9";
  EXPECT_EQ(Excerpt(text), std::string(199, 'x') + "...");
  EXPECT_EQ(Excerpt("a\xff"), "a?");
}

TEST(RetryPolicy, SummaryNamesTheProtocolStatusOrError) {
  EXPECT_EQ(Summarize(Protocol::kHttp, Status(503)), "HTTP 503");
  EXPECT_EQ(Summarize(Protocol::kSmtp, Status(250)), "SMTP 250");
  EXPECT_EQ(Summarize(Protocol::kHttp, Timeout()), "timed out");
  EXPECT_EQ(Summarize(Protocol::kHttp, NetworkError()), "Connection refused");
}

}  // namespace
}  // namespace parcours::actions
