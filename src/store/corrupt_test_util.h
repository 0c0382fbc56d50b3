// For tests of corrupt data directories: flushes a RocksDB data directory to table files and
// damages the table files of one table, as a bad disk sector would.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "parcours/rocks_store.h"

namespace parcours::store_test {

// Compacts `directory` (not open elsewhere) so everything is in table files, then overwrites 64
// bytes every 2 KiB in the first half of each table file of `table` (its data blocks; the index
// and footer at the end stay whole, so the directory still opens). Returns how many files were
// damaged (0: the table holds no record).
inline int CorruptTableFiles(const std::filesystem::path& directory, std::string_view table) {
  if (!CompactRocksStore(directory)) return 0;
  auto verified = VerifyRocksStore(directory);
  if (!verified) return 0;
  int damaged = 0;
  const std::string prefix = std::string(table) + ": ";
  for (const std::string& file : verified->files) {
    if (!file.starts_with(prefix)) continue;
    std::filesystem::path path =
        directory / std::filesystem::path(file.substr(prefix.size())).relative_path();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    std::fstream out(path, std::ios::in | std::ios::out | std::ios::binary);
    if (ec || !out) continue;
    for (std::uintmax_t at = 8; at + 64 < size / 2; at += 2048) {
      out.seekp(static_cast<std::streamoff>(at));
      out.write(std::string(64, '\xa5').data(), 64);
    }
    if (out) ++damaged;
  }
  return damaged;
}

}  // namespace parcours::store_test
