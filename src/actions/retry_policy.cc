#include "actions/retry_policy.h"

#include <algorithm>
#include <cmath>

namespace parcours::actions {

Verdict Judge(Protocol protocol, const TryResult& result) {
  if (!result.transport_ok) {
    if (result.fatal_transport) return Verdict::kGiveUp;
    // A reply code with a failed transfer is an SMTP refusal (or an HTTP reply cut short).
    if (protocol == Protocol::kSmtp && result.status >= 400) {
      return result.status < 500 ? Verdict::kRetry : Verdict::kGiveUp;
    }
    return Verdict::kRetry;
  }
  long s = result.status;
  if (protocol == Protocol::kSmtp) {
    if (s >= 200 && s < 400) return Verdict::kSuccess;
    return s >= 400 && s < 500 ? Verdict::kRetry : Verdict::kGiveUp;
  }
  if (s >= 200 && s < 300) return Verdict::kSuccess;
  if (s == 408 || s == 429 || (s >= 500 && s < 600)) return Verdict::kRetry;
  return Verdict::kGiveUp;
}

std::chrono::milliseconds BackoffDelay(int failed_tries, std::chrono::milliseconds base,
                                       std::chrono::milliseconds max, double jitter, double unit,
                                       std::optional<std::chrono::milliseconds> retry_after) {
  double nominal = static_cast<double>(base.count()) *
                   std::pow(2.0, static_cast<double>(std::clamp(failed_tries, 1, 62) - 1));
  nominal = std::min(nominal, static_cast<double>(max.count()));
  jitter = std::clamp(jitter, 0.0, 1.0);
  double delay = nominal * (1.0 - jitter + 2.0 * jitter * std::clamp(unit, 0.0, 1.0));
  delay = std::min(delay, static_cast<double>(max.count()));
  if (retry_after) {
    delay = std::max(delay, std::min(static_cast<double>(retry_after->count()),
                                     static_cast<double>(max.count())));
  }
  return std::chrono::milliseconds(std::llround(std::max(delay, 0.0)));
}

std::string Summarize(Protocol protocol, const TryResult& result) {
  if (result.timed_out) return "timed out";
  std::string prefix = protocol == Protocol::kHttp ? "HTTP " : "SMTP ";
  if (result.transport_ok) return prefix + std::to_string(result.status);
  if (result.status > 0) return prefix + std::to_string(result.status) + " (" + result.error + ")";
  return result.error;
}

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0.
std::size_t Utf8Length(std::string_view s, std::size_t i) {
  auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xe  ? 3
                  : (c >> 3) == 0x1e ? 4
                                     : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

std::string Excerpt(std::string_view bytes, std::size_t max_bytes) {
  std::string out;
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t n = Utf8Length(bytes, i);
    if (out.size() + std::max<std::size_t>(n, 1) > max_bytes) break;
    if (n == 0) {
      out += '?';
      n = 1;
    } else if (n == 1 && (static_cast<unsigned char>(bytes[i]) < 0x20 || bytes[i] == 0x7f)) {
      out += ' ';
    } else {
      out.append(bytes.substr(i, n));
    }
    i += n;
  }
  if (i < bytes.size()) out += "...";
  return out;
}

}  // namespace parcours::actions
