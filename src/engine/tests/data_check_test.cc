// Corrupt data (issue 14): `CheckDataDirectory` verifies a data directory offline, and corrupt
// data met while running is kDataLoss (never "unavailable, retry"), reported as failing work of
// the node (the server stops on it).
#include "parcours/data_check.h"
#include "engine/keys.h"
#include "engine/tests/engine_test_util.h"
#include "parcours/rocks_store.h"
#include "store/corrupt_test_util.h"
#include "store/store_test_util.h"

namespace parcours::engine_test {
namespace {

constexpr std::string_view kWait = R"json({
  "id": "wait", "name": "Wait", "entry": { "type": "event", "event": "e" },
  "start": "w",
  "nodes": [ { "id": "w", "type": "wait", "duration": "PT1H", "next": "done" },
             { "id": "done", "type": "end", "label": "Done" } ]
})json";

class DataCheckTest : public ::testing::Test {
 protected:
  // Opens an engine on the directory, publishes kWait and sends `profiles` events, closes it.
  void Fill(int profiles) {
    auto engine = Open();
    JourneyDefinition definition = Must(ParseDefinition(kWait), "ParseDefinition");
    Normalize(definition);
    std::string id = Must(engine->CreateJourney(definition, "ci"), "Create").journey_id;
    Must(engine->Publish(id, 1, "ci"), "Publish");
    std::vector<Event> events;
    for (int i = 0; i < profiles; ++i) {
      events.push_back(Event{"e-" + std::to_string(i), "e", "p" + std::to_string(i), {}, {}});
    }
    Must(engine->Ingest(std::move(events)), "Ingest");
  }

  std::unique_ptr<Engine> Open(BackgroundReport report = nullptr) {
    EngineOptions options;
    options.data_dir = directory_.path();
    options.partitions = 4;
    options.clock = ClockMode::kManual;
    options.manual_start = kStart;
    options.on_background = std::move(report);
    return Must(Engine::Open(options), "Engine::Open");
  }

  store_test::TempDirectory directory_;
};

TEST_F(DataCheckTest, ASoundDirectoryIsSoundWithItsRecordsCounted) {
  Fill(20);
  ASSERT_TRUE(CompactRocksStore(directory_.path()));
  DataCheck check = Must(CheckDataDirectory(directory_.path()), "Check");
  EXPECT_TRUE(check.ok()) << check.problems.front();
  EXPECT_EQ(check.format, "parcours-2");
  EXPECT_EQ(check.partitions, 4);
  EXPECT_GT(check.files_verified, 0u);
  EXPECT_EQ(check.records.at("journeys"), 1);
  EXPECT_GE(check.records.at("timers"), 20);  // a wait each
  EXPECT_GT(check.records.at("instances"), 20);
  EXPECT_GT(check.records.at("history"), 0);
}

TEST_F(DataCheckTest, ADamagedTableFileIsFoundAndNamed) {
  Fill(200);
  ASSERT_GT(store_test::CorruptTableFiles(directory_.path(), "history"), 0);
  DataCheck check = Must(CheckDataDirectory(directory_.path()), "Check");
  ASSERT_FALSE(check.ok());
  EXPECT_THAT(check.problems.front(), HasSubstr("Corruption"));
  EXPECT_THAT(check.problems.front(), HasSubstr(".sst"));
}

TEST_F(DataCheckTest, ARecordThatDoesNotReadBackIsFoundWithItsTableAndKey) {
  Fill(3);
  {
    auto store = Must(OpenRocksStore(directory_.path()), "OpenRocksStore");
    WriteBatch batch;
    batch.Put(Table::kInstances, engine::keys::Instance(1, "0001-000000000099"), "{not json");
    batch.Put(Table::kCounters, "wait", "short");
    Must(store->Write(batch, Durability::kSync), "Write");
  }
  DataCheck check = Must(CheckDataDirectory(directory_.path()), "Check");
  ASSERT_EQ(check.problems.size(), 2u);
  EXPECT_THAT(check.problems[0], HasSubstr("instances, key \\x00\\x01i0001-000000000099: "));
  EXPECT_THAT(check.problems[1], HasSubstr("counters, key wait: "));
}

TEST_F(DataCheckTest, NoDirectoryIsNotFound) {
  auto check = CheckDataDirectory(directory_.path() / "missing");
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().kind(), ErrorKind::kNotFound);
}

TEST_F(DataCheckTest, CorruptDataMetWhileRunningIsDataLossAndReportedAsFailingStoreWork) {
  Fill(200);
  ASSERT_GT(store_test::CorruptTableFiles(directory_.path(), "history"), 0);
  std::vector<BackgroundEvent> reported;
  std::mutex mutex;
  auto engine = Open([&](const BackgroundEvent& e) {
    std::lock_guard lock(mutex);
    reported.push_back(e);
  });
  std::optional<Error> met;  // reading the profiles' histories meets a damaged block
  for (int i = 0; i < 200 && !met; ++i) {
    auto instances = engine->ProfileInstances("p" + std::to_string(i));
    if (!instances) met = instances.error();
  }
  ASSERT_TRUE(met);
  EXPECT_EQ(met->kind(), ErrorKind::kDataLoss);
  EXPECT_THAT(met->message(), HasSubstr("history"));
  EngineStats stats = engine->Stats();
  ASSERT_TRUE(stats.failing.contains("store"));
  engine.reset();
  std::lock_guard lock(mutex);
  ASSERT_FALSE(reported.empty());
  EXPECT_EQ(reported.front().work, "store");
  EXPECT_EQ(reported.front().kind, ErrorKind::kDataLoss);
}

}  // namespace
}  // namespace parcours::engine_test
