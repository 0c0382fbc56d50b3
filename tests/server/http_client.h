// An HTTP client for the end-to-end tests (libcurl). One client is one curl handle, so
// requests made through it reuse one keep-alive connection when the server allows.
// Not thread-safe: use one client per thread.
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace parcours::testing {

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case

  // The body as JSON (null when it is not JSON).
  boost::json::value json() const;
  std::string header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  explicit HttpClient(std::string base_url);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sent as "Authorization: Bearer <token>" when not empty.
  void SetToken(std::string token) { token_ = std::move(token); }

  HttpResponse Get(const std::string& path) { return Request("GET", path); }
  // JSON bodies; `content_type` empty sends no Content-Type at all.
  HttpResponse Post(const std::string& path, const std::string& body = "",
                    const std::string& content_type = "application/json") {
    return Request("POST", path, body, content_type);
  }
  HttpResponse Put(const std::string& path, const std::string& body) {
    return Request("PUT", path, body, "application/json");
  }
  HttpResponse Patch(const std::string& path, const std::string& body) {
    return Request("PATCH", path, body, "application/json");
  }
  HttpResponse Delete(const std::string& path) { return Request("DELETE", path); }

  HttpResponse Request(const std::string& method, const std::string& path,
                       const std::string& body = "", const std::string& content_type = "",
                       const std::vector<std::string>& extra_headers = {});

  // Of the last request: how many new connections it opened (0: it reused one), and the local
  // port it used.
  long last_new_connections() const { return last_new_connections_; }
  long last_local_port() const { return last_local_port_; }

 private:
  std::string base_url_;
  std::string token_;
  void* curl_ = nullptr;
  long last_new_connections_ = 0;
  long last_local_port_ = 0;
};

// A raw TCP connection to 127.0.0.1, for what a well-behaved client cannot do (send half a
// request, wait, send the rest).
class RawConnection {
 public:
  // Throws std::runtime_error when the connection is refused.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void Send(const std::string& bytes);
  // Reads until `needle` has been received, the server closes, or `timeout_ms` passes; returns
  // everything received so far on this connection.
  std::string ReadUntil(const std::string& needle, int timeout_ms);
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool closed_ = false;
  std::string received_;
};

// Sends `request` as raw bytes on a new connection to 127.0.0.1:`port` and returns everything
// the server sends back until it closes the connection or `timeout_ms` passes.
// `closed` tells whether the server closed the connection.
std::string RawHttp(int port, const std::string& request, int timeout_ms, bool* closed = nullptr);

}  // namespace parcours::testing
