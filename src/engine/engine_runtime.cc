// Submitting inputs, group commit, action delivery, the clock and time-driven work.
#include <algorithm>
#include <chrono>
#include <iterator>

#include "engine/engine_impl.h"
#include "parcours/ids.h"
#include "parcours/validation.h"

namespace parcours::engine {
keys::Partition EngineImpl::PartitionFor(std::string_view profile_id) const {
  return keys::PartitionOf(profile_id, partition_count_);
}

Time EngineImpl::Now() const {
  if (options_.clock == ClockMode::kManual) return Time(Duration(manual_now_.load()));
  return std::chrono::floor<Duration>(std::chrono::system_clock::now());
}

Result<std::vector<Result<InputOutcome>>> EngineImpl::Submit(Inputs inputs,
                                                             std::function<void()> on_commit) {
  auto request = std::make_shared<Request>();
  request->inputs = std::move(inputs);
  request->on_commit = std::move(on_commit);
  std::unique_lock lock(queue_mutex_);
  queue_.push_back(request);
  while (!request->done) {
    if (leader_busy_) {
      queue_cv_.wait(lock);
      continue;
    }
    leader_busy_ = true;
    // Posted inputs (action results) first, then the queued requests up to and including the
    // first journey command: the command's new catalog snapshot is published when its group
    // commits, so what comes after it must run in a later group that sees it.
    std::vector<std::shared_ptr<Request>> group;
    if (!posted_.empty()) {
      auto posted = std::make_shared<Request>();
      posted->inputs = std::exchange(posted_, {});
      posted->posted = true;
      group.push_back(std::move(posted));
    }
    while (!queue_.empty()) {
      group.push_back(std::move(queue_.front()));
      queue_.pop_front();
      if (group.back()->on_commit) break;
    }
    lock.unlock();
    std::vector<OutboxAction> actions;
    try {
      actions = RunGroup(group);
    } catch (const std::exception& e) {  // a bug: fail the group, never wedge the queue
      for (auto& r : group) r->outcomes.assign(r->inputs.size(), Fail(Error::Internal(e.what())));
    }
    // Posted inputs (action results) have no caller to answer: their failures go to health_.
    if (!group.empty() && group.front()->posted) RecordPosted(*group.front());
    lock.lock();
    for (auto& r : group) r->done = true;  // under the lock: waiters read it under the lock
    leader_busy_ = false;
    // The committed group's actions leave after the next leader may have started: handing them
    // to the dispatcher overlaps the next group's processing. WaitIdle counts them meanwhile.
    const bool delivering = !actions.empty();
    if (delivering) ++delivering_;
    queue_cv_.notify_all();
    if (delivering) {
      lock.unlock();
      Deliver(std::move(actions));
      lock.lock();
      --delivering_;
      queue_cv_.notify_all();
    }
  }
  return std::move(request->outcomes);
}

void EngineImpl::RecordPosted(const Request& posted) {
  Status status;
  for (const auto& outcome : posted.outcomes) {
    // What a late input meets (its instance ended or removed) is no failure; the store or a bug is.
    if (!outcome && (outcome.error().kind() == ErrorKind::kUnavailable ||
                     outcome.error().kind() == ErrorKind::kInternal ||
                     outcome.error().kind() == ErrorKind::kDataLoss)) {
      status = Fail(outcome.error());
      break;
    }
  }
  health_.Record("group", status);
}

void EngineImpl::Post(keys::Partition partition, PartitionInput input) {
  std::lock_guard lock(queue_mutex_);
  posted_.emplace_back(partition, std::move(input));
  // Only the background loop applies posted inputs on its own; waking every submitter waiting
  // for its group on each action result would cost a context switch per result and waiter.
  posted_cv_.notify_one();
}

std::vector<OutboxAction> EngineImpl::RunGroup(
    const std::vector<std::shared_ptr<Request>>& requests) {
  std::vector<OutboxAction> actions;
  auto started = std::chrono::steady_clock::now();
  std::int64_t input_count = 0, timer_count = 0, logs = 0;
  // Clearing a test session deletes a version's counters wherever they were added: with several
  // overlays, another worker's adds would land after the deletion, so such a group runs on one.
  bool clears = false;
  for (auto& request : requests) {
    input_count += static_cast<std::int64_t>(request->inputs.size());
    for (auto& [p, input] : request->inputs) {
      clears = clears || input.kind == PartitionInput::Kind::kClearTest ||
               input.kind == PartitionInput::Kind::kClearTestReport;
    }
  }
  {
    std::lock_guard work(work_mutex_);
    auto catalog = Catalog();
    Time now = Now();
    // Small groups stay on the leader's thread: handing them over costs more than it saves.
    constexpr std::int64_t kParallelFrom = 64;
    const int count = workers_ && input_count >= kParallelFrom && !clears ? workers_->count() : 1;
    std::vector<Overlay> overlays;
    overlays.reserve(static_cast<std::size_t>(count));
    for (int w = 0; w < count; ++w) overlays.emplace_back(*store_);
    GroupTally tally;
    std::vector<std::optional<Error>> fatals(static_cast<std::size_t>(count));
    std::vector<char> touched(partitions_.size(), 0);
    for (auto& request : requests) request->outcomes.assign(request->inputs.size(), InputOutcome{});
    // A journey command's or an audience run's group (on_commit) is one atomic write: a record
    // outside the partitions commits with the partitions' inputs. Any other group only needs
    // each partition's writes atomic, so each worker writes its own overlay: RocksDB joins
    // concurrent writes into one log write and fills its memtables from both threads.
    const bool one_write = count == 1 || std::any_of(requests.begin(), requests.end(),
                                                     [](const auto& r) { return !!r->on_commit; });
    std::vector<char> committed(static_cast<std::size_t>(count), 0);
    auto worker_of = [count](std::size_t p) { return p % static_cast<std::size_t>(count); };

    // Worker w processes the inputs of partitions p with p % count == w, in submission order.
    auto process_part = [&](int w) {
      Overlay& overlay = overlays[static_cast<std::size_t>(w)];
      std::optional<Error>& fatal = fatals[static_cast<std::size_t>(w)];
      for (auto& request : requests) {
        for (std::size_t i = 0; i < request->inputs.size() && !fatal; ++i) {
          auto& [p, input] = request->inputs[i];
          if (worker_of(p) != static_cast<std::size_t>(w)) continue;
          touched[p] = 1;
          auto outcome = partitions_[p]->Process(*catalog, now, overlay, tally, input);
          // An input refused before it wrote anything (an unknown or ended instance) fails
          // alone; any other failure may have left writes in the overlay: the group fails.
          if (!outcome && !outcome.error().IsNotFound() &&
              !outcome.error().IsFailedPrecondition()) {
            fatal = outcome.error();
          }
          request->outcomes[i] = std::move(outcome);
        }
      }
      if (fatal) return;
      for (std::size_t p = static_cast<std::size_t>(w); p < partitions_.size();
           p += static_cast<std::size_t>(count)) {
        if (touched[p]) partitions_[p]->FinishGroup(overlay);
      }
      const WriteBatch& batch = overlay.Seal();
      if (one_write) return;
      if (!batch.empty()) {
        if (auto written = store_->Write(batch, options_.durability); !written) {
          fatal = written.error();
          return;
        }
      }
      committed[static_cast<std::size_t>(w)] = 1;
      overlay.Clear();  // freeing the group's records is work too: on this thread
    };
    // A bug that throws fails the worker's part like a failed write, so the bookkeeping below
    // (commit or forget each partition's group) still runs.
    auto process = [&](int w) {
      try {
        process_part(w);
      } catch (const std::exception& e) {
        fatals[static_cast<std::size_t>(w)] = Error::Internal(e.what());
      }
    };
    if (count > 1) {
      workers_->RunOnAll(process);
    } else {
      process(0);
    }

    std::optional<Error> fatal;
    for (auto& f : fatals) {
      if (f && !fatal) fatal = f;
    }
    if (one_write && !fatal) {
      // Each overlay's writes are sorted; the partitions of different overlays never write the
      // same key (counters only add).
      const WriteBatch* batch = &overlays.front().Seal();
      WriteBatch joined;
      if (count > 1) {
        for (Overlay& o : overlays) joined.Append(o.TakeSealed());
        batch = &joined;
      }
      if (auto written = store_->Write(*batch, options_.durability); !written) {
        fatal = written.error();
      } else {
        committed.assign(committed.size(), 1);
      }
    }
    if (count > 1 && one_write) {
      workers_->RunOnAll([&](int w) { overlays[static_cast<std::size_t>(w)].Clear(); });
    }
    // A worker whose write failed (or never came) forgets its partitions' group, every one of
    // them (timers popped for the group reload); one whose write succeeded commits them even
    // when another's failed: their writes are durable, and its inputs keep their outcomes. Only
    // the failed worker's inputs are answered with the failure. After any failure every
    // partition reloads its timers: timers taken out for later groups (FireDue's next chunks)
    // are still stored.
    for (std::size_t p = 0; p < partitions_.size(); ++p) {
      if (!committed[worker_of(p)]) {
        partitions_[p]->Abandoned();
        continue;
      }
      if (touched[p]) {
        for (OutboxAction& a : partitions_[p]->Committed()) actions.push_back(std::move(a));
        logs += partitions_[p]->TakeLogsCommitted();
      }
      if (fatal) partitions_[p]->timers().Reset();
    }
    last_group_failed_.store(fatal.has_value());
    input_count = timer_count = 0;
    for (auto& request : requests) {
      if (!fatal) {
        if (request->on_commit) request->on_commit();
      }
      Inputs kept;  // posted inputs not written: nobody waits for them, the next group retries
      for (std::size_t i = 0; i < request->inputs.size(); ++i) {
        auto& [p, input] = request->inputs[i];
        std::size_t w = worker_of(p);
        if (committed[w]) {
          ++input_count;
          if (input.kind == PartitionInput::Kind::kTimer) ++timer_count;
          continue;
        }
        request->outcomes[i] = Fail(fatals[w] ? *fatals[w] : *fatal);
        if (request->posted) kept.emplace_back(p, std::move(input));
      }
      if (!kept.empty()) {
        std::lock_guard lock(queue_mutex_);
        posted_.insert(posted_.begin(), std::make_move_iterator(kept.begin()),
                       std::make_move_iterator(kept.end()));
      }
    }
  }
  RecordGroup(input_count, timer_count,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (logs > 0) RecordOutcome("log", ActionOutcome::kSuccess, logs);
  return actions;
}

void EngineImpl::RecordGroup(std::int64_t inputs, std::int64_t timers, double seconds) {
  std::lock_guard lock(stats_mutex_);
  if (stats_.group_seconds_bounds.empty()) {
    stats_.group_seconds_bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};
    stats_.group_seconds_counts.assign(stats_.group_seconds_bounds.size() + 1, 0);
  }
  stats_.inputs_processed += inputs;
  stats_.timers_fired += timers;
  stats_.groups_committed += 1;
  stats_.group_seconds_sum += seconds;
  for (std::size_t i = 0; i < stats_.group_seconds_bounds.size(); ++i) {
    if (seconds <= stats_.group_seconds_bounds[i]) ++stats_.group_seconds_counts[i];
  }
  ++stats_.group_seconds_counts.back();
}

void EngineImpl::RecordOutcome(const std::string& kind, ActionOutcome outcome, std::int64_t count) {
  static constexpr const char* kNames[] = {"success", "error", "timeout"};
  std::lock_guard lock(stats_mutex_);
  stats_.action_outcomes[kind + ":" + kNames[static_cast<int>(outcome)]] += count;
}

EngineStats EngineImpl::Stats() const {
  EngineStats s;
  {
    std::lock_guard lock(stats_mutex_);
    s = stats_;
  }
  {
    std::lock_guard lock(queue_mutex_);
    s.queued_inputs = static_cast<std::int64_t>(posted_.size());
    for (const auto& r : queue_) s.queued_inputs += static_cast<std::int64_t>(r->inputs.size());
  }
  {
    std::lock_guard lock(work_mutex_);
    for (const auto& p : partitions_) {
      s.timers_in_memory += static_cast<std::int64_t>(p->timers().size());
    }
  }
  s.actions_in_flight = in_flight_.load();
  s.partitions = partition_count_;
  health_.Fill(s);
  return s;
}

void EngineImpl::Deliver(std::vector<OutboxAction> actions) {
  for (OutboxAction& a : actions) {
    keys::Partition p = a.partition;
    std::uint64_t seq = a.seq;
    auto answer = [this, p, seq, kind = a.request.kind](ActionResult result) {
      RecordOutcome(kind, result.outcome);
      PartitionInput input;
      input.kind = PartitionInput::Kind::kActionResult;
      input.action_seq = seq;
      input.result = std::move(result);
      Post(p, std::move(input));
    };
    if (a.request.kind == "log") {
      // Steps do log actions themselves; one still in an outbox was queued by an older version.
      const auto* message = a.request.rendered.if_contains("message");
      answer({ActionOutcome::kSuccess, message != nullptr && message->is_string()
                                           ? std::string(message->as_string())
                                           : std::string()});
    } else if (options_.dispatcher != nullptr) {
      in_flight_.fetch_add(1);
      options_.dispatcher->Dispatch(std::move(a.request), [this, answer](ActionResult result) {
        answer(std::move(result));
        if (in_flight_.fetch_sub(1) == 1) {  // the last one: WaitIdle may be waiting for it
          std::lock_guard lock(queue_mutex_);
          queue_cv_.notify_all();
        }
      });
    } else {
      answer({ActionOutcome::kError,
              "no dispatcher is configured for " + a.request.kind + " actions"});
    }
  }
}

void EngineImpl::DrainPosted() {
  while (true) {
    {
      std::lock_guard lock(queue_mutex_);
      if (posted_.empty()) return;
    }
    (void)Submit({});  // posted inputs have no one to tell: their outcomes go to health_
    if (last_group_failed_.load()) return;  // they are kept; the next call tries again
  }
}

void EngineImpl::WaitIdle() {
  if (options_.threads == 0) {
    DrainPosted();
    return;
  }
  std::unique_lock lock(queue_mutex_);
  queue_cv_.wait(lock, [this] {
    return posted_.empty() && queue_.empty() && !leader_busy_ && delivering_ == 0 &&
           in_flight_.load() == 0;
  });
}

Result<IngestResult> EngineImpl::Ingest(std::vector<Event> events) {
  std::vector<Problem> problems;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    std::string path = "$[" + std::to_string(i) + "]";
    if (e.type.empty())
      problems.push_back({"missing_field", path + ".type", "", "the event type is empty"});
    if (!IsValidProfileId(e.profile_id)) {
      problems.push_back(
          {"bad_id", path + ".profileId", "", ProfileIdProblem("profileId", e.profile_id)});
    }
    if (!e.id.empty() && !IsValidEventId(e.id)) {
      problems.push_back({"bad_id", path + ".id", "", EventIdProblem()});
    }
  }
  if (!problems.empty()) {
    return Fail(Error::InvalidArgument("the events are not valid; none was accepted", problems));
  }
  Time now = Now();
  std::vector<std::pair<keys::Partition, PartitionInput>> inputs;
  inputs.reserve(events.size());
  for (Event& e : events) {
    PartitionInput input;
    input.kind = PartitionInput::Kind::kEvent;
    input.dedupe = !e.id.empty();
    input.event.id = e.id.empty() ? "gen-" + std::to_string(now.time_since_epoch().count()) + "-" +
                                        std::to_string(generated_.fetch_add(1))
                                  : std::move(e.id);
    input.event.type = std::move(e.type);
    input.event.profile_id = std::move(e.profile_id);
    input.event.timestamp = e.timestamp.value_or(now);
    input.event.data = std::move(e.data);
    keys::Partition p = PartitionFor(input.event.profile_id);
    inputs.emplace_back(p, std::move(input));
  }
  auto outcomes = Submit(std::move(inputs));
  if (!outcomes) return Fail(outcomes.error());
  IngestResult result;
  std::vector<Problem> not_written;
  std::optional<Error> failure;
  for (std::size_t i = 0; i < outcomes->size(); ++i) {
    auto& outcome = (*outcomes)[i];
    if (!outcome) {
      if (!failure) failure = outcome.error();
      not_written.push_back(
          {"not_written", "$[" + std::to_string(i) + "]", "", outcome.error().message()});
    } else if (outcome->duplicate) {
      ++result.duplicates;
    } else {
      ++result.accepted;
    }
  }
  if (failure && not_written.size() == outcomes->size()) return Fail(*failure);
  if (failure) {
    // Workers write their partitions' batches separately: when one write failed, the events of
    // the others were written. Say which were not.
    return Fail(Error(failure->kind(),
                      std::to_string(not_written.size()) + " of " +
                          std::to_string(outcomes->size()) + " events were not written (" +
                          failure->message() + "); the others were: send again the events " +
                          "listed, or all of them with their ids (repeats are duplicates)",
                      std::move(not_written)));
  }
  {
    std::lock_guard lock(stats_mutex_);
    stats_.events_accepted += result.accepted;
    stats_.events_duplicate += result.duplicates;
  }
  if (options_.threads == 0) DrainPosted();
  return result;
}

Status EngineImpl::PutProfile(std::string_view profile_id, boost::json::object attributes,
                              bool merge) {
  if (!IsValidProfileId(profile_id)) {
    return Fail(Error::InvalidArgument(ProfileIdProblem("profile id", profile_id)));
  }
  if (attributes.contains("id")) {
    return Fail(Error::InvalidArgument(
        "'id' is the profile's id and cannot be an attribute",
        {Problem{"bad_attribute", "$.attributes.id", "", "'id' cannot be an attribute"}}));
  }
  PartitionInput input;
  input.kind = PartitionInput::Kind::kProfile;
  input.profile = std::string(profile_id);
  input.attributes = std::move(attributes);
  input.merge = merge;
  auto outcomes = Submit({{PartitionFor(profile_id), std::move(input)}});
  if (!outcomes) return Fail(outcomes.error());
  if (!outcomes->front()) return Fail(outcomes->front().error());
  return {};
}

Status EngineImpl::RemoveInstance(std::string_view instance_id, std::string_view by) {
  auto p = keys::PartitionOfInstance(instance_id);
  if (!p || *p >= partition_count_) {
    return Fail(Error::NotFound("no instance '" + std::string(instance_id) + "'"));
  }
  PartitionInput input;
  input.kind = PartitionInput::Kind::kRemove;
  input.instance_id = std::string(instance_id);
  input.by = std::string(by);
  auto outcomes = Submit({{*p, std::move(input)}});
  if (!outcomes) return Fail(outcomes.error());
  if (!outcomes->front()) return Fail(outcomes->front().error());
  if (options_.threads == 0) DrainPosted();
  return {};
}

EngineImpl::Inputs EngineImpl::ToEveryPartition(PartitionInput::Kind kind,
                                                const std::string& journey, int version) const {
  Inputs inputs;
  for (int p = 0; p < partition_count_; ++p) {
    PartitionInput input;
    input.kind = kind;
    input.journey = journey;
    input.version = version;
    inputs.emplace_back(static_cast<keys::Partition>(p), std::move(input));
  }
  return inputs;
}

Status EngineImpl::SaveClock(Time now) {
  WriteBatch batch;
  std::string value;
  keys::AppendU64(value, static_cast<std::uint64_t>(now.time_since_epoch().count()));
  batch.Put(Table::kMeta, keys::kClock, value);
  return store_->Write(batch, Durability::kBuffered);
}

Result<std::optional<Time>> EngineImpl::NextDue(Time until) {
  std::optional<Time> next;
  auto earlier = [&next](Time t) {
    if (!next || t < *next) next = t;
  };
  {
    std::lock_guard work(work_mutex_);
    for (auto& p : partitions_) {
      auto due = p->timers().NextDue(*store_, until);
      if (!due) return Fail(due.error());
      if (*due) earlier(**due);
    }
  }
  if (auto t = NextTransition(until)) earlier(t->second.at);
  if (auto t = NextAudienceDue(until)) earlier(*t);
  return next;
}

Result<bool> EngineImpl::FireDue(Time now) {
  bool fired = false;
  while (auto due = NextTransition(now)) {
    auto applied = ApplyTransition(due->first, due->second, now);
    if (!applied) return Fail(applied.error());
    fired = true;
  }
  if (NextAudienceDue(now)) {
    for (bool more = true; more;) {
      auto entered = FireAudience(now);
      if (!entered) return Fail(entered.error());
      more = *entered;
    }
    fired = true;
  }
  std::vector<std::pair<keys::Partition, PartitionInput>> inputs;
  if (now - Time(Duration(last_sweep_.load())) >= kSweepEvery) {
    last_sweep_.store(now.time_since_epoch().count());
    for (int p = 0; p < partition_count_; ++p) {
      PartitionInput sweep;
      sweep.kind = PartitionInput::Kind::kSweep;
      inputs.emplace_back(static_cast<keys::Partition>(p), std::move(sweep));
    }
  }
  {
    std::lock_guard work(work_mutex_);
    for (auto& p : partitions_) {
      auto next = p->timers().NextDue(*store_, now);
      if (!next) return Fail(next.error());
      if (!*next) continue;
      for (TimerRecord& t : p->timers().PopDue(now)) {
        PartitionInput input;
        input.kind = PartitionInput::Kind::kTimer;
        input.timer = std::move(t);
        inputs.emplace_back(p->id(), std::move(input));
      }
    }
  }
  if (!inputs.empty()) fired = fired || inputs.back().second.kind == PartitionInput::Kind::kTimer;
  for (std::size_t begin = 0; begin < inputs.size(); begin += kGroupInputs) {
    std::size_t end = std::min(inputs.size(), begin + kGroupInputs);
    Inputs chunk(std::make_move_iterator(inputs.begin() + static_cast<std::ptrdiff_t>(begin)),
                 std::make_move_iterator(inputs.begin() + static_cast<std::ptrdiff_t>(end)));
    auto outcomes = Submit(std::move(chunk));
    if (!outcomes) return Fail(outcomes.error());
    // A failed write comes back in each input's outcome: the timers stay stored (a failed group
    // reloads every partition's timers, those of later chunks too) and fire on the next try; the
    // caller hears of the failure instead of trying again at once, for ever.
    for (auto& o : *outcomes) {
      if (!o && o.error().kind() == ErrorKind::kUnavailable) return Fail(o.error());
    }
  }
  DrainPosted();
  return fired;
}

Status EngineImpl::AdvanceClock(Time to) {
  if (options_.clock != ClockMode::kManual) {
    return Fail(Error::FailedPrecondition(
        "the clock is the system clock: it can only be advanced when the engine runs with the "
        "manual clock (--clock manual)"));
  }
  std::lock_guard advancing(clock_mutex_);
  if (to < Now()) {
    return Fail(Error::InvalidArgument("the clock cannot go back: it is at " + FormatTime(Now()) +
                                       ", not before " + FormatTime(to)));
  }
  while (true) {
    auto next = NextDue(to);
    if (!next) return Fail(next.error());
    if (!*next) break;
    Time at = std::max(**next, Now());
    // The clock is stored before anything happens at `at`: a restart never resumes it before a
    // step already committed (the step's kSync write makes this earlier write durable too).
    auto saved = SaveClock(at);
    if (!saved) return saved;
    manual_now_.store(at.time_since_epoch().count());
    auto fired = FireDue(at);
    if (!fired) return Fail(fired.error());
  }
  auto saved = SaveClock(to);
  if (!saved) return saved;
  manual_now_.store(to.time_since_epoch().count());
  auto housekeeping = FireDue(to);  // nothing is due by now, but a sweep may be
  if (!housekeeping) return Fail(housekeeping.error());
  return {};
}

void EngineImpl::BackgroundLoop() {
  // Action results are applied in groups: after the first arrives, up to a millisecond more
  // gathers those close behind it (a group and its fsync for each result would cost more than
  // the millisecond). Time-driven work is looked for at least every 20 ms and at most every 5 ms
  // while results keep arriving (looking takes the work lock, waiting for a running group).
  constexpr auto kGather = std::chrono::milliseconds(1);
  constexpr auto kDueEvery = std::chrono::milliseconds(5);
  auto last_due = std::chrono::steady_clock::time_point{};
  while (!stopping_.load()) {
    bool posted = false;
    {
      std::unique_lock lock(queue_mutex_);
      posted_cv_.wait_for(lock, std::chrono::milliseconds(20),
                          [this] { return stopping_.load() || !posted_.empty(); });
      if (!posted_.empty() && !stopping_.load()) {
        posted_cv_.wait_for(lock, kGather,
                            [this] { return stopping_.load() || posted_.size() >= kGroupInputs; });
      }
      posted = !posted_.empty();
    }
    if (stopping_.load()) break;
    if (posted) (void)Submit({});  // its posted inputs' outcomes go to health_ (RecordPosted)
    auto now = std::chrono::steady_clock::now();
    if (posted && now - last_due < kDueEvery) continue;
    last_due = now;
    // Work due at or before the current time runs at once (under the manual clock too, unless
    // an AdvanceClock is running it already).
    std::unique_lock advancing(clock_mutex_, std::try_to_lock);
    if (advancing.owns_lock()) RecordTimers(FireDue(Now()));
  }
}

}  // namespace parcours::engine
