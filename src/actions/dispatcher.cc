// The Dispatcher's public side: start, Dispatch with backpressure, Stats, Stop.
#include <curl/curl.h>

#include <mutex>

#include "actions/dispatcher_impl.h"

namespace parcours::actions {
namespace {

Status CheckOptions(const DispatcherOptions& o) {
  if (!o.smtp_url.empty()) {
    auto host = UrlHost(o.smtp_url, {"smtp", "smtps"});
    if (!host) return Fail(Error::InvalidArgument("--smtp: " + host.error().message()));
  }
  if (!o.client_key.empty() && o.client_cert.empty()) {
    return Fail(Error::InvalidArgument("a client key needs a client certificate"));
  }
  if (o.max_queued == 0) return Fail(Error::InvalidArgument("max_queued must be at least 1"));
  if (o.backoff_base.count() < 0 || o.backoff_max < o.backoff_base) {
    return Fail(Error::InvalidArgument("backoff_base must be >= 0 and <= backoff_max"));
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<Dispatcher>> Dispatcher::Start(DispatcherOptions options) {
  if (auto ok = CheckOptions(options); !ok) return Fail(ok.error());
  static std::once_flag once;
  static CURLcode global = CURLE_OK;
  std::call_once(once, [] { global = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (global != CURLE_OK) {
    return Fail(Error::Unavailable(std::string("libcurl: ") + curl_easy_strerror(global)));
  }
  CURLM* multi = curl_multi_init();
  if (multi == nullptr) return Fail(Error::Unavailable("libcurl: cannot create a multi handle"));
  curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(options.max_idle_connections));
  return std::unique_ptr<Dispatcher>(new DispatcherImpl(std::move(options), multi));
}

DispatcherImpl::DispatcherImpl(DispatcherOptions options, void* multi)
    : options_(std::move(options)),
      multi_(multi),
      limiter_(options_.default_limits, options_.host_limits) {
  thread_ = std::thread([this] { Run(); });
}

DispatcherImpl::~DispatcherImpl() {
  Stop();
  curl_multi_cleanup(static_cast<CURLM*>(multi_));
}

void DispatcherImpl::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  room_.notify_all();
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

std::unique_ptr<Delivery> DispatcherImpl::Prepare(ActionRequest request,
                                                  std::function<void(ActionResult)> done) {
  auto d = std::make_unique<Delivery>();
  d->kind = request.kind;
  d->timeout = request.timeout;
  d->max_tries = 1 + std::max(0, request.retries);
  d->done = std::move(done);
  if (request.kind == "webhook") {
    d->protocol = Protocol::kHttp;
    auto call = PrepareWebhook(request);
    if (!call) {
      d->rejected = call.error().message();
    } else {
      d->webhook = std::move(*call);
      d->host = d->webhook.host;
    }
  } else if (request.kind == "email") {
    d->protocol = Protocol::kSmtp;
    if (options_.smtp_url.empty()) {
      d->rejected = "no SMTP server configured (parcoursd --smtp URL)";
    } else {
      auto now = std::chrono::floor<Duration>(std::chrono::system_clock::now());
      auto message =
          BuildEmail(request, options_.default_from, options_.message_id_domain, Time(now));
      if (!message) {
        d->rejected = message.error().message();
      } else {
        d->email = std::move(*message);
        d->host = *UrlHost(options_.smtp_url, {"smtp", "smtps"});
      }
    }
  } else {
    d->rejected = "unknown action kind '" + request.kind + "'";
  }
  return d;
}

void DispatcherImpl::Dispatch(ActionRequest request, std::function<void(ActionResult)> done) {
  auto d = Prepare(std::move(request), std::move(done));
  bool wake = false;
  {
    std::unique_lock lock(mu_);
    if (!stopping_ && held_ >= options_.max_queued) {
      ++backpressure_waits_;
      room_.wait(lock, [this] { return stopping_ || held_ < options_.max_queued; });
    }
    if (stopping_) return;  // not answered: the outbox re-delivers it after a restart
    d->ticket = ++next_ticket_;
    ++held_;
    incoming_.push_back(std::move(d));
    wake = !std::exchange(wake_pending_, true);
  }
  if (wake) curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

DispatcherStats DispatcherImpl::Stats() const {
  DispatcherStats s;
  {
    std::lock_guard lock(mu_);
    s.held = static_cast<std::int64_t>(held_);
    s.backpressure_waits = backpressure_waits_;
  }
  std::lock_guard lock(stats_mu_);
  for (const auto& [host, h] : limiter_.stats()) s.hosts[host] = h;
  s.waiting_retry = static_cast<std::int64_t>(retries_.size());
  s.rejected = rejected_;
  return s;
}

}  // namespace parcours::actions
