// HttpClient: a small blocking HTTP/1.1 client over libcurl, for the `parcours` CLI.
//
// One client holds one libcurl easy handle, so successive requests to the same server reuse the
// connection (keep-alive): `parcours events send-file` sends thousands of batches over one TCP
// connection. Not thread-safe: use one client per thread.
//
// Errors: Send() fails (Error::Unavailable) only when no HTTP answer came back: the server cannot
// be reached, the connection broke, or the answer did not come within the timeout. The message
// names the URL and says what happened in words a user understands ("cannot reach
// http://127.0.0.1:8080: connection refused — is parcoursd running?"). Any HTTP answer, 4xx and
// 5xx included, is a successful Send(); interpreting the status is the caller's business.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "parcours/error.h"

namespace parcours::cli {

struct HttpResponse {
  long status = 0;           // e.g. 200, 404
  std::string content_type;  // as sent, e.g. "application/problem+json"; empty when absent
  std::string body;
};

struct HttpClientOptions {
  std::string base_url;  // "http://host:port" with an optional path prefix; no trailing '/'
  std::string token;     // sent as "Authorization: Bearer <token>" when not empty; never logged
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(5)};
  std::chrono::milliseconds request_timeout{std::chrono::seconds(120)};  // whole exchange
};

class HttpClient {
 public:
  // REQUIRES: options.base_url starts with "http://" or "https://" (see IsHttpUrl).
  explicit HttpClient(HttpClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends `method` (GET, POST, PUT, PATCH, DELETE) to base_url + `target` (a path starting with
  // '/', with its query string). A non-empty `body` goes with `content_type`; an empty body goes
  // with no Content-Type at all.
  Result<HttpResponse> Send(std::string_view method, std::string_view target,
                            std::string_view body = {},
                            std::string_view content_type = "application/json");

  const std::string& base_url() const { return options_.base_url; }

 private:
  struct Handle;
  HttpClientOptions options_;
  std::unique_ptr<Handle> handle_;
};

// True for "http://..." and "https://..." with something after the scheme.
bool IsHttpUrl(std::string_view url);

// Percent-encodes a path segment or query value: everything but [A-Za-z0-9_.:~-] is escaped, so
// an id typed by a user can never reach another route.
std::string EncodeComponent(std::string_view text);

}  // namespace parcours::cli
