#include "cli/progress_bar.h"

#include <algorithm>
#include <ostream>

namespace parcours::cli {

namespace {
constexpr int kWidth = 30;
}

ProgressBar::ProgressBar(std::ostream& out, bool enabled, std::int64_t total, std::string unit)
    : out_(out),
      enabled_(enabled),
      total_(total),
      unit_(std::move(unit)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - std::chrono::seconds(1)) {}

void ProgressBar::Update(std::int64_t done) {
  done_ = done;
  if (!enabled_ || finished_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && !(total_ > 0 && done_ >= total_)) {
    return;
  }
  last_draw_ = now;
  Draw();
}

void ProgressBar::Finish() {
  if (!enabled_ || finished_) return;
  if (drawn_ != done_) Draw();
  out_ << "\n" << std::flush;
  finished_ = true;
}

void ProgressBar::Draw() {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string line = "\r";
  if (total_ > 0) {
    int filled = static_cast<int>(kWidth * std::min<std::int64_t>(done_, total_) / total_);
    line += "[" + std::string(static_cast<std::size_t>(filled), '#') +
            std::string(static_cast<std::size_t>(kWidth - filled), '-') + "] ";
    std::string percent = std::to_string(100 * std::min<std::int64_t>(done_, total_) / total_);
    line += std::string(3 - std::min<std::size_t>(3, percent.size()), ' ') + percent + "%  ";
    line += std::to_string(done_) + "/" + std::to_string(total_) + " " + unit_;
  } else {
    line += std::to_string(done_) + " " + unit_;
  }
  if (seconds > 0.05) {
    line += "  " + std::to_string(static_cast<std::int64_t>(static_cast<double>(done_) / seconds)) +
            "/s";
  }
  out_ << line << "\x1b[K" << std::flush;  // \x1b[K clears what a longer line left
  drawn_ = done_;
}

}  // namespace parcours::cli
