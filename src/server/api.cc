#include "server/api.h"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <climits>

#include "server/api_json.h"
#include "server/api_routes.h"
#include "server/console.h"

namespace parcours::server {
namespace {

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      unsigned value = 0;
      auto [end, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec != std::errc() || end != text.data() + i + 3) return std::nullopt;
      out.push_back(static_cast<char>(value));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

// Whether `path` has the shape of `pattern`; fills `params` with the raw parameter segments.
bool Matches(std::string_view pattern, const std::vector<std::string_view>& path,
             std::vector<std::string_view>& params) {
  std::vector<std::string_view> want = Segments(pattern);
  if (want.size() != path.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i].starts_with('{')) {
      if (path[i].empty()) return false;
      params.push_back(path[i]);
    } else if (want[i] != path[i]) {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> ParamNames(std::string_view pattern) {
  std::vector<std::string_view> names;
  for (std::string_view s : Segments(pattern)) {
    if (s.starts_with('{')) names.push_back(s.substr(1, s.size() - 2));
  }
  return names;
}

bool IsConsolePath(std::string_view path) {
  return path != "/healthz" && path != "/metrics" && path != "/v1" && !path.starts_with("/v1/");
}

Response Unauthorized(std::string_view detail) {
  Response r = ProblemResponse(401, "unauthorized", detail);
  r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"parcours\"");
  return r;
}

}  // namespace

const std::string* Query::Find(std::string_view key) const {
  for (const auto& [k, v] : items) {
    if (k == key) return &v;
  }
  return nullptr;
}

void ResponseCounter::Count(int status) {
  std::lock_guard lock(mutex_);
  ++counts_[status];
}

std::map<int, std::int64_t> ResponseCounter::Snapshot() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

Response JsonResponse(int status, const boost::json::value& body) {
  Response r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

Response ProblemResponse(int status, std::string_view type_slug, std::string_view detail,
                         const std::vector<Problem>& problems) {
  Response r = JsonResponse(status, ProblemJson(status, type_slug, detail, problems));
  r.content_type = "application/problem+json";
  return r;
}

Response ErrorResponse(const Error& error) {
  Response r = JsonResponse(HttpStatusOf(error.kind()), ProblemJson(error));
  r.content_type = "application/problem+json";
  return r;
}

Response Api::BadRequest(std::string_view detail) {
  return ProblemResponse(400, "bad-request", detail);
}

Api::Api(Engine& engine, ApiOptions options) : engine_(engine), options_(std::move(options)) {}

Response Api::BodyTooLarge() const {
  return ProblemResponse(413, "content-too-large",
                         "the body is larger than the limit of " +
                             std::to_string(options_.max_body) + " bytes (--max-body)");
}

std::variant<Admission, Response> Api::Admit(const RequestHead& head) const {
  std::string_view target = head.target;
  if (!target.starts_with('/')) return BadRequest("the request target must be a path");
  std::size_t question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  std::string_view raw_query =
      question == std::string_view::npos ? std::string_view() : target.substr(question + 1);

  Admission admission;
  auto path = PercentDecode(raw_path, false);
  if (!path) return BadRequest("the path has a bad percent-encoding");
  admission.path = *path;

  bool is_public =
      admission.path == "/healthz" || (head.method == "GET" && IsConsolePath(admission.path));
  const Token* token = nullptr;
  if (options_.tokens != nullptr && !is_public) {
    if (head.authorization.empty()) {
      return Unauthorized("this request needs a token: Authorization: Bearer <secret>");
    }
    token = options_.tokens->Authenticate(head.authorization);
    if (token == nullptr) return Unauthorized("the token is not valid");
  }
  admission.by = token != nullptr ? token->name : std::string(kByAnonymous);

  // Route: path first (404), then method (405).
  std::vector<std::string_view> segments = Segments(raw_path);
  std::vector<std::string_view> raw_params;
  const Route* route = nullptr;
  std::string allow;
  for (const Route& r : Routes()) {
    std::vector<std::string_view> params;
    if (!Matches(r.pattern, segments, params)) continue;
    if (!allow.empty()) allow += ", ";
    allow += r.method;
    if (r.method == head.method) {
      route = &r;
      raw_params = std::move(params);
    }
  }
  if (route == nullptr && allow.empty()) {
    if (head.method == "GET" && IsConsolePath(admission.path)) return ServeConsole(admission);
    return ProblemResponse(404, "not-found", "no such path: " + admission.path);
  }
  if (route == nullptr) {
    Response r = ProblemResponse(
        405, "method-not-allowed",
        head.method + " is not allowed on " + admission.path + "; allowed: " + allow);
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  if (token != nullptr && !token->Allows(route->scope)) {
    return ProblemResponse(403, "forbidden",
                           "the token '" + token->name + "' lacks the scope '" +
                               ScopeName(route->scope) + "' that " + head.method + " " +
                               std::string(route->pattern) + " needs");
  }

  // Parameters and query.
  std::vector<Problem> problems;
  std::vector<std::string_view> names = ParamNames(route->pattern);
  for (std::size_t i = 0; i < raw_params.size(); ++i) {
    auto value = PercentDecode(raw_params[i], false);
    std::string name(names[i]);
    if (!value) {
      problems.push_back({"bad_id", "path." + name, "", "bad percent-encoding"});
      continue;
    }
    if (name == "v") {
      int version = 0;
      auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), version);
      if (ec != std::errc() || end != value->data() + value->size() || version < 1) {
        problems.push_back({"bad_id", "path.v", "",
                            "the version must be a positive integer, not '" + *value + "'"});
      }
    } else if (!IsValidPathId(*value)) {
      problems.push_back({"bad_id", "path." + name, "",
                          "'" + *value +
                              "' is not a valid id: 1 to 128 letters, digits, '_', '.', ':' or "
                              "'-'"});
    }
    admission.params.push_back(std::move(*value));
  }
  while (!raw_query.empty()) {
    std::size_t amp = raw_query.find('&');
    std::string_view item = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view() : raw_query.substr(amp + 1);
    if (item.empty()) continue;
    std::size_t eq = item.find('=');
    auto key = PercentDecode(item.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? "" : item.substr(eq + 1), true);
    if (!key || !value) {
      problems.push_back({"bad_query", "query", "", "bad percent-encoding in the query"});
      continue;
    }
    bool known = false;
    for (std::string_view allowed = route->query; !allowed.empty();) {
      std::size_t space = allowed.find(' ');
      if (allowed.substr(0, space) == *key) known = true;
      allowed = space == std::string_view::npos ? std::string_view() : allowed.substr(space + 1);
    }
    if (!known) {
      std::string accepted = route->query.empty() ? "none" : std::string(route->query);
      problems.push_back({"unknown_field", "query." + *key, "",
                          "unknown query parameter '" + *key + "' (accepted: " + accepted + ")"});
      continue;
    }
    admission.query.items.emplace_back(std::move(*key), std::move(*value));
  }
  if (!problems.empty()) {
    return ProblemResponse(400, "invalid-argument", "the path or query is not valid", problems);
  }

  if (head.content_length && *head.content_length > options_.max_body) return BodyTooLarge();
  admission.route = route;
  return admission;
}

Response Api::Handle(const Admission& admission, const RequestHead& head, std::string body) {
  if (admission.route == nullptr) return ServeConsole(admission);
  Call call{admission, head, std::move(body)};
  try {
    return admission.route->handler(*this, call);
  } catch (const std::exception& e) {
    return ProblemResponse(500, "internal", std::string("internal error: ") + e.what());
  }
}

Response Api::ServeConsole(const Admission& admission) const {
  return ConsoleFile(options_.web_root, admission.path);
}

}  // namespace parcours::server
