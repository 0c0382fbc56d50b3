// `parcours` against a real `parcoursd`: each test starts the server on port 0 with a fresh data
// directory and the manual clock, then drives the CLI binary as a user would, checking output
// and exit codes (0 ok, 1 refused, 2 usage or local input, 3 unreachable).
#include <arpa/inet.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "run_process.h"

extern char** environ;

namespace parcours {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProcessResult;
using testing::RunProcess;

const std::string kCli = PARCOURS_CLI;
const std::string kServer = PARCOURS_SERVER;
const std::filesystem::path kSource = PARCOURS_SOURCE_DIR;

// A fresh directory under the system's temporary directory, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "parcours-cli-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A running parcoursd on 127.0.0.1, port 0, manual clock, plus `extra` flags. The constructor
// returns once the server printed "parcoursd listening on http://HOST:PORT" (that URL is then
// url()); its stderr goes to server.log in `dir`; its stdout is drained by a thread so the server
// never blocks on it. The destructor sends SIGTERM and waits (SIGKILL after 10 s).
class ServerProcess {
 public:
  explicit ServerProcess(const std::filesystem::path& dir, std::vector<std::string> extra = {})
      : log_(dir / "server.log") {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, out[1]);
    std::string data = (dir / "data").string();
    std::vector<std::string> argv = {kServer, "--listen", "127.0.0.1:0", "--data",
                                     data,    "--clock",  "manual"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (rc != 0) {
      close(out[0]);
      throw std::runtime_error("cannot start " + kServer);
    }
    out_fd_ = out[0];
    url_ = ReadUrl();
    drain_ = std::thread([this] { Drain(); });
  }

  ~ServerProcess() {
    kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (drain_.joinable()) drain_.join();
    close(out_fd_);
  }

  const std::string& url() const { return url_; }
  std::string Log() const {
    std::ifstream in(log_);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  std::string ReadUrl() {
    const std::string marker = "parcoursd listening on ";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::string seen;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd fd{out_fd_, POLLIN, 0};
      if (poll(&fd, 1, 100) <= 0) continue;
      char buf[512];
      ssize_t got = read(out_fd_, buf, sizeof buf);
      if (got <= 0) break;  // the server exited before listening
      seen.append(buf, static_cast<std::size_t>(got));
      std::size_t at = seen.find(marker);
      if (at == std::string::npos) continue;
      std::size_t end = seen.find('\n', at);
      if (end == std::string::npos) continue;
      return seen.substr(at + marker.size(), end - at - marker.size());
    }
    kill(pid_, SIGKILL);
    throw std::runtime_error("parcoursd did not say where it listens; stdout: " + seen +
                             "\nstderr: " + Log());
  }

  void Drain() {
    char buf[4096];
    while (read(out_fd_, buf, sizeof buf) > 0) {
    }
  }

  std::filesystem::path log_;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string url_;
  std::thread drain_;
};

// A TCP port on 127.0.0.1 where nothing listens (bound, then released).
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  close(fd);
  return ntohs(address.sin_port);
}

// Runs `argv` with a pseudo-terminal as its standard input (stdout and stderr are pipes), types
// `typed` on that terminal, and waits for the process to end.
ProcessResult RunOnTerminal(const std::vector<std::string>& argv, const std::string& typed) {
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
    throw std::runtime_error("no pseudo-terminal");
  }
  std::string terminal = ptsname(master);
  int out[2], err[2];
  if (pipe(out) != 0 || pipe(err) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, terminal.c_str(), O_RDWR | O_NOCTTY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  for (int fd : {master, out[0], out[1], err[0], err[1]}) {
    posix_spawn_file_actions_addclose(&actions, fd);
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  close(err[1]);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  if (write(master, typed.data(), typed.size()) != static_cast<ssize_t>(typed.size())) {
    throw std::runtime_error("cannot type on the terminal");
  }
  ProcessResult result;
  pollfd fds[3] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {master, POLLIN, 0}};
  int open_outputs = 2;
  while (open_outputs > 0) {
    if (poll(fds, 3, -1) < 0 && errno != EINTR) break;
    for (int i = 0; i < 3; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP)) == 0) continue;
      char buf[4096];
      ssize_t got = read(fds[i].fd, buf, sizeof buf);
      if (i == 2) {  // the terminal's echo: read and dropped
        if (got <= 0) fds[2].fd = -1;
        continue;
      }
      if (got <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_outputs;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(got));
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

boost::json::value Json(const ProcessResult& r) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.out, ec);
  EXPECT_FALSE(ec) << "not JSON: " << r.out << r.err;
  return v;
}

std::int64_t Int(const boost::json::value& v) { return v.to_number<std::int64_t>(); }

// A journey whose profiles wait ten days: they stay in_progress until the test acts.
constexpr const char* kWaitingJourney = R"({
  "id": "waiting", "name": "Waiting room",
  "entry": { "type": "event", "event": "signup" },
  "start": "wait",
  "nodes": [
    { "id": "wait", "type": "wait", "label": "Ten days", "duration": "P10D", "next": "done" },
    { "id": "done", "type": "end", "label": "Waited" }
  ]
})";

class CliServerTest : public ::testing::Test {
 protected:
  void SetUp() override { server_ = std::make_unique<ServerProcess>(dir_.path()); }

  // Runs the CLI against the test's server; stdin is `input` (a pipe: never a terminal).
  ProcessResult Cli(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {kCli, "--url", server_->url()});
    return RunProcess(args, input);
  }

  std::string WriteFile(const std::string& name, const std::string& content) {
    std::filesystem::path path = dir_.path() / name;
    std::ofstream(path) << content;
    return path.string();
  }

  // Creates and publishes the waiting journey, and lets `profiles` enter it.
  void StartWaitingJourney(const std::vector<std::string>& profiles) {
    auto created = Cli({"journeys", "create", WriteFile("waiting.json", kWaitingJourney)});
    ASSERT_EQ(created.exit_code, 0) << created.err;
    auto published = Cli({"journeys", "publish", "waiting"});
    ASSERT_EQ(published.exit_code, 0) << published.err;
    for (const std::string& p : profiles) {
      auto sent = Cli({"events", "send", "signup", "--profile", p, "--sync"});
      ASSERT_EQ(sent.exit_code, 0) << sent.err;
    }
  }

  std::string Log() const { return server_->Log(); }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(CliServerTest, WelcomeSeriesRunsFromCreateToReport) {
  auto created = Cli({"journeys", "create", (kSource / "examples/welcome-series.json").string()});
  ASSERT_EQ(created.exit_code, 0) << created.err << Log();
  EXPECT_EQ(created.out, "created welcome-series version 1: draft\n");

  auto listed = Cli({"journeys", "list"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("ID"));
  EXPECT_THAT(listed.out, HasSubstr("welcome-series  Welcome series  1 draft"));

  auto validated = Cli({"journeys", "validate", "welcome-series"});
  EXPECT_EQ(validated.exit_code, 0) << validated.out << validated.err;
  EXPECT_EQ(validated.out, "welcome-series version 1: valid (0 errors, 0 warnings)\n");

  auto published = Cli({"journeys", "publish", "welcome-series"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_EQ(published.out, "published: welcome-series version 1: live\n");

  for (auto [profile, country] : {std::pair{"ada", "FR"}, {"bob", "DE"}, {"cyd", "US"}}) {
    auto sent = Cli({"events", "send", "signup", "--profile", profile, "--data",
                     std::string(R"({"country": ")") + country + "\"}", "--sync"});
    ASSERT_EQ(sent.exit_code, 0) << sent.err;
    EXPECT_EQ(sent.out, "accepted signup for " + std::string(profile) + "\n");
  }
  auto bought = Cli(
      {"events", "send", "purchase", "--profile", "ada", "--data", R"({"amount": 20})", "--sync"});
  EXPECT_EQ(bought.exit_code, 0) << bought.err;

  // Three days without a purchase, then the two quiet hours: everyone has ended.
  auto advanced = Cli({"clock", "advance", "--by", "P3D"});
  EXPECT_EQ(advanced.exit_code, 0) << advanced.err;
  EXPECT_THAT(advanced.out, HasSubstr("(manual clock)"));
  EXPECT_EQ(Cli({"clock", "advance", "--by", "PT2H"}).exit_code, 0);

  auto report = Cli({"journeys", "report", "welcome-series", "--json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  boost::json::value counts = Json(report);
  EXPECT_EQ(counts.at("status"), "live");
  EXPECT_EQ(Int(counts.at("entered")), 2) << report.out;
  EXPECT_EQ(Int(counts.at("instances").at("in_progress")), 0) << report.out;
  EXPECT_EQ(Int(counts.at("instances").at("finished")), 2) << report.out;
  EXPECT_EQ(Int(counts.at("discarded").at("condition_false")), 1) << report.out;

  auto table = Cli({"journeys", "report", "welcome-series"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("welcome-series version 1: live, all time\n"));
  EXPECT_THAT(table.out, HasSubstr("  entered      2\n"));
  EXPECT_THAT(table.out, HasSubstr("  in_progress  0\n"));
  EXPECT_THAT(table.out, HasSubstr("  finished     2\n"));
  EXPECT_THAT(table.out, HasSubstr("ACTIVITY"));
  EXPECT_THAT(table.out, HasSubstr("welcome"));
  EXPECT_THAT(table.out, HasSubstr("Welcome mail"));
  EXPECT_THAT(table.out, HasSubstr("condition_false  1"));

  auto instances = Cli({"instances", "list", "welcome-series", "--json"});
  ASSERT_EQ(instances.exit_code, 0) << instances.err;
  boost::json::array rows = Json(instances).at("instances").as_array();
  ASSERT_EQ(rows.size(), 2u) << instances.out;
  for (const auto& row : rows) EXPECT_EQ(row.at("status"), "finished") << instances.out;

  auto readable = Cli({"instances", "list", "welcome-series"});
  EXPECT_EQ(readable.exit_code, 0) << readable.err;
  EXPECT_THAT(readable.out, HasSubstr("INSTANCE"));
  EXPECT_THAT(readable.out, HasSubstr("ada"));
  EXPECT_THAT(readable.out, HasSubstr("bob"));
  EXPECT_THAT(readable.out, Not(HasSubstr("cyd")));

  std::string ada_instance;
  for (const auto& row : rows) {
    if (row.at("profileId") == "ada") ada_instance = std::string(row.at("id").as_string());
  }
  auto one = Cli({"instances", "get", ada_instance});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_THAT(one.out, HasSubstr("instance " + ada_instance));
  EXPECT_THAT(one.out, HasSubstr("welcome-series version 1"));
  EXPECT_THAT(one.out, HasSubstr("history"));

  auto journeys = Cli({"profiles", "journeys", "ada"});
  EXPECT_EQ(journeys.exit_code, 0) << journeys.err;
  EXPECT_THAT(journeys.out, HasSubstr(ada_instance));
  EXPECT_THAT(journeys.out, HasSubstr("welcome-series"));
  EXPECT_THAT(journeys.out, HasSubstr("finished"));
  auto none = Cli({"profiles", "journeys", "cyd"});
  EXPECT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "profile cyd has been in no journey\n");
}

TEST_F(CliServerTest, StopWithoutATerminalNorYesIsRefusedAndChangesNothing) {
  StartWaitingJourney({"ada", "bob"});
  auto refused = Cli({"journeys", "stop", "waiting"});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("refusing to stop waiting without confirmation"));
  EXPECT_THAT(refused.err, HasSubstr("--yes"));
  auto still = Cli({"--json", "journeys", "get", "waiting", "--version", "1"});
  EXPECT_EQ(Json(still).at("status"), "live");

  auto stopped = Cli({"journeys", "stop", "waiting", "--yes"});
  ASSERT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_EQ(stopped.out, "stopped: waiting version 1: stopped\n");
  auto instances = Cli({"instances", "list", "waiting", "--json"});
  ASSERT_EQ(instances.exit_code, 0) << instances.err;
  boost::json::array rows = Json(instances).at("instances").as_array();
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("status"), "timed_out");
    EXPECT_EQ(row.at("exitReason"), "journey_stopped");
  }
}

TEST_F(CliServerTest, StopOnATerminalAsksAndOnlyYesStops) {
  StartWaitingJourney({"ada"});
  std::vector<std::string> stop = {kCli, "--url", server_->url(), "journeys", "stop", "waiting"};
  auto declined = RunOnTerminal(stop, "n\n");
  EXPECT_EQ(declined.exit_code, 2);
  EXPECT_THAT(declined.err, HasSubstr("Stop waiting version 1? Every profile still inside ends "
                                      "at once as timed_out"));
  EXPECT_THAT(declined.err, HasSubstr("[y/N]"));
  EXPECT_THAT(declined.err, HasSubstr("cancelled; nothing was changed"));
  EXPECT_EQ(Json(Cli({"--json", "journeys", "get", "waiting", "--version", "1"})).at("status"),
            "live");

  auto confirmed = RunOnTerminal(stop, "y\n");
  EXPECT_EQ(confirmed.exit_code, 0) << confirmed.err;
  EXPECT_EQ(confirmed.out, "stopped: waiting version 1: stopped\n");
}

TEST_F(CliServerTest, RefusedTransitionExitsOneWithTheServersProblem) {
  auto created = Cli({"journeys", "create", WriteFile("waiting.json", kWaitingJourney)});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto refused = Cli({"journeys", "resume", "waiting"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("parcours journeys resume: refused (409 Conflict): "));
  EXPECT_THAT(refused.err, HasSubstr("draft"));
  EXPECT_TRUE(refused.out.empty());

  auto unknown = Cli({"journeys", "get", "nope"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("refused (404 Not Found)"));
}

TEST_F(CliServerTest, PublishingAnInvalidDraftListsEachErrorWithItsPath) {
  auto created = Cli({"journeys", "create", (kSource / "tests/data/format_example.json").string(),
                      "--id", "broken"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto validated = Cli({"journeys", "validate", "broken"});
  EXPECT_EQ(validated.exit_code, 1);
  EXPECT_THAT(validated.out, HasSubstr("broken version 1: invalid (2 errors"));
  EXPECT_THAT(validated.out, HasSubstr("unknown_node at $.nodes[4].next (activity 'nudge')"));

  auto refused = Cli({"journeys", "publish", "broken"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("refused (422 Unprocessable Content)"));
  EXPECT_THAT(refused.err, HasSubstr("at $.nodes[0].onError (activity 'welcome')"));
  EXPECT_THAT(refused.err, HasSubstr("at $.nodes[4].next (activity 'nudge')"));
}

TEST_F(CliServerTest, ApplyCreatesThenReplacesTheDraftThenOnlyLabels) {
  std::string file = WriteFile("waiting.json", kWaitingJourney);
  auto first = Cli({"journeys", "apply", file});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "created waiting version 1: draft\n");

  std::string renamed(kWaitingJourney);
  renamed.replace(renamed.find("Waiting room"), 12, "Waiting hall");
  auto second = Cli({"journeys", "apply", WriteFile("renamed.json", renamed)});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, "updated the draft: waiting version 1: draft\n");
  EXPECT_EQ(Cli({"journeys", "publish", "waiting"}).exit_code, 0);

  std::string relabelled(renamed);
  relabelled.replace(relabelled.find("Ten days"), 8, "A while");
  auto labels = Cli({"journeys", "apply", WriteFile("relabelled.json", relabelled)});
  EXPECT_EQ(labels.exit_code, 0) << labels.err;
  EXPECT_EQ(labels.out, "updated the labels: waiting version 1: live\n");

  std::string longer(relabelled);
  longer.replace(longer.find("P10D"), 4, "P11D");
  auto refused = Cli({"journeys", "apply", WriteFile("longer.json", longer)});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("409"));
  EXPECT_THAT(refused.err, HasSubstr("$.nodes[0].duration"));
  EXPECT_THAT(refused.err, HasSubstr("parcours journeys new-version waiting"));
}

TEST_F(CliServerTest, LifecycleCommandsDefaultToTheRunningVersion) {
  StartWaitingJourney({"ada"});
  auto paused = Cli({"journeys", "pause", "waiting", "--mode", "hold", "--for", "P3D"});
  EXPECT_EQ(paused.exit_code, 0) << paused.err;
  EXPECT_EQ(paused.out, "paused: waiting version 1: paused\n");
  auto resumed = Cli({"journeys", "resume", "waiting"});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(resumed.out, "resumed: waiting version 1: live\n");

  auto drafted = Cli({"journeys", "new-version", "waiting"});
  EXPECT_EQ(drafted.exit_code, 0) << drafted.err;
  EXPECT_EQ(drafted.out, "created waiting version 2: draft\n");
  // With a draft as the latest version, close still means the live one.
  auto closed = Cli({"journeys", "close", "waiting"});
  EXPECT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_EQ(closed.out, "closed: waiting version 1: closed\n");
  // With no live version, the report is the closed one's (profiles may still be inside).
  auto report = Cli({"--json", "journeys", "report", "waiting"});
  EXPECT_EQ(Json(report).at("status"), "closed");

  auto got = Cli({"journeys", "get", "waiting"});
  EXPECT_EQ(got.exit_code, 0) << got.err;
  EXPECT_THAT(got.out, HasSubstr("waiting  Waiting room\n"));
  EXPECT_THAT(got.out, HasSubstr("VERSION  STATUS"));
  EXPECT_THAT(got.out, HasSubstr("closed"));

  auto refused = Cli({"journeys", "delete", "waiting", "--version", "2"});
  EXPECT_EQ(refused.exit_code, 2);
  auto deleted = Cli({"journeys", "delete", "waiting", "--version", "2", "--yes"});
  EXPECT_EQ(deleted.exit_code, 0) << deleted.err;
  EXPECT_EQ(deleted.out, "deleted waiting version 2\n");

  auto copy = Cli({"--json", "journeys", "duplicate", "waiting", "--name", "Copy"});
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  boost::json::value version = Json(copy);
  EXPECT_NE(version.at("id"), "waiting");
  EXPECT_EQ(version.at("status"), "draft");
  EXPECT_EQ(version.at("definition").at("name"), "Copy");
}

TEST_F(CliServerTest, TestModeStartsRunsTestProfilesReportsApartAndStops) {
  auto created = Cli({"journeys", "create", WriteFile("waiting.json", kWaitingJourney)});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  auto bad = Cli({"journeys", "test-start", "waiting", "--wait", "soon"});
  EXPECT_EQ(bad.exit_code, 2);
  auto started = Cli({"journeys", "test-start", "waiting", "--wait", "PT30S"});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  EXPECT_EQ(started.out,
            "test mode started: waiting version 1: draft in test mode (waits at most PT30S)\n");
  auto again = Cli({"journeys", "test-start", "waiting"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("already in test mode"));

  ASSERT_EQ(Cli({"profiles", "put", "ada", "--attributes", R"({"testProfile":true})"}).exit_code,
            0);
  for (const char* p : {"ada", "bob"}) {
    auto sent = Cli({"events", "send", "signup", "--profile", p, "--sync"});
    ASSERT_EQ(sent.exit_code, 0) << sent.err;
  }
  ASSERT_EQ(Cli({"clock", "advance", "--by", "PT30S"}).exit_code, 0);
  auto report = Cli({"--json", "journeys", "report", "waiting", "--test"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  boost::json::value counts = Json(report);
  EXPECT_EQ(counts.at("testMode"), true);
  EXPECT_EQ(counts.at("entered"), 1);
  EXPECT_EQ(counts.at("endTags").at("done").at("count"), 1);
  EXPECT_EQ(counts.at("discarded").at("not_test_profile"), 1);
  auto readable = Cli({"journeys", "report", "waiting", "--test"});
  EXPECT_THAT(readable.out, HasSubstr("waiting version 1: draft, all time, test session"));

  auto stopped = Cli({"journeys", "test-stop", "waiting"});
  ASSERT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_THAT(stopped.out, HasSubstr("test mode stopped"));
  EXPECT_THAT(stopped.out, HasSubstr("waiting version 1: draft\n"));
  EXPECT_EQ(Cli({"journeys", "report", "waiting", "--test"}).exit_code, 1);
}

TEST_F(CliServerTest, RemovingAnInstanceAsksFirst) {
  StartWaitingJourney({"ada"});
  auto listed = Cli({"instances", "list", "waiting", "--status", "in_progress", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  boost::json::array rows = Json(listed).at("instances").as_array();
  ASSERT_EQ(rows.size(), 1u);
  std::string id(rows[0].at("id").as_string());

  EXPECT_EQ(Cli({"instances", "remove", id}).exit_code, 2);
  auto removed = Cli({"instances", "remove", id, "--yes"});
  EXPECT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_THAT(removed.out, HasSubstr("removed " + id));
  auto after = Cli({"--json", "instances", "get", id});
  EXPECT_EQ(Json(after).at("exitReason"), "removed");
}

TEST_F(CliServerTest, SendFileSendsEveryLineInBatchesAndDeduplicates) {
  StartWaitingJourney({});
  std::string lines;
  for (int i = 0; i < 25; ++i) {
    lines += R"({"id": "e)" + std::to_string(i) + R"(", "type": "signup", "profileId": "p)" +
             std::to_string(i) + "\"}\n";
    if (i == 10) lines += "\n";  // blank lines are skipped
  }
  std::string file = WriteFile("events.ndjson", lines);
  auto sent = Cli({"events", "send-file", file, "--batch", "10", "--sync"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_EQ(sent.out, "sent 25 events in 3 batches: 25 accepted, 0 duplicates\n");
  EXPECT_TRUE(sent.err.empty()) << "no progress bar without a terminal: " << sent.err;
  auto again = Cli({"--json", "events", "send-file", file});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Json(again), boost::json::parse(R"({"accepted": 0, "duplicates": 25})"));

  auto report = Cli({"--json", "journeys", "report", "waiting"});
  EXPECT_EQ(Int(Json(report).at("entered")), 25);

  auto broken = Cli({"events", "send-file", WriteFile("broken.ndjson", lines + "{oops\n")});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_THAT(broken.err, HasSubstr("broken.ndjson:27 is not valid JSON"));

  auto refused = Cli({"events", "send-file",
                      WriteFile("refused.ndjson", R"({"type": "signup"})"
                                                  "\n")});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("refused (400 Bad Request)"));
  EXPECT_THAT(refused.err, HasSubstr("lines 1-1 of"));
}

TEST_F(CliServerTest, ProfilesAndAudiences) {
  auto put = Cli({"profiles", "put", "ada", "--attributes", R"({"tier": "gold", "age": 36})"});
  EXPECT_EQ(put.exit_code, 0) << put.err;
  auto patched = Cli({"profiles", "patch", "ada", "--attributes",
                      "@" + WriteFile("attrs.json", R"({"city": "Lyon"})")});
  EXPECT_EQ(patched.exit_code, 0) << patched.err;
  auto got = Cli({"profiles", "get", "ada"});
  EXPECT_EQ(got.exit_code, 0) << got.err;
  EXPECT_THAT(got.out, HasSubstr("profile ada\n"));
  EXPECT_THAT(got.out, HasSubstr("tier"));
  EXPECT_THAT(got.out, HasSubstr("gold"));
  EXPECT_THAT(got.out, HasSubstr("Lyon"));
  auto json = Cli({"--json", "profiles", "get", "ada"});
  EXPECT_EQ(Json(json).at("attributes").at("age"), 36);

  auto audience = Cli({"audiences", "put", "vips", "--profiles", "ada,bob"});
  EXPECT_EQ(audience.exit_code, 0) << audience.err;
  auto size = Cli({"--json", "audiences", "get", "vips"});
  EXPECT_EQ(size.exit_code, 0) << size.err;
  EXPECT_EQ(Int(Json(size).at("size")), 2);
  auto both = Cli({"audiences", "put", "x", "--profiles", "a", "--when", "true"});
  EXPECT_EQ(both.exit_code, 2);
}

TEST_F(CliServerTest, ClockAndGlobalOptionsAfterTheCommandOrFromTheEnvironment) {
  auto clock = Cli({"clock", "get", "--json"});
  ASSERT_EQ(clock.exit_code, 0) << clock.err;
  EXPECT_EQ(Json(clock).at("mode"), "manual");

  // PARCOURS_URL instead of --url.
  setenv("PARCOURS_URL", server_->url().c_str(), 1);
  auto from_env = RunProcess({kCli, "clock", "get"});
  unsetenv("PARCOURS_URL");
  EXPECT_EQ(from_env.exit_code, 0) << from_env.err;
  EXPECT_THAT(from_env.out, HasSubstr("(manual clock)"));
}

TEST(CliWithTokens, TheTokenComesFromTheFlagOrTheEnvironment) {
  TempDir dir;
  std::filesystem::path tokens = dir.path() / "tokens.json";
  std::ofstream(tokens) << R"({"tokens": [{"name": "reader", "secret": "s3cret-reader",
                                          "scopes": ["read"]}]})";
  ServerProcess server(dir.path(), {"--tokens", tokens.string()});

  auto anonymous = RunProcess({kCli, "--url", server.url(), "journeys", "list"});
  EXPECT_EQ(anonymous.exit_code, 1);
  EXPECT_THAT(anonymous.err, HasSubstr("refused (401 Unauthorized)"));
  EXPECT_THAT(anonymous.err, HasSubstr("--token or PARCOURS_TOKEN"));

  auto with_flag =
      RunProcess({kCli, "--url", server.url(), "--token", "s3cret-reader", "journeys", "list"});
  EXPECT_EQ(with_flag.exit_code, 0) << with_flag.err;
  EXPECT_EQ(with_flag.out, "no journeys\n");

  setenv("PARCOURS_TOKEN", "s3cret-reader", 1);
  auto from_env = RunProcess({kCli, "--url", server.url(), "journeys", "list"});
  auto not_allowed = RunProcess({kCli, "--url", server.url(), "journeys", "create",
                                 (kSource / "examples/welcome-series.json").string()});
  unsetenv("PARCOURS_TOKEN");
  EXPECT_EQ(from_env.exit_code, 0) << from_env.err;
  EXPECT_EQ(not_allowed.exit_code, 1);
  EXPECT_THAT(not_allowed.err, HasSubstr("refused (403 Forbidden)"));
  EXPECT_THAT(not_allowed.err + not_allowed.out, Not(HasSubstr("s3cret-reader")));
}

TEST(CliWithoutServer, UnreachableServerExitsThree) {
  std::string url = "http://127.0.0.1:" + std::to_string(ClosedPort());
  auto r = RunProcess({kCli, "--url", url, "journeys", "list"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err, "parcours journeys list: cannot reach " + url +
                       ": connection refused — is parcoursd running?\n");
  EXPECT_TRUE(r.out.empty());
}

TEST(CliWithoutServer, BadLocalInputExitsTwoBeforeSendingAnything) {
  // The URL is unreachable: exit 2 rather than 3 shows nothing was sent.
  std::string url = "http://127.0.0.1:" + std::to_string(ClosedPort());
  auto duration = RunProcess(
      {kCli, "--url", url, "journeys", "pause", "j", "--mode", "hold", "--for", "three days"});
  EXPECT_EQ(duration.exit_code, 2);
  EXPECT_THAT(duration.err, HasSubstr("--for 'three days' is not a duration"));
  auto data = RunProcess(
      {kCli, "--url", url, "events", "send", "signup", "--profile", "p", "--data", "{nope"});
  EXPECT_EQ(data.exit_code, 2);
  EXPECT_THAT(data.err, HasSubstr("--data is not valid JSON"));
  auto file = RunProcess({kCli, "--url", url, "journeys", "create", "/nonexistent.json"});
  EXPECT_EQ(file.exit_code, 2);
  EXPECT_THAT(file.err, HasSubstr("cannot open '/nonexistent.json'"));
  auto usage = RunProcess({kCli, "--url", url, "journeys", "pause", "j", "--mode", "sleep"});
  EXPECT_EQ(usage.exit_code, 2);
  auto stop = RunProcess({kCli, "--url", url, "journeys", "stop", "j"});
  EXPECT_EQ(stop.exit_code, 2);
  EXPECT_THAT(stop.err, HasSubstr("standard input is not a terminal"));
  auto bad_url = RunProcess({kCli, "--url", "localhost:8080", "journeys", "list"});
  EXPECT_EQ(bad_url.exit_code, 2);
  EXPECT_THAT(bad_url.err, HasSubstr("must start with http:// or https://"));
}

}  // namespace
}  // namespace parcours
