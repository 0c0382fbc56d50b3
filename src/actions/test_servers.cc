#include "actions/test_servers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <random>
#include <sstream>
#include <string_view>
#include <thread>

namespace parcours::actions::testing {
namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool CanConnect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

ScriptServer::ScriptServer(const std::string& script, std::vector<std::string> args,
                           const std::filesystem::path& dir) {
  std::filesystem::path port_file = dir / "port";
  std::vector<std::string> argv = {PARCOURS_PYTHON,
                                   std::string(PARCOURS_ACTIONS_TESTDATA) + "/" + script,
                                   "--port-file", port_file.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> c;
  for (auto& a : argv) c.push_back(a.data());
  c.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::execv(c[0], c.data());
    ::_exit(127);
  }
  // Bounded wait: the port file, then a connection.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    if (std::filesystem::exists(port_file)) {
      int port = std::atoi(ReadFile(port_file).c_str());
      if (port > 0 && CanConnect(port)) {
        port_ = port;
        return;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

ScriptServer::~ScriptServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

ScratchDir::ScratchDir() {
  std::random_device r;
  path_ = std::filesystem::temp_directory_path() /
          ("parcours-actions-" + std::to_string(::getpid()) + "-" + std::to_string(r()));
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

HttpReceiver::HttpReceiver()
    : server_("http_server.py", {"--log", (dir_.path() / "requests.jsonl").string()}, dir_.path()) {
}

std::string HttpReceiver::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
}

std::vector<boost::json::object> HttpReceiver::Requests() const {
  std::vector<boost::json::object> out;
  std::string text = ReadFile(dir_.path() / "requests.jsonl");
  std::size_t start = 0;
  // Only complete lines: the last one may be half written.
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    std::string_view line(text.data() + start, end - start);
    if (line.empty()) continue;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    if (!ec && v.is_object()) out.push_back(std::move(v.as_object()));
  }
  return out;
}

SmtpReceiver::SmtpReceiver()
    : server_("smtp_server.py", {"--dir", (dir_.path() / "mail").string()}, dir_.path()) {}

std::string SmtpReceiver::Url() const {
  return "smtp://127.0.0.1:" + std::to_string(server_.port());
}

std::vector<SmtpReceiver::Message> SmtpReceiver::Messages() const {
  std::vector<Message> out;
  for (int n = 1;; ++n) {
    auto base = dir_.path() / "mail" / std::to_string(n);
    if (!std::filesystem::exists(base.string() + ".json")) break;
    Message m;
    m.data = ReadFile(base.string() + ".eml");
    auto envelope = boost::json::parse(ReadFile(base.string() + ".json")).as_object();
    m.mail_from = std::string(envelope.at("mail_from").as_string());
    for (const auto& r : envelope.at("rcpt_tos").as_array()) {
      m.rcpt_tos.emplace_back(r.as_string());
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::function<void(ActionResult)> Answers::Callback() {
  return [this](ActionResult r) {
    std::lock_guard lock(mu_);
    answers_.push_back(std::move(r));
    cv_.notify_all();
  };
}

bool Answers::WaitFor(std::size_t n, std::chrono::milliseconds limit) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, limit, [&] { return answers_.size() >= n; });
}

std::vector<ActionResult> Answers::Get() const {
  std::lock_guard lock(mu_);
  return answers_;
}

ActionRequest Webhook(const std::string& url, boost::json::object extra, std::string key,
                      int retries, std::chrono::milliseconds timeout) {
  ActionRequest r;
  r.instance_id = "7-42";
  r.journey_id = "welcome";
  r.version = 1;
  r.node = "notify";
  r.profile_id = "ann";
  r.idempotency_key = std::move(key);
  r.kind = "webhook";
  r.rendered = std::move(extra);
  r.rendered["url"] = url;
  if (!r.rendered.contains("method")) r.rendered["method"] = "POST";
  r.timeout = timeout;
  r.retries = retries;
  return r;
}

ActionRequest Email(const std::string& to, const std::string& subject, const std::string& body,
                    std::string key, int retries) {
  ActionRequest r;
  r.instance_id = "3-9";
  r.journey_id = "welcome";
  r.version = 1;
  r.node = "welcome";
  r.profile_id = "ann";
  r.idempotency_key = std::move(key);
  r.kind = "email";
  r.rendered["to"] = to;
  r.rendered["subject"] = subject;
  r.rendered["body"] = body;
  r.timeout = std::chrono::seconds(30);  // long: see Webhook
  r.retries = retries;
  return r;
}

}  // namespace parcours::actions::testing
