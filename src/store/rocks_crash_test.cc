// kill -9 durability of the RocksDB store: a child process (rocks_crash_writer) writes numbered
// multi-table batches with kSync and reports each acknowledged one on a pipe; the test kills it
// at a random moment, reopens the directory and checks that every acknowledged batch is there
// whole and that no batch is there in part.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "parcours/rocks_store.h"
#include "store/crash_batch.h"
#include "store/store_test_util.h"

namespace parcours {
namespace {

using namespace crash_batch;

// Runs the writer on `directory` until it has acknowledged `acks_before_kill` batches, waits
// `delay`, kills it with SIGKILL; returns how many batches it acknowledged in all.
int WriteUntilKilled(const std::filesystem::path& directory, int acks_before_kill,
                     std::chrono::microseconds delay) {
  int fds[2];
  if (::pipe(fds) != 0) {
    ADD_FAILURE() << "pipe failed";
    return -1;
  }
  const pid_t child = ::fork();
  if (child == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    ::execl(PARCOURS_ROCKS_CRASH_WRITER, PARCOURS_ROCKS_CRASH_WRITER, directory.c_str(), "1000000",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  int acknowledged = 0;
  auto read_ack = [&] {
    int batch = -1;
    std::size_t got = 0;
    while (got < sizeof batch) {
      ssize_t n = ::read(fds[0], reinterpret_cast<char*>(&batch) + got, sizeof batch - got);
      if (n <= 0) return false;
      got += static_cast<std::size_t>(n);
    }
    EXPECT_EQ(batch, acknowledged) << "acknowledged out of order";
    ++acknowledged;
    return true;
  };
  while (acknowledged < acks_before_kill && read_ack()) {
  }
  std::this_thread::sleep_for(delay);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the writer ended on its own, status " << status;
  while (read_ack()) {  // acknowledgements written before the kill still count
  }
  ::close(fds[0]);
  return acknowledged;
}

// How many batches the store holds, checking they are whole and nothing else is there.
int CheckWholeBatches(Store& store) {
  int found = 0;
  while (store.Get(Table::kHistory, BatchKey(found)).value().has_value()) ++found;
  for (int batch = 0; batch < found; ++batch) {
    for (int i = 0; i < kInstancesPerBatch; ++i) {
      EXPECT_EQ(store.Get(Table::kInstances, InstanceKey(batch, i)).value(),
                InstanceValue(batch, i))
          << "batch " << batch << " of " << found << " is not whole";
    }
  }
  // Nothing of batch `found` or later: the counts over every table match.
  int instances = 0;
  EXPECT_TRUE(store
                  .Scan(Table::kInstances, "", "",
                        [&](std::string_view, std::string_view) { return ++instances > 0; })
                  .has_value());
  EXPECT_EQ(instances, found * kInstancesPerBatch) << "part of a batch after " << found;
  int history = 0;
  EXPECT_TRUE(store
                  .Scan(Table::kHistory, "", "",
                        [&](std::string_view, std::string_view) { return ++history > 0; })
                  .has_value());
  EXPECT_EQ(history, found);
  auto counter = [&](const char* key) -> std::int64_t {
    auto bytes = store.Get(Table::kCounters, key).value();
    return bytes.has_value() ? DecodeCounter(*bytes).value() : 0;
  };
  EXPECT_EQ(counter("batches"), found);
  EXPECT_EQ(counter("sum"), std::int64_t{found} * (found - 1) / 2);
  std::vector<std::string> timers;
  EXPECT_TRUE(store
                  .Scan(Table::kTimers, "", "",
                        [&](std::string_view key, std::string_view) {
                          timers.emplace_back(key);
                          return true;
                        })
                  .has_value());
  if (found == 0) {
    EXPECT_TRUE(timers.empty());
  } else {
    EXPECT_EQ(timers, std::vector<std::string>{BatchKey(found - 1)});
  }
  return found;
}

TEST(RocksStoreCrash, EveryBatchAcknowledgedWithSyncSurvivesKill9AndNoneIsHalfThere) {
  std::mt19937 random(20240611);
  for (int round = 0; round < 10; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    store_test::TempDirectory directory;
    const int acks_before_kill = std::uniform_int_distribution<int>(0, 40)(random);
    const std::chrono::microseconds delay(std::uniform_int_distribution<int>(0, 3000)(random));
    const int acknowledged = WriteUntilKilled(directory.path(), acks_before_kill, delay);
    ASSERT_GE(acknowledged, acks_before_kill);

    auto store = OpenRocksStore(directory.path());
    ASSERT_TRUE(store.has_value()) << store_test::Describe(store);
    const int found = CheckWholeBatches(**store);
    EXPECT_GE(found, acknowledged) << "an acknowledged batch was lost";
    EXPECT_LE(found, acknowledged + 1) << "only the batch in flight may be there unacknowledged";
  }
}

}  // namespace
}  // namespace parcours
