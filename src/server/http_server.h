// The HTTP/1.1 server under the API: Boost.Beast on Asio, kept out of this header.
//
// Connections are accepted asynchronously and served by a fixed pool of io threads; each
// connection runs on its own strand, one request at a time, with keep-alive. A request's
// header is read first and given to Api::Admit, so a missing token (401) or an announced body
// over the limit (413) is answered without reading the body; the connection is then closed.
// A chunked body is cut off at the limit (413). Timeouts end slow or stalled clients: reading a
// header, reading a body (and writing a response), and an idle keep-alive connection.
//
// Engine calls run on the io thread that read the request and block it until they commit; the
// engine groups concurrent calls into one commit, so `threads` bounds concurrent engine calls.
//
// Shutdown (SIGTERM or SIGINT while Run() runs, or Shutdown()): stop accepting, close idle
// connections, let requests in progress finish and answer (with Connection: close), then Run()
// returns. After `shutdown_grace` whatever is left is cut off.
//
// Thread-safety: Listen() then Run() from one thread; Shutdown() from any thread.
// Lifetime: `api` must outlive the server.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "parcours/error.h"
#include "server/api.h"

namespace parcours::server {

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // an IP address or a host name
  std::uint16_t port = 8080;       // 0: any free port
  int threads = 4;
  std::uint64_t max_body = 16 * 1024 * 1024;
  std::chrono::milliseconds header_timeout = std::chrono::seconds(30);
  std::chrono::milliseconds body_timeout = std::chrono::seconds(60);
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(75);
  std::chrono::milliseconds shutdown_grace = std::chrono::seconds(30);
};

// One line of the access log. Never holds a secret: `by` is the token's name.
struct AccessRecord {
  std::string remote;
  std::string method;
  std::string target;
  int status = 0;
  std::uint64_t bytes = 0;  // response body
  double seconds = 0;
  std::string by;
};

using AccessLogger = std::function<void(const AccessRecord&)>;

class HttpServer {
 public:
  HttpServer(Api& api, HttpServerOptions options, AccessLogger access_log = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Resolves the address, binds and listens. Returns the address bound, as a URL authority
  // ("127.0.0.1:41234", "[::1]:8080"). kInvalidArgument for a bad address, kUnavailable when it
  // cannot be bound.
  Result<std::string> Listen();

  // Whether the address Listen() bound is a loopback address.
  bool IsLoopback() const;

  // Serves on `threads` threads (the caller's among them) until shutdown completes.
  void Run();

  void Shutdown();

  struct Impl;  // in http_server.cc

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace parcours::server
