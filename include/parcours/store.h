// The store: where everything Parcours knows lives, behind one transactional interface.
//
// A store is a set of tables, each an ordered key space (keys compare bytewise). Changes are
// grouped in a WriteBatch and applied atomically by Write: after a crash either all of a batch
// is there or none of it. Reads are point reads (Get, MultiGet) and ordered range scans (Scan).
//
// Backends: RocksDB on a local directory (the embedded default, one column family per table,
// parcours/rocks_store.h), memory (tests), and a fault-injecting wrapper (tests). The interface
// asks nothing a PostgreSQL-protocol backend cannot do (a table of (key bytea primary key,
// value bytea), INSERT .. ON CONFLICT for Put and Add, DELETE, ordered range SELECT).
//
// Durability of a successful Write, in crash terms:
//   kSync      the batch is on disk (fsync'd) before Write returns: it survives a kill -9 of the
//              process and a machine crash or power loss.
//   kBuffered  the batch is in the operating system's buffers: it survives a kill -9 of the
//              process, not a machine crash.
// Batches written concurrently with kSync share fsyncs (group commit).
//
// Thread-safety: every method may be called from many threads at once. Ordering between two
// concurrent writes to the same key is unspecified; Parcours gives each key one writer (the
// partition that owns it).
//
// Errors: kUnavailable for I/O errors (the batch was not applied; the store may need to be
// reopened), kInvalidArgument for a corrupt counter value (DecodeCounter), kInternal for broken
// invariants.
//
// Tests: src/store/fault_injecting_store.h wraps any Store to fail writes and reads on demand and
// to simulate a machine crash (losing what was not synced).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/error.h"

namespace parcours {

enum class Table : std::uint8_t {
  kMeta,       // the data directory's settings (partition count, format version), clock
  kJourneys,   // journeys: lifecycle and the definition of each version
  kInstances,  // instance state, and per-profile/per-version indexes of instances
  kTimers,     // timers by partition and due time
  kOutbox,     // actions queued for delivery, by partition
  kDedupe,     // event ids seen, and their expiry index
  kCounters,   // report counters (Add), all time and per-minute buckets
  kProfiles,   // profile attributes
  kAudiences,  // audience definitions
  kHistory,    // per-instance step history
};
inline constexpr std::size_t kTableCount = 10;

// "meta", "journeys", "instances", ... (also the RocksDB column family names).
const char* TableName(Table table);

enum class Durability { kSync, kBuffered };

// A group of changes applied all or nothing. Keys and values are copied in.
class WriteBatch {
 public:
  enum class Kind : std::uint8_t { kPut, kDelete, kAdd };
  struct Op {
    Kind kind;
    Table table;
    std::string key;
    std::string value;       // kPut
    std::int64_t delta = 0;  // kAdd
  };

  void Put(Table table, std::string_view key, std::string_view value);
  void Delete(Table table, std::string_view key);
  // Adds `delta` to the counter at `key` (a missing counter is 0); the sum wraps around on
  // overflow. Counters are read with Get and DecodeCounter. Adding to a value that is not a
  // counter (not 8 bytes) leaves that value as it is, so DecodeCounter keeps reporting it with
  // kInvalidArgument: RocksDB applies adds lazily (a merge) and cannot refuse one at Write.
  void Add(Table table, std::string_view key, std::int64_t delta);
  // Appends every change of `other`, in order.
  void Append(const WriteBatch& other);
  void Append(WriteBatch&& other);
  void Clear() { ops_.clear(); }

  bool empty() const { return ops_.empty(); }
  std::size_t size() const { return ops_.size(); }
  const std::vector<Op>& ops() const { return ops_; }

 private:
  std::vector<Op> ops_;
};

// A counter's stored value (8 bytes, little-endian two's complement) and back.
std::string EncodeCounter(std::int64_t value);
Result<std::int64_t> DecodeCounter(std::string_view bytes);

class Store {
 public:
  virtual ~Store() = default;

  // The value at `key`, or nullopt when there is none.
  virtual Result<std::optional<std::string>> Get(Table table, std::string_view key) = 0;

  // The values at `keys`, in the same order.
  virtual Result<std::vector<std::optional<std::string>>> MultiGet(
      Table table, std::span<const std::string> keys) = 0;

  // Applies `batch` atomically (within and across tables). Later operations on the same key
  // win over earlier ones in the batch. An empty batch succeeds at once.
  virtual Status Write(const WriteBatch& batch, Durability durability) = 0;

  // Calls `visit(key, value)` for each key in [begin, end) in key order; an empty `end` means
  // the end of the table. Stops early when `visit` returns false. The views are valid only
  // during the call. Sees a consistent snapshot taken when the scan starts: writes made while it
  // runs, including by `visit` itself (which may call the store), are not seen.
  using Visitor = std::function<bool(std::string_view key, std::string_view value)>;
  virtual Status Scan(Table table, std::string_view begin, std::string_view end,
                      const Visitor& visit) = 0;

  // Makes everything written so far durable (fsync), as kSync would have. For shutdown.
  virtual Status Flush() = 0;
};

// The smallest key greater than every key starting with `prefix` (for Scan's `end`); empty
// when there is none (prefix all 0xff).
std::string PrefixEnd(std::string_view prefix);

// A store in memory, for tests; Durability is ignored and nothing outlives the object.
// Thread-safe, with snapshot scans, like the other backends.
std::unique_ptr<Store> NewMemoryStore();

}  // namespace parcours
