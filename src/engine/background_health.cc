#include "engine/background_health.h"

#include <optional>

namespace parcours::engine {

void BackgroundHealth::Record(std::string_view work, const Status& status,
                              std::chrono::steady_clock::time_point now) {
  std::optional<BackgroundEvent> event;
  {
    std::lock_guard lock(mutex_);
    auto it = works_.find(work);
    if (status) {
      if (it == works_.end() || !it->second.failing) return;  // the common case: nothing to do
      it->second.failing = false;
      it->second.unreported = 0;
      event = BackgroundEvent{std::string(work), true, "", it->second.kind, 0};
    } else {
      if (it == works_.end()) it = works_.emplace(std::string(work), Work{}).first;
      Work& w = it->second;
      ++w.failures;
      ++w.unreported;
      w.error = status.error().message();
      w.kind = status.error().kind();
      bool first = !w.failing;
      w.failing = true;
      if (first || now - w.reported >= kReportEvery) {
        event = BackgroundEvent{std::string(work), false, w.error, w.kind, w.unreported};
        w.reported = now;
        w.unreported = 0;
      }
    }
  }
  if (event && report_) report_(*event);
}

void BackgroundHealth::Fill(EngineStats& stats) const {
  std::lock_guard lock(mutex_);
  for (const char* work : {"group", "timers", "flush", "store"})
    stats.background_failures[work] = 0;
  for (const auto& [work, w] : works_) {
    stats.background_failures[work] = w.failures;
    if (w.failing) stats.failing[work] = w.error;
  }
}

}  // namespace parcours::engine
