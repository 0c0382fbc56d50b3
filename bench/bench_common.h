// Shared pieces of the whole-engine benchmarks (bench/README in docs/benchmarks.md): argument
// parsing, percentiles, the process's resident memory and CPU time, bytes on disk, a store
// wrapper that counts what the engine writes, and the result lines scripts/run-bench reads.
//
// Result lines go to standard output as `RESULT <key> <value>`; everything else a benchmark
// prints is for people. A benchmark that cannot finish its workload correctly exits non-zero.
#pragma once

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/engine.h"
#include "parcours/store.h"

namespace parcours::bench {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

inline long long ArgInt(int argc, char** argv, const char* name, long long fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string_view(argv[i]) == name) return std::atoll(argv[i + 1]);
  }
  return fallback;
}

inline double ArgDouble(int argc, char** argv, const char* name, double fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string_view(argv[i]) == name) return std::atof(argv[i + 1]);
  }
  return fallback;
}

inline std::string ArgString(int argc, char** argv, const char* name, std::string fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string_view(argv[i]) == name) return argv[i + 1];
  }
  return fallback;
}

inline bool ArgFlag(int argc, char** argv, const char* name) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == name) return true;
  }
  return false;
}

// The q-quantile (0..1) of `values` by the nearest-rank method; 0 when empty.
inline double Percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(q * static_cast<double>(values.size()));
  return values[std::min(rank, values.size() - 1)];
}

// VmRSS of this process, in bytes.
inline std::int64_t ResidentBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::atoll(line.c_str() + 6) * 1024;
  }
  return 0;
}

// User + system CPU time of this process, in seconds.
inline double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Bytes allocated on disk under `dir`, as `du` counts them (blocks, not apparent sizes).
inline std::int64_t DiskBytes(const std::filesystem::path& dir) {
  std::int64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      total += static_cast<std::int64_t>(st.st_blocks) * 512;
    }
  }
  return total;
}

// A fresh directory under the system temp directory (or under $PARCOURS_BENCH_DIR), removed with
// everything in it unless `keep`.
class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    const char* base = std::getenv("PARCOURS_BENCH_DIR");
    std::filesystem::path root = base != nullptr && *base != '\0'
                                     ? std::filesystem::path(base)
                                     : std::filesystem::temp_directory_path();
    std::filesystem::create_directories(root);
    path_ = root / ("parcours-bench-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline void Emit(std::string_view key, double value) {
  std::printf("RESULT %.*s %.6g\n", static_cast<int>(key.size()), key.data(), value);
  std::fflush(stdout);
}

// A child process (parcoursd) that Die kills before exiting, so none is left behind.
inline std::atomic<pid_t> child_to_kill{-1};

[[noreturn]] inline void Die(const std::string& what) {
  std::fprintf(stderr, "FAILED: %s\n", what.c_str());
  if (pid_t child = child_to_kill.load(); child > 0) ::kill(child, SIGKILL);
  std::fflush(stderr);
  std::_Exit(1);
}

// Stops with the error's message when `r` holds one.
template <typename R>
void Check(const R& r, const std::string& what) {
  if (!r) Die(what + ": " + r.error().message());
}

// Forwards to another store and counts, per table and kind of operation, the operations and
// bytes of every batch written: what the engine writes per event, for the raw-RocksDB limit.
class CountingStore final : public Store {
 public:
  struct Count {
    std::int64_t ops = 0;
    std::int64_t key_bytes = 0;
    std::int64_t value_bytes = 0;
  };
  static constexpr std::size_t kKinds = 3;  // WriteBatch::Kind
  using Counts = std::array<std::array<Count, kKinds>, kTableCount>;

  explicit CountingStore(Store& inner) : inner_(inner) {}

  Result<std::optional<std::string>> Get(Table table, std::string_view key) override {
    return inner_.Get(table, key);
  }
  Result<std::vector<std::optional<std::string>>> MultiGet(
      Table table, std::span<const std::string> keys) override {
    return inner_.MultiGet(table, keys);
  }
  Status Write(const WriteBatch& batch, Durability durability) override {
    {
      std::lock_guard lock(mutex_);
      ++writes_;
      for (const WriteBatch::Op& op : batch.ops()) {
        Count& c = counts_[static_cast<std::size_t>(op.table)][static_cast<std::size_t>(op.kind)];
        ++c.ops;
        c.key_bytes += static_cast<std::int64_t>(op.key.size());
        c.value_bytes += static_cast<std::int64_t>(
            op.kind == WriteBatch::Kind::kAdd ? sizeof(std::int64_t) : op.value.size());
      }
    }
    return inner_.Write(batch, durability);
  }
  Status Scan(Table table, std::string_view begin, std::string_view end,
              const Visitor& visit) override {
    return inner_.Scan(table, begin, end, visit);
  }
  Status Flush() override { return inner_.Flush(); }

  void Reset() {
    std::lock_guard lock(mutex_);
    counts_ = {};
    writes_ = 0;
  }
  Counts counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
  }
  std::int64_t writes() const {
    std::lock_guard lock(mutex_);
    return writes_;
  }

 private:
  Store& inner_;
  mutable std::mutex mutex_;
  Counts counts_{};
  std::int64_t writes_ = 0;
};

// Publishes a journey given as JSON text, or stops.
void PublishJourney(Engine& engine, const char* json);

// A journey of the 4 activities of issue 6: event entry on `event`, a condition
// (`event.data.amount > 5`), a `log` action, the end tag. With `amount = i % 20`, 70 % of the
// events take the action branch.
std::string IngestJourney(const std::string& id, const std::string& event);

}  // namespace parcours::bench
