// Whole-process ingest over HTTP: a real parcoursd (RocksDB in a temp directory, sync
// durability, the system clock) driven by a closed-loop load generator on keep-alive
// connections (one thread, epoll).
//
//   http_load_bench --parcoursd PATH [--batch-events N] [--batch-connections N]
//                   [--single-events N] [--connections N] [--http-threads N]
//
// 1. Batches: `batch-events` events through the 4-activity journey in POST /v1/events/batch
//    requests of 1,000 events, `batch-connections` connections, each sending its next request as
//    soon as the previous one is answered. Figures: events/s, p50/p99 request to 202.
// 2. One event per request: `single-events` POST /v1/events on `connections` connections.
//    Figures: events/s, p50/p99 request to 202.
// Every answer must be 202, and afterwards the journey's report must count every event entered.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cerrno>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "bench_common.h"

extern char** environ;

namespace {

using namespace parcours::bench;

class Server {
 public:
  Server(const std::string& binary, const std::filesystem::path& data,
         const std::filesystem::path& log, int http_threads) {
    int out[2];
    if (pipe(out) != 0) Die("pipe");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, out[1]);
    std::vector<std::string> args = {binary,   "--listen",       "127.0.0.1:0",
                                     "--data", data.string(),    "--log-level",
                                     "warn",   "--http-threads", std::to_string(http_threads)};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (rc != 0) Die("cannot start " + binary);
    child_to_kill.store(pid_);
    std::string line;
    auto deadline = Clock::now() + std::chrono::seconds(30);
    while (line.find('\n') == std::string::npos && Clock::now() < deadline) {
      pollfd fd{out[0], POLLIN, 0};
      if (poll(&fd, 1, 1000) <= 0) continue;
      char buf[256];
      ssize_t got = read(out[0], buf, sizeof buf);
      if (got <= 0) break;
      line.append(buf, static_cast<std::size_t>(got));
    }
    close(out[0]);
    auto colon = line.rfind(':', line.find('\n'));
    if (!line.starts_with("parcoursd listening on") || colon == std::string::npos) {
      Die("parcoursd did not start: '" + line + "' (log: " + log.string() + ")");
    }
    port_ = std::atoi(line.c_str() + colon + 1);
  }
  ~Server() {
    if (pid_ <= 0) return;
    child_to_kill.store(-1);
    kill(pid_, SIGTERM);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Die("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Die("connect");
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

std::string Request(const std::string& method, const std::string& path, const std::string& body,
                    const char* type = "application/json") {
  return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// The length of the complete response at the start of `buffer` and its status, or 0 when more
// is needed.
std::size_t ResponseLength(const std::string& buffer, int& status) {
  auto end = buffer.find("\r\n\r\n");
  if (end == std::string::npos) return 0;
  status = std::atoi(buffer.c_str() + 9);
  std::size_t length = 0;
  bool found = false;
  for (std::size_t at = buffer.find("\r\n"); at < end; at = buffer.find("\r\n", at + 2)) {
    if (strncasecmp(buffer.c_str() + at + 2, "content-length:", 15) == 0) {
      length = static_cast<std::size_t>(std::atoll(buffer.c_str() + at + 17));
      found = true;
    }
  }
  if (!found) Die("response without Content-Length: " + buffer.substr(0, end));
  return buffer.size() >= end + 4 + length ? end + 4 + length : 0;
}

// One blocking request on a new connection: the status and the body.
std::pair<int, std::string> Call(int port, const std::string& method, const std::string& path,
                                 const std::string& body) {
  int fd = Connect(port);
  std::string request = Request(method, path, body);
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    Die("write");
  }
  std::string buffer;
  int status = 0;
  std::size_t length = 0;
  while ((length = ResponseLength(buffer, status)) == 0) {
    char chunk[65536];
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got <= 0) Die("read " + path);
    buffer.append(chunk, static_cast<std::size_t>(got));
  }
  close(fd);
  return {status, buffer.substr(buffer.find("\r\n\r\n") + 4, length)};
}

struct LoadResult {
  double seconds = 0;
  std::vector<double> latencies_ms;
};

// Closed loop: `connections` keep-alive connections; request k is `make(k)`; each connection
// sends its next request when its previous one is answered, until `requests` are answered.
LoadResult RunLoad(int port, int connections, long long requests,
                   const std::function<std::string(long long)>& make) {
  struct Conn {
    int fd = -1;
    std::string out;
    std::size_t sent = 0;
    std::string in;
    Clock::time_point started;
    bool busy = false;
  };
  int ep = epoll_create1(0);
  std::vector<Conn> conns(static_cast<std::size_t>(connections));
  long long next = 0, answered = 0;
  LoadResult result;
  result.latencies_ms.reserve(static_cast<std::size_t>(requests));
  auto flush = [&](Conn& c) {
    while (c.sent < c.out.size()) {
      ssize_t n = write(c.fd, c.out.data() + c.sent, c.out.size() - c.sent);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      if (n <= 0) Die("write to parcoursd: " + std::string(std::strerror(errno)));
      c.sent += static_cast<std::size_t>(n);
    }
  };
  auto start_next = [&](Conn& c) {
    if (next >= requests) {
      c.busy = false;
      return;
    }
    c.out = make(next++);
    c.sent = 0;
    c.busy = true;
    c.started = Clock::now();
    flush(c);
  };
  auto started = Clock::now();
  for (std::size_t i = 0; i < conns.size(); ++i) {
    conns[i].fd = Connect(port);
    fcntl(conns[i].fd, F_SETFL, fcntl(conns[i].fd, F_GETFL) | O_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
    ev.data.u64 = i;
    epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
    start_next(conns[i]);
  }
  std::vector<epoll_event> events(conns.size());
  while (answered < requests) {
    int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 60'000);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Die("no answer from parcoursd for 60 s");
    for (int e = 0; e < n; ++e) {
      Conn& c = conns[events[static_cast<std::size_t>(e)].data.u64];
      if (events[static_cast<std::size_t>(e)].events & EPOLLOUT) flush(c);
      if (!(events[static_cast<std::size_t>(e)].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) continue;
      while (true) {
        char chunk[65536];
        ssize_t got = read(c.fd, chunk, sizeof chunk);
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        if (got <= 0) Die("parcoursd closed a connection");
        c.in.append(chunk, static_cast<std::size_t>(got));
      }
      int status = 0;
      std::size_t length = 0;
      while (c.busy && (length = ResponseLength(c.in, status)) != 0) {
        if (status != 202) Die("answer " + std::to_string(status) + ": " + c.in.substr(0, length));
        result.latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - c.started).count());
        c.in.erase(0, length);
        ++answered;
        start_next(c);
      }
    }
  }
  result.seconds = SecondsSince(started);
  for (Conn& c : conns) close(c.fd);
  close(ep);
  return result;
}

std::string EventJson(const std::string& id, long long i) {
  return R"({"id":")" + id + R"(","type":"signup","profileId":")" + id + R"(","data":{"amount":)" +
         std::to_string(i % 20) + "}}";
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress lines reach the log as they happen
  const std::string binary = ArgString(argc, argv, "--parcoursd", "");
  const long long batch_events = ArgInt(argc, argv, "--batch-events", 200'000);
  const int batch_connections = static_cast<int>(ArgInt(argc, argv, "--batch-connections", 4));
  const long long single_events = ArgInt(argc, argv, "--single-events", 100'000);
  const int connections = static_cast<int>(ArgInt(argc, argv, "--connections", 64));
  const int http_threads = static_cast<int>(ArgInt(argc, argv, "--http-threads", 32));
  constexpr int kBatch = 1000;
  if (binary.empty()) Die("--parcoursd PATH is required");
  signal(SIGPIPE, SIG_IGN);

  TempDir dir("http");
  std::filesystem::create_directories(dir.path());
  Server server(binary, dir.path() / "data", dir.path() / "parcoursd.log", http_threads);
  const int port = server.port();
  auto [created, created_body] =
      Call(port, "POST", "/v1/journeys", IngestJourney("bench", "signup"));
  if (created != 201) Die("create journey: " + std::to_string(created) + " " + created_body);
  auto [published, published_body] =
      Call(port, "POST", "/v1/journeys/bench/versions/1/publish", "");
  if (published != 200) Die("publish: " + std::to_string(published) + " " + published_body);

  // Bodies are made before the clock starts: the figure is the server's, not the generator's.
  const long long batches = (batch_events + kBatch - 1) / kBatch;
  std::vector<std::string> bodies;
  for (long long b = 0; b < batches; ++b) {
    std::string body = R"({"events":[)";
    for (long long i = b * kBatch; i < std::min((b + 1) * kBatch, batch_events); ++i) {
      if (i != b * kBatch) body += ',';
      body += EventJson("b" + std::to_string(i), i);
    }
    body += "]}";
    bodies.push_back(Request("POST", "/v1/events/batch", body));
  }
  auto batch = RunLoad(port, batch_connections, batches,
                       [&](long long k) { return std::move(bodies[static_cast<std::size_t>(k)]); });
  std::printf("HTTP batches: %lld events in %lld requests on %d connections, %.2f s\n",
              batch_events, batches, batch_connections, batch.seconds);
  Emit("http_batch_eps", static_cast<double>(batch_events) / batch.seconds);
  Emit("http_batch_p50_ms", Percentile(batch.latencies_ms, 0.50));
  Emit("http_batch_p99_ms", Percentile(batch.latencies_ms, 0.99));

  std::vector<std::string> singles;
  singles.reserve(static_cast<std::size_t>(single_events));
  for (long long i = 0; i < single_events; ++i) {
    singles.push_back(Request("POST", "/v1/events", EventJson("s" + std::to_string(i), i)));
  }
  auto single = RunLoad(port, connections, single_events, [&](long long k) {
    return std::move(singles[static_cast<std::size_t>(k)]);
  });
  std::printf("HTTP single events: %lld requests on %d connections, %.2f s\n", single_events,
              connections, single.seconds);
  Emit("http_single_eps", static_cast<double>(single_events) / single.seconds);
  Emit("http_single_p50_ms", Percentile(single.latencies_ms, 0.50));
  Emit("http_single_p99_ms", Percentile(single.latencies_ms, 0.99));

  auto [status, report] = Call(port, "GET", "/v1/journeys/bench/versions/1/report", "");
  if (status != 200) Die("report: " + std::to_string(status));
  auto entered = boost::json::parse(report).as_object().at("entered").to_number<long long>();
  if (entered != batch_events + single_events) {
    Die("report counts " + std::to_string(entered) + " entered, " +
        std::to_string(batch_events + single_events) + " sent");
  }
  return 0;
}
