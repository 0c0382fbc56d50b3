#include "cli/http_client.h"

#include <curl/curl.h>

#include <cerrno>
#include <cstring>
#include <mutex>

namespace parcours::cli {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t AppendBody(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::string Seconds(std::chrono::milliseconds d) {
  auto ms = d.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace

struct HttpClient::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

HttpClient::HttpClient(HttpClientOptions options)
    : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/') {
    options_.base_url.pop_back();
  }
  GlobalInitOnce();
  handle_->curl = curl_easy_init();
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::Send(std::string_view method, std::string_view target,
                                      std::string_view body, std::string_view content_type) {
  CURL* curl = handle_->curl;
  const std::string url = options_.base_url + std::string(target);
  if (curl == nullptr) return Fail(Error::Unavailable("cannot start libcurl"));

  // Options that vary per request are reset each time; the connection cache stays.
  curl_easy_reset(curl);
  char error_text[CURL_ERROR_SIZE] = {0};
  HttpResponse response;
  const std::string method_text(method);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "parcours-cli/0.1");
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);

  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Accept: application/json");
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  std::string authorization;
  if (!options_.token.empty()) {
    authorization = "Authorization: Bearer " + options_.token;
    headers = curl_slist_append(headers, authorization.c_str());
  }
  std::string content_type_header;
  if (method_text == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.empty() ? "" : body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    if (method_text != "POST") curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_text.c_str());
    content_type_header =
        body.empty() ? std::string("Content-Type:") : "Content-Type: " + std::string(content_type);
    headers = curl_slist_append(headers, content_type_header.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

  CURLcode rc = curl_easy_perform(curl);
  long os_errno = 0;
  curl_easy_getinfo(curl, CURLINFO_OS_ERRNO, &os_errno);
  curl_slist_free_all(headers);

  if (rc != CURLE_OK) {
    std::string what;
    switch (rc) {
      case CURLE_COULDNT_CONNECT:
        what = os_errno == ECONNREFUSED
                   ? "connection refused — is parcoursd running?"
                   : "cannot connect (" +
                         std::string(os_errno != 0 ? std::strerror(static_cast<int>(os_errno))
                                                   : curl_easy_strerror(rc)) +
                         ") — is parcoursd running?";
        break;
      case CURLE_COULDNT_RESOLVE_HOST:
        what = "unknown host";
        break;
      case CURLE_OPERATION_TIMEDOUT:
        what = "no answer within " + Seconds(options_.request_timeout) + " (see --timeout)";
        break;
      case CURLE_GOT_NOTHING:
      case CURLE_RECV_ERROR:
      case CURLE_SEND_ERROR:
        what = "the connection was closed before an answer came";
        break;
      case CURLE_UNSUPPORTED_PROTOCOL:
      case CURLE_URL_MALFORMAT:
        what = "not a valid http:// or https:// URL";
        break;
      default:
        what = error_text[0] != '\0' ? std::string(error_text) : curl_easy_strerror(rc);
    }
    return Fail(Error::Unavailable("cannot reach " + options_.base_url + ": " + what));
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  char* type = nullptr;
  curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &type);
  if (type != nullptr) response.content_type = type;
  return response;
}

bool IsHttpUrl(std::string_view url) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (url.starts_with(scheme) && url.size() > scheme.size()) return true;
  }
  return false;
}

std::string EncodeComponent(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '.' || c == ':' || c == '~' || c == '-';
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace parcours::cli
