#include "actions/webhook.h"

#include <curl/curl.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>

namespace parcours::actions {
namespace {

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

const boost::json::string* StringField(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v != nullptr && v->is_string() ? &v->get_string() : nullptr;
}

}  // namespace

Result<std::string> UrlHost(const std::string& url,
                            std::initializer_list<std::string_view> schemes) {
  CURLU* u = curl_url();
  if (u == nullptr) return Fail(Error::Internal("out of memory"));
  std::string host, scheme;
  CURLUcode rc = curl_url_set(u, CURLUPART_URL, url.c_str(), 0);
  if (rc == CURLUE_OK) {
    char* part = nullptr;
    if (curl_url_get(u, CURLUPART_SCHEME, &part, 0) == CURLUE_OK) scheme = part;
    curl_free(part);
    part = nullptr;
    if (curl_url_get(u, CURLUPART_HOST, &part, 0) == CURLUE_OK) host = part;
    curl_free(part);
  }
  curl_url_cleanup(u);
  if (rc != CURLUE_OK) {
    return Fail(Error::InvalidArgument("invalid URL '" + url + "': " + curl_url_strerror(rc)));
  }
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (std::find(schemes.begin(), schemes.end(), scheme) == schemes.end()) {
    return Fail(Error::InvalidArgument("unsupported URL scheme '" + scheme + "' in '" + url + "'"));
  }
  if (host.empty()) return Fail(Error::InvalidArgument("no host in URL '" + url + "'"));
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return host;
}

Result<WebhookCall> PrepareWebhook(const ActionRequest& request) {
  const boost::json::object& r = request.rendered;
  WebhookCall call;
  const auto* method = StringField(r, "method");
  call.method = method != nullptr && !method->empty() ? std::string(*method) : "POST";
  std::transform(call.method.begin(), call.method.end(), call.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (!std::all_of(call.method.begin(), call.method.end(),
                   [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return Fail(Error::InvalidArgument("invalid HTTP method '" + call.method + "'"));
  }
  const auto* url = StringField(r, "url");
  if (url == nullptr || url->empty()) return Fail(Error::InvalidArgument("the URL is empty"));
  call.url = std::string(*url);
  auto host = UrlHost(call.url, {"http", "https"});
  if (!host) return Fail(host.error());
  call.host = std::move(*host);

  bool content_type = false, user_agent = false;
  if (const auto* headers = r.if_contains("headers"); headers != nullptr && headers->is_object()) {
    for (const auto& [name, value] : headers->get_object()) {
      if (!IsToken(name)) {
        return Fail(Error::InvalidArgument("invalid header name '" + std::string(name) + "'"));
      }
      if (SameName(name, "Idempotency-Key")) continue;
      std::string text =
          value.is_string() ? std::string(value.get_string()) : boost::json::serialize(value);
      if (text.find_first_of("\r\n") != std::string::npos || text.find('\0') != std::string::npos) {
        return Fail(Error::InvalidArgument("the value of header '" + std::string(name) +
                                           "' contains a line break"));
      }
      content_type = content_type || SameName(name, "Content-Type");
      user_agent = user_agent || SameName(name, "User-Agent");
      call.headers.push_back(std::string(name) + ": " + text);
    }
  }
  if (const auto* body = r.if_contains("body"); body != nullptr && !body->is_null()) {
    call.has_body = true;
    if (body->is_string()) {
      call.body = std::string(body->get_string());
      if (!content_type) call.headers.emplace_back("Content-Type: text/plain; charset=utf-8");
    } else {
      call.body = boost::json::serialize(*body);
      if (!content_type) call.headers.emplace_back("Content-Type: application/json");
    }
  }
  call.headers.push_back("Idempotency-Key: " + request.idempotency_key);
  if (!user_agent) call.headers.emplace_back("User-Agent: parcours");
  call.headers.emplace_back("Expect:");
  return call;
}

}  // namespace parcours::actions
