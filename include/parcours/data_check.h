// `parcoursd --check DIR`: verifies a data directory offline, without changing it.
//
// Two levels: RocksDB's (the checksum of every block of every table file) and Parcours' (the
// directory's format and partition count; every record of every table read back: journeys,
// instance states, timers, queued actions, counters, profiles and history each decode). A
// directory in use by a running parcoursd can be checked too (read-only; it sees what was
// written to table files and the log when the check started).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "parcours/error.h"

namespace parcours {

struct DataCheck {
  std::string format;  // the directory's format ("parcours-2")
  int partitions = 0;
  std::size_t files_verified = 0;               // table files whose blocks were checksummed
  std::map<std::string, std::int64_t> records;  // by table name
  // Each problem says where (a file, or a table and a key written with \xNN for other bytes)
  // and what. At most kMaxProblems are kept; `more_problems` counts the rest.
  std::vector<std::string> problems;
  std::int64_t more_problems = 0;
  static constexpr std::size_t kMaxProblems = 100;

  bool ok() const { return problems.empty(); }
};

// Fails only when the directory cannot be opened at all (missing: kNotFound; unreadable or
// locked: kUnavailable; too corrupt to open: kDataLoss).
Result<DataCheck> CheckDataDirectory(const std::filesystem::path& directory);

}  // namespace parcours
