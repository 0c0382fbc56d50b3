#include "engine/partition_step.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>

namespace parcours::engine {
namespace json = boost::json;
namespace {

constexpr int kMaxJumps = 16;  // a chain of jumps longer than this stops (a loop of journeys)

std::string EncodeProfileJourney(const ProfileJourneyState& s) {
  json::object o;
  if (!s.active.empty()) o["a"] = s.active;
  if (s.last_entry) o["last"] = s.last_entry->time_since_epoch().count();
  o["n"] = s.entries;
  return json::serialize(o);
}

ProfileJourneyState DecodeProfileJourney(std::string_view bytes) {
  ProfileJourneyState s;
  boost::system::error_code ec;
  auto v = json::parse(bytes, ec);
  if (ec || !v.is_object()) return s;
  const auto& o = v.as_object();
  if (const auto* a = o.if_contains("a"); a && a->is_string())
    s.active = std::string(a->get_string());
  if (const auto* l = o.if_contains("last"); l && l->is_int64()) {
    s.last_entry = Time(Duration(l->get_int64()));
  }
  if (const auto* n = o.if_contains("n"); n && n->is_number()) {
    s.entries = static_cast<std::uint32_t>(n->to_number<double>());
  }
  return s;
}

json::object HistoryToJson(const HistoryEntry& h) {
  json::object o;
  o["at"] = FormatTime(h.at);
  o["node"] = h.node;
  o["outcome"] = h.outcome;
  o["detail"] = h.detail;
  return o;
}

std::optional<PauseMode> PausedMode(const JourneyRecord& journey, int version) {
  const VersionLifecycle* v = journey.Version(version);
  if (v == nullptr || v->status != VersionStatus::kPaused) return std::nullopt;
  return v->pause_mode.value_or(PauseMode::kHold);
}

}  // namespace

Result<InputOutcome> PartitionStep::Run(const PartitionInput& input) {
  InputOutcome outcome;
  Status status;
  switch (input.kind) {
    case Kind::kEvent:
      status = Event(input.event, input.dedupe, outcome);
      break;
    case Kind::kTimer:
      status = Timer(input.timer);
      break;
    case Kind::kActionResult:
      status = ActionResultIn(input.action_seq, input.result);
      break;
    case Kind::kAudienceEntry:
      status = AudienceEntry(input);
      break;
    case Kind::kProfile:
      status = Profile(input);
      break;
    case Kind::kStopVersion:
    case Kind::kTimeOutVersion:
      status = EachInVersion(input, 'v');
      break;
    case Kind::kReleaseHeld:
      status = EachInVersion(input, 'h');
      break;
    case Kind::kRemove:
      status = Remove(input.instance_id, input.by);
      break;
    case Kind::kSweep:
      status = Sweep();
      break;
    case Kind::kClearTest:
      status = ClearTest(input);
      break;
    case Kind::kClearTestReport:
      status = ClearTestReport(input);
      break;
    case Kind::kWrite:
      if (input.erase) {
        overlay_.Delete(input.table, input.key);
      } else {
        overlay_.Put(input.table, input.key, input.value);
      }
      break;
  }
  if (!status) return Fail(status.error());
  return outcome;
}

Result<InstanceState> PartitionStep::LoadInstance(const std::string& id) {
  auto bytes = overlay_.Get(Table::kInstances, keys::Instance(pid(), id));
  if (!bytes) return Fail(bytes.error());
  if (!*bytes) return Fail(Error::NotFound("no instance '" + id + "'"));
  return DecodeInstance(**bytes);
}

Result<json::object*> PartitionStep::LoadProfile(const std::string& profile, bool* created) {
  if (created != nullptr) *created = false;
  if (profile_ && profile_->first == profile) return &profile_->second;
  auto bytes = overlay_.Get(Table::kProfiles, profile);
  if (!bytes) return Fail(bytes.error());
  json::object attributes;
  if (*bytes) {
    boost::system::error_code ec;
    auto v = json::parse(**bytes, ec);
    if (!ec && v.is_object()) attributes = std::move(v.as_object());
  } else {
    overlay_.Put(Table::kProfiles, profile, "{}");  // seen in an event: now a known profile
    if (created != nullptr) *created = true;
  }
  profile_.emplace(profile, std::move(attributes));
  return &profile_->second;
}

void PartitionStep::SaveProfile(const std::string& profile) {
  if (profile_ && profile_->first == profile) {
    overlay_.Put(Table::kProfiles, profile, json::serialize(profile_->second));
  }
}

Result<ProfileJourneyState> PartitionStep::LoadProfileJourney(const std::string& profile,
                                                              const std::string& journey) {
  auto bytes = overlay_.Get(Table::kInstances, keys::ProfileJourney(pid(), profile, journey));
  if (!bytes) return Fail(bytes.error());
  if (!*bytes) return ProfileJourneyState{};
  return DecodeProfileJourney(**bytes);
}

void PartitionStep::Count(const std::string& journey, int version, const std::string& name,
                          std::int64_t delta) {
  overlay_.Add(Table::kCounters, keys::AllTimeCounter(journey, version, name), delta);
  Time minute = std::chrono::floor<std::chrono::minutes>(now_);
  overlay_.Add(Table::kCounters, keys::MinuteCounter(journey, version, minute, name), delta);
}

Status PartitionStep::Apply(const CompiledVersion& version, const InstanceState& before,
                            InstanceState& after, Effects& effects, const EventRecord* event,
                            int depth) {
  const std::string& id = after.id;
  if (after.node >= 0 && after.node < static_cast<int>(version.nodes.size())) {
    after.node_id = version.nodes[static_cast<std::size_t>(after.node)].id;
  }
  if (!effects.history.empty()) {
    // One record per step (the entries it made), not one per entry: fewer, larger writes.
    json::array entries;
    for (const HistoryEntry& h : effects.history) entries.push_back(HistoryToJson(h));
    overlay_.PutNew(Table::kHistory, keys::History(id, after.history_count++),
                    json::serialize(entries));
  }
  overlay_.Put(Table::kInstances, keys::Instance(pid(), id), EncodeInstance(after));
  if (before.in_progress() && !after.in_progress()) {
    overlay_.Delete(Table::kInstances,
                    keys::VersionIndex(pid(), 'v', after.journey_id, after.version, id));
    std::string standing = after.test ? keys::TestJourney(after.journey_id) : after.journey_id;
    auto pj = LoadProfileJourney(after.profile_id, standing);
    if (!pj) return Fail(pj.error());
    if (pj->active == id) {
      pj->active.clear();
      overlay_.Put(Table::kInstances, keys::ProfileJourney(pid(), after.profile_id, standing),
                   EncodeProfileJourney(*pj));
    }
  }
  std::string held = keys::VersionIndex(pid(), 'h', after.journey_id, after.version, id);
  if (after.waiting == Waiting::kHeld && before.waiting != Waiting::kHeld) {
    overlay_.PutNew(Table::kInstances, held, "");
  } else if (before.waiting == Waiting::kHeld && after.waiting != Waiting::kHeld) {
    overlay_.Delete(Table::kInstances, held);
  }
  for (const TimerRef& ref : effects.timers_cancelled) {
    // A timer set and cancelled within this step (an instance ending in its first step cancels
    // its global timeout) was never written: nothing to delete.
    bool set_here = std::any_of(effects.timers_set.begin(), effects.timers_set.end(),
                                [&](const Effects::TimerSet& t) { return t.ref == ref; });
    if (set_here) continue;
    overlay_.Delete(Table::kTimers, keys::Timer(pid(), ref.due, ref.seq));
    p_.timer_changes_.emplace_back(false, TimerRecord{ref, id, TimerKind::kWait});
  }
  for (const Effects::TimerSet& t : effects.timers_set) {
    if (!after.in_progress()) continue;  // set and cancelled in the same step
    TimerRecord record{t.ref, id, t.kind};
    overlay_.PutNew(Table::kTimers, keys::Timer(pid(), t.ref.due, t.ref.seq), EncodeTimer(record));
    p_.timer_changes_.emplace_back(true, record);
  }
  for (std::uint64_t seq : effects.actions_dropped) {
    overlay_.Delete(Table::kOutbox, keys::Outbox(pid(), seq));
  }
  for (Effects::QueuedAction& a : effects.actions) {
    overlay_.PutNew(Table::kOutbox, keys::Outbox(pid(), a.seq), EncodeAction(a.request));
    p_.actions_.push_back({pid(), a.seq, std::move(a.request)});
  }
  for (const auto& [name, delta] : effects.counters) {
    Count(after.journey_id, after.version, name, delta);
  }
  p_.logs_written_ += effects.logs_written;
  if (effects.profile_changed) SaveProfile(after.profile_id);
  if (effects.jump) {
    const JourneyRecord* target = catalog_.Find(*effects.jump);
    if (target != nullptr && depth < kMaxJumps) {
      return TryEnter(*target, std::nullopt, after.profile_id, event, event != nullptr, depth + 1);
    }
  }
  return {};
}

template <typename Op>
Status PartitionStep::WithInstance(const std::string& id, const EventRecord* event, int depth,
                                   Op&& op) {
  auto state = LoadInstance(id);
  if (!state) return Fail(state.error());
  if (!state->in_progress()) return {};
  const JourneyRecord* journey = catalog_.Find(state->journey_id);
  const CompiledVersion* version = journey ? journey->Compiled(state->version) : nullptr;
  if (version == nullptr) return {};  // the version was deleted: nothing can run
  const VersionLifecycle* lifecycle = journey->Version(state->version);
  auto profile = LoadProfile(state->profile_id);
  if (!profile) return Fail(profile.error());
  Effects effects;
  StepEnv env{*version, now_, PausedMode(*journey, state->version), **profile, p_.seq_, effects};
  if (state->test && lifecycle != nullptr && lifecycle->test) env.test_wait = lifecycle->test->wait;
  InstanceState before = *state;
  if (lifecycle != nullptr && (lifecycle->status == VersionStatus::kStopped ||
                               lifecycle->status == VersionStatus::kFinished)) {
    // Its version was stopped or finished (and the effects on this instance were cut short by a
    // crash, or have not reached it yet): it ends so, and nothing else runs.
    bool stopped = lifecycle->status == VersionStatus::kStopped;
    EndNow(env, *state, stopped ? ExitReason::kJourneyStopped : ExitReason::kGlobalTimeout,
           stopped ? "the journey was stopped" : "the journey finished");
  } else {
    op(env, *state);
  }
  if (effects.history.empty() && effects.counters.empty() && effects.timers_set.empty()) {
    return {};  // the input did not concern this instance
  }
  return Apply(*version, before, *state, effects, event, depth);
}

Status PartitionStep::Event(const EventRecord& event, bool dedupe, InputOutcome& outcome) {
  std::string dedupe_key;
  if (dedupe) {
    dedupe_key = keys::Dedupe(pid(), event.profile_id, event.id);
    auto seen = overlay_.Get(Table::kDedupe, dedupe_key);
    if (!seen) return Fail(seen.error());
    if (*seen) {
      outcome.duplicate = true;
      return {};
    }
  }
  bool new_profile = false;
  auto profile = LoadProfile(event.profile_id, &new_profile);
  if (!profile) return Fail(profile.error());
  if (dedupe && !new_profile && p_.legacy_dedupe_) {
    // A directory written by format parcours-1 holds, until they expire, ids recorded per
    // partition without their profile. One of them is a duplicate for a profile known before
    // (it may have sent it); never for a profile seen now for the first time (it cannot have).
    auto seen = overlay_.Get(Table::kDedupe, keys::LegacyDedupe(pid(), event.id));
    if (!seen) return Fail(seen.error());
    if (*seen) {
      outcome.duplicate = true;
      return {};
    }
  }

  // First the instances the profile is in: exit rules, then waitForEvent. A profile seen for
  // the first time is in none (every instance's profile is stored, and profiles are never
  // deleted): no scan.
  std::vector<std::string> inside;
  if (!new_profile) {
    auto scanned =
        overlay_.ScanPrefix(Table::kInstances, keys::ProfileJourneysPrefix(pid(), event.profile_id),
                            [&](std::string_view, std::string_view value) {
                              ProfileJourneyState pj = DecodeProfileJourney(value);
                              if (!pj.active.empty()) inside.push_back(pj.active);
                              return true;
                            });
    if (!scanned) return scanned;
  }
  for (const std::string& id : inside) {
    auto done = WithInstance(id, &event, 0,
                             [&](const StepEnv& env, InstanceState& s) { OnEvent(env, s, event); });
    if (!done) return done;
  }

  // Then entries: into the live version, and into a draft in test mode.
  auto enters_on = [&](const JourneyRecord& journey, const VersionLifecycle* v) {
    const CompiledVersion* version = v != nullptr ? journey.Compiled(v->version) : nullptr;
    return version != nullptr && version->event_entry && version->entry_event == event.type;
  };
  for (const auto& [id, journey] : catalog_.journeys) {
    if (enters_on(*journey, EntryVersion(journey->lifecycle))) {
      auto entered = TryEnter(*journey, std::nullopt, event.profile_id, &event, true, 0);
      if (!entered) return entered;
    }
    const VersionLifecycle* draft = DraftVersion(journey->lifecycle);
    if (draft != nullptr && draft->test && enters_on(*journey, draft)) {
      auto entered = TryEnter(*journey, draft->version, event.profile_id, &event, true, 0);
      if (!entered) return entered;
    }
  }

  if (dedupe) {
    overlay_.Put(Table::kDedupe, dedupe_key, std::to_string(now_.time_since_epoch().count()));
    overlay_.Put(Table::kDedupe, keys::DedupeExpiry(pid(), now_, event.profile_id, event.id), "");
  }
  return {};
}

Status PartitionStep::TryEnter(const JourneyRecord& journey, std::optional<int> version_number,
                               const std::string& profile_id, const EventRecord* event,
                               bool check_when, int depth) {
  const VersionLifecycle* v =
      version_number ? journey.Version(*version_number) : EntryVersion(journey.lifecycle);
  if (v == nullptr) return {};
  const CompiledVersion* version = journey.Compiled(v->version);
  if (version == nullptr) return {};
  auto profile = LoadProfile(profile_id);
  if (!profile) return Fail(profile.error());

  // A draft in test mode takes test profiles only, whatever its schedule.
  bool test = v->status == VersionStatus::kDraft && v->test.has_value();
  std::optional<DiscardReason> discard;
  if (test) {
    const json::value* flag = (*profile)->if_contains("testProfile");
    if (flag == nullptr || !flag->is_bool() || !flag->get_bool()) {
      discard = DiscardReason::kNotTestProfile;
    }
  } else if (v->status == VersionStatus::kPaused) {
    discard = DiscardReason::kPaused;
  } else if (v->status != VersionStatus::kLive) {
    discard = DiscardReason::kNotLive;
  } else if ((version->schedule_from && now_ < *version->schedule_from) ||
             (version->schedule_until && now_ >= *version->schedule_until)) {
    discard = DiscardReason::kOutsideSchedule;
  }
  if (!discard && check_when && version->entry_when) {
    expr::EventView view = event->View();
    expr::Context ctx;
    ctx.event = &view;
    ctx.entry = &view;
    ctx.profile_id = profile_id;
    ctx.profile = *profile;
    ctx.journey_id = journey.id;
    ctx.journey_version = version->version;
    ctx.now = now_;
    ctx.zone = version->zone;
    auto holds = version->entry_when->EvaluateCondition(ctx);
    if (!holds || !*holds) discard = DiscardReason::kConditionFalse;
  }
  std::string standing = test ? keys::TestJourney(journey.id) : journey.id;
  auto pj = LoadProfileJourney(profile_id, standing);
  if (!pj) return Fail(pj.error());
  if (!discard) {
    if (!pj->active.empty()) {
      discard = DiscardReason::kAlreadyInJourney;
    } else if (!version->reentrance_allowed && pj->entries > 0) {
      discard = DiscardReason::kReentranceNotAllowed;
    } else if (pj->last_entry && now_ < *pj->last_entry + version->reentrance_wait) {
      discard = DiscardReason::kReentranceWait;
    }
  }
  if (!discard && test) {
    auto limited = TestEntry(journey, v->version, profile_id);
    if (!limited) return Fail(limited.error());
    discard = *limited;
  }
  if (discard) {
    Count(journey.id, v->version, std::string("discard:") + DiscardReasonName(*discard));
    return {};
  }

  InstanceState s;
  s.id = keys::InstanceId(pid(), ++p_.seq_);
  s.journey_id = journey.id;
  s.version = v->version;
  s.profile_id = profile_id;
  s.entry_number = pj->entries + 1;
  s.test = test;
  if (event != nullptr) s.entry = *event;
  pj->active = s.id;
  pj->last_entry = now_;
  pj->entries += 1;
  overlay_.Put(Table::kInstances, keys::ProfileJourney(pid(), profile_id, standing),
               EncodeProfileJourney(*pj));
  overlay_.Put(Table::kInstances, keys::ProfileInstance(pid(), profile_id, s.id), "");
  overlay_.Put(Table::kInstances, keys::VersionIndex(pid(), 'a', journey.id, v->version, s.id), "");
  overlay_.PutNew(Table::kInstances, keys::VersionIndex(pid(), 'v', journey.id, v->version, s.id),
                  "");

  Effects effects;
  effects.counters.emplace_back("entered", 1);
  StepEnv env{*version, now_, PausedMode(journey, v->version), **profile, p_.seq_, effects};
  if (test) env.test_wait = v->test->wait;
  InstanceState before;
  before.status = InstanceStatus::kInProgress;  // so that ending at once clears the indexes
  Enter(env, s, event);
  return Apply(*version, before, s, effects, event, depth);
}

Status PartitionStep::Timer(const TimerRecord& timer) {
  overlay_.Delete(Table::kTimers, keys::Timer(pid(), timer.ref.due, timer.ref.seq));
  auto done = WithInstance(
      timer.instance_id, nullptr, 0,
      [&](const StepEnv& env, InstanceState& s) { OnTimer(env, s, timer.kind, timer.ref); });
  if (!done && done.error().IsNotFound()) return {};  // the instance is gone: the timer too
  return done;
}

Status PartitionStep::ActionResultIn(std::uint64_t seq, const ActionResult& result) {
  std::string key = keys::Outbox(pid(), seq);
  auto bytes = overlay_.Get(Table::kOutbox, key);
  if (!bytes) return Fail(bytes.error());
  if (!*bytes) return {};  // dropped (the instance was stopped or removed) or already applied
  auto request = DecodeAction(**bytes);
  if (!request) return Fail(request.error());
  overlay_.Delete(Table::kOutbox, key);
  auto done = WithInstance(
      request->instance_id, nullptr, 0,
      [&](const StepEnv& env, InstanceState& s) { OnActionResult(env, s, seq, result); });
  if (!done && done.error().IsNotFound()) return {};
  return done;
}

Status PartitionStep::AudienceEntry(const PartitionInput& input) {
  const JourneyRecord* journey = catalog_.Find(input.journey);
  if (journey == nullptr) return {};
  return TryEnter(*journey, input.version, input.profile, nullptr, false, 0);
}

Status PartitionStep::Profile(const PartitionInput& input) {
  auto profile = LoadProfile(input.profile);
  if (!profile) return Fail(profile.error());
  if (!input.merge) (*profile)->clear();
  for (const auto& field : input.attributes) (**profile)[field.key()] = field.value();
  SaveProfile(input.profile);
  return {};
}

Result<std::vector<std::string>> PartitionStep::InstancesInVersion(const PartitionInput& input,
                                                                   char index) {
  std::vector<std::string> ids;
  const std::string prefix = keys::VersionIndexPrefix(pid(), index, input.journey, input.version);
  auto scanned =
      overlay_.ScanPrefix(Table::kInstances, prefix, [&](std::string_view key, std::string_view) {
        ids.emplace_back(key.substr(prefix.size()));
        return true;
      });
  if (!scanned) return Fail(scanned.error());
  return ids;
}

Status PartitionStep::EachInVersion(const PartitionInput& input, char index) {
  auto found = InstancesInVersion(input, index);
  if (!found) return Fail(found.error());
  const std::vector<std::string>& ids = *found;
  for (const std::string& id : ids) {
    auto done = WithInstance(id, nullptr, 0, [&](const StepEnv& env, InstanceState& s) {
      switch (input.kind) {
        case Kind::kStopVersion:
          EndNow(env, s, ExitReason::kJourneyStopped, "the journey was stopped");
          break;
        case Kind::kTimeOutVersion:
          EndNow(env, s, ExitReason::kGlobalTimeout, "the journey finished");
          break;
        default: {
          StepEnv released{env.version,  env.now,     std::nullopt, env.profile,
                           env.next_seq, env.effects, env.test_wait};
          engine::Release(released, s);
          break;
        }
      }
    });
    if (!done) return done;
  }
  return {};
}

Status PartitionStep::Remove(const std::string& instance_id, const std::string& by) {
  auto state = LoadInstance(instance_id);
  if (!state) return Fail(state.error());
  if (!state->in_progress()) {
    return Fail(Error::FailedPrecondition("instance '" + instance_id + "' has already ended (" +
                                          InstanceStatusName(state->status) + ", " +
                                          ExitReasonName(state->exit_reason) +
                                          "): only an instance in progress can be removed"));
  }
  return WithInstance(instance_id, nullptr, 0, [&](const StepEnv& env, InstanceState& s) {
    EndNow(env, s, ExitReason::kRemoved, "taken out through the API by " + by);
  });
}

Status PartitionStep::Sweep() {
  // Up to 100,000 ids a sweep; the rest next time.
  constexpr std::size_t kMaxExpired = 100'000;
  std::vector<std::string> expired;
  auto collect = [&](std::string_view k, std::string_view) {
    expired.emplace_back(k);
    return expired.size() < kMaxExpired;
  };
  auto scanned = p_.store_.Scan(Table::kDedupe, keys::DedupeExpiryPrefix(pid()),
                                keys::DedupeExpiry(pid(), now_ - kDedupeWindow, "", ""), collect);
  if (!scanned) return scanned;
  for (const std::string& k : expired) {
    overlay_.Delete(Table::kDedupe, k);
    overlay_.Delete(Table::kDedupe, keys::DedupeOfExpiry(pid(), k));
  }
  if (!p_.legacy_dedupe_) return {};
  expired.clear();
  std::string legacy_prefix = keys::LegacyDedupeExpiryPrefix(pid());
  std::string legacy_end = keys::LegacyDedupeExpiry(pid(), now_ - kDedupeWindow);
  scanned = p_.store_.Scan(Table::kDedupe, legacy_prefix, legacy_end, collect);
  if (!scanned) return scanned;
  for (const std::string& k : expired) {
    overlay_.Delete(Table::kDedupe, k);
    overlay_.Delete(Table::kDedupe, keys::LegacyDedupeOfExpiry(pid(), k));
  }
  if (expired.size() == kMaxExpired) return {};
  bool younger = false;  // legacy ids not expired yet
  scanned = p_.store_.Scan(Table::kDedupe, legacy_end, PrefixEnd(legacy_prefix), [&](auto, auto) {
    younger = true;
    return false;
  });
  if (!scanned) return scanned;
  if (!younger) p_.legacy_dedupe_forgotten_ = true;  // once the group commits
  return {};
}

Status Partition::Load() {
  auto bytes = store_.Get(Table::kMeta, keys::PartitionSequence(id_));
  if (!bytes) return Fail(bytes.error());
  seq_ = *bytes && (*bytes)->size() == 8 ? keys::ReadU64(**bytes) : 0;
  committed_seq_ = seq_;
  return FindLegacyDedupe();
}

Status Partition::FindLegacyDedupe() {
  std::string prefix = keys::LegacyDedupeExpiryPrefix(id_);
  bool found = false;
  auto scanned = store_.Scan(Table::kDedupe, prefix, PrefixEnd(prefix), [&](auto, auto) {
    found = true;
    return false;
  });
  if (!scanned) return scanned;
  legacy_dedupe_ = found;
  return {};
}

Result<InputOutcome> Partition::Process(const CatalogSnapshot& catalog, Time now, Overlay& overlay,
                                        GroupTally& tally, const PartitionInput& input) {
  return PartitionStep(*this, catalog, now, overlay, tally).Run(input);
}

void Partition::FinishGroup(Overlay& overlay) {
  if (seq_ == committed_seq_) return;
  std::string value;
  keys::AppendU64(value, seq_);
  overlay.Put(Table::kMeta, keys::PartitionSequence(id_), value);
}

std::vector<OutboxAction> Partition::Committed() {
  committed_seq_ = seq_;
  for (const auto& [added, timer] : timer_changes_) {
    if (added) {
      timers_.Add(timer);
    } else {
      timers_.Remove(timer.ref);
    }
  }
  timer_changes_.clear();
  logs_committed_ += std::exchange(logs_written_, 0);
  if (std::exchange(legacy_dedupe_forgotten_, false)) legacy_dedupe_ = false;
  return std::exchange(actions_, {});
}

void Partition::Abandoned() {
  seq_ = committed_seq_;
  timer_changes_.clear();
  actions_.clear();
  logs_written_ = 0;
  legacy_dedupe_forgotten_ = false;
  timers_.Reset();  // timers popped for this group are still stored: load them again
}

Result<std::vector<OutboxAction>> Partition::PendingActions() {
  std::vector<OutboxAction> out;
  std::string prefix = keys::PartitionPrefix(id_);
  Status failed;
  auto scanned = store_.Scan(
      Table::kOutbox, prefix, PrefixEnd(prefix), [&](std::string_view k, std::string_view v) {
        auto request = DecodeAction(v);
        if (!request) {
          failed = Fail(request.error());
          return false;
        }
        out.push_back({id_, keys::ReadU64(k.substr(2)), std::move(*request)});
        return true;
      });
  if (!scanned) return Fail(scanned.error());
  if (!failed) return Fail(failed.error());
  return out;
}

}  // namespace parcours::engine
