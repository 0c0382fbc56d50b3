// Audience reads: who is in an audience, when each profile enters, and the automatic close after
// a one-shot read or the last occurrence of a recurring one (DESIGN.md §1).
#include <date/tz.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <set>

#include "engine/engine_impl.h"
#include "model/cron.h"
#include "parcours/ids.h"

namespace parcours::engine {
namespace json = boost::json;
namespace {

std::optional<Time> NextCronTime(const model::CronSchedule& cron, Time after,
                                 const date::time_zone* zone) {
  using namespace std::chrono;
  if (zone == nullptr) zone = date::locate_zone("UTC");
  auto local_after = zone->to_local(after);
  auto day = floor<days>(local_after);
  for (int i = 0; i < 5 * 366; ++i, day += days(1)) {
    date::year_month_day ymd(day);
    date::weekday wd(day);
    if (!cron.months.test(static_cast<unsigned>(ymd.month()))) continue;
    bool dom = cron.days_of_month.test(static_cast<unsigned>(ymd.day()));
    bool dow = cron.days_of_week.test(wd.c_encoding());
    bool day_matches =
        (cron.day_of_month_restricted && cron.day_of_week_restricted) ? (dom || dow) : (dom && dow);
    if (!day_matches) continue;
    for (int h = 0; h < 24; ++h) {
      if (!cron.hours.test(static_cast<std::size_t>(h))) continue;
      for (int m = 0; m < 60; ++m) {
        if (!cron.minutes.test(static_cast<std::size_t>(m))) continue;
        auto local = day + hours(h) + minutes(m);
        Time t = floor<Duration>(zone->to_sys(local, date::choose::earliest));
        if (t > after) return t;
      }
    }
  }
  return std::nullopt;
}

// When the occurrence after one that started at `started` begins, if any.
std::optional<Time> FollowingOccurrence(const CompiledVersion& v, Time started) {
  const AudienceRun& run = *v.audience_run;
  std::optional<Time> next;
  if (run.every) {
    next = started + *ParseDuration(*run.every);
  } else if (run.cron) {
    if (auto cron = model::ParseCron(*run.cron)) next = NextCronTime(*cron, started, v.zone);
  }
  if (next && run.until && *next > *ParseTime(*run.until)) return std::nullopt;
  return next;
}

json::object RunToJson(const AudienceRunState& r) {
  json::object o;
  o["journey"] = r.journey;
  o["version"] = r.version;
  o["occurrence"] = r.occurrence;
  o["started"] = r.started.time_since_epoch().count();
  o["next"] = r.next;
  o["active"] = r.active;
  if (r.next_occurrence) o["nextOccurrence"] = r.next_occurrence->time_since_epoch().count();
  return o;
}

}  // namespace

Time AudienceRunState::NextEntry(std::optional<double> rate) const {
  if (!rate || next == 0) return started;
  return started + Duration(static_cast<std::int64_t>(static_cast<double>(next) * 1000.0 / *rate));
}

Status EngineImpl::PutAudience(Audience audience) {
  if (!IsValidId(audience.id)) {
    return Fail(Error::InvalidArgument("audience id '" + audience.id +
                                       "' must be 1 to 64 letters, digits, '_' or '-'"));
  }
  if (audience.when.has_value() == !audience.profiles.empty() && audience.when.has_value()) {
    return Fail(Error::InvalidArgument(
        "an audience is either a list of profiles or a 'when' expression, not both",
        {Problem{"bad_value", "$", "", "give 'profiles' or 'when', not both"}}));
  }
  json::object o;
  o["id"] = audience.id;
  if (audience.when) {
    auto parsed = expr::Expression::Parse(*audience.when);
    std::vector<expr::ExprError> errors;
    if (!parsed) {
      errors.push_back(parsed.error());
    } else {
      errors = parsed->Check();
    }
    if (!errors.empty()) {
      std::vector<Problem> problems;
      for (const auto& e : errors) problems.push_back({e.code, "$.when", "", e.message});
      return Fail(Error::InvalidArgument("the audience's 'when' is not a valid expression",
                                         std::move(problems)));
    }
    o["when"] = *audience.when;
  } else {
    json::array profiles;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < audience.profiles.size(); ++i) {
      const std::string& p = audience.profiles[i];
      if (!IsValidProfileId(p)) {
        return Fail(
            Error::InvalidArgument("profile id '" + p + "' is not valid",
                                   {Problem{"bad_id", "$.profiles[" + std::to_string(i) + "]", "",
                                            ProfileIdProblem("profile id", p)}}));
      }
      if (seen.insert(p).second) profiles.push_back(json::value(p));
    }
    o["profiles"] = std::move(profiles);
  }
  WriteBatch batch;
  batch.Put(Table::kAudiences, audience.id, json::serialize(o));
  return store_->Write(batch, Durability::kSync);
}

Result<Audience> EngineImpl::GetAudience(std::string_view audience_id) {
  auto bytes = store_->Get(Table::kAudiences, audience_id);
  if (!bytes) return Fail(bytes.error());
  if (!*bytes) return Fail(Error::NotFound("no audience '" + std::string(audience_id) + "'"));
  auto v = json::parse(**bytes);
  Audience a;
  a.id = std::string(audience_id);
  const auto& o = v.as_object();
  if (const auto* when = o.if_contains("when")) a.when = std::string(when->as_string());
  if (const auto* profiles = o.if_contains("profiles")) {
    for (const auto& p : profiles->as_array()) a.profiles.emplace_back(p.as_string());
  }
  return a;
}

Result<std::int64_t> EngineImpl::AudienceSize(std::string_view audience_id) {
  auto audience = GetAudience(audience_id);
  if (!audience) return Fail(audience.error());
  auto members = ResolveAudience(audience_id, Now());
  if (!members) return Fail(members.error());
  return static_cast<std::int64_t>(members->size());
}

Result<std::vector<std::string>> EngineImpl::ResolveAudience(std::string_view audience_id,
                                                             Time now) {
  auto audience = GetAudience(audience_id);
  if (!audience) {
    if (audience.error().IsNotFound()) return std::vector<std::string>{};
    return Fail(audience.error());
  }
  if (!audience->when) return audience->profiles;
  auto expression = expr::Expression::Parse(*audience->when);
  if (!expression) return std::vector<std::string>{};
  std::vector<std::string> members;
  auto scanned =
      store_->Scan(Table::kProfiles, "", "", [&](std::string_view id, std::string_view v) {
        boost::system::error_code ec;
        auto attributes = json::parse(v, ec);
        if (ec || !attributes.is_object()) return true;
        expr::Context ctx;
        ctx.profile_id = id;
        ctx.profile = &attributes.as_object();
        ctx.now = now;
        auto holds = expression->EvaluateCondition(ctx);
        if (holds && *holds) members.emplace_back(id);
        return true;
      });
  if (!scanned) return Fail(scanned.error());
  return members;
}

PartitionInput EngineImpl::RunWrite(const AudienceRunState& run) {
  PartitionInput write;
  write.kind = PartitionInput::Kind::kWrite;
  write.table = Table::kJourneys;
  write.key = keys::AudienceRun(run.journey, run.version);
  write.value = json::serialize(RunToJson(run));
  return write;
}

Status EngineImpl::LoadRuns() {
  std::string prefix(keys::kAudienceRunPrefix);
  std::vector<AudienceRunState> runs;
  auto scanned = store_->Scan(
      Table::kJourneys, prefix, PrefixEnd(prefix), [&](std::string_view, std::string_view v) {
        boost::system::error_code ec;
        auto parsed = json::parse(v, ec);
        if (ec || !parsed.is_object()) return true;
        const auto& o = parsed.as_object();
        AudienceRunState r;
        r.journey = std::string(o.at("journey").as_string());
        r.version = static_cast<int>(o.at("version").to_number<std::int64_t>());
        r.occurrence = static_cast<int>(o.at("occurrence").to_number<std::int64_t>());
        r.started = Time(Duration(o.at("started").to_number<std::int64_t>()));
        r.next = o.at("next").to_number<std::size_t>();
        r.active = o.at("active").as_bool();
        if (const auto* n = o.if_contains("nextOccurrence")) {
          r.next_occurrence = Time(Duration(n->to_number<std::int64_t>()));
        }
        runs.push_back(std::move(r));
        return true;
      });
  if (!scanned) return scanned;
  auto catalog = Catalog();
  for (AudienceRunState& r : runs) {
    const JourneyRecord* journey = catalog->Find(r.journey);
    const CompiledVersion* version = journey ? journey->Compiled(r.version) : nullptr;
    if (version == nullptr) continue;
    if (r.active) {
      // The audience is read again; `next` says how many of it have been entered already.
      auto members = ResolveAudience(version->audience, r.started);
      if (!members) return Fail(members.error());
      r.profiles = std::move(*members);
    }
    runs_[{r.journey, r.version}] = std::move(r);
  }
  return {};
}

std::optional<AudienceRunState> EngineImpl::FirstRun(const JourneyRecord& journey, int version,
                                                     Time now) const {
  const CompiledVersion* v = journey.Compiled(version);
  if (v == nullptr || v->event_entry) return std::nullopt;
  const AudienceRun& run = *v->audience_run;
  AudienceRunState r;
  r.journey = journey.id;
  r.version = version;
  r.started = now;
  if (!run.IsRecurring()) {
    r.next_occurrence = run.at ? std::max(*ParseTime(*run.at), now) : now;
  } else {
    Time from = run.from ? std::max(*ParseTime(*run.from), now) : now;
    if (run.every) {
      r.next_occurrence = from;
    } else if (auto cron = model::ParseCron(*run.cron)) {
      r.next_occurrence = NextCronTime(*cron, from - Duration(1), v->zone);
    }
    if (r.next_occurrence && run.until && *r.next_occurrence > *ParseTime(*run.until)) {
      r.next_occurrence.reset();
    }
  }
  return r;
}

std::optional<Time> EngineImpl::NextAudienceDue(Time until) const {
  std::optional<Time> next;
  auto catalog = Catalog();
  std::lock_guard lock(runs_mutex_);
  for (const auto& [key, r] : runs_) {
    const JourneyRecord* journey = catalog->Find(r.journey);
    const CompiledVersion* v = journey ? journey->Compiled(r.version) : nullptr;
    if (v == nullptr) continue;
    std::optional<Time> due;
    if (r.active) {
      due = r.next < r.profiles.size() ? r.NextEntry(v->audience_rate) : r.started;
    } else if (r.next_occurrence) {
      due = *r.next_occurrence;
    } else {
      due = r.started;  // finished its last occurrence: the close is due
    }
    if (due && *due <= until && (!next || *due < *next)) next = due;
  }
  return next;
}

Result<bool> EngineImpl::FireAudience(Time now) {
  // No journey command runs between reading the runs and committing their entries: a close or
  // stop committed meanwhile would otherwise see its run written back and entries continue.
  std::unique_lock command(commands_);
  auto catalog = Catalog();
  bool more = false;
  std::vector<std::pair<keys::Partition, PartitionInput>> entries;
  std::vector<std::pair<std::string, int>> to_close;
  // A run's new progress, and the members of an occurrence it started; its runs_ entry changes
  // only once the entries are committed. The member list is never copied: a run of 10,000,000
  // entered 4,096 at a time would copy it 2,400 times.
  struct Saved {
    AudienceRunState progress;  // every field but `profiles`
    std::optional<std::vector<std::string>> members;
  };
  std::vector<Saved> to_save;
  {
    std::lock_guard lock(runs_mutex_);
    for (const auto& [key, current] : runs_) {
      AudienceRunState r;
      r.journey = current.journey;
      r.version = current.version;
      r.occurrence = current.occurrence;
      r.started = current.started;
      r.next = current.next;
      r.active = current.active;
      r.next_occurrence = current.next_occurrence;
      std::optional<std::vector<std::string>> fresh;
      const std::vector<std::string>* members = &current.profiles;
      const JourneyRecord* journey = catalog->Find(r.journey);
      const CompiledVersion* v = journey ? journey->Compiled(r.version) : nullptr;
      if (v == nullptr) continue;
      bool changed = false;
      if (!r.active && r.next_occurrence && *r.next_occurrence <= now) {
        auto resolved = ResolveAudience(v->audience, now);
        if (!resolved) return Fail(resolved.error());
        fresh = std::move(*resolved);
        members = &*fresh;
        r.started = *r.next_occurrence;
        r.next = 0;
        r.active = true;
        r.occurrence += 1;
        r.next_occurrence =
            v->audience_run->IsRecurring() ? FollowingOccurrence(*v, r.started) : std::nullopt;
        changed = true;
      }
      if (r.active) {
        while (r.next < members->size() && r.NextEntry(v->audience_rate) <= now) {
          if (entries.size() >= kGroupInputs) {
            more = true;
            break;
          }
          PartitionInput input;
          input.kind = PartitionInput::Kind::kAudienceEntry;
          input.journey = r.journey;
          input.version = r.version;
          input.profile = (*members)[r.next];
          entries.emplace_back(PartitionFor(input.profile), std::move(input));
          ++r.next;
          changed = true;
        }
        if (r.next == members->size()) {
          r.active = false;
          fresh = std::vector<std::string>();  // the occurrence is over: its list goes
          changed = true;
        }
      }
      if (!r.active && !r.next_occurrence) to_close.emplace_back(r.journey, r.version);
      if (changed) to_save.push_back({std::move(r), std::move(fresh)});
    }
  }
  // The entries and the run's progress commit together: a crash can neither lose nor repeat one.
  for (const Saved& r : to_save) entries.emplace_back(keys::Partition{0}, RunWrite(r.progress));
  if (!entries.empty()) {
    auto outcomes = Submit(std::move(entries), [&] {
      std::lock_guard lock(runs_mutex_);
      for (Saved& saved : to_save) {
        AudienceRunState& run = runs_[{saved.progress.journey, saved.progress.version}];
        std::vector<std::string> kept = std::move(run.profiles);
        run = std::move(saved.progress);
        run.profiles = saved.members ? std::move(*saved.members) : std::move(kept);
      }
    });
    if (!outcomes) return Fail(outcomes.error());
    for (auto& o : *outcomes) {
      if (!o) return Fail(o.error());
    }
  }
  command.unlock();  // closing the version is a journey command of its own
  for (const auto& [journey, version] : to_close) {
    const JourneyRecord* record = catalog->Find(journey);
    const CompiledVersion* v = record ? record->Compiled(version) : nullptr;
    std::string_view reason = v != nullptr && v->audience_run->IsRecurring()
                                  ? kReasonLastOccurrence
                                  : kReasonAudienceReadComplete;
    auto closed = RunTransition(journey, version, [&](JourneyLifecycle& lc, Time at) {
      return parcours::Close(lc, version, at, kBySystem, reason);
    });
    if (!closed && !closed.error().IsFailedPrecondition()) return Fail(closed.error());
    if (!closed) {
      // Already closed or stopped by hand: the run simply ends.
      std::lock_guard lock(runs_mutex_);
      runs_.erase({journey, version});
    }
  }
  return more;
}

}  // namespace parcours::engine
