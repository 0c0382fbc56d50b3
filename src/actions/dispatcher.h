// Real delivery of webhook and e-mail actions: the ActionDispatcher parcoursd runs.
//
// Start here. A Dispatcher owns ONE delivery thread running libcurl's multi interface
// (curl_multi_poll): every webhook (HTTP/HTTPS) and every e-mail (SMTP, SMTPS, STARTTLS) is a
// transfer on that thread; connections are kept alive and reused. Per try, the request's
// timeout applies; failed tries are retried (request.retries times) after an exponential,
// jittered backoff; see retry_policy.h for what is retried and what the engine is told.
// Destination hosts are throttled (calls per second, calls in flight), host_limiter.h.
//
// Contract with the engine (parcours/engine.h, ActionDispatcher):
//  - `done` is called exactly once per dispatched request, always on the delivery thread, never
//    inside Dispatch, unless the dispatcher is stopped first (below).
//  - Dispatch does not wait for the network. It blocks only while `max_queued` requests are
//    already held (backpressure, see Dispatch), and returns at once after Stop().
//  - On Stop() (or destruction) pending requests are NOT answered: the engine's outbox keeps
//    them and dispatches them again after a restart, with the same idempotency key.
//
// Shutdown order with an engine: Stop() the dispatcher, then destroy the engine, then the
// dispatcher (the engine calls Dispatch until it is destroyed; `done` calls into the engine).
//
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "parcours/engine.h"
#include "parcours/error.h"

namespace parcours::actions {

// Limits for one destination host (the URL's host name, or the SMTP server's).
struct HostLimits {
  // Calls started per second; calls beyond wait in FIFO order. <= 0: unlimited. Calls are
  // spaced 1/N apart; a call may start up to 10 ms early to make up for a late wake-up, so
  // over any window of T seconds at most N*T + 1 + N/100 calls start.
  double rate_per_second = 0;
  // Calls (tries) in flight at once; the rest wait in FIFO order. <= 0: unlimited.
  int max_in_flight = 64;
};

// When STARTTLS is used on an smtp:// server (smtps:// is TLS from the start).
enum class StartTls {
  kAuto,      // required when smtp_user is set (never send a password in clear), else tried
  kRequired,  // fail the try when the server does not offer it
  kNever,
};

struct DispatcherOptions {
  // --- E-mail. Without smtp_url every e-mail fails at once (kError). ---
  std::string smtp_url;  // "smtp://host:25", "smtp://host:587", "smtps://host:465"
  std::string smtp_user;
  std::string smtp_password;
  StartTls smtp_starttls = StartTls::kAuto;
  // `From` when an e-mail action has no `from`; an e-mail without either fails (kError).
  std::string default_from;
  std::string message_id_domain = "parcours";  // Message-ID: <key@domain>

  // --- TLS (HTTPS and SMTP over TLS), OpenSSL. Empty: the system's defaults. ---
  std::string ca_file;      // PEM bundle of trusted CAs
  std::string client_cert;  // PEM client certificate, sent when a server asks
  std::string client_key;   // its PEM private key
  std::string client_key_password;
  bool verify_peer = true;  // false only for tests

  // --- Throttling and memory. ---
  HostLimits default_limits;
  std::map<std::string, HostLimits> host_limits;  // by lower-case host name
  // Requests held at once (waiting for a slot, in flight or waiting to retry). When that many
  // are held, Dispatch blocks until one is answered: see Dispatcher::Dispatch.
  std::size_t max_queued = 10000;
  // Idle keep-alive connections kept open for reuse, across hosts.
  int max_idle_connections = 512;

  // --- Retries: the delay after failed try k (1-based) is backoff_base * 2^(k-1), at most
  // backoff_max, multiplied by a random factor in [1 - jitter, 1 + jitter] (never above
  // backoff_max). JOURNEY_FORMAT.md: 1 s doubling up to 30 s; tests use milliseconds. A 429 or
  // 503 with Retry-After waits at least that long (still at most backoff_max).
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::milliseconds backoff_max{30000};
  double jitter = 0.2;

  // The monotonic clock the delivery thread schedules by (rate limits, backoff). Tests may
  // inject one; transfers' own timeouts are libcurl's and always real.
  std::function<std::chrono::steady_clock::time_point()> now;
};

// Counters since the dispatcher started, for /metrics. Per host:
struct HostStats {
  std::int64_t queued = 0;     // waiting for a rate or in-flight slot (now)
  std::int64_t in_flight = 0;  // tries running (now)
  std::int64_t sent = 0;       // tries started
  std::int64_t retries = 0;    // tries that were retries
  std::int64_t success = 0;    // outcomes
  std::int64_t error = 0;
  std::int64_t timeout = 0;
  std::int64_t rate_limited = 0;       // calls that had to wait for the rate limit
  std::int64_t in_flight_limited = 0;  // calls that had to wait for an in-flight slot
};

struct DispatcherStats {
  std::map<std::string, HostStats> hosts;
  std::int64_t held = 0;                // requests held now (<= max_queued)
  std::int64_t waiting_retry = 0;       // of which waiting for their backoff (now)
  std::int64_t backpressure_waits = 0;  // Dispatch calls that blocked because held was full
  std::int64_t rejected = 0;            // answered at once: no SMTP, bad URL, bad address, ...
};

class Dispatcher : public ActionDispatcher {
 public:
  // Starts the delivery thread. kInvalidArgument for bad options (an smtp_url that is not
  // smtp:// or smtps://, a client key without a certificate, max_queued 0, ...).
  static Result<std::unique_ptr<Dispatcher>> Start(DispatcherOptions options);

  // Stops (see Stop) and joins the delivery thread.
  ~Dispatcher() override = default;

  // Hands a request to the delivery thread. Backpressure: while `max_queued` requests are held,
  // it blocks until one is answered. That is safe: the engine calls Dispatch after its commit,
  // outside its locks, and `done` only posts an input (it never waits for the thread blocked
  // here), so answers keep flowing and free room; meanwhile the engine takes no new work,
  // which pushes back on ingestion instead of growing memory. The durable copy of every
  // request is in the outbox, so nothing is lost by waiting. After Stop() it returns at once
  // and the request is not answered.
  void Dispatch(ActionRequest request, std::function<void(ActionResult)> done) override = 0;

  virtual DispatcherStats Stats() const = 0;

  // Stops the delivery thread; in-flight transfers are abandoned and pending requests are not
  // answered (the outbox re-delivers them after a restart). Idempotent.
  virtual void Stop() = 0;
};

}  // namespace parcours::actions
