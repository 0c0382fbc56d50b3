// WriteBatch, counters' encoding, PrefixEnd and table names: the parts every backend shares.
#include <limits>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "parcours/store.h"
#include "store/store_internal.h"

namespace parcours {
namespace {

using namespace std::string_literals;

TEST(WriteBatch, RecordsOperationsInOrderWithCopiedKeys) {
  WriteBatch batch;
  EXPECT_TRUE(batch.empty());
  std::string key = "k";
  batch.Put(Table::kInstances, key, "v");
  key = "changed";
  batch.Delete(Table::kTimers, "t");
  batch.Add(Table::kCounters, "c", -3);
  ASSERT_EQ(batch.size(), 3u);
  EXPECT_EQ(batch.ops()[0].kind, WriteBatch::Kind::kPut);
  EXPECT_EQ(batch.ops()[0].key, "k");
  EXPECT_EQ(batch.ops()[0].value, "v");
  EXPECT_EQ(batch.ops()[1].kind, WriteBatch::Kind::kDelete);
  EXPECT_EQ(batch.ops()[1].table, Table::kTimers);
  EXPECT_EQ(batch.ops()[2].kind, WriteBatch::Kind::kAdd);
  EXPECT_EQ(batch.ops()[2].delta, -3);
  batch.Clear();
  EXPECT_TRUE(batch.empty());
}

TEST(WriteBatch, AppendAddsTheOtherBatchesOpsAfterItsOwn) {
  WriteBatch a;
  a.Put(Table::kMeta, "a", "1");
  WriteBatch b;
  b.Put(Table::kMeta, "b", "2");
  b.Delete(Table::kMeta, "c");
  a.Append(b);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.ops()[1].key, "b");
  EXPECT_EQ(a.ops()[2].key, "c");
  a.Append(a);
  ASSERT_EQ(a.size(), 6u);
  EXPECT_EQ(a.ops()[3].key, "a");
}

TEST(Counter, EncodesAsEightLittleEndianBytes) {
  EXPECT_EQ(EncodeCounter(1), "\x01\0\0\0\0\0\0\0"s);
  EXPECT_EQ(EncodeCounter(0x0102), "\x02\x01\0\0\0\0\0\0"s);
  EXPECT_EQ(EncodeCounter(-1), std::string(8, '\xff'));
}

TEST(Counter, RoundTripsEveryRange) {
  for (std::int64_t value :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1}, std::int64_t{1} << 40,
        std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    EXPECT_EQ(DecodeCounter(EncodeCounter(value)).value(), value);
  }
}

TEST(Counter, RefusesAValueThatIsNotEightBytes) {
  auto decoded = DecodeCounter("1234567");
  ASSERT_FALSE(decoded.has_value());
  EXPECT_TRUE(decoded.error().IsInvalidArgument());
  EXPECT_NE(decoded.error().message().find("8 bytes"), std::string::npos);
  EXPECT_FALSE(DecodeCounter("").has_value());
}

TEST(Counter, AddStartsFromZeroWrapsAndLeavesANonCounterAlone) {
  using store_internal::AddToCounter;
  EXPECT_EQ(AddToCounter(std::nullopt, 5), EncodeCounter(5));
  EXPECT_EQ(AddToCounter(EncodeCounter(5), -7), EncodeCounter(-2));
  EXPECT_EQ(AddToCounter(EncodeCounter(std::numeric_limits<std::int64_t>::max()), 1),
            EncodeCounter(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(AddToCounter("not a counter", 1), "not a counter");
}

TEST(PrefixEnd, IncrementsTheLastByte) {
  EXPECT_EQ(PrefixEnd("abc"), "abd");
  EXPECT_EQ(PrefixEnd("a\0"s), "a\x01"s);
}

TEST(PrefixEnd, DropsTrailingFfBytesBeforeIncrementing) {
  EXPECT_EQ(PrefixEnd("a\xff\xff"), "b");
  EXPECT_EQ(PrefixEnd("\x01\xff"), "\x02");
}

TEST(PrefixEnd, IsEmptyWhenNoKeyFollowsThePrefix) {
  EXPECT_EQ(PrefixEnd(""), "");
  EXPECT_EQ(PrefixEnd("\xff\xff"), "");
}

TEST(TableName, NamesEveryTableDistinctly) {
  std::set<std::string> names;
  for (Table table : store_internal::kAllTables) names.insert(TableName(table));
  EXPECT_EQ(names.size(), kTableCount);
  EXPECT_STREQ(TableName(Table::kCounters), "counters");
  EXPECT_STREQ(TableName(Table::kInstances), "instances");
}

}  // namespace
}  // namespace parcours
