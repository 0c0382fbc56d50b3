#include "cli/session.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <exception>
#include <iostream>

#include "cli/output.h"

namespace parcours::cli {

Session::Session(const GlobalOptions& options, std::istream& in, std::ostream& out,
                 std::ostream& err, bool stdin_is_terminal, bool stderr_is_terminal)
    : options_(options),
      in_(in),
      out_(out),
      err_(err),
      stdin_is_terminal_(stdin_is_terminal),
      stderr_is_terminal_(stderr_is_terminal) {}

Session::~Session() = default;

void Session::Run(std::string command, const std::function<Done()>& body) {
  command_ = std::move(command);
  try {
    Done done = body();
    exit_code_ = done ? kExitOk : done.error().code;
  } catch (const std::exception& e) {
    err_ << "parcours " << command_ << ": " << e.what() << "\n";
    exit_code_ = kExitUnreachable;
  }
  out_.flush();
}

Outcome<HttpClient*> Session::Client() {
  if (client_) return client_.get();
  if (!IsHttpUrl(options_.url)) {
    return UsageError("--url (or PARCOURS_URL) must start with http:// or https://, not '" +
                      options_.url + "'");
  }
  if (!(options_.timeout_seconds > 0)) return UsageError("--timeout must be above zero");
  HttpClientOptions http;
  http.base_url = options_.url;
  http.token = options_.token;
  http.request_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(options_.timeout_seconds * 1000.0));
  if (http.connect_timeout > http.request_timeout) http.connect_timeout = http.request_timeout;
  client_ = std::make_unique<HttpClient>(std::move(http));
  return client_.get();
}

Outcome<Reply> Session::Call(std::string_view method, std::string_view target,
                             std::string_view body, std::string_view content_type) {
  return Exchange(method, target, body, content_type, false);
}

Outcome<std::optional<Reply>> Session::Find(std::string_view target) {
  auto reply = Exchange("GET", target, {}, {}, true);
  if (!reply) return std::unexpected(reply.error());
  if (reply->status == 404) return std::nullopt;
  return std::optional<Reply>(std::move(*reply));
}

Outcome<Reply> Session::Exchange(std::string_view method, std::string_view target,
                                 std::string_view body, std::string_view content_type,
                                 bool not_found_is_an_answer) {
  auto client = Client();
  if (!client) return std::unexpected(client.error());
  Result<HttpResponse> response = (*client)->Send(method, target, body, content_type);
  if (!response) return Failure(kExitUnreachable, response.error().message());
  if (response->status >= 500 || response->status < 200) {
    ReportRefusal(*response);
    return std::unexpected(Exit{kExitUnreachable});
  }
  if (response->status == 404 && not_found_is_an_answer) {
    Reply reply;
    reply.status = 404;
    return reply;
  }
  if (response->status >= 400) {
    ReportRefusal(*response);
    return std::unexpected(Exit{kExitRefused});
  }
  if (response->status >= 300) {
    return Failure(kExitUnreachable, "unexpected answer " + std::to_string(response->status) +
                                         " from " + options_.url + std::string(target));
  }
  Reply reply;
  reply.status = response->status;
  reply.body = std::move(response->body);
  if (!reply.body.empty()) {
    boost::system::error_code ec;
    reply.json = boost::json::parse(reply.body, ec);
    if (ec) {
      return Failure(kExitUnreachable, "the server's answer is not JSON (" + ec.message() +
                                           "): " + reply.body.substr(0, 200));
    }
  }
  return reply;
}

Outcome<Reply> Session::Call(std::string_view method, std::string_view target,
                             const boost::json::value& body) {
  return Call(method, target, boost::json::serialize(body), "application/json");
}

std::unexpected<Exit> Session::UsageError(std::string_view message) {
  return Failure(kExitUsage, message);
}

std::unexpected<Exit> Session::Failure(int code, std::string_view message) {
  err_ << "parcours";
  if (!command_.empty()) err_ << " " << command_;
  err_ << ": " << message << "\n";
  return std::unexpected(Exit{code});
}

void Session::PrintServerJson(const Reply& reply) {
  out_ << reply.body;
  if (reply.body.empty() || reply.body.back() != '\n') out_ << "\n";
}

// "parcours journeys publish: refused (409 Conflict): version 1 is live; ..."
// followed by one line per entry of the problem's `errors`.
void Session::ReportRefusal(const HttpResponse& response) {
  std::string status = std::to_string(response.status);
  std::string_view reason = ReasonPhrase(response.status);
  if (!reason.empty()) status += " " + std::string(reason);
  err_ << "parcours " << command_ << ": "
       << (response.status >= 500 ? "the server failed" : "refused") << " (" << status << ")";

  boost::system::error_code ec;
  boost::json::value problem = boost::json::parse(response.body, ec);
  if (ec || !problem.is_object()) {
    std::string text = response.body.substr(0, 500);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    err_ << (text.empty() ? "" : ": " + text) << "\n";
  } else {
    std::string detail = TextOr(problem, "detail", "");
    if (detail.empty()) detail = TextOr(problem, "title", "");
    err_ << (detail.empty() ? "" : ": " + detail) << "\n";
    if (const boost::json::value* errors = Field(problem, "errors");
        errors != nullptr && errors->is_array()) {
      for (const boost::json::value& e : errors->as_array()) {
        err_ << "  error";
        std::string code = TextOr(e, "code", "");
        if (!code.empty()) err_ << " " << code;
        std::string path = TextOr(e, "path", "");
        if (!path.empty()) err_ << " at " << path;
        std::string node = TextOr(e, "node", "");
        if (!node.empty()) err_ << " (activity '" << node << "')";
        err_ << ": " << TextOr(e, "message", "") << "\n";
      }
    }
  }
  if (response.status == 401 || response.status == 403) {
    err_ << "  hint: pass a token with the needed scope: --token or PARCOURS_TOKEN\n";
  }
}

std::string_view ReasonPhrase(long status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

}  // namespace parcours::cli
