// RunServer: logs, tokens, the engine, the API and the HTTP server, from start to a graceful
// exit.
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <mutex>

#include "actions/dispatcher.h"
#include "parcours/engine.h"
#include "server/api.h"
#include "server/http_server.h"
#include "server/server_config.h"
#include "server/tokens.h"

#ifndef PARCOURS_VERSION
#define PARCOURS_VERSION "0.0.0"
#endif

namespace parcours::server {
namespace {

using Seconds = std::chrono::duration<double>;

// Stops the HTTP server (once it runs) when corrupt data is met; remembers that it did.
class CorruptionStop {
 public:
  void Stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    if (server_ != nullptr) server_->Shutdown();
  }
  // The server to stop, from before its Run() to after (nullptr).
  void Watch(HttpServer* server) {
    std::lock_guard lock(mutex_);
    server_ = server;
    if (server_ != nullptr && stopped_) server_->Shutdown();
  }
  bool stopped() const {
    std::lock_guard lock(mutex_);
    return stopped_;
  }

 private:
  mutable std::mutex mutex_;
  HttpServer* server_ = nullptr;
  bool stopped_ = false;
};

std::chrono::milliseconds Millis(double seconds) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Seconds(seconds));
}

// Quotes a logfmt value when it needs it.
std::string Quoted(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

void SetUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("parcoursd");
  logger->set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

std::shared_ptr<spdlog::logger> AccessLogSink(const std::string& target) {
  if (target.empty()) return nullptr;
  std::shared_ptr<spdlog::logger> logger;
  if (target == "-") {
    logger = spdlog::stdout_logger_mt("access");
  } else {
    logger = spdlog::basic_logger_mt("access", target);
  }
  logger->set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::info);
  logger->flush_on(spdlog::level::info);
  return logger;
}

}  // namespace

int RunServer(const ServerConfig& config) {
  SetUpLogging(config.log_level);

  std::shared_ptr<spdlog::logger> access;
  try {
    access = AccessLogSink(config.access_log);
  } catch (const spdlog::spdlog_ex& e) {
    spdlog::error("event=config_error msg={}", Quoted(std::string("--access-log: ") + e.what()));
    return 2;
  }

  std::optional<TokenSet> tokens;
  if (!config.tokens.empty()) {
    auto loaded = TokenSet::Load(config.tokens);
    if (!loaded) {
      std::string detail = loaded.error().message();
      for (const Problem& p : loaded.error().problems()) {
        detail += "; " + p.path + ": " + p.message;
      }
      spdlog::error("event=config_error msg={}", Quoted(detail));
      return 2;
    }
    tokens = std::move(*loaded);
  }

  HttpServerOptions http;
  if (!SplitListenAddress(config.listen, http.host, http.port)) {
    spdlog::error("event=config_error msg={}", Quoted("--listen is not HOST:PORT"));
    return 2;
  }
  http.threads = config.http_threads;
  http.max_body = config.max_body;
  http.header_timeout = Millis(config.header_timeout);
  http.body_timeout = Millis(config.body_timeout);
  http.idle_timeout = Millis(config.idle_timeout);
  http.shutdown_grace = Millis(config.shutdown_grace);

  std::error_code ec;
  std::filesystem::create_directories(config.data, ec);
  if (ec) {
    spdlog::error("event=data_error msg={}",
                  Quoted("cannot create " + config.data.string() + ": " + ec.message()));
    return 1;
  }
  actions::DispatcherOptions delivery;
  delivery.smtp_url = config.smtp_url;
  delivery.smtp_user = config.smtp_user;
  delivery.smtp_password = config.smtp_password;
  delivery.default_from = config.mail_from;
  delivery.ca_file = config.ca_file;
  auto dispatcher = actions::Dispatcher::Start(delivery);
  if (!dispatcher) {
    spdlog::error("event=config_error msg={}",
                  Quoted("action delivery: " + dispatcher.error().message()));
    return 2;
  }

  EngineOptions engine_options;
  engine_options.data_dir = config.data;
  engine_options.partitions = config.partitions;
  engine_options.threads = 1;  // fires timers in the background; HTTP threads make the calls
  engine_options.clock = config.clock == "manual" ? ClockMode::kManual : ClockMode::kSystem;
  engine_options.dispatcher = dispatcher->get();
  // Corrupt data, met anywhere (a request, the engine's own work): the node says what and where
  // and stops, rather than serve from it (retrying cannot help).
  auto corruption = std::make_shared<CorruptionStop>();
  engine_options.on_background = [corruption, data = config.data](const BackgroundEvent& e) {
    if (e.recovered) {
      spdlog::info("event=background_recovered work={}", e.work);
      return;
    }
    if (e.kind == ErrorKind::kDataLoss) {
      spdlog::critical("event=store_corrupt msg={} action=stopping",
                       Quoted(e.error + "; parcoursd --check " + data.string() + " says where"));
      corruption->Stop();
      return;
    }
    spdlog::error("event=background_failure work={} failures={} msg={}", e.work, e.failures,
                  Quoted(e.error));
  };
  auto engine = Engine::Open(engine_options);
  if (!engine) {
    spdlog::error("event=data_error msg={}",
                  Quoted("cannot open " + config.data.string() + ": " + engine.error().message()));
    return engine.error().kind() == ErrorKind::kDataLoss ? kExitCorrupt : 1;
  }

  int exit_code = 0;
  {
    ApiOptions api_options;
    api_options.tokens = tokens ? &*tokens : nullptr;
    api_options.web_root = config.web_root;
    api_options.max_body = config.max_body;
    api_options.dispatcher = dispatcher->get();
    Api api(**engine, api_options);

    AccessLogger access_logger;
    if (access) {
      access_logger = [access](const AccessRecord& r) {
        access->info("remote={} method={} target={} status={} bytes={} ms={:.2f} by={}", r.remote,
                     r.method, Quoted(r.target), r.status, r.bytes, r.seconds * 1000,
                     r.by.empty() ? "-" : r.by);
      };
    }
    HttpServer server(api, http, access_logger);
    auto bound = server.Listen();
    if (!bound) {
      spdlog::error("event=listen_error msg={}", Quoted(bound.error().message()));
      return 1;
    }
    if (!tokens && !server.IsLoopback() && !config.insecure_listen_anywhere) {
      spdlog::error("event=config_error msg={}",
                    Quoted("refusing to listen on " + *bound +
                           " without --tokens: every request would be allowed from the network. "
                           "Give --tokens FILE, listen on a loopback address, or pass "
                           "--insecure-listen-anywhere"));
      return 2;
    }
    spdlog::info(
        "event=start version={} data={} clock={} listen={} partitions={} "
        "http_threads={} max_body={} tokens={} web_root={}",
        PARCOURS_VERSION, Quoted(std::filesystem::absolute(config.data).string()), config.clock,
        *bound, (*engine)->Stats().partitions, config.http_threads, config.max_body,
        tokens ? std::to_string(tokens->size()) : "none",
        config.web_root.empty() ? "none" : Quoted(config.web_root.string()));
    if (!tokens) {
      spdlog::warn("event=no_tokens msg={}",
                   Quoted("no --tokens: every request is allowed, recorded as 'anonymous'"));
    }
    std::printf("parcoursd listening on http://%s\n", bound->c_str());
    std::fflush(stdout);
    corruption->Watch(&server);
    server.Run();
    corruption->Watch(nullptr);
    if (corruption->stopped()) exit_code = kExitCorrupt;
  }
  // The order the dispatcher asks for: stop delivering (unanswered actions stay in the outbox
  // and go out again after a restart), destroy the engine (which flushes the store), then the
  // dispatcher.
  (*dispatcher)->Stop();
  engine->reset();
  dispatcher->reset();
  spdlog::info("event=stopped msg=\"graceful shutdown complete\"");
  return exit_code;
}

}  // namespace parcours::server
