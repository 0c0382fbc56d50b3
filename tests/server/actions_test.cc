// Actions leave the server for real: a webhook reaches a local receiver with its idempotency
// key, and its outcome shows in the instance and in /metrics.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "server_test.h"

namespace parcours::testing {
namespace {

using ::testing::HasSubstr;

// Accepts one connection on 127.0.0.1, records the request, answers 200.
class WebhookReceiver {
 public:
  WebhookReceiver() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd_, 4) != 0) {
      throw std::runtime_error("cannot listen");
    }
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~WebhookReceiver() {
    shutdown(fd_, SHUT_RDWR);
    thread_.join();
    close(fd_);
  }
  int port() const { return port_; }
  // The request received (waits for it up to 30 s).
  std::string Request() {
    thread_.join();
    thread_ = std::thread([] {});
    return request_;
  }

 private:
  void Serve() {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 30000) <= 0) return;
    int client = accept(fd_, nullptr, nullptr);
    if (client < 0) return;
    char buf[4096];
    while (request_.find("\r\n\r\n") == std::string::npos ||
           request_.find("}") == std::string::npos) {
      pollfd c{client, POLLIN, 0};
      if (poll(&c, 1, 30000) <= 0) break;
      ssize_t n = recv(client, buf, sizeof buf, 0);
      if (n <= 0) break;
      request_.append(buf, static_cast<std::size_t>(n));
    }
    std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
    close(client);
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::string request_;
};

class Actions : public ServerTest {};

TEST_F(Actions, WebhookIsDeliveredWithItsIdempotencyKeyAndTheInstanceMovesOn) {
  WebhookReceiver receiver;
  std::string journey = R"({
    "id": "hook", "name": "Hook", "entry": { "type": "event", "event": "signup" },
    "start": "call",
    "nodes": [
      { "id": "call", "type": "action", "retries": 0, "timeout": "PT30S", "next": "done",
        "action": { "kind": "webhook", "url": "http://127.0.0.1:)" +
                        std::to_string(receiver.port()) + R"(/hook",
                    "body": { "profile": "{{profile.id}}" } } },
      { "id": "done", "type": "end", "label": "Done" } ] })";
  PublishJourney(journey);
  SendEvent("signup", "p1", "e1");

  std::string request = receiver.Request();
  EXPECT_THAT(request, HasSubstr("POST /hook HTTP/1.1"));
  EXPECT_THAT(request, HasSubstr("Idempotency-Key: "));
  EXPECT_THAT(request, HasSubstr(R"("profile":"p1")"));

  // The result comes back as an input; wait (up to 30 s: real time) for the instance to reach
  // its end.
  boost::json::value instance;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (true) {
    instance = Arr(http().Get("/v1/profiles/p1/journeys").json(), "instances").at(0);
    if (At(instance, "status") != "in_progress") break;
    if (std::chrono::steady_clock::now() > deadline) break;
    usleep(10000);
  }
  EXPECT_EQ(At(instance, "status"), "finished");
  EXPECT_EQ(At(instance, "endTag"), "done");
  std::string metrics = http().Get("/metrics").body;
  EXPECT_THAT(metrics,
              HasSubstr("parcours_action_outcomes_total{kind=\"webhook\",outcome=\"success\"} 1"));
  EXPECT_THAT(
      metrics,
      HasSubstr("parcours_delivery_outcomes_total{host=\"127.0.0.1\",outcome=\"success\"} 1"));
}

}  // namespace
}  // namespace parcours::testing
