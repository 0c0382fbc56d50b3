// Test support: the real local servers the delivery tests talk to, and a collector of answers.
//
// A ScriptServer runs one of testdata/*.py with the system's python3 in a scratch directory,
// waits (bounded) until it wrote its port and accepts connections, and kills it when destroyed.
#pragma once

#include <sys/types.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "parcours/engine.h"

namespace parcours::actions::testing {

class ScriptServer {
 public:
  // Starts testdata/<script> with `args` plus `--port-file <dir>/port`. Check ok().
  ScriptServer(const std::string& script, std::vector<std::string> args,
               const std::filesystem::path& dir);
  ~ScriptServer();
  ScriptServer(const ScriptServer&) = delete;
  ScriptServer& operator=(const ScriptServer&) = delete;

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// A fresh scratch directory under the system's temp dir, removed when destroyed.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The webhook receiver (testdata/http_server.py) and what it logged.
class HttpReceiver {
 public:
  HttpReceiver();
  bool ok() const { return server_.ok(); }
  std::string Url(const std::string& path) const;  // "http://127.0.0.1:<port><path>"
  // Every request logged so far, oldest first. The server appends to its log while this reads:
  // an unterminated last line (being written) is left for the next call, and a line that does
  // not parse is skipped; this never throws. The server logs a request before answering it, but
  // a request the client gave up on (time-out) may be logged later: poll for it.
  std::vector<boost::json::object> Requests() const;

 private:
  ScratchDir dir_;
  ScriptServer server_;
};

// The SMTP server (testdata/smtp_server.py) and the messages it saved.
class SmtpReceiver {
 public:
  SmtpReceiver();
  bool ok() const { return server_.ok(); }
  std::string Url() const;  // "smtp://127.0.0.1:<port>"
  struct Message {
    std::string data;  // as received
    std::string mail_from;
    std::vector<std::string> rcpt_tos;
  };
  std::vector<Message> Messages() const;

 private:
  ScratchDir dir_;
  ScriptServer server_;
};

// Collects the answers of dispatched requests.
class Answers {
 public:
  std::function<void(ActionResult)> Callback();
  // Waits until `n` answers are in, at most `limit` (generous: real time on a loaded machine).
  // False on time-out.
  bool WaitFor(std::size_t n, std::chrono::milliseconds limit = std::chrono::seconds(60));
  std::vector<ActionResult> Get() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ActionResult> answers_;
};

// A request as the engine builds it. The default per-try timeout is long so that a loaded
// machine never turns a success into a time-out; tests of time-outs pass their own.
ActionRequest Webhook(const std::string& url, boost::json::object extra = {},
                      std::string key = "7-42:notify", int retries = 0,
                      std::chrono::milliseconds timeout = std::chrono::seconds(30));
ActionRequest Email(const std::string& to, const std::string& subject, const std::string& body,
                    std::string key = "3-9:welcome", int retries = 0);

}  // namespace parcours::actions::testing
