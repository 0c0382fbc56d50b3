// The in-memory store (NewMemoryStore, parcours/store.h), for tests.
//
// Each table is a std::map from a key to its versions, oldest first. Every Write takes the next
// sequence number and gives each key it touches a version (sequence, value or tombstone); a
// version's value is the key's value from that Write on. Get reads the newest version.
//
// A Scan sees the store as of the sequence number current when it starts (its snapshot): it
// registers that number, then reads the table a chunk at a time, holding the lock only while it
// copies a chunk and calling the visitor with the lock released (so a visitor may itself read or
// write the store, and a long scan does not hold writers back). A scan costs what it visits, not
// the size of its range. Versions no running scan can see any more are dropped by the Write that
// supersedes them or, when a scan held them back, as soon as the oldest scan ends.
//
// Durability is ignored: nothing survives the Store object.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <utility>
#include <vector>

#include "parcours/store.h"
#include "store/store_internal.h"

namespace parcours {
namespace {

using store_internal::TableIndex;

class MemoryStore final : public Store {
 public:
  Result<std::optional<std::string>> Get(Table table, std::string_view key) override {
    std::shared_lock lock(mu_);
    return Latest(table, key);
  }

  Result<std::vector<std::optional<std::string>>> MultiGet(
      Table table, std::span<const std::string> keys) override {
    std::vector<std::optional<std::string>> values;
    values.reserve(keys.size());
    std::shared_lock lock(mu_);
    for (const std::string& key : keys) values.push_back(Latest(table, key));
    return values;
  }

  Status Write(const WriteBatch& batch, Durability /*durability*/) override {
    if (batch.empty()) return {};
    std::unique_lock lock(mu_);
    const std::uint64_t sequence = ++sequence_;
    for (const WriteBatch::Op& op : batch.ops()) {
      switch (op.kind) {
        case WriteBatch::Kind::kPut:
          SetVersion(op.table, op.key, sequence, op.value);
          break;
        case WriteBatch::Kind::kDelete:
          SetVersion(op.table, op.key, sequence, std::nullopt);
          break;
        case WriteBatch::Kind::kAdd: {
          std::optional<std::string> current = Latest(op.table, op.key);
          SetVersion(op.table, op.key, sequence, store_internal::AddToCounter(current, op.delta));
          break;
        }
      }
    }
    return {};
  }

  Status Scan(Table table, std::string_view begin, std::string_view end,
              const Visitor& visit) override {
    const ScanRegistration registration(*this);
    const TableMap& map = tables_[TableIndex(table)];
    std::string last_examined;  // where the next chunk starts (after it)
    bool first_chunk = true;
    std::vector<std::pair<std::string, std::string>> chunk;
    while (true) {
      chunk.clear();
      bool more = false;
      {
        std::shared_lock lock(mu_);
        auto it = first_chunk ? map.lower_bound(begin) : map.upper_bound(last_examined);
        std::size_t examined = 0;
        for (; it != map.end() && InRange(it->first, end) && examined < kChunkKeys;
             ++it, ++examined) {
          last_examined = it->first;
          if (const std::string* value = VisibleAt(it->second, registration.snapshot)) {
            chunk.emplace_back(it->first, *value);
          }
        }
        more = it != map.end() && InRange(it->first, end);
      }
      first_chunk = false;
      for (const auto& [key, value] : chunk) {
        if (!visit(key, value)) return {};
      }
      if (!more) return {};
    }
  }

  Status Flush() override { return {}; }

 private:
  struct Version {
    std::uint64_t sequence;
    std::optional<std::string> value;  // nullopt: deleted
  };
  using Versions = std::vector<Version>;  // oldest first, never empty in a map
  using TableMap = std::map<std::string, Versions, std::less<>>;

  // How many keys a scan examines per lock acquisition.
  static constexpr std::size_t kChunkKeys = 256;

  // Registers a scan's snapshot for its lifetime.
  class ScanRegistration {
   public:
    explicit ScanRegistration(MemoryStore& store) : store_(store) {
      std::unique_lock lock(store_.mu_);
      snapshot = store_.sequence_;
      store_.scans_.insert(snapshot);
    }
    ~ScanRegistration() { store_.EndScan(snapshot); }
    ScanRegistration(const ScanRegistration&) = delete;
    ScanRegistration& operator=(const ScanRegistration&) = delete;

    std::uint64_t snapshot = 0;

   private:
    MemoryStore& store_;
  };

  static bool InRange(std::string_view key, std::string_view end) {
    return end.empty() || key < end;
  }

  // The value a scan at `snapshot` sees, or nullptr.
  static const std::string* VisibleAt(const Versions& versions, std::uint64_t snapshot) {
    for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
      if (it->sequence <= snapshot) return it->value ? &*it->value : nullptr;
    }
    return nullptr;
  }

  // REQUIRES: mu_ held (shared or exclusive).
  std::optional<std::string> Latest(Table table, std::string_view key) const {
    const TableMap& map = tables_[TableIndex(table)];
    auto it = map.find(key);
    if (it == map.end()) return std::nullopt;
    return it->second.back().value;
  }

  // Gives `key` the value `value` (nullopt: deleted) from `sequence` on.
  // REQUIRES: mu_ held exclusively; `sequence` is the newest sequence number.
  void SetVersion(Table table, std::string_view key, std::uint64_t sequence,
                  std::optional<std::string> value) {
    TableMap& map = tables_[TableIndex(table)];
    auto it = map.find(key);
    if (it == map.end()) {
      if (!value.has_value()) return;
      it = map.emplace(std::string(key), Versions{}).first;
    }
    Versions& versions = it->second;
    if (!versions.empty() && versions.back().sequence == sequence) {
      versions.back().value = std::move(value);  // a later op of the same batch wins
    } else {
      versions.push_back(Version{sequence, std::move(value)});
    }
    if (!Prune(map, it)) to_prune_.emplace(table, std::string(key));
  }

  // Drops the versions of `it` no running or future scan can see; erases the key when nothing
  // is left but a deletion. Returns true when only the newest version is left (or none).
  // REQUIRES: mu_ held exclusively.
  bool Prune(TableMap& map, TableMap::iterator it) {
    const std::uint64_t floor = scans_.empty() ? sequence_ : *scans_.begin();
    Versions& versions = it->second;
    // Every snapshot >= floor needs at most the newest version at or before floor.
    std::size_t keep_from = 0;
    for (std::size_t i = versions.size(); i-- > 0;) {
      if (versions[i].sequence <= floor) {
        keep_from = i;
        break;
      }
    }
    // A leading deletion means the same as no version at all.
    while (keep_from < versions.size() && !versions[keep_from].value.has_value()) ++keep_from;
    versions.erase(versions.begin(), versions.begin() + static_cast<std::ptrdiff_t>(keep_from));
    if (versions.empty()) {
      map.erase(it);
      return true;
    }
    return versions.size() == 1;
  }

  void EndScan(std::uint64_t snapshot) {
    std::unique_lock lock(mu_);
    const std::uint64_t old_floor = *scans_.begin();
    scans_.erase(scans_.find(snapshot));
    const std::uint64_t new_floor = scans_.empty() ? sequence_ : *scans_.begin();
    if (new_floor == old_floor) return;
    for (auto next = to_prune_.begin(); next != to_prune_.end();) {
      const auto& [table, key] = *next;
      TableMap& map = tables_[TableIndex(table)];
      auto it = map.find(key);
      if (it == map.end() || Prune(map, it)) {
        next = to_prune_.erase(next);
      } else {
        ++next;
      }
    }
  }

  std::shared_mutex mu_;
  std::array<TableMap, kTableCount> tables_;  // guarded by mu_
  std::uint64_t sequence_ = 0;                // guarded by mu_: the last Write's
  std::multiset<std::uint64_t> scans_;        // guarded by mu_: snapshots of running scans
  // Guarded by mu_: keys that may hold versions kept only for a running scan.
  std::set<std::pair<Table, std::string>> to_prune_;
};

}  // namespace

std::unique_ptr<Store> NewMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace parcours
