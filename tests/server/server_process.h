// A real parcoursd process for end-to-end tests: started on 127.0.0.1:0 and kept running; its
// first line on standard output gives the port. Standard error (the structured log) goes to a
// file the test can read.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace parcours::testing {

// A fresh directory under the system temp directory, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class ServerProcess {
 public:
  ServerProcess() = default;
  ~ServerProcess();  // SIGKILL if still running
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Starts `parcoursd` with `args` and waits (up to 15 s) for its "listening on" line. `log`
  // receives its standard error. Throws std::runtime_error (with the log) when it does not
  // start.
  void Start(const std::vector<std::string>& args, const std::filesystem::path& log);

  // SIGTERM, then waits for the exit: the exit code, or -1 when it did not exit normally.
  int Terminate();
  // SIGKILL, then waits.
  void Kill();
  // Sends `signal` without waiting; then WaitForExit() gives the exit code as Terminate does.
  void Signal(int signal);
  int WaitForExit() { return Wait(); }
  // Waits (up to `timeout_ms`) until the log holds `text`.
  bool WaitForLog(const std::string& text, int timeout_ms) const;

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string Log() const;

 private:
  int Wait();

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int port_ = 0;
  std::filesystem::path log_;
};

// The path of the parcoursd binary under test.
std::string ParcoursdPath();

}  // namespace parcours::testing
