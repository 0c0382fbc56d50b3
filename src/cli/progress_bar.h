// ProgressBar: one line redrawn in place on a terminal ("\r[#####-----]  50%  5000/10000 events
// 3120/s"). Made for stderr when it is a terminal; when `enabled` is false every call does
// nothing, so callers need not test for a terminal themselves. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

namespace parcours::cli {

class ProgressBar {
 public:
  // `total` 0: unknown (no bar, only the count). `out` must outlive the bar.
  ProgressBar(std::ostream& out, bool enabled, std::int64_t total, std::string unit);

  // Redraws with `done` units done; at most ten times a second unless `done` reaches the total.
  void Update(std::int64_t done);
  // Draws the final state and ends the line. Idempotent.
  void Finish();

 private:
  void Draw();

  std::ostream& out_;
  bool enabled_;
  std::int64_t total_;
  std::string unit_;
  std::int64_t done_ = 0;
  std::int64_t drawn_ = -1;  // `done_` when last drawn
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace parcours::cli
