// libcurl set-up of one try (webhook over HTTP(S), e-mail over SMTP) and reading its result.
#include <curl/curl.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "actions/delivery.h"

namespace parcours::actions {
namespace {

constexpr std::size_t kResponseKept = 256;

std::size_t KeepStart(char* data, std::size_t size, std::size_t count, void* user) {
  auto* d = static_cast<Delivery*>(user);
  std::size_t n = size * count;
  if (d->response.size() < kResponseKept) {
    d->response.append(data, std::min(n, kResponseKept - d->response.size()));
  }
  return n;  // the rest is read and dropped
}

std::size_t ReadMessage(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* d = static_cast<Delivery*>(user);
  const std::string& data = d->email.data;
  std::size_t n = std::min(size * count, data.size() - d->upload_offset);
  std::memcpy(buffer, data.data() + d->upload_offset, n);
  d->upload_offset += n;
  return n;
}

bool Set(CURLcode rc, Delivery& d, const char* what) {
  if (rc == CURLE_OK) return true;
  std::snprintf(d.error.data(), d.error.size(), "cannot set %s: %s", what, curl_easy_strerror(rc));
  return false;
}

bool ConfigureTls(CURL* e, Delivery& d, const DispatcherOptions& o) {
  bool ok = true;
  if (!o.ca_file.empty())
    ok = ok && Set(curl_easy_setopt(e, CURLOPT_CAINFO, o.ca_file.c_str()), d, "CA file");
  if (!o.client_cert.empty()) {
    ok = ok &&
         Set(curl_easy_setopt(e, CURLOPT_SSLCERT, o.client_cert.c_str()), d, "client certificate");
    if (!o.client_key.empty())
      ok = ok && Set(curl_easy_setopt(e, CURLOPT_SSLKEY, o.client_key.c_str()), d, "client key");
    if (!o.client_key_password.empty()) {
      ok = ok && Set(curl_easy_setopt(e, CURLOPT_KEYPASSWD, o.client_key_password.c_str()), d,
                     "key password");
    }
  }
  if (!o.verify_peer) {
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  return ok;
}

bool ConfigureWebhook(CURL* e, Delivery& d) {
  const WebhookCall& w = d.webhook;
  for (const std::string& h : w.headers) {
    curl_slist* next = curl_slist_append(d.headers, h.c_str());
    if (next == nullptr) return Set(CURLE_OUT_OF_MEMORY, d, "headers");
    d.headers = next;
  }
  bool ok = Set(curl_easy_setopt(e, CURLOPT_URL, w.url.c_str()), d, "URL") &&
            Set(curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https"), d, "protocols") &&
            Set(curl_easy_setopt(e, CURLOPT_HTTPHEADER, d.headers), d, "headers");
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &KeepStart);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &d);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
  if (w.method == "GET" && !w.has_body) {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  } else if (w.method == "HEAD") {
    curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
  } else {
    if (w.has_body || w.method == "POST") {
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(w.body.size()));
      curl_easy_setopt(e, CURLOPT_POSTFIELDS, w.body.data());
    }
    if (w.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, w.method.c_str());
  }
  return ok;
}

bool ConfigureSmtp(CURL* e, Delivery& d, const DispatcherOptions& o) {
  for (const std::string& r : d.email.recipients) {
    curl_slist* next = curl_slist_append(d.recipients, ("<" + r + ">").c_str());
    if (next == nullptr) return Set(CURLE_OUT_OF_MEMORY, d, "recipients");
    d.recipients = next;
  }
  std::string from = "<" + d.email.from + ">";
  bool ok = Set(curl_easy_setopt(e, CURLOPT_URL, o.smtp_url.c_str()), d, "SMTP URL") &&
            Set(curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps"), d, "protocols") &&
            Set(curl_easy_setopt(e, CURLOPT_MAIL_FROM, from.c_str()), d, "sender") &&
            Set(curl_easy_setopt(e, CURLOPT_MAIL_RCPT, d.recipients), d, "recipients");
  if (!o.smtp_user.empty()) {
    ok = ok && Set(curl_easy_setopt(e, CURLOPT_USERNAME, o.smtp_user.c_str()), d, "SMTP user") &&
         Set(curl_easy_setopt(e, CURLOPT_PASSWORD, o.smtp_password.c_str()), d, "SMTP password");
  }
  long use_ssl = CURLUSESSL_TRY;
  if (o.smtp_starttls == StartTls::kRequired ||
      (o.smtp_starttls == StartTls::kAuto && !o.smtp_user.empty())) {
    use_ssl = CURLUSESSL_ALL;
  } else if (o.smtp_starttls == StartTls::kNever) {
    use_ssl = CURLUSESSL_NONE;
  }
  curl_easy_setopt(e, CURLOPT_USE_SSL, use_ssl);
  d.upload_offset = 0;
  curl_easy_setopt(e, CURLOPT_READFUNCTION, &ReadMessage);
  curl_easy_setopt(e, CURLOPT_READDATA, &d);
  curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(d.email.data.size()));
  return ok;
}

bool IsFatal(CURLcode rc) {
  switch (rc) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_LOGIN_DENIED:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool ConfigureTry(Delivery& d, const DispatcherOptions& options) {
  CURL* e = d.easy;
  d.response.clear();
  d.error[0] = '\0';
  curl_easy_setopt(e, CURLOPT_PRIVATE, &d);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, d.error.data());
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  long ms = static_cast<long>(d.timeout.count() > 0 ? d.timeout.count() : 30000);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, ms);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ms);
  if (!ConfigureTls(e, d, options)) return false;
  return d.protocol == Protocol::kHttp ? ConfigureWebhook(e, d) : ConfigureSmtp(e, d, options);
}

TryResult ReadTry(Delivery& d, int curl_code,
                  std::optional<std::chrono::milliseconds>& retry_after) {
  auto rc = static_cast<CURLcode>(curl_code);
  TryResult r;
  long status = 0;
  curl_easy_getinfo(d.easy, CURLINFO_RESPONSE_CODE, &status);
  r.status = status;
  if (rc != CURLE_OK) {
    r.transport_ok = false;
    r.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    r.fatal_transport = IsFatal(rc);
    r.error = d.error[0] != '\0' ? std::string(d.error.data()) : curl_easy_strerror(rc);
  }
  curl_off_t after = 0;
  if (curl_easy_getinfo(d.easy, CURLINFO_RETRY_AFTER, &after) == CURLE_OK && after > 0) {
    retry_after = std::chrono::seconds(after);
  }
  return r;
}

void ReleaseTry(Delivery& d) {
  curl_slist_free_all(d.headers);
  curl_slist_free_all(d.recipients);
  d.headers = nullptr;
  d.recipients = nullptr;
}

}  // namespace parcours::actions
