// Writes of a group of inputs not yet committed, readable before they are.
//
// A partition processes a group of inputs and commits them in one WriteBatch (group commit).
// Later inputs of the group must see what earlier ones wrote, so reads go through the overlay
// first and fall back to the store. Counters (Add) are write-only. Not thread-safe: one
// partition's thread owns it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "parcours/store.h"

namespace parcours::engine {

class Overlay {
 public:
  explicit Overlay(Store& store) : store_(store) {}

  Result<std::optional<std::string>> Get(Table table, std::string_view key);
  void Put(Table table, std::string_view key, std::string_view value);
  // As Put, for a key that cannot exist in the store yet (a fresh timer, outbox record or index
  // entry): deleting it later in the same group then writes nothing at all.
  void PutNew(Table table, std::string_view key, std::string_view value);
  void Delete(Table table, std::string_view key);
  void Add(Table table, std::string_view key, std::int64_t delta);
  // Deletes every key starting with `prefix`, in the store and in the group's writes, and drops
  // the group's counter additions to such keys.
  Status DeletePrefix(Table table, std::string_view prefix);

  // Visits keys starting with `prefix` in order, the overlay's writes merged over the store's.
  Status ScanPrefix(Table table, std::string_view prefix, const Store::Visitor& visit);

  // The group's batch: the final state of each key written (a key written twice is written
  // once; one created and deleted in the group not at all), counters summed per key, in table
  // and key order (RocksDB's memtable inserts sorted keys far faster). Call after the last
  // write; later calls return the same batch.
  const WriteBatch& Seal();
  // Seals and hands the batch over (the overlay keeps an empty one).
  WriteBatch TakeSealed();
  bool empty() const { return writes_.empty() && adds_.empty(); }
  void Clear();

 private:
  using Key = std::pair<Table, std::string>;
  Store& store_;
  WriteBatch batch_;
  std::map<Key, std::optional<std::string>> writes_;  // nullopt: deleted
  std::map<Key, std::int64_t> adds_;
  std::set<Key> created_;  // keys put with PutNew and not deleted since
  bool sealed_ = false;
};

}  // namespace parcours::engine
