// kill -9 durability of the engine on RocksDB (DESIGN.md §2): a child process
// (engine_crash_child.cc) runs the journey of engine_crash_journey.h, ingesting events and
// advancing the manual clock, and names every acknowledged call on a pipe; the test kills it
// with SIGKILL at random moments (fixed seed), starts it again on the same directory, many
// times, then opens the engine itself and checks that nothing acknowledged was lost, that no
// step was applied twice or by half, and that the reports agree with the instances.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/tests/engine_crash_journey.h"
#include "engine/tests/engine_test_util.h"
#include "store/store_test_util.h"

namespace parcours::engine_test {
namespace {

using engine_crash::FullHistory;
using engine_crash::kJourneyId;
using engine_crash::kProfiles;
using engine_crash::ProfileId;
using engine_crash::ProfileOfEventId;

// What the children said, over every round.
struct Acknowledged {
  std::set<std::string> sent;
  std::set<std::string> acked;
  std::int64_t clock = 0;  // the latest acknowledged AdvanceClock target, ms
  int starts = 0;
};

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(std::move(w));
  return words;
}

// Reads lines from a pipe.
class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}
  bool Next(std::string& line) {
    while (true) {
      auto end = buffer_.find('\n');
      if (end != std::string::npos) {
        line = buffer_.substr(0, end);
        buffer_.erase(0, end + 1);
        return true;
      }
      char chunk[4096];
      ssize_t n = ::read(fd_, chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
  std::string buffer_;
};

// Handles one line of the child's protocol; returns whether it was an acknowledgement.
bool Handle(const std::string& line, Acknowledged& log) {
  std::vector<std::string> w = Words(line);
  if (w.empty()) return false;
  if (w[0] == "start" && w.size() == 2) {
    ++log.starts;
    EXPECT_GE(std::stoll(w[1]), log.clock)
        << "the manual clock resumed before an acknowledged AdvanceClock";
    return false;
  }
  if (w[0] == "send") {
    log.sent.insert(w.begin() + 1, w.end());
    return false;
  }
  if (w[0] == "ack" && w.size() >= 3) {
    const auto count = static_cast<std::int64_t>(w.size() - 3);
    EXPECT_EQ(std::stoll(w[1]), count) << "new event ids not all accepted: " << line;
    EXPECT_EQ(std::stoll(w[2]), 0) << line;
    log.acked.insert(w.begin() + 3, w.end());
    return true;
  }
  if (w[0] == "clock" && w.size() == 2) {
    log.clock = std::max<std::int64_t>(log.clock, std::stoll(w[1]));
    return true;
  }
  ADD_FAILURE() << "the child said: " << line;
  return false;
}

// Runs the child on `directory` until it has acknowledged `acks_before_kill` calls, waits
// `delay`, kills it with SIGKILL and reads what it said before dying.
void RunUntilKilled(const std::filesystem::path& directory, int round, int threads,
                    int acks_before_kill, std::chrono::microseconds delay, Acknowledged& log) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::string r = std::to_string(round), t = std::to_string(threads);
    ::execl(PARCOURS_ENGINE_CRASH_CHILD, PARCOURS_ENGINE_CRASH_CHILD, directory.c_str(), r.c_str(),
            t.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(fds[1]);
  LineReader reader(fds[0]);
  int acks = 0;
  std::string line;
  while (acks < acks_before_kill && reader.Next(line)) {
    if (Handle(line, log)) ++acks;
  }
  std::this_thread::sleep_for(delay);  // the randomized moment of the kill
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the child ended on its own, status " << status;
  while (reader.Next(line)) Handle(line, log);  // said before the kill: still counts
  ::close(fds[0]);
}

std::vector<std::pair<std::string, std::string>> Steps(const InstanceView& instance) {
  std::vector<std::pair<std::string, std::string>> steps;
  for (const HistoryEntry& h : instance.history) steps.emplace_back(h.node, h.outcome);
  return steps;
}

const HistoryEntry* Entry(const InstanceView& instance, std::string_view node,
                          std::string_view outcome) {
  return FindEntry(instance, node, outcome);
}

// Every instance is a whole prefix of the journey's history, in order, on time; no profile is
// inside twice; counters, reports and the profile's `n` agree with the instances.
void CheckInstances(Engine& engine, const Report& report) {
  const auto& full = FullHistory();
  std::int64_t instances = 0, in_progress = 0, finished = 0;
  std::map<std::string, Tally> tallies;
  for (int i = 0; i < kProfiles; ++i) {
    const std::string profile = ProfileId(i);
    SCOPED_TRACE("profile " + profile);
    std::vector<InstanceView> list = Must(engine.ProfileInstances(profile), "ProfileInstances");
    int inside = 0;
    std::int64_t counted = 0;
    std::optional<Time> previous_end;
    for (const InstanceView& instance : list) {
      SCOPED_TRACE("instance " + instance.id);
      ++instances;
      auto steps = Steps(instance);
      ASSERT_LE(steps.size(), full.size()) << "a step was applied twice";
      EXPECT_TRUE(std::equal(steps.begin(), steps.end(), full.begin()))
          << "the history is not a prefix of the journey's: a step twice or half";
      for (std::size_t k = 1; k < instance.history.size(); ++k) {
        EXPECT_LE(instance.history[k - 1].at, instance.history[k].at) << "history goes back";
      }
      for (const HistoryEntry& h : instance.history) EXPECT_LE(h.at, engine.Now());
      if (previous_end) {
        EXPECT_GE(instance.entered_at, *previous_end) << "entered before the last one ended";
      }
      if (instance.status == InstanceStatus::kInProgress) {
        ++inside;
        ++in_progress;
        // After Open the log action's result is in: the instance waits at w1 or w2.
        EXPECT_TRUE(steps.size() == 4 || steps.size() == 7) << "stuck after " << steps.size();
        previous_end = Time::max();
      } else {
        ++finished;
        EXPECT_EQ(instance.status, InstanceStatus::kFinished);
        EXPECT_EQ(steps.size(), full.size());
        EXPECT_EQ(instance.end_tag, "done");
        previous_end = instance.ended_at;
      }
      for (std::string_view wait : {"w1", "w2"}) {
        const HistoryEntry* began = Entry(instance, wait, "waiting");
        const HistoryEntry* ended = Entry(instance, wait, "waited");
        if (began != nullptr && ended != nullptr) {
          EXPECT_GE(ended->at, began->at + (wait == "w1" ? Duration(1h) : Duration(30min)))
              << wait << " ended early";
        }
      }
      if (Entry(instance, "count", "updated") != nullptr) ++counted;
      // Per-activity counts, from the history.
      for (const auto& [node, outcome] : steps) {
        if (node.empty()) continue;
        if (outcome == "action_sent" || outcome == "waiting" || outcome == "updated" ||
            outcome == "ended") {
          ++tallies[node].entered;
        }
        if (outcome == "action_success" || outcome == "waited" || outcome == "updated" ||
            outcome == "ended") {
          ++tallies[node].left;
        }
      }
    }
    EXPECT_LE(inside, 1) << "two instances in progress in one journey";
    boost::json::object attributes = Must(engine.GetProfile(profile), "GetProfile");
    ASSERT_TRUE(attributes.contains("n"));
    EXPECT_EQ(attributes.at("n").to_number<std::int64_t>(), counted)
        << "the counter's updateProfile ran a different number of times than instances passed";
  }
  EXPECT_EQ(report.entered, instances);
  EXPECT_EQ(report.in_progress, in_progress);
  EXPECT_EQ(report.finished, finished);
  EXPECT_EQ(report.error, 0);
  EXPECT_EQ(report.timed_out, 0);
  EXPECT_EQ(EndTagCount(report, "done"), finished);
  for (const char* node : {"hello", "w1", "count", "w2", "done"}) {
    EXPECT_EQ(NodeTally(report, node), tallies[node]) << "report of " << node;
  }
}

TEST(EngineCrash, NothingAcknowledgedIsLostAndNoStepRunsTwiceAcrossKill9) {
  constexpr int kRounds = 20;
  std::mt19937 random(20261201);
  store_test::TempDirectory directory;
  Acknowledged log;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const int acks_before_kill = std::uniform_int_distribution<int>(0, 24)(random);
    const std::chrono::microseconds delay(std::uniform_int_distribution<int>(0, 4000)(random));
    RunUntilKilled(directory.path(), round, round % 2 == 0 ? 0 : 2, acks_before_kill, delay, log);
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GE(log.starts, kRounds / 2) << "children die before opening the engine";
  ASSERT_FALSE(log.acked.empty());

  EngineOptions options;
  options.data_dir = directory.path();
  options.partitions = 4;
  options.clock = ClockMode::kManual;
  options.manual_start = At(engine_crash::kStart);
  auto engine = Must(Engine::Open(options), "Engine::Open");
  EXPECT_GE(engine->Now().time_since_epoch().count(), log.clock);

  // Everything committed is an entry or a discard, once.
  Report report = Must(engine->GetReport(kJourneyId, 1, ReportWindow::kAllTime), "GetReport");
  std::int64_t committed = report.entered;
  for (const auto& [reason, count] : report.discarded) committed += count;
  CheckInstances(*engine, report);

  // Every acknowledged event is there: sending it again does nothing.
  std::vector<Event> again;
  for (const std::string& id : log.acked) {
    again.push_back(Event{id, "e", ProfileOfEventId(id), std::nullopt, {}});
  }
  const auto acked = static_cast<std::int64_t>(again.size());
  IngestResult result = Must(engine->Ingest(std::move(again)), "Ingest acknowledged again");
  EXPECT_EQ(result.duplicates, acked) << "an acknowledged event was lost";
  EXPECT_EQ(result.accepted, 0);

  // An event sent but not acknowledged was committed (a duplicate now) or not (accepted now);
  // the committed ones are exactly those counted in the report.
  std::int64_t committed_unacked = 0;
  for (const std::string& id : log.sent) {
    if (log.acked.contains(id)) continue;
    IngestResult once =
        Must(engine->Ingest({Event{id, "e", ProfileOfEventId(id), std::nullopt, {}}}), "Ingest");
    EXPECT_EQ(once.accepted + once.duplicates, 1) << id;
    committed_unacked += once.duplicates;
  }
  EXPECT_EQ(committed, acked + committed_unacked)
      << "the report counts " << committed << " events; " << acked << " were acknowledged and "
      << committed_unacked << " more are known";
}

}  // namespace
}  // namespace parcours::engine_test
