// Requests and responses as the API sees them, free of any HTTP library (the Beast layer in
// http_server.cc converts). Plain values; not thread-safe, owned by one request.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parcours::server {

// What is known of a request once its header has been read, before its body.
struct RequestHead {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query, as sent ("/v1/journeys?status=live")
  std::string authorization;
  std::string content_type;  // without parameters, lower case ("application/json")
  std::optional<std::uint64_t> content_length;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

}  // namespace parcours::server
