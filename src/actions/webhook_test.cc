#include "actions/webhook.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace parcours::actions {
namespace {

ActionRequest Hook(boost::json::object rendered) {
  ActionRequest r;
  r.kind = "webhook";
  r.idempotency_key = "1-2:call";
  r.rendered = std::move(rendered);
  return r;
}

bool Has(const WebhookCall& c, std::string_view header) {
  return std::find(c.headers.begin(), c.headers.end(), header) != c.headers.end();
}

TEST(Webhook, ObjectBodyIsJsonWithItsContentType) {
  auto c = PrepareWebhook(Hook({{"url", "https://CRM.example:8443/tasks"},
                                {"headers", {{"X-Source", "parcours"}}},
                                {"body", {{"profile", "ann"}}}}));
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(c->method, "POST");
  EXPECT_EQ(c->host, "crm.example");
  EXPECT_EQ(c->body, R"({"profile":"ann"})");
  EXPECT_TRUE(Has(*c, "Content-Type: application/json"));
  EXPECT_TRUE(Has(*c, "X-Source: parcours"));
  EXPECT_TRUE(Has(*c, "Idempotency-Key: 1-2:call"));
}

TEST(Webhook, StringBodyIsSentAsIsAndHeadersWin) {
  auto c = PrepareWebhook(Hook({{"method", "put"},
                                {"url", "http://h.example/x"},
                                {"headers", {{"Content-Type", "text/csv"}}},
                                {"body", "a,b\n1,2"}}));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->method, "PUT");
  EXPECT_EQ(c->body, "a,b\n1,2");
  EXPECT_TRUE(Has(*c, "Content-Type: text/csv"));
  EXPECT_FALSE(Has(*c, "Content-Type: text/plain; charset=utf-8"));
}

TEST(Webhook, TheIdempotencyKeyCannotBeOverridden) {
  auto c = PrepareWebhook(
      Hook({{"url", "http://h.example/"}, {"headers", {{"idempotency-key", "mine"}}}}));
  ASSERT_TRUE(c.has_value());
  EXPECT_FALSE(Has(*c, "idempotency-key: mine"));
  EXPECT_TRUE(Has(*c, "Idempotency-Key: 1-2:call"));
}

TEST(Webhook, MalformedRequestsAreRefusedWithAReason) {
  auto bad_url = PrepareWebhook(Hook({{"url", "not a url"}}));
  ASSERT_FALSE(bad_url.has_value());
  EXPECT_TRUE(bad_url.error().IsInvalidArgument());
  auto ftp = PrepareWebhook(Hook({{"url", "ftp://h.example/"}}));
  ASSERT_FALSE(ftp.has_value());
  EXPECT_NE(ftp.error().message().find("scheme"), std::string::npos);
  auto injected =
      PrepareWebhook(Hook({{"url", "http://h.example/"}, {"headers", {{"X-A", "1\r\nX-B: 2"}}}}));
  ASSERT_FALSE(injected.has_value());
  EXPECT_NE(injected.error().message().find("line break"), std::string::npos);
  auto method = PrepareWebhook(Hook({{"url", "http://h.example/"}, {"method", "GE T"}}));
  EXPECT_FALSE(method.has_value());
}

}  // namespace
}  // namespace parcours::actions
