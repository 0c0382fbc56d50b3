// FaultInjectingStore: injected failures apply nothing, and a simulated crash loses exactly the
// writes that were not made durable.
#include <map>
#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parcours/rocks_store.h"
#include "store/fault_injecting_store.h"
#include "store/store_internal.h"
#include "store/store_test_util.h"

namespace parcours {
namespace {

using store_test::Describe;
using ::testing::HasSubstr;

WriteBatch StepBatch(std::string_view id) {
  WriteBatch batch;
  batch.Put(Table::kInstances, id, "moved");
  batch.Put(Table::kOutbox, id, "webhook");
  batch.Add(Table::kCounters, "steps", 1);
  return batch;
}

TEST(FaultInjectingStore, TheNextWritesFailAndApplyNothing) {
  FaultInjectingStore store(NewMemoryStore());
  store.FailNextWrites(2);
  for (int i = 0; i < 2; ++i) {
    auto written = store.Write(StepBatch("i1"), Durability::kSync);
    ASSERT_FALSE(written.has_value());
    EXPECT_EQ(written.error().kind(), ErrorKind::kUnavailable);
  }
  EXPECT_EQ(store.Get(Table::kInstances, "i1").value(), std::nullopt);
  EXPECT_EQ(store.Get(Table::kCounters, "steps").value(), std::nullopt);
  EXPECT_TRUE(store.Write(StepBatch("i1"), Durability::kSync).has_value());
  EXPECT_EQ(store.Get(Table::kCounters, "steps").value(), EncodeCounter(1));
  EXPECT_EQ(store.calls().writes, 3);
  EXPECT_EQ(store.calls().failed_writes, 2);
}

TEST(FaultInjectingStore, WritesTouchingAFailingTableFailWhole) {
  FaultInjectingStore store(NewMemoryStore());
  store.FailWritesTo(Table::kOutbox);
  auto written = store.Write(StepBatch("i1"), Durability::kSync);
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().kind(), ErrorKind::kUnavailable);
  EXPECT_THAT(written.error().message(), HasSubstr("outbox"));
  EXPECT_EQ(store.Get(Table::kInstances, "i1").value(), std::nullopt);

  WriteBatch elsewhere;
  elsewhere.Put(Table::kProfiles, "p1", "attrs");
  EXPECT_TRUE(store.Write(elsewhere, Durability::kSync).has_value());

  store.ClearFaults();
  EXPECT_TRUE(store.Write(StepBatch("i1"), Durability::kSync).has_value());
  EXPECT_EQ(store.Get(Table::kOutbox, "i1").value(), "webhook");
}

TEST(FaultInjectingStore, AnEmptyBatchSucceedsWithoutUsingUpAFailure) {
  FaultInjectingStore store(NewMemoryStore());
  store.FailNextWrites(1);
  EXPECT_TRUE(store.Write(WriteBatch(), Durability::kSync).has_value());
  EXPECT_FALSE(store.Write(StepBatch("i1"), Durability::kSync).has_value());
}

TEST(FaultInjectingStore, FailingReadsFailEveryKindOfRead) {
  auto base = NewMemoryStore();
  FaultInjectingStore store(*base);
  ASSERT_TRUE(store.Write(StepBatch("i1"), Durability::kSync).has_value());
  store.FailReads(true);
  auto got = store.Get(Table::kInstances, "i1");
  ASSERT_FALSE(got.has_value());
  EXPECT_EQ(got.error().kind(), ErrorKind::kUnavailable);
  const std::vector<std::string> keys = {"i1"};
  EXPECT_FALSE(store.MultiGet(Table::kInstances, keys).has_value());
  bool visited = false;
  auto scanned = store.Scan(Table::kInstances, "", "", [&](auto, auto) { return visited = true; });
  ASSERT_FALSE(scanned.has_value());
  EXPECT_EQ(scanned.error().kind(), ErrorKind::kUnavailable);
  EXPECT_FALSE(visited);
  store.FailReads(false);
  EXPECT_EQ(store.Get(Table::kInstances, "i1").value(), "moved");

  const FaultInjectingStore::Calls calls = store.calls();
  EXPECT_EQ(calls.gets, 2);
  EXPECT_EQ(calls.multi_gets, 1);
  EXPECT_EQ(calls.scans, 1);
  EXPECT_EQ(calls.failed_reads, 3);
  EXPECT_EQ(calls.writes, 1);
}

// Every key of every table, for comparing whole stores.
std::map<std::pair<Table, std::string>, std::string> Contents(Store& store) {
  std::map<std::pair<Table, std::string>, std::string> contents;
  for (Table table : store_internal::kAllTables) {
    auto scanned = store.Scan(table, "", "", [&](std::string_view k, std::string_view v) {
      contents[{table, std::string(k)}] = std::string(v);
      return true;
    });
    EXPECT_TRUE(scanned.has_value()) << Describe(scanned);
  }
  return contents;
}

TEST(FaultInjectingStore, DropUnsyncedLosesOnlyWhatWasNotSynced) {
  FaultInjectingStore store(NewMemoryStore());
  store.SimulateCrashes(true);
  ASSERT_TRUE(store.Write(StepBatch("synced"), Durability::kSync).has_value());
  WriteBatch buffered = StepBatch("buffered");
  buffered.Put(Table::kInstances, "synced", "overwritten");
  buffered.Delete(Table::kOutbox, "synced");
  ASSERT_TRUE(store.Write(buffered, Durability::kBuffered).has_value());
  // Reads see buffered writes, as on a real store.
  EXPECT_EQ(store.Get(Table::kInstances, "synced").value(), "overwritten");
  EXPECT_EQ(store.Get(Table::kCounters, "steps").value(), EncodeCounter(2));
  EXPECT_EQ(store.unsynced_writes(), 1u);

  ASSERT_TRUE(store.DropUnsynced().has_value());
  EXPECT_EQ(store.unsynced_writes(), 0u);
  EXPECT_EQ(store.Get(Table::kInstances, "synced").value(), "moved");
  EXPECT_EQ(store.Get(Table::kOutbox, "synced").value(), "webhook");
  EXPECT_EQ(store.Get(Table::kInstances, "buffered").value(), std::nullopt);
  EXPECT_EQ(store.Get(Table::kCounters, "steps").value(), EncodeCounter(1));
}

TEST(FaultInjectingStore, ASyncedWriteOrFlushMakesEarlierBufferedWritesDurable) {
  FaultInjectingStore store(NewMemoryStore());
  store.SimulateCrashes(true);
  ASSERT_TRUE(store.Write(StepBatch("a"), Durability::kBuffered).has_value());
  ASSERT_TRUE(store.Write(StepBatch("b"), Durability::kSync).has_value());
  ASSERT_TRUE(store.Write(StepBatch("c"), Durability::kBuffered).has_value());
  ASSERT_TRUE(store.Flush().has_value());
  ASSERT_TRUE(store.Write(StepBatch("d"), Durability::kBuffered).has_value());
  ASSERT_TRUE(store.DropUnsynced().has_value());
  EXPECT_EQ(store.Get(Table::kInstances, "a").value(), "moved");
  EXPECT_EQ(store.Get(Table::kInstances, "c").value(), "moved");
  EXPECT_EQ(store.Get(Table::kInstances, "d").value(), std::nullopt);
  EXPECT_EQ(store.Get(Table::kCounters, "steps").value(), EncodeCounter(3));
}

// Random writes with random durability; after a simulated crash the store holds exactly what
// it held at the last sync, on RocksDB, also after reopening it.
TEST(FaultInjectingStore, NothingAcknowledgedWithSyncIsLostOnRocksDB) {
  store_test::TempDirectory directory;
  std::map<std::pair<Table, std::string>, std::string> durable;
  {
    auto rocks = OpenRocksStore(directory.path());
    ASSERT_TRUE(rocks.has_value()) << Describe(rocks);
    FaultInjectingStore store(std::move(*rocks));
    store.SimulateCrashes(true);
    std::mt19937 random(42);
    const Table tables[] = {Table::kInstances, Table::kTimers, Table::kCounters};
    for (int i = 0; i < 300; ++i) {
      WriteBatch batch;
      const int ops = 1 + static_cast<int>(random() % 4);
      for (int op = 0; op < ops; ++op) {
        const Table table = tables[random() % 3];
        const std::string key = "k" + std::to_string(random() % 20);
        if (table == Table::kCounters) {
          batch.Add(table, key, static_cast<int>(random() % 7) - 3);
        } else if (random() % 3 == 0) {
          batch.Delete(table, key);
        } else {
          batch.Put(table, key, "v" + std::to_string(i));
        }
      }
      const bool sync = random() % 5 == 0;
      ASSERT_TRUE(store.Write(batch, sync ? Durability::kSync : Durability::kBuffered));
      if (sync) durable = Contents(store);
    }
    ASSERT_GT(store.unsynced_writes(), 0u);
    ASSERT_TRUE(store.DropUnsynced().has_value());
    EXPECT_EQ(Contents(store), durable);
  }
  auto reopened = OpenRocksStore(directory.path());
  ASSERT_TRUE(reopened.has_value()) << Describe(reopened);
  EXPECT_EQ(Contents(**reopened), durable);
}

TEST(FaultInjectingStore, DropUnsyncedNeedsCrashSimulation) {
  FaultInjectingStore store(NewMemoryStore());
  auto dropped = store.DropUnsynced();
  ASSERT_FALSE(dropped.has_value());
  EXPECT_EQ(dropped.error().kind(), ErrorKind::kInternal);
}

}  // namespace
}  // namespace parcours
