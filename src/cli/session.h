// Session: one run of a `parcours` command that speaks to a server. It holds the global options,
// the HTTP client, the standard streams, and the one rule that turns an answer into an exit code:
//
//   0  ok
//   1  the server refused (4xx): its problem detail, and each error with its path, on stderr
//   2  usage error or bad local input (a file that cannot be read, JSON that does not parse,
//      a duration that is not ISO-8601, a destructive command without a terminal nor --yes)
//   3  the server cannot be reached, or failed (5xx), or answered something that is not JSON
//
// Commands return Outcome<T>: the value, or the exit code of a failure whose message has already
// been printed on stderr. Session::Run turns that into the process's exit code.
// Not thread-safe; lives for the whole process.
#pragma once

#include <boost/json/value.hpp>

#include <expected>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli/http_client.h"

namespace parcours::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitUnreachable = 3;

// A failure already reported on stderr, with the exit code it calls for.
struct Exit {
  int code = kExitOk;
};

template <typename T>
using Outcome = std::expected<T, Exit>;
using Done = Outcome<void>;

// Options every server command takes (bound by main.cc; PARCOURS_URL and PARCOURS_TOKEN too).
struct GlobalOptions {
  std::string url = "http://127.0.0.1:8080";
  std::string token;
  bool json = false;               // print the server's JSON instead of a readable view
  bool yes = false;                // answer yes to confirmations
  double timeout_seconds = 120.0;  // whole request, connecting included
};

// An HTTP answer with a 2xx status. `json` is the parsed body (null when the body is empty).
struct Reply {
  long status = 0;
  std::string body;
  boost::json::value json;
};

class Session {
 public:
  // `options` must outlive the session; it is read when the first request is sent, so it may be
  // filled in by the command-line parser after the session is made.
  Session(const GlobalOptions& options, std::istream& in, std::ostream& out, std::ostream& err,
          bool stdin_is_terminal, bool stderr_is_terminal);
  ~Session();

  // Runs one command named `command` ("journeys publish", used in messages) and records its exit
  // code. Exceptions a command lets escape are reported as exit 3, never as a crash.
  void Run(std::string command, const std::function<Done()>& body);
  int exit_code() const { return exit_code_; }

  // Sends a request; a 2xx answer comes back, anything else is reported (see the table above).
  Outcome<Reply> Call(std::string_view method, std::string_view target, std::string_view body = {},
                      std::string_view content_type = "application/json");
  Outcome<Reply> Call(std::string_view method, std::string_view target,
                      const boost::json::value& body);

  // GET that treats 404 as an answer: nullopt, nothing printed. Anything else as Call.
  Outcome<std::optional<Reply>> Find(std::string_view target);

  // Reports a usage error or bad local input: "parcours <command>: <message>", exit 2.
  std::unexpected<Exit> UsageError(std::string_view message);
  // Reports any other local failure with the given exit code.
  std::unexpected<Exit> Failure(int code, std::string_view message);

  // Prints a reply's body as the server sent it, ending with a newline (for --json).
  void PrintServerJson(const Reply& reply);

  const GlobalOptions& options() const { return options_; }
  bool json() const { return options_.json; }
  std::istream& in() { return in_; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }
  bool stdin_is_terminal() const { return stdin_is_terminal_; }
  bool stderr_is_terminal() const { return stderr_is_terminal_; }
  const std::string& command() const { return command_; }

 private:
  Outcome<HttpClient*> Client();
  Outcome<Reply> Exchange(std::string_view method, std::string_view target, std::string_view body,
                          std::string_view content_type, bool not_found_is_an_answer);
  void ReportRefusal(const HttpResponse& response);

  const GlobalOptions& options_;
  std::istream& in_;
  std::ostream& out_;
  std::ostream& err_;
  bool stdin_is_terminal_;
  bool stderr_is_terminal_;
  std::string command_;
  int exit_code_ = kExitOk;
  std::unique_ptr<HttpClient> client_;
};

// The standard reason phrase of an HTTP status ("Conflict"), or "" when unknown.
std::string_view ReasonPhrase(long status);

}  // namespace parcours::cli
