// What a try's result means: success, retry, or give up, and what the engine is told.
//
// Pure functions, no I/O. The rules (JOURNEY_FORMAT.md, "Activities" and "Well formed, or
// invalid"), for `1 + request.retries` tries at most:
//  - Webhook: a 2xx is success. A network error, a timeout, 408, 429 and 5xx are retried. Any
//    other status (1xx, 3xx — redirects are not followed —, other 4xx) fails at once.
//  - E-mail (SMTP): the message accepted is success. A network error, a timeout and an SMTP
//    4xx reply (transient by RFC 5321: "try again later") are retried; an SMTP 5xx reply
//    (permanent: unknown mailbox, refused sender, bad credentials) fails at once.
//  - Errors that no retry can fix fail at once: a malformed URL, an unsupported scheme, a
//    TLS certificate that does not verify, unreadable client certificate files.
//  - The outcome: kSuccess on success; kTimeout when the LAST try timed out, even if earlier
//    tries failed otherwise; kError in every other case.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "parcours/engine.h"

namespace parcours::actions {

enum class Protocol { kHttp, kSmtp };

// One finished try, as the transport saw it.
struct TryResult {
  bool transport_ok = true;  // false: no complete reply (network error, timeout, TLS, ...)
  bool timed_out = false;
  bool fatal_transport = false;  // a transport error retrying cannot fix (see above)
  long status = 0;               // HTTP status, or the last SMTP reply code; 0 if none
  std::string error;             // the transport's message when !transport_ok
};

enum class Verdict { kSuccess, kRetry, kGiveUp };

Verdict Judge(Protocol protocol, const TryResult& result);

// The delay before try `failed_tries + 1`: base * 2^(failed_tries - 1), at most max, times
// (1 - jitter + 2 * jitter * unit) with `unit` in [0, 1), never above max. `retry_after` (a
// server's Retry-After) raises it, still to at most max. REQUIRES: failed_tries >= 1.
std::chrono::milliseconds BackoffDelay(int failed_tries, std::chrono::milliseconds base,
                                       std::chrono::milliseconds max, double jitter, double unit,
                                       std::optional<std::chrono::milliseconds> retry_after);

// "HTTP 503", "SMTP 451", "timed out", or the transport's error.
std::string Summarize(Protocol protocol, const TryResult& result);

// At most `max_bytes` of `bytes` for the instance history: valid UTF-8, control characters
// as spaces, "..." appended when cut.
std::string Excerpt(std::string_view bytes, std::size_t max_bytes = 200);

}  // namespace parcours::actions
