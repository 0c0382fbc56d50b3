// The HTTP API of API.md over an Engine, independent of the HTTP library.
//
// A request goes through two phases so that nothing is read that should not be:
//   1. Admit(head), once the header is read: the token is checked first (401), then the path
//      (404) and method (405 with Allow), the token's scope (403), the ids in the path and the
//      query (400), and the announced body size (413, from Content-Length, before any of the
//      body is read). It answers either a Response to send at once, or an Admission.
//   2. Handle(admission, head, body), once the body is read: the engine call and its answer.
// Health (/healthz) and the web console's static files need no token.
//
// Threads: Admit and Handle may be called from any number of threads at once; Handle blocks
// on the engine (which commits to disk) for as long as the engine call takes.
// Lifetime: the engine and the token set passed in must outlive the Api.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "parcours/engine.h"
#include "server/http_message.h"
#include "server/tokens.h"

namespace parcours::actions {
class Dispatcher;
}  // namespace parcours::actions

namespace parcours::server {

struct ApiOptions {
  const TokenSet* tokens = nullptr;  // null: every request is allowed, by "anonymous"
  std::filesystem::path web_root;    // the console's files; empty: the console is not built
  std::uint64_t max_body = 16 * 1024 * 1024;
  const actions::Dispatcher* dispatcher = nullptr;  // for /metrics; may be null
};

struct Route;  // api_routes.h

// The query string, decoded: every key=value pair in order.
struct Query {
  std::vector<std::pair<std::string, std::string>> items;

  const std::string* Find(std::string_view key) const;
};

// A request admitted to its handler.
struct Admission {
  const Route* route = nullptr;     // null: a static file of the console
  std::vector<std::string> params;  // the path's {parameters}, in order
  std::string path;                 // decoded path
  Query query;
  std::string by;  // the token's name, or "anonymous"
};

// What a handler sees.
struct Call {
  const Admission& admission;
  const RequestHead& head;
  std::string body;

  const std::string& param(std::size_t i) const { return admission.params[i]; }
  const std::string& by() const { return admission.by; }
};

// HTTP responses counted by status, for /metrics. Thread-safe.
class ResponseCounter {
 public:
  void Count(int status);
  std::map<int, std::int64_t> Snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::map<int, std::int64_t> counts_;  // GUARDED_BY(mutex_)
};

class Api {
 public:
  Api(Engine& engine, ApiOptions options);

  std::variant<Admission, Response> Admit(const RequestHead& head) const;
  Response Handle(const Admission& admission, const RequestHead& head, std::string body);

  // The 413 answer for a body found too large while reading it (chunked, no Content-Length).
  Response BodyTooLarge() const;
  // The answer for a request the HTTP layer could not parse.
  static Response BadRequest(std::string_view detail);

  Engine& engine() { return engine_; }
  const ApiOptions& options() const { return options_; }
  ResponseCounter& responses() { return responses_; }

 private:
  Response ServeConsole(const Admission& admission) const;

  Engine& engine_;
  ApiOptions options_;
  ResponseCounter responses_;
};

// Helpers for handlers and the HTTP layer.
Response JsonResponse(int status, const boost::json::value& body);
Response ProblemResponse(int status, std::string_view type_slug, std::string_view detail,
                         const std::vector<Problem>& problems = {});
Response ErrorResponse(const Error& error);

}  // namespace parcours::server
