// A webhook action turned into an HTTP request, before any network I/O.
//
// From `rendered` (parcours/engine.h): `method` (default POST; letters only), `url` (http:// or
// https://, with a host), `headers` (an object of strings; names are tokens, values without
// line breaks), `body`:
//  - an object or array is sent as JSON with `Content-Type: application/json`;
//  - a string is sent as is, `Content-Type: text/plain; charset=utf-8` unless a header says
//    otherwise; any other JSON value (number, bool) is sent as its JSON text;
//  - no body: none is sent (POST sends an empty body).
// The dispatcher adds `Idempotency-Key: <request.idempotency_key>` (replacing a rendered header
// of that name), `User-Agent: parcours` unless given, and disables `Expect: 100-continue`.
// Anything malformed is a permanent error (the rendered values come from profile data: a line
// break in a header value is refused, never sent).
#pragma once

#include <string>
#include <vector>

#include "parcours/engine.h"
#include "parcours/error.h"

namespace parcours::actions {

struct WebhookCall {
  std::string method;  // upper case
  std::string url;
  std::string host;                  // lower case, for throttling
  std::vector<std::string> headers;  // "Name: value"
  bool has_body = false;
  std::string body;
};

// kInvalidArgument with a message for the instance history when the action cannot be sent.
Result<WebhookCall> PrepareWebhook(const ActionRequest& request);

// The lower-case host of an absolute URL with one of the given schemes ("http", "https");
// kInvalidArgument otherwise.
Result<std::string> UrlHost(const std::string& url,
                            std::initializer_list<std::string_view> schemes);

}  // namespace parcours::actions
