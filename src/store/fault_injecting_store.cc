// FaultInjectingStore (store/fault_injecting_store.h).
#include "store/fault_injecting_store.h"

#include <utility>

namespace parcours {

void FaultInjectingStore::FailNextWrites(int count) {
  std::lock_guard lock(mu_);
  fail_next_writes_ = count;
}

void FaultInjectingStore::FailWritesTo(Table table) {
  std::lock_guard lock(mu_);
  fail_tables_.insert(table);
}

void FaultInjectingStore::FailReads(bool fail) {
  std::lock_guard lock(mu_);
  fail_reads_ = fail;
}

void FaultInjectingStore::ClearFaults() {
  std::lock_guard lock(mu_);
  fail_next_writes_ = 0;
  fail_tables_.clear();
  fail_reads_ = false;
}

void FaultInjectingStore::SimulateCrashes(bool on) {
  std::lock_guard lock(crash_mu_);
  simulate_crashes_ = on;
  unsynced_.clear();
}

std::size_t FaultInjectingStore::unsynced_writes() const {
  std::lock_guard lock(crash_mu_);
  return unsynced_.size();
}

FaultInjectingStore::Calls FaultInjectingStore::calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

std::optional<Error> FaultInjectingStore::StartRead(std::int64_t Calls::*counter) {
  std::lock_guard lock(mu_);
  ++(calls_.*counter);
  if (!fail_reads_) return std::nullopt;
  ++calls_.failed_reads;
  return Error::Unavailable("injected fault: reads fail");
}

Result<std::optional<std::string>> FaultInjectingStore::Get(Table table, std::string_view key) {
  if (std::optional<Error> error = StartRead(&Calls::gets)) return Fail(std::move(*error));
  return base_.Get(table, key);
}

Result<std::vector<std::optional<std::string>>> FaultInjectingStore::MultiGet(
    Table table, std::span<const std::string> keys) {
  if (std::optional<Error> error = StartRead(&Calls::multi_gets)) return Fail(std::move(*error));
  return base_.MultiGet(table, keys);
}

Status FaultInjectingStore::Scan(Table table, std::string_view begin, std::string_view end,
                                 const Visitor& visit) {
  if (std::optional<Error> error = StartRead(&Calls::scans)) return Fail(std::move(*error));
  return base_.Scan(table, begin, end, visit);
}

Status FaultInjectingStore::Write(const WriteBatch& batch, Durability durability) {
  {
    std::lock_guard lock(mu_);
    ++calls_.writes;
    if (batch.empty()) return {};
    if (fail_next_writes_ > 0) {
      --fail_next_writes_;
      ++calls_.failed_writes;
      return Fail(Error::Unavailable("injected fault: write failed"));
    }
    for (const WriteBatch::Op& op : batch.ops()) {
      if (fail_tables_.contains(op.table)) {
        ++calls_.failed_writes;
        return Fail(Error::Unavailable(std::string("injected fault: writes to table ") +
                                       TableName(op.table) + " fail"));
      }
    }
  }
  std::unique_lock crash_lock(crash_mu_);
  if (!simulate_crashes_) {
    crash_lock.unlock();
    return base_.Write(batch, durability);
  }
  if (durability == Durability::kBuffered) return WriteRecordingUndo(batch);
  Status status = base_.Write(batch, Durability::kSync);
  if (status.has_value()) unsynced_.clear();  // a synced log holds everything before it
  return status;
}

Status FaultInjectingStore::WriteRecordingUndo(const WriteBatch& batch) {
  std::set<std::pair<Table, std::string>> touched;
  std::vector<Prior> priors;
  for (const WriteBatch::Op& op : batch.ops()) {
    if (!touched.emplace(op.table, op.key).second) continue;
    Result<std::optional<std::string>> value = base_.Get(op.table, op.key);
    if (!value.has_value()) return Fail(std::move(value.error()));
    priors.push_back(Prior{op.table, op.key, std::move(*value)});
  }
  Status status = base_.Write(batch, Durability::kBuffered);
  if (status.has_value()) unsynced_.push_back(std::move(priors));
  return status;
}

Status FaultInjectingStore::Flush() {
  {
    std::lock_guard lock(mu_);
    ++calls_.flushes;
  }
  std::lock_guard crash_lock(crash_mu_);
  Status status = base_.Flush();
  if (status.has_value()) unsynced_.clear();
  return status;
}

Status FaultInjectingStore::DropUnsynced() {
  std::lock_guard crash_lock(crash_mu_);
  if (!simulate_crashes_) {
    return Fail(Error::Internal("DropUnsynced needs SimulateCrashes(true)"));
  }
  // Newest write first, so the oldest write's prior value is the one left (later ops win).
  WriteBatch undo;
  for (auto write = unsynced_.rbegin(); write != unsynced_.rend(); ++write) {
    for (const Prior& prior : *write) {
      if (prior.value.has_value()) {
        undo.Put(prior.table, prior.key, *prior.value);
      } else {
        undo.Delete(prior.table, prior.key);
      }
    }
  }
  Status status = base_.Write(undo, Durability::kSync);
  if (status.has_value()) unsynced_.clear();
  return status;
}

}  // namespace parcours
