// The command line, config file and environment of parcoursd (CLI11).
#include <CLI/CLI.hpp>

#include <charconv>
#include <filesystem>
#include <iostream>

#include "server/server_config.h"

#ifndef PARCOURS_VERSION
#define PARCOURS_VERSION "0.0.0"
#endif
#ifndef PARCOURS_SOURCE_DIR
#define PARCOURS_SOURCE_DIR ""
#endif

namespace parcours::server {

bool SplitListenAddress(const std::string& listen, std::string& host, std::uint16_t& port) {
  std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 3) return false;
    host = host.substr(1, host.size() - 2);
  }
  std::string_view digits(listen.data() + colon + 1, listen.size() - colon - 1);
  if (digits.empty()) return false;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  return ec == std::errc() && end == digits.data() + digits.size();
}

int ParseCommandLine(int argc, char** argv, ServerConfig& config) {
  CLI::App app{
      "parcoursd: the Parcours server. Runs customer journeys on an embedded store and serves "
      "the HTTP API (API.md). Every option can also be set in a config file (--config, TOML or "
      "INI: `listen = \"0.0.0.0:8080\"`) or an environment variable (shown as ENV); a flag wins "
      "over the config file, which wins over the environment."};
  app.set_version_flag("--version", "parcoursd " PARCOURS_VERSION);
  app.set_config("--config", "", "Read options from this TOML or INI file")
      ->envname("PARCOURS_CONFIG");
  app.get_formatter()->column_width(34);

  app.add_option("--listen", config.listen,
                 "Address to listen on, HOST:PORT ([::1]:8080 for IPv6); port 0 picks a free "
                 "port. Without --tokens only a loopback address is allowed")
      ->envname("PARCOURS_LISTEN")
      ->capture_default_str();
  app.add_option("--data", config.data, "Data directory (RocksDB); created if it does not exist")
      ->envname("PARCOURS_DATA")
      ->capture_default_str();
  app.add_option("--clock", config.clock,
                 "system: the wall clock; manual: time moves only through POST "
                 "/v1/clock/advance (tests, simulations)")
      ->envname("PARCOURS_CLOCK")
      ->check(CLI::IsMember({"system", "manual"}))
      ->capture_default_str();
  app.add_option("--partitions", config.partitions,
                 "Partitions of a new data directory (ignored for an existing one)")
      ->envname("PARCOURS_PARTITIONS")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  app.add_option("--tokens", config.tokens,
                 "Tokens file: {\"tokens\": [{\"name\", \"secret\", \"scopes\": [...]}]}; scopes "
                 "read, write, publish, events, admin. Without it every request is allowed")
      ->envname("PARCOURS_TOKENS")
      ->check(CLI::ExistingFile);
  app.add_flag("--insecure-listen-anywhere", config.insecure_listen_anywhere,
               "Allow a non-loopback --listen address without --tokens (anyone reaching it can "
               "do anything)")
      ->envname("PARCOURS_INSECURE_LISTEN_ANYWHERE");
  app.add_option("--max-body", config.max_body,
                 "Largest request body, in bytes or with a unit (16MiB, 512KiB); larger is 413")
      ->envname("PARCOURS_MAX_BODY")
      ->transform(CLI::AsSizeValue(false))
      ->capture_default_str();
  app.add_option("--http-threads", config.http_threads,
                 "I/O threads serving HTTP; each blocks while its engine call commits")
      ->envname("PARCOURS_HTTP_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--header-timeout", config.header_timeout,
                 "Seconds a client has to send a request's header")
      ->envname("PARCOURS_HEADER_TIMEOUT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--body-timeout", config.body_timeout,
                 "Seconds a client has to send a request's body (and to read the answer)")
      ->envname("PARCOURS_BODY_TIMEOUT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--idle-timeout", config.idle_timeout,
                 "Seconds an idle keep-alive connection stays open")
      ->envname("PARCOURS_IDLE_TIMEOUT")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--shutdown-grace", config.shutdown_grace,
                 "On SIGTERM, seconds to let requests in progress finish before cutting them off")
      ->envname("PARCOURS_SHUTDOWN_GRACE")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--log-level", config.log_level,
                 "Log level of the structured log on standard error")
      ->envname("PARCOURS_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  app.add_option("--access-log", config.access_log,
                 "Write one line per request to FILE, or '-' for standard output")
      ->envname("PARCOURS_ACCESS_LOG");
  std::filesystem::path default_web_root =
      std::filesystem::path(PARCOURS_SOURCE_DIR) / "web" / "dist";
  std::error_code ec;
  if (std::string_view(PARCOURS_SOURCE_DIR).empty() ||
      !std::filesystem::is_directory(default_web_root, ec)) {
    default_web_root.clear();
  }
  config.web_root = default_web_root;
  app.add_option("--web-root", config.web_root,
                 "Directory of the built web console served at / (default: web/dist of the "
                 "source tree when it exists)")
      ->envname("PARCOURS_WEB_ROOT")
      ->capture_default_str();

  app.add_option("--smtp-url", config.smtp_url,
                 "SMTP server for e-mail actions: smtp://host:587 (STARTTLS) or smtps://host:465; "
                 "without it e-mail actions fail")
      ->envname("PARCOURS_SMTP_URL")
      ->group("Action delivery");
  app.add_option("--smtp-user", config.smtp_user, "SMTP user name")
      ->envname("PARCOURS_SMTP_USER")
      ->group("Action delivery");
  app.add_option("--smtp-password", config.smtp_password,
                 "SMTP password; prefer the environment variable (a flag shows in ps)")
      ->envname("PARCOURS_SMTP_PASSWORD")
      ->group("Action delivery");
  app.add_option("--mail-from", config.mail_from,
                 "From address of e-mails whose action has no `from`")
      ->envname("PARCOURS_MAIL_FROM")
      ->group("Action delivery");
  app.add_option("--ca-file", config.ca_file,
                 "PEM bundle of CAs trusted for HTTPS webhooks and SMTP over TLS (default: the "
                 "system's)")
      ->envname("PARCOURS_CA_FILE")
      ->check(CLI::ExistingFile)
      ->group("Action delivery");

  app.add_option("--check", config.check,
                 "Verify the data directory DIR offline (checksums, every record read back), "
                 "print what was found and exit: 0 sound, 4 corrupt, 1 cannot be opened")
      ->type_name("DIR")
      ->group("Maintenance");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  std::string host;
  std::uint16_t port = 0;
  if (!SplitListenAddress(config.listen, host, port)) {
    std::cerr << "--listen: '" << config.listen << "' is not HOST:PORT\n";
    return 2;
  }
  return -1;
}

}  // namespace parcours::server
