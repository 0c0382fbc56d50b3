// The Store contract (parcours/store.h), checked against every backend: memory, RocksDB, and
// the fault-injecting wrapper (with no fault set, recording undo for crash simulation) over
// memory. `Reopen()` closes and reopens a persistent backend and does nothing for memory, so a
// test that reopens checks durability where there is some.
#include <atomic>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parcours/rocks_store.h"
#include "parcours/store.h"
#include "store/fault_injecting_store.h"
#include "store/store_test_util.h"

namespace parcours {
namespace {

using namespace std::string_literals;
using ::testing::ElementsAre;
using ::testing::Pair;
using KeyValues = std::vector<std::pair<std::string, std::string>>;

class MemoryBackend {
 public:
  Store& store() { return *store_; }
  void Reopen() {}

 private:
  std::unique_ptr<Store> store_ = NewMemoryStore();
};

class RocksBackend {
 public:
  RocksBackend() { Reopen(); }
  Store& store() { return *store_; }
  void Reopen() {
    store_.reset();
    auto opened = OpenRocksStore(directory_.path());
    ASSERT_TRUE(opened.has_value()) << store_test::Describe(opened);
    store_ = std::move(*opened);
  }

 private:
  store_test::TempDirectory directory_;
  std::unique_ptr<Store> store_;
};

class FaultInjectingBackend {
 public:
  FaultInjectingBackend() { store_.SimulateCrashes(true); }
  Store& store() { return store_; }
  void Reopen() {}

 private:
  FaultInjectingStore store_{NewMemoryStore()};
};

template <typename Backend>
class StoreContract : public ::testing::Test {
 protected:
  Store& store() { return backend_.store(); }
  void Reopen() { backend_.Reopen(); }

  void Write(const WriteBatch& batch, Durability durability = Durability::kSync) {
    auto written = store().Write(batch, durability);
    ASSERT_TRUE(written.has_value()) << store_test::Describe(written);
  }
  void Put(Table table, std::string_view key, std::string_view value) {
    WriteBatch batch;
    batch.Put(table, key, value);
    Write(batch);
  }
  std::optional<std::string> Get(Table table, std::string_view key) {
    auto value = store().Get(table, key);
    EXPECT_TRUE(value.has_value()) << store_test::Describe(value);
    return value.value_or(std::nullopt);
  }
  std::int64_t Counter(std::string_view key) {
    std::optional<std::string> bytes = Get(Table::kCounters, key);
    if (!bytes.has_value()) return 0;
    auto value = DecodeCounter(*bytes);
    EXPECT_TRUE(value.has_value()) << store_test::Describe(value);
    return value.value_or(-1);
  }
  KeyValues ScanAll(Table table, std::string_view begin, std::string_view end,
                    std::size_t limit = SIZE_MAX) {
    KeyValues seen;
    auto scanned = store().Scan(table, begin, end, [&](std::string_view k, std::string_view v) {
      seen.emplace_back(k, v);
      return seen.size() < limit;
    });
    EXPECT_TRUE(scanned.has_value()) << store_test::Describe(scanned);
    return seen;
  }

 private:
  Backend backend_;
};

class BackendNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    if constexpr (std::is_same_v<T, MemoryBackend>) return "Memory";
    if constexpr (std::is_same_v<T, RocksBackend>) return "RocksDB";
    return "FaultInjecting";
  }
};

using Backends = ::testing::Types<MemoryBackend, RocksBackend, FaultInjectingBackend>;
TYPED_TEST_SUITE(StoreContract, Backends, BackendNames);

TYPED_TEST(StoreContract, GetReturnsWhatWasPutAndNothingForAMissingKey) {
  this->Put(Table::kProfiles, "p1", "alice");
  EXPECT_EQ(this->Get(Table::kProfiles, "p1"), "alice");
  EXPECT_EQ(this->Get(Table::kProfiles, "p2"), std::nullopt);
}

TYPED_TEST(StoreContract, PutOverwritesAndDeleteRemoves) {
  this->Put(Table::kProfiles, "p1", "alice");
  this->Put(Table::kProfiles, "p1", "bob");
  EXPECT_EQ(this->Get(Table::kProfiles, "p1"), "bob");
  WriteBatch batch;
  batch.Delete(Table::kProfiles, "p1");
  batch.Delete(Table::kProfiles, "never-there");
  this->Write(batch);
  EXPECT_EQ(this->Get(Table::kProfiles, "p1"), std::nullopt);
  EXPECT_EQ(this->Get(Table::kProfiles, "never-there"), std::nullopt);
}

TYPED_TEST(StoreContract, TablesAreSeparateKeySpaces) {
  this->Put(Table::kProfiles, "k", "profile");
  this->Put(Table::kJourneys, "k", "journey");
  EXPECT_EQ(this->Get(Table::kProfiles, "k"), "profile");
  EXPECT_EQ(this->Get(Table::kJourneys, "k"), "journey");
  EXPECT_EQ(this->Get(Table::kMeta, "k"), std::nullopt);
}

TYPED_TEST(StoreContract, AnEmptyBatchSucceeds) {
  EXPECT_TRUE(this->store().Write(WriteBatch(), Durability::kSync).has_value());
  EXPECT_TRUE(this->store().Write(WriteBatch(), Durability::kBuffered).has_value());
}

TYPED_TEST(StoreContract, AddOnAMissingCounterStartsFromZero) {
  WriteBatch batch;
  batch.Add(Table::kCounters, "entered", 3);
  this->Write(batch);
  EXPECT_EQ(this->Get(Table::kCounters, "entered"), EncodeCounter(3));
}

TYPED_TEST(StoreContract, AddSumsOntoAnExistingCounterWithNegativeDeltas) {
  for (std::int64_t delta : {5, -2, 10, -20}) {
    WriteBatch batch;
    batch.Add(Table::kCounters, "c", delta);
    this->Write(batch, Durability::kBuffered);
  }
  EXPECT_EQ(this->Counter("c"), -7);
  this->Reopen();
  EXPECT_EQ(this->Counter("c"), -7);
  WriteBatch batch;
  batch.Add(Table::kCounters, "c", 7);
  batch.Add(Table::kCounters, "c", 1);
  this->Write(batch);
  EXPECT_EQ(this->Counter("c"), 1);
}

TYPED_TEST(StoreContract, AddWorksOnAnyTableAndOnAPutCounter) {
  this->Put(Table::kInstances, "n", EncodeCounter(40));
  WriteBatch batch;
  batch.Add(Table::kInstances, "n", 2);
  this->Write(batch);
  EXPECT_EQ(this->Get(Table::kInstances, "n"), EncodeCounter(42));
}

TYPED_TEST(StoreContract, AddOnAValueThatIsNotACounterLeavesItCorruptForDecodeCounter) {
  this->Put(Table::kCounters, "bad", "text");
  WriteBatch batch;
  batch.Add(Table::kCounters, "bad", 1);
  this->Write(batch);
  std::optional<std::string> bytes = this->Get(Table::kCounters, "bad");
  ASSERT_TRUE(bytes.has_value());
  auto decoded = DecodeCounter(*bytes);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().kind(), ErrorKind::kInvalidArgument);
}

TYPED_TEST(StoreContract, LaterOperationsOnTheSameKeyWinWithinABatch) {
  this->Put(Table::kInstances, "deleted-then-put", "old");
  this->Put(Table::kInstances, "put-then-deleted", "old");
  WriteBatch batch;
  batch.Put(Table::kInstances, "twice", "first");
  batch.Put(Table::kInstances, "twice", "second");
  batch.Delete(Table::kInstances, "deleted-then-put");
  batch.Put(Table::kInstances, "deleted-then-put", "new");
  batch.Put(Table::kInstances, "put-then-deleted", "new");
  batch.Delete(Table::kInstances, "put-then-deleted");
  batch.Add(Table::kCounters, "added-then-put", 5);
  batch.Put(Table::kCounters, "added-then-put", EncodeCounter(100));
  batch.Put(Table::kCounters, "put-then-added", EncodeCounter(100));
  batch.Add(Table::kCounters, "put-then-added", 5);
  batch.Add(Table::kCounters, "added-then-deleted", 5);
  batch.Delete(Table::kCounters, "added-then-deleted");
  this->Write(batch);
  this->Reopen();
  EXPECT_EQ(this->Get(Table::kInstances, "twice"), "second");
  EXPECT_EQ(this->Get(Table::kInstances, "deleted-then-put"), "new");
  EXPECT_EQ(this->Get(Table::kInstances, "put-then-deleted"), std::nullopt);
  EXPECT_EQ(this->Counter("added-then-put"), 100);
  EXPECT_EQ(this->Counter("put-then-added"), 105);
  EXPECT_EQ(this->Get(Table::kCounters, "added-then-deleted"), std::nullopt);
}

TYPED_TEST(StoreContract, ABatchTouchingSeveralTablesIsAllThereAfterReopening) {
  this->Put(Table::kTimers, "t/old", "due");
  WriteBatch batch;
  batch.Put(Table::kInstances, "i/1", "state");
  batch.Put(Table::kHistory, "h/1", "step");
  batch.Delete(Table::kTimers, "t/old");
  batch.Put(Table::kTimers, "t/new", "due");
  batch.Put(Table::kOutbox, "o/1", "webhook");
  batch.Add(Table::kCounters, "entered", 1);
  this->Write(batch);
  this->Reopen();
  EXPECT_EQ(this->Get(Table::kInstances, "i/1"), "state");
  EXPECT_EQ(this->Get(Table::kHistory, "h/1"), "step");
  EXPECT_EQ(this->Get(Table::kTimers, "t/old"), std::nullopt);
  EXPECT_EQ(this->Get(Table::kTimers, "t/new"), "due");
  EXPECT_EQ(this->Get(Table::kOutbox, "o/1"), "webhook");
  EXPECT_EQ(this->Counter("entered"), 1);
}

TYPED_TEST(StoreContract, BufferedWritesSurviveAnOrderlyReopen) {
  WriteBatch batch;
  batch.Put(Table::kMeta, "format", "1");
  this->Write(batch, Durability::kBuffered);
  ASSERT_TRUE(this->store().Flush().has_value());
  this->Reopen();
  EXPECT_EQ(this->Get(Table::kMeta, "format"), "1");
}

TYPED_TEST(StoreContract, ScanVisitsKeysInBytewiseOrder) {
  for (const std::string key : {"b", "a", "\x80", "ab", "A", "\x01"}) {
    this->Put(Table::kTimers, key, "v:" + key);
  }
  KeyValues seen = this->ScanAll(Table::kTimers, "", "");
  EXPECT_THAT(seen, ElementsAre(Pair("\x01", "v:\x01"), Pair("A", "v:A"), Pair("a", "v:a"),
                                Pair("ab", "v:ab"), Pair("b", "v:b"), Pair("\x80", "v:\x80")));
}

TYPED_TEST(StoreContract, ScanIncludesBeginAndExcludesEnd) {
  for (const char* key : {"k1", "k2", "k3", "k4"}) this->Put(Table::kTimers, key, "v");
  auto keys = [&](std::string_view begin, std::string_view end) {
    std::vector<std::string> out;
    for (auto& [k, v] : this->ScanAll(Table::kTimers, begin, end)) out.push_back(k);
    return out;
  };
  EXPECT_THAT(keys("k2", "k4"), ElementsAre("k2", "k3"));
  EXPECT_THAT(keys("k2", ""), ElementsAre("k2", "k3", "k4"));
  EXPECT_THAT(keys("k15", "k35"), ElementsAre("k2", "k3"));
  EXPECT_THAT(keys("k3", "k3"), ElementsAre());
  EXPECT_THAT(keys("k4", "k1"), ElementsAre());
  EXPECT_THAT(keys("z", ""), ElementsAre());
  EXPECT_THAT(this->ScanAll(Table::kOutbox, "", ""), ElementsAre());
}

TYPED_TEST(StoreContract, ScanStopsWhenTheVisitorReturnsFalse) {
  for (int i = 0; i < 600; ++i) this->Put(Table::kTimers, "k" + std::to_string(1000 + i), "v");
  KeyValues seen = this->ScanAll(Table::kTimers, "", "", /*limit=*/3);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[2].first, "k1002");
  EXPECT_EQ(this->ScanAll(Table::kTimers, "k1299", "", /*limit=*/300).size(), 300u);
}

TYPED_TEST(StoreContract, ScanToPrefixEndCoversKeysWithFfBytes) {
  for (const std::string& key : {"a"s, "a\xff"s, "a\xff\x00"s, "a\xff\xff\x01"s, "b"s, "\xff"s,
                                 "\xff\xff"s, "\xff\xff\x00"s}) {
    this->Put(Table::kDedupe, key, "v");
  }
  auto keys = [&](std::string_view prefix) {
    std::vector<std::string> out;
    for (auto& [k, v] : this->ScanAll(Table::kDedupe, prefix, PrefixEnd(prefix))) {
      out.push_back(k);
    }
    return out;
  };
  EXPECT_THAT(keys("a\xff"), ElementsAre("a\xff"s, "a\xff\x00"s, "a\xff\xff\x01"s));
  EXPECT_THAT(keys("\xff\xff"), ElementsAre("\xff\xff"s, "\xff\xff\x00"s));
  EXPECT_EQ(keys("").size(), 8u);
}

TYPED_TEST(StoreContract, BinaryKeysAndValuesWithZeroBytesAreDistinct) {
  const std::string a = "a", a0 = "a\0"s, a0b = "a\0b"s, zero = "\0"s;
  this->Put(Table::kInstances, a0b, "v\0\x01"s);
  this->Put(Table::kInstances, a0, "\0"s);
  this->Put(Table::kInstances, a, "plain");
  this->Put(Table::kInstances, zero, "");
  EXPECT_EQ(this->Get(Table::kInstances, a0), "\0"s);
  EXPECT_EQ(this->Get(Table::kInstances, a0b), "v\0\x01"s);
  EXPECT_EQ(this->Get(Table::kInstances, zero), ""s);
  EXPECT_THAT(
      this->ScanAll(Table::kInstances, "", ""),
      ElementsAre(Pair(zero, ""), Pair(a, "plain"), Pair(a0, "\0"s), Pair(a0b, "v\0\x01"s)));
  EXPECT_THAT(this->ScanAll(Table::kInstances, a0, PrefixEnd(a0)),
              ElementsAre(Pair(a0, "\0"s), Pair(a0b, "v\0\x01"s)));
}

TYPED_TEST(StoreContract, MultiGetAnswersInTheOrderAsked) {
  this->Put(Table::kProfiles, "p1", "one");
  this->Put(Table::kProfiles, "p3", "three");
  this->Put(Table::kJourneys, "p2", "other table");
  const std::vector<std::string> keys = {"p3", "p2", "p1", "p3", "\0"s};
  auto values = this->store().MultiGet(Table::kProfiles, keys);
  ASSERT_TRUE(values.has_value()) << store_test::Describe(values);
  EXPECT_THAT(*values, ElementsAre("three", std::nullopt, "one", "three", std::nullopt));
  auto none = this->store().MultiGet(Table::kProfiles, {});
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TYPED_TEST(StoreContract, ScanReadsCountersAsTheirSums) {
  WriteBatch batch;
  batch.Add(Table::kCounters, "x", 2);
  batch.Add(Table::kCounters, "y", -1);
  this->Write(batch);
  this->Write(batch);
  EXPECT_THAT(this->ScanAll(Table::kCounters, "", ""),
              ElementsAre(Pair("x", EncodeCounter(4)), Pair("y", EncodeCounter(-2))));
}

TYPED_TEST(StoreContract, ScanSeesTheStoreAsItWasWhenTheScanStarted) {
  constexpr int kKeys = 1000;  // several of the memory store's chunks
  auto key = [](int i) { return "k" + std::to_string(10000 + i); };
  for (int i = 0; i < kKeys; i += 2) this->Put(Table::kInstances, key(i), "before");
  int visited = 0;
  auto scanned =
      this->store().Scan(Table::kInstances, "", "", [&](std::string_view k, std::string_view v) {
        EXPECT_EQ(v, "before") << k;
        if (visited++ == 0) {
          // The visitor may write: overwrite, delete and insert all over the range.
          WriteBatch batch;
          for (int i = 0; i < kKeys; i += 2) {
            if (i % 4 == 0) batch.Put(Table::kInstances, key(i), "after");
            if (i % 4 == 2) batch.Delete(Table::kInstances, key(i));
            batch.Put(Table::kInstances, key(i + 1), "inserted");
          }
          EXPECT_TRUE(this->store().Write(batch, Durability::kBuffered).has_value());
        }
        return true;
      });
  ASSERT_TRUE(scanned.has_value()) << store_test::Describe(scanned);
  EXPECT_EQ(visited, kKeys / 2);
  // A scan started now sees the writes.
  EXPECT_EQ(this->ScanAll(Table::kInstances, "", "").size(), std::size_t{kKeys * 3 / 4});
  EXPECT_EQ(this->Get(Table::kInstances, key(0)), "after");
  EXPECT_EQ(this->Get(Table::kInstances, key(2)), std::nullopt);
}

TYPED_TEST(StoreContract, ConcurrentScansSeeOnlyWholeBatches) {
  // Accounts whose total stays 0: each batch moves an amount from one to another.
  constexpr int kAccounts = 600;
  auto key = [](int i) { return "acct/" + std::to_string(1000 + i); };
  WriteBatch init;
  for (int i = 0; i < kAccounts; ++i) init.Put(Table::kCounters, key(i), EncodeCounter(0));
  this->Write(init);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    std::mt19937 random(7);
    while (!stop.load()) {
      const int from = static_cast<int>(random() % kAccounts);
      const int to = static_cast<int>(random() % kAccounts);
      WriteBatch move;
      move.Add(Table::kCounters, key(from), -5);
      move.Add(Table::kCounters, key(to), 5);
      ASSERT_TRUE(this->store().Write(move, Durability::kBuffered).has_value());
    }
  });
  for (int scan = 0; scan < 40; ++scan) {
    std::int64_t total = 0;
    int accounts = 0;
    auto scanned = this->store().Scan(Table::kCounters, "acct/", PrefixEnd("acct/"),
                                      [&](std::string_view, std::string_view v) {
                                        total += DecodeCounter(v).value_or(1 << 30);
                                        ++accounts;
                                        return true;
                                      });
    ASSERT_TRUE(scanned.has_value());
    EXPECT_EQ(accounts, kAccounts);
    EXPECT_EQ(total, 0) << "scan " << scan;
  }
  stop = true;
  writer.join();
}

TYPED_TEST(StoreContract, ConcurrentAddsToOneCounterAreNotLost) {
  constexpr int kThreads = 4;
  constexpr int kAddsPerThread = 250;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAddsPerThread; ++i) {
        WriteBatch batch;
        batch.Add(Table::kCounters, "shared", 1);
        batch.Put(Table::kInstances, "t" + std::to_string(t) + "/" + std::to_string(i), "v");
        ASSERT_TRUE(this->store().Write(batch, Durability::kBuffered).has_value());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(this->Counter("shared"), kThreads * kAddsPerThread);
  EXPECT_EQ(this->ScanAll(Table::kInstances, "", "").size(),
            std::size_t{kThreads * kAddsPerThread});
}

}  // namespace
}  // namespace parcours
