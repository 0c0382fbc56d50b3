// The health of the engine's own work: what it does with no caller to answer (posted inputs
// such as action results, timers and time-driven work, the final flush). A failure there has no
// one to return to, so it is never dropped: it is counted, reported through the engine's
// BackgroundReport callback (the server logs it), and makes the engine unhealthy until the same
// work succeeds again.
//
// Reports are rate-limited: the first failure of a kind of work, then at most one every
// kReportEvery while it lasts (with the number of failures since the last report), and the
// recovery. Thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "parcours/engine.h"

namespace parcours::engine {

class BackgroundHealth {
 public:
  static constexpr std::chrono::seconds kReportEvery{10};

  explicit BackgroundHealth(BackgroundReport report) : report_(std::move(report)) {}

  // The outcome of one run of `work` ("group", "timers", "flush"). `now` is the steady clock
  // (for rate-limiting reports only; the engine's time plays no part).
  void Record(std::string_view work, const Status& status,
              std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());

  // Failures counted by work, and the work failing now with its last error.
  void Fill(EngineStats& stats) const;

 private:
  struct Work {
    std::int64_t failures = 0;    // all time
    std::int64_t unreported = 0;  // since the last report
    bool failing = false;
    std::string error;                      // the last failure's message
    ErrorKind kind = ErrorKind::kInternal;  // and its kind
    std::chrono::steady_clock::time_point reported{};
  };
  BackgroundReport report_;
  mutable std::mutex mutex_;
  std::map<std::string, Work, std::less<>> works_;
};

}  // namespace parcours::engine
