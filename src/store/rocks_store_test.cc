// What only the RocksDB backend has: a directory that outlives the Store object, and the ways
// opening it can fail. The contract itself is in store_contract_test.cc.
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "parcours/rocks_store.h"
#include "store/store_test_util.h"

namespace parcours {
namespace {

using store_test::Describe;
using store_test::TempDirectory;

std::unique_ptr<Store> OpenOrDie(const std::filesystem::path& directory,
                                 const RocksStoreOptions& options = {}) {
  auto store = OpenRocksStore(directory, options);
  EXPECT_TRUE(store.has_value()) << Describe(store);
  return store.has_value() ? std::move(*store) : nullptr;
}

TEST(RocksStore, DataSurvivesClosingAndReopening) {
  TempDirectory directory;
  {
    auto store = OpenOrDie(directory.path());
    ASSERT_NE(store, nullptr);
    WriteBatch batch;
    for (int i = 0; i < 100; ++i) {
      batch.Put(Table::kInstances, "i" + std::to_string(i), std::string(1000, 'x'));
    }
    batch.Add(Table::kCounters, "n", 100);
    ASSERT_TRUE(store->Write(batch, Durability::kBuffered).has_value());
  }
  auto store = OpenOrDie(directory.path());
  ASSERT_NE(store, nullptr);
  int count = 0;
  ASSERT_TRUE(store
                  ->Scan(Table::kInstances, "", "",
                         [&](std::string_view, std::string_view value) {
                           EXPECT_EQ(value.size(), 1000u);
                           return ++count > 0;
                         })
                  .has_value());
  EXPECT_EQ(count, 100);
  EXPECT_EQ(DecodeCounter(store->Get(Table::kCounters, "n").value().value()).value(), 100);
}

TEST(RocksStore, CreatesOneDirectoryWithAColumnFamilyPerTable) {
  TempDirectory directory;
  const auto path = directory.path() / "data";
  { ASSERT_NE(OpenOrDie(path), nullptr); }
  ASSERT_TRUE(std::filesystem::exists(path / "CURRENT"));
  // RocksDB's OPTIONS file lists the column families by name.
  std::string options_text;
  for (const auto& entry : std::filesystem::directory_iterator(path)) {
    if (entry.path().filename().string().starts_with("OPTIONS-")) {
      std::ifstream in(entry.path());
      options_text.assign(std::istreambuf_iterator<char>(in), {});
    }
  }
  for (const char* table : {"meta", "journeys", "instances", "timers", "outbox", "dedupe",
                            "counters", "profiles", "audiences", "history"}) {
    EXPECT_NE(options_text.find("[CFOptions \"" + std::string(table) + "\"]"), std::string::npos)
        << table;
  }
  EXPECT_NE(options_text.find("parcours.CounterAdd"), std::string::npos);
}

TEST(RocksStore, ADirectoryOpenByAnotherHandleIsUnavailableAndNamed) {
  TempDirectory directory;
  auto first = OpenOrDie(directory.path());
  ASSERT_NE(first, nullptr);
  auto second = OpenRocksStore(directory.path());
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind(), ErrorKind::kUnavailable);
  EXPECT_NE(second.error().message().find("cannot open the store at " + directory.path().string()),
            std::string::npos)
      << second.error().message();
  // Once the first handle is gone, the directory opens again.
  first.reset();
  EXPECT_NE(OpenOrDie(directory.path()), nullptr);
}

TEST(RocksStore, AMissingDirectoryIsUnavailableWithoutCreateIfMissing) {
  TempDirectory directory;
  RocksStoreOptions options;
  options.create_if_missing = false;
  auto store = OpenRocksStore(directory.path() / "absent", options);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().kind(), ErrorKind::kUnavailable);
  EXPECT_NE(store.error().message().find("absent"), std::string::npos);
}

TEST(RocksStore, AFileInPlaceOfTheDirectoryIsUnavailable) {
  TempDirectory directory;
  const auto path = directory.path() / "file";
  std::ofstream(path) << "not a database";
  auto store = OpenRocksStore(path);
  ASSERT_FALSE(store.has_value());
  EXPECT_EQ(store.error().kind(), ErrorKind::kUnavailable);
  EXPECT_NE(store.error().message().find(path.string()), std::string::npos);
}

TEST(RocksStore, SmallMemtablesFlushAndCompactWithoutLosingAnything) {
  TempDirectory directory;
  RocksStoreOptions options;
  options.write_buffer_bytes = 64 << 10;  // forces many flushes
  options.block_cache_bytes = 1 << 20;
  {
    auto store = OpenOrDie(directory.path(), options);
    ASSERT_NE(store, nullptr);
    for (int round = 0; round < 20; ++round) {
      WriteBatch batch;
      for (int i = 0; i < 200; ++i) {
        batch.Put(Table::kProfiles, "p" + std::to_string(i), std::string(200, 'a' + round));
        batch.Add(Table::kCounters, "c" + std::to_string(i % 10), 1);
      }
      ASSERT_TRUE(store->Write(batch, Durability::kBuffered).has_value());
    }
  }
  auto store = OpenOrDie(directory.path(), options);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->Get(Table::kProfiles, "p7").value(), std::string(200, 'a' + 19));
  EXPECT_EQ(DecodeCounter(store->Get(Table::kCounters, "c3").value().value()).value(), 400);
}

}  // namespace
}  // namespace parcours
