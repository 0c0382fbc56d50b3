// parcoursd's configuration: flags, an optional config file (--config, TOML or INI) and
// PARCOURS_* environment variables, read by ParseCommandLine (CLI11 stays in
// server_options.cc). A flag wins over the config file, which wins over the environment (CLI11's
// order).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace parcours::server {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT, [IPv6]:PORT; port 0 picks a free one
  std::filesystem::path data = "./var/parcours";
  std::string clock = "system";  // or "manual"
  int partitions = 16;           // only for a new data directory
  std::filesystem::path tokens;  // empty: no tokens (every request allowed, loopback only)
  bool insecure_listen_anywhere = false;
  std::uint64_t max_body = 16 * 1024 * 1024;
  // Each blocks while its engine call commits: enough of them that concurrent single-event
  // requests share commits (32: 10,800 events/s one per request, against 3,900 with 4).
  int http_threads = 32;
  double header_timeout = 30;  // seconds
  double body_timeout = 60;
  double idle_timeout = 75;
  double shutdown_grace = 30;
  std::string log_level = "info";
  std::string access_log;  // empty: none; "-": standard output; else a file
  std::filesystem::path web_root;
  // Action delivery (src/actions): e-mail through this SMTP server; TLS trust for webhooks.
  std::string smtp_url;  // empty: e-mail actions fail ("no SMTP server configured")
  std::string smtp_user;
  std::string smtp_password;  // better given as PARCOURS_SMTP_PASSWORD than as a flag
  std::string mail_from;
  std::string ca_file;
  // --check DIR: verify that data directory and exit (RunCheck) instead of serving.
  std::filesystem::path check;
};

// Reads the command line into `config`. Returns -1 to go on, or the exit code to end with now
// (0 after --help or --version, 2 after a usage error, which it prints).
int ParseCommandLine(int argc, char** argv, ServerConfig& config);

// Splits HOST:PORT ("127.0.0.1:8080", "[::1]:0", "localhost:9000"). False when malformed.
bool SplitListenAddress(const std::string& listen, std::string& host, std::uint16_t& port);

// Runs the server until SIGTERM or SIGINT. Returns the process exit code: 0 after a graceful
// shutdown, 2 for a configuration error, 1 when the data directory or the address fails.
int RunServer(const ServerConfig& config);

// Exit codes of parcoursd beyond 0, 1 and 2: the data directory is corrupt (found at open, while
// serving, or by --check).
inline constexpr int kExitCorrupt = 4;

// `parcoursd --check DIR`: prints what CheckDataDirectory found; returns 0 when the directory is
// sound, kExitCorrupt when it is not, 1 when it cannot be opened.
int RunCheck(const std::filesystem::path& directory);

}  // namespace parcours::server
