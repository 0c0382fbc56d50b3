// The RocksDB backend of the store (parcours/rocks_store.h). The only file that includes
// RocksDB's headers.
//
// Layout: one column family per Table, named TableName(table); the "default" column family
// exists (RocksDB requires it) and stays empty. Column families found on disk that this version
// does not know are opened with the generic options and left alone, so a newer data directory
// still opens. Every column family has the counter merge operator, since Add may target any
// table.
//
// Durability and atomicity: a Write is one rocksdb::WriteBatch, one record in the write-ahead
// log, so a crash keeps all of it or none of it (recovery drops a torn record at the log's tail,
// WALRecoveryMode::kPointInTimeRecovery). The log is written with write(2) before Write returns
// (kBuffered survives kill -9) and, with WriteOptions::sync (kSync), fdatasync'd too.
//
// Group commit: concurrent Write calls queue in RocksDB's write thread; the first in the queue
// becomes the group's leader, appends every queued batch to the log in one write and syncs it
// once for all of them, then each writer returns. So N partitions writing kSync at once cost
// about one fsync, not N. (A kBuffered leader does not take kSync followers into its group.)
//
// Thread-safety: rocksdb::DB is thread-safe; this class adds no state after opening.
#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/status.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/table_properties_collectors.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "parcours/rocks_store.h"
#include "store/store_internal.h"

namespace parcours {
namespace {

using store_internal::kAllTables;
using store_internal::TableIndex;

std::string_view View(const rocksdb::Slice& slice) { return {slice.data(), slice.size()}; }
rocksdb::Slice ToSlice(std::string_view view) { return {view.data(), view.size()}; }

// Transient or environmental failures are kUnavailable (the caller may retry, or reopen);
// corrupt data is kDataLoss (no retry can help); anything else means we called RocksDB wrongly.
Error ErrorFrom(const rocksdb::Status& status, const std::string& what) {
  std::string message = what + ": " + status.ToString();
  if (status.IsCorruption()) return Error::DataLoss(std::move(message));
  if (status.IsInvalidArgument() || status.IsNotSupported()) {
    return Error::Internal(std::move(message));
  }
  // IOError (including no space and a lock held elsewhere), Busy, TimedOut, TryAgain,
  // Incomplete, Aborted, ShutdownInProgress, MemoryLimit.
  return Error::Unavailable(std::move(message));
}

// Adds 8-byte little-endian deltas (WriteBatch::Add) following store_internal::AddToCounter.
// Never fails: a failed merge would put RocksDB in a background error state at compaction.
class CounterMergeOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing_value,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    // Operands are written by Write as EncodeCounter(delta); one that is not (impossible) adds 0.
    const std::int64_t delta = DecodeCounter(View(value)).value_or(0);
    std::optional<std::string_view> existing;
    if (existing_value != nullptr) existing = View(*existing_value);
    *new_value = store_internal::AddToCounter(existing, delta);
    return true;
  }
  const char* Name() const override { return "parcours.CounterAdd"; }
};

bool IsPointLookupTable(Table table) {
  return table == Table::kInstances || table == Table::kDedupe || table == Table::kProfiles ||
         table == Table::kJourneys;
}

// Queue-like tables: keys are inserted, read once in order and deleted.
bool IsQueueTable(Table table) {
  return table == Table::kTimers || table == Table::kOutbox || table == Table::kDedupe;
}

rocksdb::DBOptions MakeDBOptions(const RocksStoreOptions& options) {
  rocksdb::DBOptions db;
  db.create_if_missing = options.create_if_missing;
  db.create_missing_column_families = true;
  db.max_background_jobs = 2;
  db.bytes_per_sync = 1u << 20;  // smooth SST writeback instead of one big fsync per file
  // With ten column families sharing one log, a rarely written table would otherwise keep old
  // log files alive; past this size RocksDB flushes the tables holding the oldest log.
  db.max_total_wal_size = 4 * options.write_buffer_bytes;
  // Past this much memtable memory in all tables together, the largest one is flushed.
  db.db_write_buffer_size = 4 * options.write_buffer_bytes;
  db.keep_log_file_num = 5;
  db.max_log_file_size = 8u << 20;
  return db;
}

rocksdb::ColumnFamilyOptions MakeTableOptions(const RocksStoreOptions& options,
                                              const std::shared_ptr<rocksdb::Cache>& cache,
                                              const std::shared_ptr<rocksdb::MergeOperator>& merge,
                                              std::optional<Table> table) {
  rocksdb::ColumnFamilyOptions cf;
  cf.write_buffer_size = options.write_buffer_bytes;
  cf.merge_operator = merge;
  // Batches arrive sorted: each insert starts from where the previous one of the batch went
  // instead of from the skip list's top.
  cf.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(1));
  cf.compaction_style = rocksdb::kCompactionStyleLevel;
  cf.level_compaction_dynamic_level_bytes = true;

  const std::vector<rocksdb::CompressionType> supported = rocksdb::GetSupportedCompressions();
  const bool has_lz4 =
      std::find(supported.begin(), supported.end(), rocksdb::kLZ4Compression) != supported.end();
  cf.compression_per_level.assign(static_cast<std::size_t>(cf.num_levels),
                                  has_lz4 ? rocksdb::kLZ4Compression : rocksdb::kNoCompression);
  cf.compression_per_level[0] = rocksdb::kNoCompression;  // L0 is short-lived

  rocksdb::BlockBasedTableOptions blocks;
  blocks.block_cache = cache;
  blocks.cache_index_and_filter_blocks = true;  // their memory counts in the shared cache
  blocks.cache_index_and_filter_blocks_with_high_priority = true;
  blocks.pin_l0_filter_and_index_blocks_in_cache = true;
  // Index and filter in partitions of about a block each, found through a small top level kept
  // in the cache: a file holding millions of short keys has a filter of megabytes, larger than a
  // cache shard, which a whole-file filter would re-read from disk on every lookup.
  blocks.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  blocks.pin_top_level_index_and_filter = true;
  if (table.has_value() && IsPointLookupTable(*table)) {
    blocks.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    blocks.partition_filters = true;
  }
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(blocks));

  if (table.has_value() && IsQueueTable(*table)) {
    // Compact files dense in deletions, so ordered scans over the queue's head stay cheap.
    cf.table_properties_collector_factories.push_back(
        rocksdb::NewCompactOnDeletionCollectorFactory(/*sliding_window_size=*/64 * 1024,
                                                      /*deletion_trigger=*/16 * 1024));
  }
  return cf;
}

class RocksStore final : public Store {
 public:
  // Takes ownership of `db` and of every handle.
  RocksStore(rocksdb::DB* db, std::array<rocksdb::ColumnFamilyHandle*, kTableCount> tables,
             std::vector<rocksdb::ColumnFamilyHandle*> others, bool read_only)
      : db_(db), tables_(tables), others_(std::move(others)), read_only_(read_only) {}

  ~RocksStore() override {
    for (rocksdb::ColumnFamilyHandle* handle : tables_) db_->DestroyColumnFamilyHandle(handle);
    for (rocksdb::ColumnFamilyHandle* handle : others_) db_->DestroyColumnFamilyHandle(handle);
    // Close waits for background work; its status has nowhere to go from a destructor, and
    // everything acknowledged is already in the log.
    (void)db_->Close();
    delete db_;
  }

  RocksStore(const RocksStore&) = delete;
  RocksStore& operator=(const RocksStore&) = delete;

  Result<std::optional<std::string>> Get(Table table, std::string_view key) override {
    rocksdb::PinnableSlice value;
    rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), Handle(table), ToSlice(key), &value);
    if (status.IsNotFound()) return std::nullopt;
    if (!status.ok()) return Fail(ErrorFrom(status, ReadWhat(table)));
    return std::string(View(value));
  }

  Result<std::vector<std::optional<std::string>>> MultiGet(
      Table table, std::span<const std::string> keys) override {
    std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
    std::vector<rocksdb::PinnableSlice> values(keys.size());
    std::vector<rocksdb::Status> statuses(keys.size());
    db_->MultiGet(rocksdb::ReadOptions(), Handle(table), keys.size(), slices.data(), values.data(),
                  statuses.data());
    std::vector<std::optional<std::string>> result;
    result.reserve(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (statuses[i].IsNotFound()) {
        result.emplace_back();
      } else if (!statuses[i].ok()) {
        return Fail(ErrorFrom(statuses[i], ReadWhat(table)));
      } else {
        result.emplace_back(View(values[i]));
      }
    }
    return result;
  }

  Status Write(const WriteBatch& batch, Durability durability) override {
    if (batch.empty()) return {};
    if (read_only_) {
      return Fail(Error::FailedPrecondition("the store was opened read-only: nothing is written"));
    }
    rocksdb::WriteBatch rocks_batch;
    for (const WriteBatch::Op& op : batch.ops()) {
      rocksdb::ColumnFamilyHandle* handle = Handle(op.table);
      rocksdb::Status status;
      switch (op.kind) {
        case WriteBatch::Kind::kPut:
          status = rocks_batch.Put(handle, ToSlice(op.key), ToSlice(op.value));
          break;
        case WriteBatch::Kind::kDelete:
          status = rocks_batch.Delete(handle, ToSlice(op.key));
          break;
        case WriteBatch::Kind::kAdd:
          status = rocks_batch.Merge(handle, ToSlice(op.key), EncodeCounter(op.delta));
          break;
      }
      if (!status.ok()) return Fail(ErrorFrom(status, "cannot build a write batch"));
    }
    rocksdb::WriteOptions write_options;
    write_options.sync = durability == Durability::kSync;
    rocksdb::Status status = db_->Write(write_options, &rocks_batch);
    if (!status.ok()) return Fail(ErrorFrom(status, "cannot write to the store"));
    return {};
  }

  Status Scan(Table table, std::string_view begin, std::string_view end,
              const Visitor& visit) override {
    rocksdb::ReadOptions read_options;
    const rocksdb::Slice upper_bound = ToSlice(end);
    if (!end.empty()) read_options.iterate_upper_bound = &upper_bound;
    // An iterator reads the implicit snapshot taken when it is created: a consistent view.
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, Handle(table)));
    for (it->Seek(ToSlice(begin)); it->Valid(); it->Next()) {
      if (!visit(View(it->key()), View(it->value()))) return {};
    }
    if (!it->status().ok()) return Fail(ErrorFrom(it->status(), ReadWhat(table)));
    return {};
  }

  Status Flush() override {
    if (read_only_) return {};  // nothing was written
    rocksdb::Status status = db_->FlushWAL(/*sync=*/true);
    if (!status.ok()) return Fail(ErrorFrom(status, "cannot sync the store's log"));
    return {};
  }

 private:
  rocksdb::ColumnFamilyHandle* Handle(Table table) const { return tables_[TableIndex(table)]; }

  static std::string ReadWhat(Table table) {
    return std::string("cannot read table ") + TableName(table);
  }

  rocksdb::DB* db_;                                               // owned
  std::array<rocksdb::ColumnFamilyHandle*, kTableCount> tables_;  // owned, by TableIndex
  std::vector<rocksdb::ColumnFamilyHandle*> others_;              // owned: "default", unknown
  bool read_only_;
};

}  // namespace

namespace {

// Every column family of the directory, this version's tables first in TableIndex order, then
// "default" and any this version does not know.
std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors(const std::filesystem::path& directory,
                                                         const rocksdb::DBOptions& db_options,
                                                         const RocksStoreOptions& options) {
  // Few shards (4 MB each at 64 MB), and half of the cache kept for index and filter blocks.
  const std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(
      options.block_cache_bytes, /*num_shard_bits=*/4, /*strict_capacity_limit=*/false,
      /*high_pri_pool_ratio=*/0.5);
  const auto merge = std::make_shared<CounterMergeOperator>();

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (Table table : kAllTables) {
    descriptors.emplace_back(TableName(table), MakeTableOptions(options, cache, merge, table));
  }
  // Every column family on disk must be opened: "default" and any this version does not know.
  std::vector<std::string> existing;
  if (!rocksdb::DB::ListColumnFamilies(db_options, directory.string(), &existing).ok()) {
    existing.clear();  // a new directory; DB::Open reports any real problem
  }
  existing.push_back(rocksdb::kDefaultColumnFamilyName);
  for (const std::string& name : existing) {
    const bool known = std::any_of(descriptors.begin(), descriptors.end(),
                                   [&](const auto& d) { return d.name == name; });
    if (!known) {
      descriptors.emplace_back(name, MakeTableOptions(options, cache, merge, std::nullopt));
    }
  }
  return descriptors;
}

struct OpenedDb {
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // Descriptors' order
};

Result<OpenedDb> OpenDb(const std::filesystem::path& directory, const RocksStoreOptions& options) {
  const std::string what = "cannot open the store at " + directory.string();
  rocksdb::DBOptions db_options = MakeDBOptions(options);
  if (options.read_only) db_options.create_if_missing = false;
  const std::vector<rocksdb::ColumnFamilyDescriptor> descriptors =
      Descriptors(directory, db_options, options);
  OpenedDb opened;
  rocksdb::Status status =
      options.read_only ? rocksdb::DB::OpenForReadOnly(db_options, directory.string(), descriptors,
                                                       &opened.handles, &opened.db)
                        : rocksdb::DB::Open(db_options, directory.string(), descriptors,
                                            &opened.handles, &opened.db);
  // Whatever the reason (locked, missing, unreadable, corrupt), the directory cannot be used.
  if (status.IsCorruption()) {
    return Fail(Error::DataLoss(what + ": it is corrupt: " + status.ToString() +
                                " (parcoursd --check " + directory.string() + " says where)"));
  }
  if (!status.ok()) return Fail(Error::Unavailable(what + ": " + status.ToString()));
  return opened;
}

// Closes what OpenDb opened.
void CloseDb(OpenedDb& opened) {
  for (rocksdb::ColumnFamilyHandle* handle : opened.handles) {
    opened.db->DestroyColumnFamilyHandle(handle);
  }
  (void)opened.db->Close();  // nothing was written through it that a close could lose
  delete opened.db;
  opened = {};
}

}  // namespace

Result<std::unique_ptr<Store>> OpenRocksStore(const std::filesystem::path& directory,
                                              const RocksStoreOptions& options) {
  auto opened = OpenDb(directory, options);
  if (!opened) return Fail(opened.error());
  std::array<rocksdb::ColumnFamilyHandle*, kTableCount> tables{};
  std::copy_n(opened->handles.begin(), kTableCount, tables.begin());  // descriptors' order
  std::vector<rocksdb::ColumnFamilyHandle*> others(opened->handles.begin() + kTableCount,
                                                   opened->handles.end());
  return std::make_unique<RocksStore>(opened->db, tables, std::move(others), options.read_only);
}

Result<RocksVerification> VerifyRocksStore(const std::filesystem::path& directory) {
  RocksStoreOptions options;
  options.read_only = true;
  auto opened = OpenDb(directory, options);
  if (!opened) return Fail(opened.error());
  RocksVerification verification;
  std::vector<rocksdb::LiveFileMetaData> files;
  opened->db->GetLiveFilesMetaData(&files);
  for (const rocksdb::LiveFileMetaData& file : files) {
    verification.files.push_back(file.column_family_name + ": " + file.name);
  }
  rocksdb::Status status = opened->db->VerifyChecksum();
  if (!status.ok()) verification.problems.push_back(status.ToString());
  CloseDb(*opened);
  return verification;
}

Status CompactRocksStore(const std::filesystem::path& directory) {
  auto opened = OpenDb(directory, RocksStoreOptions{});
  if (!opened) return Fail(opened.error());
  rocksdb::Status status;
  for (rocksdb::ColumnFamilyHandle* handle : opened->handles) {
    status = opened->db->CompactRange(rocksdb::CompactRangeOptions(), handle, nullptr, nullptr);
    if (!status.ok()) break;
  }
  CloseDb(*opened);
  if (!status.ok()) return Fail(ErrorFrom(status, "cannot compact the store"));
  return {};
}

}  // namespace parcours
