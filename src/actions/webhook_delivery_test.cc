// Webhooks delivered to a real local HTTP server (testdata/http_server.py).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <thread>

#include "actions/dispatcher.h"
#include "actions/test_servers.h"

namespace parcours::actions {
namespace {

using namespace std::chrono_literals;
using testing::Answers;
using testing::HttpReceiver;
using testing::Webhook;

class WebhookDelivery : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(receiver_.ok()) << "the test HTTP server did not start";
    DispatcherOptions o;
    o.backoff_base = 10ms;  // the schedule of JOURNEY_FORMAT.md, a hundred times faster
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

  std::vector<std::string> Keys() {
    std::vector<std::string> keys;
    for (const auto& r : receiver_.Requests()) {
      keys.emplace_back(r.at("headers").as_object().at("Idempotency-Key").as_string());
    }
    return keys;
  }

  // Keys() once the server logged at least `n` requests, waiting up to 30 s: a request the
  // client gave up on (time-out) may be logged after the answer came.
  std::vector<std::string> KeysOnceLogged(std::size_t n) {
    auto deadline = std::chrono::steady_clock::now() + 30s;
    while (receiver_.Requests().size() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
    }
    return Keys();
  }

  HttpReceiver receiver_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(WebhookDelivery, SuccessReportsStatusLatencyTryAndBody) {
  ActionResult r = DeliverOne(Webhook(receiver_.Url("/ok/a")));
  EXPECT_EQ(r.outcome, ActionOutcome::kSuccess) << r.detail;
  EXPECT_EQ(r.detail.rfind("HTTP 200 in ", 0), 0u) << r.detail;
  EXPECT_NE(r.detail.find(" ms, try 1 of 1"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find(R"(body: {"ok":true})"), std::string::npos) << r.detail;
  EXPECT_EQ(Keys(), std::vector<std::string>{"7-42:notify"});
}

TEST_F(WebhookDelivery, A500IsRetriedWithTheSameIdempotencyKeyUntilSuccess) {
  ActionResult r = DeliverOne(Webhook(receiver_.Url("/fail/2/b"), {}, "9-1:crm", 3));
  EXPECT_EQ(r.outcome, ActionOutcome::kSuccess) << r.detail;
  EXPECT_NE(r.detail.find("try 3 of 4; earlier: HTTP 500, HTTP 500"), std::string::npos)
      << r.detail;
  EXPECT_EQ(Keys(), (std::vector<std::string>{"9-1:crm", "9-1:crm", "9-1:crm"}));
  auto stats = dispatcher_->Stats().hosts.at("127.0.0.1");
  EXPECT_EQ(stats.sent, 3);
  EXPECT_EQ(stats.retries, 2);
  EXPECT_EQ(stats.success, 1);
}

TEST_F(WebhookDelivery, A400IsAnErrorWithoutRetry) {
  ActionResult r = DeliverOne(Webhook(receiver_.Url("/status/400/c"), {}, "k", 3));
  EXPECT_EQ(r.outcome, ActionOutcome::kError);
  EXPECT_NE(r.detail.find("HTTP 400"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("try 1 of 4 (not retried)"), std::string::npos) << r.detail;
  EXPECT_EQ(receiver_.Requests().size(), 1u);
}

TEST_F(WebhookDelivery, A503OnEveryTryIsAnErrorAfterTheLastRetry) {
  ActionResult r = DeliverOne(Webhook(receiver_.Url("/status/503/d"), {}, "k", 2));
  EXPECT_EQ(r.outcome, ActionOutcome::kError);
  EXPECT_NE(r.detail.find("HTTP 503"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("try 3 of 3"), std::string::npos) << r.detail;
  EXPECT_EQ(receiver_.Requests().size(), 3u);
}

// The server answers after 5 s, far beyond the per-try timeouts below even on a loaded machine;
// the timeouts are long enough for a quick answer (the 500 below) to come in time.
TEST_F(WebhookDelivery, AServerSlowerThanTheTimeoutIsATimeout) {
  ActionResult r = DeliverOne(Webhook(receiver_.Url("/slow/5000/e"), {}, "k", 1, 1s));
  EXPECT_EQ(r.outcome, ActionOutcome::kTimeout) << r.detail;
  EXPECT_EQ(r.detail.rfind("timed out in ", 0), 0u) << r.detail;
  EXPECT_NE(r.detail.find("try 2 of 2"), std::string::npos) << r.detail;
  EXPECT_EQ(KeysOnceLogged(2), (std::vector<std::string>{"k", "k"}));
}

TEST_F(WebhookDelivery, TheLastTryTimingOutIsATimeoutEvenAfterErrors) {
  ActionResult r = DeliverOne(Webhook(receiver_.Url("/failslow/1/5000/f"), {}, "k", 1, 2s));
  EXPECT_EQ(r.outcome, ActionOutcome::kTimeout) << r.detail;
  EXPECT_NE(r.detail.find("earlier: HTTP 500"), std::string::npos) << r.detail;
}

TEST_F(WebhookDelivery, MethodHeadersAndJsonBodyAreSentAsRendered) {
  boost::json::object extra;
  extra["method"] = "PUT";
  extra["headers"] = boost::json::object{{"X-Source", "parcours"}, {"X-Profile", "ann"}};
  extra["body"] = boost::json::object{{"profile", "ann"}, {"tier", "gold"}};
  ActionResult r = DeliverOne(Webhook(receiver_.Url("/ok/g"), extra));
  ASSERT_EQ(r.outcome, ActionOutcome::kSuccess) << r.detail;
  auto requests = receiver_.Requests();
  ASSERT_EQ(requests.size(), 1u);
  const auto& got = requests[0];
  EXPECT_EQ(got.at("method").as_string(), "PUT");
  const auto& headers = got.at("headers").as_object();
  EXPECT_EQ(headers.at("X-Source").as_string(), "parcours");
  EXPECT_EQ(headers.at("X-Profile").as_string(), "ann");
  EXPECT_EQ(headers.at("Content-Type").as_string(), "application/json");
  EXPECT_EQ(boost::json::parse(got.at("body").as_string()),
            boost::json::parse(R"({"profile":"ann","tier":"gold"})"));
}

TEST_F(WebhookDelivery, AStringBodyIsSentAsIs) {
  boost::json::object extra;
  extra["body"] = "plain words";
  ASSERT_EQ(DeliverOne(Webhook(receiver_.Url("/ok/h"), extra)).outcome, ActionOutcome::kSuccess);
  auto got = receiver_.Requests().at(0);
  EXPECT_EQ(got.at("body").as_string(), "plain words");
  EXPECT_EQ(got.at("headers").as_object().at("Content-Type").as_string(),
            "text/plain; charset=utf-8");
}

TEST_F(WebhookDelivery, ARefusedConnectionIsRetriedThenAnError) {
  // Nothing listens on port 1 of the loopback: the connection is refused at once.
  ActionResult r = DeliverOne(Webhook("http://127.0.0.1:1/x", {}, "k", 2));
  EXPECT_EQ(r.outcome, ActionOutcome::kError);
  EXPECT_NE(r.detail.find("try 3 of 3"), std::string::npos) << r.detail;
}

TEST_F(WebhookDelivery, AMalformedUrlFailsAtOnce) {
  ActionResult r = DeliverOne(Webhook("ftp://127.0.0.1/x", {}, "k", 3));
  EXPECT_EQ(r.outcome, ActionOutcome::kError);
  EXPECT_NE(r.detail.find("unsupported URL scheme 'ftp'"), std::string::npos) << r.detail;
  EXPECT_EQ(dispatcher_->Stats().rejected, 1);
}

TEST_F(WebhookDelivery, StopLeavesPendingRequestsUnansweredForTheOutbox) {
  Answers answers;
  // Never answered: the server holds it until the client goes.
  dispatcher_->Dispatch(Webhook(receiver_.Url("/hang/1/i")), answers.Callback());
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (receiver_.Requests().empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(receiver_.Requests().size(), 1u);
  dispatcher_->Stop();
  dispatcher_->Dispatch(Webhook(receiver_.Url("/ok/j")), answers.Callback());
  dispatcher_.reset();
  EXPECT_TRUE(answers.Get().empty());
}

}  // namespace
}  // namespace parcours::actions
