// Internal: one request on its way, from Dispatch until it is answered. Owned by the delivery
// thread once queued; never touched by two threads at once.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "actions/dispatcher.h"
#include "actions/email_message.h"
#include "actions/retry_policy.h"
#include "actions/webhook.h"
#include "parcours/engine.h"

struct curl_slist;  // from <curl/curl.h>, which only .cc files include

namespace parcours::actions {

struct Delivery {
  std::uint64_t ticket = 0;
  Protocol protocol = Protocol::kHttp;
  std::string kind;
  std::chrono::milliseconds timeout{};  // per try
  int max_tries = 1;
  std::function<void(ActionResult)> done;
  // Set when the request cannot be sent at all: answered at once with kError.
  std::optional<std::string> rejected;
  std::string host;  // throttling key
  WebhookCall webhook;
  EmailMessage email;

  // Progress.
  int tries = 0;                     // tries started
  std::vector<std::string> earlier;  // summaries of failed tries before the current one

  // The current try (valid while it runs).
  void* easy = nullptr;  // CURL*
  curl_slist* headers = nullptr;
  curl_slist* recipients = nullptr;
  std::string response;  // the first bytes of the reply body
  std::size_t upload_offset = 0;
  std::chrono::steady_clock::time_point started;
  std::array<char, 256> error{};  // CURLOPT_ERRORBUFFER (CURL_ERROR_SIZE)
};

// Sets up `d.easy` (a reset CURL handle) for d's next try. False, with d.error set, on failure.
bool ConfigureTry(Delivery& d, const DispatcherOptions& options);

// Reads the finished try from `d.easy`; `curl_code` is its CURLcode. Sets `retry_after` when
// the server sent Retry-After.
TryResult ReadTry(Delivery& d, int curl_code,
                  std::optional<std::chrono::milliseconds>& retry_after);

// Frees the try's lists (not the handle).
void ReleaseTry(Delivery& d);

}  // namespace parcours::actions
