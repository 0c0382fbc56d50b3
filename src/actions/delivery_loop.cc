// The delivery thread: one curl multi handle, curl_multi_poll, tries started as the per-host
// limiter allows, retries after their backoff, answers.
#include <curl/curl.h>

#include <algorithm>

#include "actions/dispatcher_impl.h"

namespace parcours::actions {
namespace {

constexpr long kMaxPollMs = 1000;
constexpr std::size_t kMaxFreeHandles = 1024;
constexpr std::size_t kMaxEarlier = 4;

long CeilMs(std::chrono::steady_clock::duration d) {
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(d).count();
  return static_cast<long>(std::clamp<std::int64_t>(ms, 0, kMaxPollMs));
}

}  // namespace

void DispatcherImpl::Run() {
  auto* multi = static_cast<CURLM*>(multi_);
  std::vector<std::unique_ptr<Delivery>> batch, rejected;
  std::vector<std::pair<std::string, std::uint64_t>> ready;
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;
      batch.swap(incoming_);
      wake_pending_ = false;
    }
    TimePoint now = Now();
    ready.clear();
    {
      std::lock_guard lock(stats_mu_);
      Admit(batch, now, rejected);
      limiter_.TakeReady(now, ready);
    }
    batch.clear();
    for (auto& d : rejected) {
      std::string why = *d->rejected;
      Answer(std::move(d), {ActionOutcome::kError, why});
    }
    rejected.clear();
    for (const auto& [host, ticket] : ready) StartTry(*pending_.at(ticket), now);

    int running = 0;
    curl_multi_perform(multi, &running);
    if (CollectFinished(Now()) > 0) continue;  // slots freed: start what waits, then poll

    curl_multi_poll(multi, nullptr, 0, static_cast<int>(PollTimeout(Now())), nullptr);
  }
  Shutdown();
}

void DispatcherImpl::Admit(std::vector<std::unique_ptr<Delivery>>& batch, TimePoint now,
                           std::vector<std::unique_ptr<Delivery>>& rejected) {
  for (auto& d : batch) {
    if (d->rejected) {
      ++rejected_;
      rejected.push_back(std::move(d));
      continue;
    }
    limiter_.Enqueue(d->host, d->ticket);
    pending_.emplace(d->ticket, std::move(d));
  }
  while (!retries_.empty() && retries_.top().first <= now) {
    std::uint64_t ticket = retries_.top().second;
    retries_.pop();
    limiter_.Enqueue(pending_.at(ticket)->host, ticket);
  }
}

void DispatcherImpl::StartTry(Delivery& d, TimePoint now) {
  d.easy = AcquireEasy();
  ++d.tries;
  d.started = now;
  {
    std::lock_guard lock(stats_mu_);
    HostStats& s = limiter_.stats()[d.host];
    ++s.sent;
    if (d.tries > 1) ++s.retries;
  }
  CURLcode failed = CURLE_OK;
  if (d.easy == nullptr) {
    failed = CURLE_OUT_OF_MEMORY;
  } else if (!ConfigureTry(d, options_)) {
    failed = CURLE_BAD_FUNCTION_ARGUMENT;
  } else if (curl_multi_add_handle(static_cast<CURLM*>(multi_), d.easy) != CURLM_OK) {
    failed = CURLE_OUT_OF_MEMORY;
  }
  if (failed != CURLE_OK) TryOver(d, failed, now);
}

int DispatcherImpl::CollectFinished(TimePoint now) {
  auto* multi = static_cast<CURLM*>(multi_);
  int finished = 0, left = 0;
  while (CURLMsg* m = curl_multi_info_read(multi, &left)) {
    if (m->msg != CURLMSG_DONE) continue;
    void* priv = nullptr;
    curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &priv);
    CURLcode code = m->data.result;
    curl_multi_remove_handle(multi, m->easy_handle);
    TryOver(*static_cast<Delivery*>(priv), code, now);
    ++finished;
  }
  return finished;
}

void DispatcherImpl::TryOver(Delivery& d, int curl_code, TimePoint now) {
  std::optional<std::chrono::milliseconds> retry_after;
  TryResult r;
  if (d.easy != nullptr) {
    r = ReadTry(d, curl_code, retry_after);
  } else {
    r.transport_ok = false;
    r.error = curl_easy_strerror(static_cast<CURLcode>(curl_code));
  }
  auto latency = std::chrono::duration_cast<std::chrono::milliseconds>(now - d.started);
  Verdict verdict = Judge(d.protocol, r);
  std::string response = std::move(d.response);
  ReleaseTry(d);
  ReleaseEasy(d.easy);
  d.easy = nullptr;

  bool retry = verdict == Verdict::kRetry && d.tries < d.max_tries;
  {
    std::lock_guard lock(stats_mu_);
    limiter_.Finished(d.host);
    if (retry) {
      auto delay =
          BackoffDelay(d.tries, options_.backoff_base, options_.backoff_max, options_.jitter,
                       std::uniform_real_distribution<double>(0, 1)(random_), retry_after);
      retries_.emplace(now + delay, d.ticket);
    } else {
      HostStats& s = limiter_.stats()[d.host];
      if (verdict == Verdict::kSuccess) {
        ++s.success;
      } else if (r.timed_out) {
        ++s.timeout;
      } else {
        ++s.error;
      }
    }
  }
  std::string summary = Summarize(d.protocol, r);
  if (retry) {
    if (d.earlier.size() < kMaxEarlier) d.earlier.push_back(std::move(summary));
    return;
  }
  // The answer: what happened on the last try, then the earlier tries, then the reply's start.
  std::string detail = summary + " in " + std::to_string(latency.count()) + " ms, try " +
                       std::to_string(d.tries) + " of " + std::to_string(d.max_tries);
  if (verdict == Verdict::kGiveUp && d.tries < d.max_tries) detail += " (not retried)";
  if (!d.earlier.empty()) {
    detail += "; earlier:";
    for (std::size_t i = 0; i < d.earlier.size(); ++i) detail += (i ? ", " : " ") + d.earlier[i];
    if (d.tries - 1 > static_cast<int>(d.earlier.size())) detail += ", ...";
  }
  if (d.protocol == Protocol::kSmtp && verdict == Verdict::kSuccess) {
    detail += "; " + d.email.message_id;
  }
  if (!response.empty()) detail += "; body: " + Excerpt(response);
  ActionOutcome outcome = verdict == Verdict::kSuccess ? ActionOutcome::kSuccess
                          : r.timed_out                ? ActionOutcome::kTimeout
                                                       : ActionOutcome::kError;
  auto node = pending_.extract(d.ticket);
  Answer(std::move(node.mapped()), {outcome, std::move(detail)});
}

void DispatcherImpl::Answer(std::unique_ptr<Delivery> d, ActionResult result) {
  if (d->done) d->done(std::move(result));
  d.reset();
  {
    std::lock_guard lock(mu_);
    --held_;
  }
  room_.notify_one();
}

long DispatcherImpl::PollTimeout(TimePoint now) {
  long timeout = kMaxPollMs;
  long curl_ms = -1;
  curl_multi_timeout(static_cast<CURLM*>(multi_), &curl_ms);
  if (curl_ms >= 0) timeout = std::min(timeout, curl_ms);
  std::lock_guard lock(stats_mu_);
  if (auto next = limiter_.NextStart()) timeout = std::min(timeout, CeilMs(*next - now));
  if (!retries_.empty()) timeout = std::min(timeout, CeilMs(retries_.top().first - now));
  return timeout;
}

void* DispatcherImpl::AcquireEasy() {
  if (free_easy_.empty()) return curl_easy_init();
  void* e = free_easy_.back();
  free_easy_.pop_back();
  return e;
}

void DispatcherImpl::ReleaseEasy(void* easy) {
  if (easy == nullptr) return;
  if (free_easy_.size() >= kMaxFreeHandles) {
    curl_easy_cleanup(static_cast<CURL*>(easy));
    return;
  }
  curl_easy_reset(static_cast<CURL*>(easy));
  free_easy_.push_back(easy);
}

void DispatcherImpl::Shutdown() {
  // Pending requests are dropped unanswered: the engine's outbox re-delivers them.
  auto* multi = static_cast<CURLM*>(multi_);
  for (auto& [ticket, d] : pending_) {
    if (d->easy == nullptr) continue;
    curl_multi_remove_handle(multi, static_cast<CURL*>(d->easy));
    curl_easy_cleanup(static_cast<CURL*>(d->easy));
    ReleaseTry(*d);
  }
  pending_.clear();
  for (void* e : free_easy_) curl_easy_cleanup(static_cast<CURL*>(e));
  free_easy_.clear();
  std::lock_guard lock(mu_);
  incoming_.clear();
}

}  // namespace parcours::actions
