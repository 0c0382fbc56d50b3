// Action delivery through the real parcoursd, end to end (issue 5): webhooks to a real local
// HTTP server (src/actions/testdata/http_server.py) and e-mail to a real local SMTP server
// (testdata/smtp_server.py, python3-aiosmtpd), both started by the tests on ports chosen by the
// OS. Covered: success, 500 then success on retry, 400 not retried (onError, or `error`), a
// server slower than the timeout (onTimeout, or `timed_out`), the e-mail as received, and
// SIGKILL with deliveries in flight followed by a restart that delivers each with the same key.
//
// The manual clock only moves journey time; delivery runs on real time, so every outcome is
// awaited by polling the instance (bounded), never by sleeping a fixed time. The bounds are
// generous (30 s) and per-try timeouts long unless a test is about time-outs, so a loaded
// machine only makes the tests slower; a request the client gave up on (time-out) may reach
// the receiver's log late, so it is polled for as well.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <set>

#include "actions/test_servers.h"
#include "server_test.h"

namespace parcours::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using HttpReceiver = actions::testing::HttpReceiver;
using SmtpReceiver = actions::testing::SmtpReceiver;

std::string S(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : Str(v);
}

// A journey entered on `signup`: one action activity "call" (`fields` are its extra fields, e.g.
// retries, timeout, onError) with `action` as its action, then the end "done". `extra_nodes` are
// appended (ends for onError / onTimeout).
std::string ActionJourney(const std::string& id, const std::string& action,
                          const std::string& fields, const std::string& extra_nodes = "") {
  return R"({ "id": ")" + id + R"(", "name": ")" + id +
         R"(", "entry": { "type": "event", "event": "signup" }, "start": "call", "nodes": [
      { "id": "call", "type": "action", "next": "done", )" +
         fields + R"(, "action": )" + action + R"( },
      { "id": "done", "type": "end", "label": "Done" })" +
         (extra_nodes.empty() ? "" : ", " + extra_nodes) + "] }";
}

std::string WebhookAction(const std::string& url) {
  return R"({ "kind": "webhook", "url": ")" + url +
         R"(", "headers": { "X-Source": "parcours-e2e" },
              "body": { "profile": "{{profile.id}}" } })";
}

const std::string kFailedEnd = R"({ "id": "failed", "type": "end", "label": "Failed" })";
const std::string kLateEnd = R"({ "id": "late", "type": "end", "label": "Late" })";

class ActionsDelivery : public ServerTest {
 protected:
  // Each test starts parcoursd itself, with the flags it needs.
  void SetUp() override {
    ASSERT_TRUE(http_receiver_.ok()) << "the test HTTP server did not start";
  }

  // The profile's only instance once it has left "in_progress" (with its history), waiting up to
  // 30 s; the last state seen otherwise.
  boost::json::value WaitEnded(const std::string& profile) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    boost::json::value instance;
    while (true) {
      boost::json::array all =
          Arr(http().Get("/v1/profiles/" + profile + "/journeys").json(), "instances");
      if (all.size() == 1) {
        instance = all[0];
        if (At(instance, "status") != "in_progress") break;
      }
      if (std::chrono::steady_clock::now() > deadline) return instance;
      usleep(10000);
    }
    HttpResponse one = http().Get("/v1/instances/" + S(At(instance, "id")));
    EXPECT_EQ(one.status, 200) << one.body;
    return one.json();
  }

  // The history entries of `node`.
  static std::vector<boost::json::value> HistoryOf(const boost::json::value& instance,
                                                   const std::string& node) {
    std::vector<boost::json::value> out;
    for (const auto& h : Arr(instance, "history")) {
      if (At(h, "node") == node.c_str()) out.push_back(h);
    }
    return out;
  }

  // The outcomes recorded at `node`, oldest first.
  static std::vector<std::string> Outcomes(const boost::json::value& instance,
                                           const std::string& node) {
    std::vector<std::string> out;
    for (const auto& h : HistoryOf(instance, node)) out.push_back(S(At(h, "outcome")));
    return out;
  }

  // The requests the HTTP receiver got for `path`, oldest first.
  std::vector<boost::json::object> RequestsTo(const std::string& path) const {
    std::vector<boost::json::object> out;
    for (auto& r : http_receiver_.Requests()) {
      if (r.at("path").as_string() == path) out.push_back(std::move(r));
    }
    return out;
  }

  // RequestsTo(path) once the receiver logged at least `n` of them, waiting up to 30 s.
  std::vector<boost::json::object> RequestsToOnceLogged(const std::string& path,
                                                        std::size_t n) const {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    auto got = RequestsTo(path);
    while (got.size() < n && std::chrono::steady_clock::now() < deadline) {
      usleep(10000);
      got = RequestsTo(path);
    }
    return got;
  }

  static std::string Header(const boost::json::object& request, const std::string& name) {
    const auto* v = request.at("headers").as_object().if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
  }

  // Publishes a webhook journey to `path` of the receiver and sends `signup` for `profile`.
  boost::json::value RunWebhook(const std::string& journey_id, const std::string& path,
                                const std::string& fields, const std::string& extra_nodes,
                                const std::string& profile) {
    PublishJourney(
        ActionJourney(journey_id, WebhookAction(http_receiver_.Url(path)), fields, extra_nodes));
    SendEvent("signup", profile, "e-" + profile);
    return WaitEnded(profile);
  }

  HttpReceiver http_receiver_;
};

TEST_F(ActionsDelivery, WebhookSuccessReachesTheEndAndTheHistoryRecordsStatusLatencyAndBody) {
  StartServer({});
  boost::json::value instance =
      RunWebhook("hook", "/ok/p1", R"("retries": 3, "timeout": "PT30S")", "", "p1");
  EXPECT_EQ(At(instance, "status"), "finished") << Str(instance);
  EXPECT_EQ(At(instance, "endTag"), "done");
  std::string id = S(At(instance, "id"));

  auto history = HistoryOf(instance, "call");
  ASSERT_FALSE(history.empty()) << Str(instance);
  EXPECT_EQ(At(history.back(), "outcome"), "action_success");
  EXPECT_THAT(S(At(history.back(), "detail")),
              MatchesRegex(R"(HTTP 200 in [0-9]+ ms, try 1 of 4; body: \{"ok":true\})"));

  auto requests = RequestsTo("/ok/p1");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].at("method"), "POST");
  EXPECT_EQ(Header(requests[0], "Idempotency-Key"), id + ":call");
  EXPECT_EQ(Header(requests[0], "X-Source"), "parcours-e2e");
  EXPECT_EQ(Header(requests[0], "Content-Type"), "application/json");
  EXPECT_EQ(requests[0].at("body"), R"({"profile":"p1"})");

  std::string metrics = http().Get("/metrics").body;
  EXPECT_THAT(metrics,
              HasSubstr("parcours_action_outcomes_total{kind=\"webhook\",outcome=\"success\"} 1"));
}

TEST_F(ActionsDelivery, A500IsRetriedWithTheSameIdempotencyKeyThenSucceeds) {
  StartServer({});
  // 500 to the first request of this path, 200 after; the backoff before the retry is 1 s
  // (jittered by 20 %), parcoursd has no flag to shorten it.
  boost::json::value instance =
      RunWebhook("hook", "/fail/1/p2", R"("retries": 2, "timeout": "PT30S")", kFailedEnd, "p2");
  EXPECT_EQ(At(instance, "status"), "finished") << Str(instance);
  EXPECT_EQ(At(instance, "endTag"), "done");
  auto history = HistoryOf(instance, "call");
  ASSERT_FALSE(history.empty()) << Str(instance);
  EXPECT_EQ(At(history.back(), "outcome"), "action_success");
  EXPECT_THAT(S(At(history.back(), "detail")),
              MatchesRegex(R"(HTTP 200 in [0-9]+ ms, try 2 of 3; earlier: HTTP 500; body: .*)"));

  auto requests = RequestsTo("/fail/1/p2");
  ASSERT_EQ(requests.size(), 2u);
  std::string key = S(At(instance, "id")) + ":call";
  EXPECT_EQ(Header(requests[0], "Idempotency-Key"), key);
  EXPECT_EQ(Header(requests[1], "Idempotency-Key"), key);
  EXPECT_EQ(requests[0].at("body"), requests[1].at("body"));
  double gap = requests[1].at("t").to_number<double>() - requests[0].at("t").to_number<double>();
  EXPECT_GE(gap, 0.75) << "the retry came before its backoff";

  std::string metrics = http().Get("/metrics").body;
  EXPECT_THAT(metrics, HasSubstr("parcours_delivery_retries_total{host=\"127.0.0.1\"} 1"));
}

TEST_F(ActionsDelivery, A400IsNotRetriedAndTakesOnError) {
  StartServer({});
  boost::json::value instance =
      RunWebhook("hook", "/status/400/p3",
                 R"("retries": 3, "timeout": "PT30S", "onError": "failed")", kFailedEnd, "p3");
  EXPECT_EQ(At(instance, "status"), "finished") << Str(instance);
  EXPECT_EQ(At(instance, "endTag"), "failed");
  auto history = HistoryOf(instance, "call");
  ASSERT_FALSE(history.empty()) << Str(instance);
  EXPECT_EQ(At(history.back(), "outcome"), "action_error");
  EXPECT_THAT(S(At(history.back(), "detail")),
              MatchesRegex(R"(HTTP 400 in [0-9]+ ms, try 1 of 4 \(not retried\); body: .*)"));
  EXPECT_EQ(RequestsTo("/status/400/p3").size(), 1u);
}

TEST_F(ActionsDelivery, A400WithoutOnErrorEndsTheInstanceAsError) {
  StartServer({});
  boost::json::value instance =
      RunWebhook("hook", "/status/400/p4", R"("retries": 3, "timeout": "PT30S")", "", "p4");
  EXPECT_EQ(At(instance, "status"), "error") << Str(instance);
  EXPECT_EQ(At(instance, "exitReason"), "action_error");
  EXPECT_TRUE(At(instance, "endTag").is_null());
  EXPECT_EQ(At(instance, "currentNode"), "call");
  EXPECT_THAT(Outcomes(instance, "call"),
              ElementsAre("entered", "action_sent", "action_error", "ended"))
      << Str(instance);
  EXPECT_EQ(RequestsTo("/status/400/p4").size(), 1u);
}

TEST_F(ActionsDelivery, AServerSlowerThanTheTimeoutTakesOnTimeout) {
  StartServer({});
  boost::json::value instance =
      RunWebhook("hook", "/slow/10000/p5",
                 R"("retries": 0, "timeout": "PT1S", "onTimeout": "late", "onError": "failed")",
                 kLateEnd + ", " + kFailedEnd, "p5");
  EXPECT_EQ(At(instance, "status"), "finished") << Str(instance);
  EXPECT_EQ(At(instance, "endTag"), "late");
  auto history = HistoryOf(instance, "call");
  ASSERT_FALSE(history.empty()) << Str(instance);
  EXPECT_EQ(At(history.back(), "outcome"), "action_timeout");
  EXPECT_THAT(S(At(history.back(), "detail")),
              MatchesRegex(R"(timed out in [0-9]+ ms, try 1 of 1)"));
  EXPECT_EQ(RequestsToOnceLogged("/slow/10000/p5", 1).size(), 1u);
}

TEST_F(ActionsDelivery, AServerSlowerThanTheTimeoutWithoutOnTimeoutEndsAsTimedOutEvenWithOnError) {
  StartServer({});
  boost::json::value instance =
      RunWebhook("hook", "/slow/10000/p6",
                 R"("retries": 0, "timeout": "PT1S", "onError": "failed")", kFailedEnd, "p6");
  EXPECT_EQ(At(instance, "status"), "timed_out") << Str(instance);
  EXPECT_EQ(At(instance, "exitReason"), "action_timeout");
  EXPECT_TRUE(At(instance, "endTag").is_null());
  // The try's result, then the end it caused.
  EXPECT_THAT(Outcomes(instance, "call"),
              ElementsAre("entered", "action_sent", "action_timeout", "ended"))
      << Str(instance);
}

TEST_F(ActionsDelivery, TheEmailArrivesAtARealSmtpServerAddressedFromTheProfile) {
  SmtpReceiver smtp;
  ASSERT_TRUE(smtp.ok()) << "the test SMTP server did not start";
  StartServer({"--smtp-url", smtp.Url(), "--mail-from", "Parcours Shop <shop@example.com>"});
  HttpResponse put = http().Put(
      "/v1/profiles/ann", R"({ "attributes": { "email": "ann.lee@example.org", "firstName": "Ann",
                                              "code": "WELCOME10" } })");
  ASSERT_EQ(put.status / 100, 2) << put.body;
  std::string action = R"({ "kind": "email", "to": "{{profile.firstName}} <{{profile.email}}>",
      "subject": "Welcome {{profile.firstName}}",
      "body": "Hello {{profile.firstName}},\nyour code is {{profile.code}}.\n" })";
  PublishJourney(ActionJourney("mail", action, R"("retries": 1, "timeout": "PT30S")"));
  SendEvent("signup", "ann", "e-ann");
  boost::json::value instance = WaitEnded("ann");
  EXPECT_EQ(At(instance, "status"), "finished") << Str(instance);
  EXPECT_EQ(At(instance, "endTag"), "done");

  // Message-ID: the idempotency key "<instance>:call" with ':' written =3A.
  std::string id = S(At(instance, "id"));
  ASSERT_TRUE(!id.empty() && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-';
  })) << id;
  std::string message_id = "<" + id + "=3Acall@parcours>";
  auto history = HistoryOf(instance, "call");
  ASSERT_FALSE(history.empty()) << Str(instance);
  EXPECT_EQ(At(history.back(), "outcome"), "action_success");
  EXPECT_THAT(S(At(history.back(), "detail")),
              MatchesRegex("SMTP 250 in [0-9]+ ms, try 1 of 2; " + message_id));

  auto messages = smtp.Messages();
  ASSERT_EQ(messages.size(), 1u);
  const auto& m = messages[0];
  EXPECT_EQ(m.mail_from, "shop@example.com");
  EXPECT_EQ(m.rcpt_tos, std::vector<std::string>{"ann.lee@example.org"});
  EXPECT_THAT(m.data, HasSubstr("From: \"Parcours Shop\" <shop@example.com>\r\n"));
  EXPECT_THAT(m.data, HasSubstr("To: \"Ann\" <ann.lee@example.org>\r\n"));
  EXPECT_THAT(m.data, HasSubstr("Subject: Welcome Ann\r\n"));
  EXPECT_THAT(m.data, HasSubstr("Message-ID: " + message_id + "\r\n"));
  EXPECT_THAT(m.data, HasSubstr("MIME-Version: 1.0\r\n"));
  EXPECT_THAT(m.data, HasSubstr("Auto-Submitted: auto-generated\r\n"));
  EXPECT_THAT(m.data, HasSubstr("Content-Type: text/plain; charset=utf-8\r\n"));
  EXPECT_THAT(m.data, HasSubstr("\r\n\r\nHello Ann,\r\nyour code is WELCOME10.\r\n"));
  EXPECT_THAT(m.data, HasSubstr("\r\nDate: "));
}

TEST_F(ActionsDelivery, SigkillWithDeliveriesInFlightThenRestartDeliversEachWithTheSameKey) {
  StartServer({});
  // The first request to each path is never answered, so the deliveries are in flight (PT30S
  // timeout) when parcoursd is killed; the next request to each path gets a 200.
  PublishJourney(ActionJourney("hook", WebhookAction(http_receiver_.Url("/hang/1/{{profile.id}}")),
                               R"("retries": 3, "timeout": "PT30S")"));
  const std::vector<std::string> profiles = {"k1", "k2", "k3", "k4"};
  for (const auto& p : profiles) SendEvent("signup", p, "e-" + p);

  // Bounded wait until the receiver holds every request, and note each key.
  std::map<std::string, std::string> key_of;  // profile -> Idempotency-Key
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (key_of.size() < profiles.size() && std::chrono::steady_clock::now() < deadline) {
    usleep(10000);
    for (const auto& p : profiles) {
      auto got = RequestsTo("/hang/1/" + p);
      if (!got.empty()) key_of[p] = Header(got[0], "Idempotency-Key");
    }
  }
  ASSERT_EQ(key_of.size(), profiles.size()) << "not every delivery reached the receiver";
  std::map<std::string, std::string> instance_of;
  for (const auto& p : profiles) {
    boost::json::array all = Arr(http().Get("/v1/profiles/" + p + "/journeys").json(), "instances");
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(At(all[0], "status"), "in_progress");
    EXPECT_EQ(At(all[0], "currentNode"), "call");
    instance_of[p] = S(At(all[0], "id"));
    EXPECT_EQ(key_of[p], instance_of[p] + ":call");
  }

  server().Kill();
  StartServer({});

  for (const auto& p : profiles) {
    boost::json::value instance = WaitEnded(p);
    EXPECT_EQ(At(instance, "id"), instance_of[p].c_str());
    EXPECT_EQ(At(instance, "status"), "finished") << p << ": " << Str(instance);
    EXPECT_EQ(At(instance, "endTag"), "done");
    auto history = HistoryOf(instance, "call");
    ASSERT_FALSE(history.empty()) << Str(instance);
    EXPECT_EQ(At(history.back(), "outcome"), "action_success");
    // At least once: the try cut off by the kill, then the one after the restart (200); every
    // try with the key the action had before the kill.
    auto requests = RequestsTo("/hang/1/" + p);
    EXPECT_GE(requests.size(), 2u) << p;
    for (const auto& r : requests) EXPECT_EQ(Header(r, "Idempotency-Key"), key_of[p]) << p;
  }
  std::string metrics = http().Get("/metrics").body;
  EXPECT_THAT(metrics,
              HasSubstr("parcours_action_outcomes_total{kind=\"webhook\",outcome=\"success\"} 4"));
}

}  // namespace
}  // namespace parcours::testing
