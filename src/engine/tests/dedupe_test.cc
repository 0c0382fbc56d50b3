// Event ids are idempotent per profile (DESIGN.md §2): the same (profileId, id) sent again within
// seven days does nothing twice; the same id for another profile is another event, whatever
// partition its profile hashes to. A data directory of format parcours-1 (ids kept per
// partition) is upgraded at open and its ids read until they expire.
#include "engine/keys.h"
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

namespace keys = parcours::engine::keys;

constexpr std::string_view kSignup = R"json({
  "id": "welcome", "name": "Welcome", "entry": { "type": "event", "event": "signup" },
  "start": "wait",
  "nodes": [ { "id": "wait", "type": "wait", "duration": "PT1H", "next": "done" },
             { "id": "done", "type": "end", "label": "Done" } ]
})json";

constexpr int kPartitions = 4;  // EngineTest's

std::vector<Event> SameIdForProfiles(int count, const std::string& id) {
  std::vector<Event> events;
  for (int i = 0; i < count; ++i) {
    Event e;
    e.id = id;
    e.type = "signup";
    e.profile_id = "p" + std::to_string(i);
    events.push_back(std::move(e));
  }
  return events;
}

TEST_F(EngineTest, TheSameIdForSixtyFourProfilesInOneBatchIsSixtyFourEvents) {
  std::string journey = PublishJourney(kSignup);
  IngestResult first = SendAll(SameIdForProfiles(64, "same-1"));
  EXPECT_EQ(first.accepted, 64);
  EXPECT_EQ(first.duplicates, 0);
  EXPECT_EQ(ReportOf(journey).entered, 64);
  for (int i = 0; i < 64; ++i) {
    EXPECT_EQ(Instances("p" + std::to_string(i)).size(), 1u) << "p" << i;
  }

  IngestResult again = SendAll(SameIdForProfiles(64, "same-1"));
  EXPECT_EQ(again.accepted, 0);
  EXPECT_EQ(again.duplicates, 64);
  EXPECT_EQ(ReportOf(journey).entered, 64);
}

TEST_F(EngineTest, TheSameIdForTwoProfilesOfOnePartitionInSeparateBatchesIsTwoEvents) {
  std::string journey = PublishJourney(kSignup);
  // Two profiles that hash to one partition: the case the per-partition records got wrong.
  std::string a = "p0", b;
  for (int i = 1; b.empty(); ++i) {
    std::string candidate = "p" + std::to_string(i);
    if (keys::PartitionOf(candidate, kPartitions) == keys::PartitionOf(a, kPartitions)) {
      b = candidate;
    }
  }
  EXPECT_EQ(Send("signup", a, "{}", "order-7").accepted, 1);
  EXPECT_EQ(Send("signup", b, "{}", "order-7").accepted, 1);
  EXPECT_EQ(Send("signup", a, "{}", "order-7").duplicates, 1);
  EXPECT_EQ(Send("signup", b, "{}", "order-7").duplicates, 1);
  EXPECT_EQ(ReportOf(journey).entered, 2);
}

TEST_F(EngineTest, IdsOfOneProfileExpireSeparatelyFromAnothers) {
  PublishJourney(kSignup);
  Send("signup", "p1", "{}", "e1");
  Advance("P5D");
  Send("signup", "p2", "{}", "e1");
  Advance("P4D");  // p1's id is 9 days old and swept, p2's 4 days old
  EXPECT_EQ(Send("signup", "p1", "{}", "e1").accepted, 1);
  EXPECT_EQ(Send("signup", "p2", "{}", "e1").duplicates, 1);
}

// A directory written by format parcours-1: its records are `<p>e<id>` and `<p>x<time><id>`.
class LegacyDedupeTest : public EngineTest {
 protected:
  void SetUp() override { OpenEngineOnKeptStore(&dispatcher_); }

  // Turns the kept store into what parcours-1 wrote: `profile` known and `id` seen in its
  // partition at the current time.
  void WriteLegacyRecord(const std::string& profile, const std::string& id) {
    keys::Partition p = keys::PartitionOf(profile, kPartitions);
    WriteBatch batch;
    batch.Put(Table::kMeta, keys::kFormat, "parcours-1");
    batch.Put(Table::kProfiles, profile, "{}");
    batch.Put(Table::kDedupe, keys::LegacyDedupe(p, id),
              std::to_string(engine().Now().time_since_epoch().count()));
    std::string expiry = keys::LegacyDedupeExpiry(p, engine().Now()).append(id);
    batch.Put(Table::kDedupe, expiry, "");
    Must(kept_store_->Write(batch, Durability::kSync), "Write");
  }

  std::string Format() {
    return Must(kept_store_->Get(Table::kMeta, keys::kFormat), "Get").value_or("");
  }

  std::int64_t LegacyRecords() {
    std::int64_t n = 0;
    for (int p = 0; p < kPartitions; ++p) {
      for (std::string prefix : {keys::LegacyDedupe(static_cast<keys::Partition>(p), ""),
                                 keys::LegacyDedupeExpiryPrefix(static_cast<keys::Partition>(p))}) {
        Must(kept_store_->Scan(Table::kDedupe, prefix, PrefixEnd(prefix),
                               [&](std::string_view, std::string_view) { return ++n > 0; }),
             "Scan");
      }
    }
    return n;
  }

  // A profile never seen, in `profile`'s partition.
  static std::string StrangerBeside(const std::string& profile) {
    for (int i = 0;; ++i) {
      std::string candidate = "stranger-" + std::to_string(i);
      if (keys::PartitionOf(candidate, kPartitions) == keys::PartitionOf(profile, kPartitions)) {
        return candidate;
      }
    }
  }
};

TEST_F(LegacyDedupeTest, AnOlderDirectoryIsUpgradedAndItsIdsReadUntilTheyExpire) {
  std::string journey = PublishJourney(kSignup);
  WriteLegacyRecord("alice", "old-1");
  engine_.reset();
  OpenEngineOnKeptStore(&dispatcher_);
  EXPECT_EQ(Format(), "parcours-2");

  // Alice was known when the id was recorded: it may have been hers, so it is a duplicate.
  EXPECT_EQ(Send("signup", "alice", "{}", "old-1").duplicates, 1);
  // A profile seen for the first time cannot have sent it.
  std::string stranger = StrangerBeside("alice");
  EXPECT_EQ(Send("signup", stranger, "{}", "old-1").accepted, 1);
  EXPECT_EQ(Send("signup", stranger, "{}", "old-1").duplicates, 1);  // now recorded as its own
  EXPECT_EQ(ReportOf(journey).entered, 1);

  Advance("P9D");  // past the window: a sweep forgets the old records
  EXPECT_EQ(LegacyRecords(), 0);
  EXPECT_EQ(Send("signup", "alice", "{}", "old-1").accepted, 1);

  // Opened again: the partition holds no old records any more, and the format stays.
  engine_.reset();
  OpenEngineOnKeptStore(&dispatcher_);
  EXPECT_EQ(Format(), "parcours-2");
  EXPECT_EQ(Send("signup", "alice", "{}", "old-1").duplicates, 1);
}

TEST_F(LegacyDedupeTest, AFormatThisVersionDoesNotKnowIsRefusedWithItsName) {
  WriteBatch batch;
  batch.Put(Table::kMeta, keys::kFormat, "parcours-9");
  Must(kept_store_->Write(batch, Durability::kSync), "Write");
  engine_.reset();
  EngineOptions options;
  options.partitions = kPartitions;
  options.threads = 0;
  options.store = kept_store_.get();
  auto opened = Engine::Open(options);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_THAT(opened.error().message(), HasSubstr("'parcours-9'"));
}

}  // namespace
}  // namespace parcours::engine_test
