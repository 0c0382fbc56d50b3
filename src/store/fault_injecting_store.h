// FaultInjectingStore: a Store that wraps another and makes it fail on demand, for tests (what
// leveldb's ErrorEnv and db/fault_injection_test.cc do for files, done at the Store interface).
//
// Injected failures (kUnavailable, the batch not applied, as a real I/O error would):
//   FailNextWrites(n)   the next n Write calls fail.
//   FailWritesTo(t)     every Write whose batch touches table t fails, until ClearFaults().
//   FailReads(true)     Get, MultiGet and Scan fail, until FailReads(false) or ClearFaults().
// An empty batch still succeeds at once (the Store contract) and uses up no failure.
//
// Simulated machine crash (SimulateCrashes(true), like fault_injection_test's unsynced data):
// the wrapper remembers which writes are not yet durable. A kBuffered write is applied to the
// wrapped store (so reads see it, as they do on a real store) and recorded with the values it
// overwrote; a successful kSync write or Flush makes everything before it durable, as syncing a
// write-ahead log does, and forgets the records. DropUnsynced() undoes the unsynced writes,
// leaving the wrapped store as a power loss would, so a test can check that nothing written with
// kSync is lost and that the code above copes with losing what was kBuffered.
//
// Every call is counted (calls()), failed or not.
//
// Thread-safety: every method may be called from many threads. While SimulateCrashes is on,
// writes are serialized (the undo record must match the write), so it hides group commit.
// Ownership: the wrapped store is owned (unique_ptr constructor) or must outlive the wrapper.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "parcours/store.h"

namespace parcours {

class FaultInjectingStore final : public Store {
 public:
  struct Calls {
    std::int64_t gets = 0;
    std::int64_t multi_gets = 0;
    std::int64_t writes = 0;
    std::int64_t scans = 0;
    std::int64_t flushes = 0;
    std::int64_t failed_writes = 0;  // by an injected fault
    std::int64_t failed_reads = 0;   // by an injected fault
  };

  explicit FaultInjectingStore(Store& base) : base_(base) {}
  explicit FaultInjectingStore(std::unique_ptr<Store> base)
      : owned_(std::move(base)), base_(*owned_) {}

  // Faults.
  void FailNextWrites(int count);
  void FailWritesTo(Table table);
  void FailReads(bool fail);
  void ClearFaults();  // FailNextWrites(0), no table fails, reads succeed

  // Simulated crashes. Turning it off forgets the unsynced records (nothing to undo any more).
  void SimulateCrashes(bool on);
  // Undoes every write not yet made durable, newest first, and syncs the result.
  // REQUIRES: SimulateCrashes(true).
  Status DropUnsynced();
  // How many successful kBuffered writes DropUnsynced would undo.
  std::size_t unsynced_writes() const;

  Calls calls() const;

  Result<std::optional<std::string>> Get(Table table, std::string_view key) override;
  Result<std::vector<std::optional<std::string>>> MultiGet(
      Table table, std::span<const std::string> keys) override;
  Status Write(const WriteBatch& batch, Durability durability) override;
  Status Scan(Table table, std::string_view begin, std::string_view end,
              const Visitor& visit) override;
  Status Flush() override;

 private:
  // What one key held before an unsynced write.
  struct Prior {
    Table table;
    std::string key;
    std::optional<std::string> value;
  };

  // Counts a read; returns the injected failure, if any.
  std::optional<Error> StartRead(std::int64_t Calls::*counter);
  Status WriteRecordingUndo(const WriteBatch& batch);  // REQUIRES: crash_mu_ held

  std::unique_ptr<Store> owned_;  // may be null
  Store& base_;

  mutable std::mutex mu_;        // guards the fault settings and calls_
  int fail_next_writes_ = 0;     // guarded by mu_
  std::set<Table> fail_tables_;  // guarded by mu_
  bool fail_reads_ = false;      // guarded by mu_
  Calls calls_;                  // guarded by mu_

  // Held across the wrapped store's calls while simulating crashes; taken after mu_ if both.
  mutable std::mutex crash_mu_;
  bool simulate_crashes_ = false;             // guarded by crash_mu_
  std::vector<std::vector<Prior>> unsynced_;  // guarded by crash_mu_: per write, oldest first
};

}  // namespace parcours
