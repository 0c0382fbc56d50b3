// What the store's backends share, and nothing outside src/store needs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parcours/store.h"

namespace parcours::store_internal {

// Every table, in enum order; kAllTables[TableIndex(t)] == t.
inline constexpr std::array<Table, kTableCount> kAllTables = {
    Table::kMeta,   Table::kJourneys, Table::kInstances, Table::kTimers,    Table::kOutbox,
    Table::kDedupe, Table::kCounters, Table::kProfiles,  Table::kAudiences, Table::kHistory,
};
static_assert(static_cast<std::size_t>(Table::kHistory) + 1 == kTableCount,
              "kAllTables and kTableCount must list every Table");

constexpr std::size_t TableIndex(Table table) { return static_cast<std::size_t>(table); }

// The value of a counter after WriteBatch::Add(delta), the one rule every backend follows
// (RocksDB's merge operator included):
//   - no value:                 the counter was 0, so the result is EncodeCounter(delta);
//   - a counter (8 bytes):      the sum, wrapping around on overflow (two's complement);
//   - anything else:            left as it is, the add is dropped, so that DecodeCounter keeps
//                               reporting the corrupt value instead of it being silently reset.
// The last rule never fails: a failing RocksDB merge operator would stop compactions.
std::string AddToCounter(std::optional<std::string_view> existing, std::int64_t delta);

}  // namespace parcours::store_internal
