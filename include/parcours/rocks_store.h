// The embedded RocksDB backend of the store (parcours/store.h). Only this header names it;
// RocksDB's own headers stay inside src/store.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "parcours/error.h"
#include "parcours/store.h"

namespace parcours {

struct RocksStoreOptions {
  bool create_if_missing = true;
  // Opens without writing anything (no log replay into new files, no lock taken): every Write
  // fails with kFailedPrecondition. For `parcoursd --check`.
  bool read_only = false;
  std::size_t block_cache_bytes = 64u << 20;   // shared by all tables
  std::size_t write_buffer_bytes = 32u << 20;  // per table memtable
};

// Opens (or creates) the RocksDB database in `directory`, one column family per Table, a merge
// operator for counters. Fails with kUnavailable, the message naming the directory, when the
// directory cannot be used (open by another process or another handle in this one, missing
// without create_if_missing, unreadable, corrupt). Destroying the Store closes the database;
// Flush() syncs its write-ahead log. Options and layout: src/store/rocks_store.cc.
Result<std::unique_ptr<Store>> OpenRocksStore(const std::filesystem::path& directory,
                                              const RocksStoreOptions& options = {});

// What VerifyRocksStore found: the table files whose block checksums were verified, and each
// problem (the file or table, and RocksDB's own words).
struct RocksVerification {
  std::vector<std::string> files;
  std::vector<std::string> problems;
};

// Opens the data directory read-only and verifies the checksum of every block of every table
// file (RocksDB's VerifyChecksum). Fails (kUnavailable, kDataLoss) only when it cannot be opened.
Result<RocksVerification> VerifyRocksStore(const std::filesystem::path& directory);

// Writes every table's memtable to table files and compacts them (tests, and what a backup or
// `--check` of a quiet directory wants to see on disk). The directory must not be open elsewhere.
Status CompactRocksStore(const std::filesystem::path& directory);

}  // namespace parcours
