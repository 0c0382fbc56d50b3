// Journey commands: create, edit, validate, and every lifecycle transition with its effects on
// the instances of the version.
#include <random>

#include "engine/engine_impl.h"
#include "parcours/validation.h"

namespace parcours::engine {
namespace {

Error UnknownJourney(std::string_view id) {
  return Error::NotFound("no journey '" + std::string(id) + "'");
}

Error UnknownVersion(std::string_view id, int version) {
  return Error::NotFound("journey '" + std::string(id) + "' has no version " +
                         std::to_string(version));
}

VersionTiming TimingOf(const JourneyRecord& journey, int version) {
  VersionTiming timing;
  if (const CompiledVersion* c = journey.Compiled(version)) {
    timing.global_timeout = c->global_timeout;
    timing.schedule_until = c->schedule_until;
  }
  return timing;
}

}  // namespace

Result<JourneyRecord> EngineImpl::CopyJourney(std::string_view id) const {
  auto catalog = Catalog();
  const JourneyRecord* journey = catalog->Find(id);
  if (journey == nullptr) return Fail(UnknownJourney(id));
  return *journey;
}

Status EngineImpl::SaveJourney(const std::string& id,
                               std::shared_ptr<const JourneyRecord> journey) {
  WriteBatch batch;
  if (journey) {
    batch.Put(Table::kJourneys, id, EncodeJourney(*journey));
  } else {
    batch.Delete(Table::kJourneys, id);
  }
  auto written = store_->Write(batch, Durability::kSync);
  if (!written) return written;
  PublishSnapshot(id, std::move(journey));
  return {};
}

void EngineImpl::PublishSnapshot(const std::string& id,
                                 std::shared_ptr<const JourneyRecord> journey) {
  std::lock_guard lock(catalog_mutex_);
  auto next = std::make_shared<CatalogSnapshot>(*catalog_);
  if (journey) {
    next->journeys[id] = std::move(journey);
  } else {
    next->journeys.erase(id);
  }
  catalog_ = std::move(next);
}

Status EngineImpl::CommitJourney(std::shared_ptr<const JourneyRecord> journey, Inputs effects,
                                 std::function<void()> after) {
  PartitionInput record;
  record.kind = PartitionInput::Kind::kWrite;
  record.table = Table::kJourneys;
  record.key = journey->id;
  record.value = EncodeJourney(*journey);
  effects.insert(effects.begin(), {keys::Partition{0}, std::move(record)});
  auto outcomes = Submit(std::move(effects), [&] {
    PublishSnapshot(journey->id, journey);
    if (after) after();
  });
  if (!outcomes) return Fail(outcomes.error());
  for (auto& o : *outcomes) {
    if (!o) return Fail(o.error());
  }
  if (options_.threads == 0) DrainPosted();
  return {};
}

VersionView EngineImpl::ViewOf(const JourneyRecord& journey, int version) const {
  VersionView view;
  view.journey_id = journey.id;
  view.version = version;
  if (const VersionLifecycle* v = journey.Version(version)) view.lifecycle = *v;
  auto d = journey.definitions.find(version);
  if (d != journey.definitions.end()) view.definition = *d->second;
  return view;
}

std::string EngineImpl::NewJourneyId() {
  static thread_local std::mt19937_64 random(std::random_device{}());
  auto catalog = Catalog();
  while (true) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "j-%012llx",
                  static_cast<unsigned long long>(random() & 0xffffffffffffULL));
    auto deleted = store_->Get(Table::kJourneys, keys::DeletedJourney(buf));
    if (catalog->Find(buf) == nullptr && deleted && !*deleted) return buf;
  }
}

Result<VersionView> EngineImpl::CreateJourney(JourneyDefinition definition, std::string_view by) {
  std::lock_guard command(commands_);
  std::string id = definition.id.value_or(NewJourneyId());
  if (!IsValidId(id)) {
    return Fail(Error::InvalidArgument(
        "journey id '" + id + "' must be 1 to 64 letters, digits, '_' or '-'",
        {Problem{"bad_id", "$.id", "", "journey id must be 1 to 64 letters, digits, '_' or '-'"}}));
  }
  if (Catalog()->Find(id) != nullptr) {
    return Fail(Error::FailedPrecondition("journey '" + id +
                                          "' already exists: choose another id, or create a new "
                                          "version of it"));
  }
  auto deleted = store_->Get(Table::kJourneys, keys::DeletedJourney(id));
  if (!deleted) return Fail(deleted.error());
  if (*deleted) {
    return Fail(Error::FailedPrecondition(
        "journey id '" + id +
        "' belonged to a journey that was deleted; ids are never reused (its instances stay in "
        "profile histories): choose another id"));
  }
  definition.id.reset();
  Normalize(definition);
  auto journey = std::make_shared<JourneyRecord>();
  journey->id = id;
  journey->lifecycle = parcours::CreateJourney(Now(), by);
  journey->definitions[1] = std::make_shared<const JourneyDefinition>(std::move(definition));
  auto saved = SaveJourney(id, journey);
  if (!saved) return Fail(saved.error());
  return ViewOf(*journey, 1);
}

Result<VersionView> EngineImpl::ReplaceDefinition(std::string_view journey_id, int version,
                                                  JourneyDefinition definition,
                                                  std::string_view by) {
  (void)by;
  std::lock_guard command(commands_);
  auto journey = CopyJourney(journey_id);
  if (!journey) return Fail(journey.error());
  const VersionLifecycle* v = journey->Version(version);
  auto old = journey->definitions.find(version);
  if (v == nullptr || old == journey->definitions.end()) {
    return Fail(UnknownVersion(journey_id, version));
  }
  if (definition.id && *definition.id != journey_id) {
    return Fail(Error::InvalidArgument(
        "the definition's id '" + *definition.id + "' is not the journey's id '" +
            std::string(journey_id) + "'",
        {Problem{"bad_id", "$.id", "", "the id of a journey cannot change"}}));
  }
  definition.id.reset();
  Normalize(definition, old->second.get());
  auto allowed = CheckDefinitionEdit(*v, *old->second, definition);
  if (!allowed) return Fail(allowed.error());
  auto shared = std::make_shared<const JourneyDefinition>(std::move(definition));
  journey->definitions[version] = shared;
  if (v->status != VersionStatus::kDraft) {
    auto compiled = Compile(journey->id, version, *shared);  // labels changed
    if (!compiled) return Fail(compiled.error());
    journey->compiled[version] = *compiled;
  }
  auto record = std::make_shared<const JourneyRecord>(std::move(*journey));
  auto saved = SaveJourney(record->id, record);
  if (!saved) return Fail(saved.error());
  return ViewOf(*record, version);
}

Result<std::vector<Problem>> EngineImpl::PublishProblems(const JourneyRecord& journey,
                                                         int version) const {
  auto d = journey.definitions.find(version);
  if (d == journey.definitions.end()) return Fail(UnknownVersion(journey.id, version));
  ValidationReport report = Validate(*d->second);
  // The entry type and the re-entrance rule of the latest published version bind this one.
  for (auto it = journey.compiled.rbegin(); it != journey.compiled.rend(); ++it) {
    const VersionLifecycle* other = journey.Version(it->first);
    if (it->first == version || other == nullptr || other->status == VersionStatus::kDraft) {
      continue;  // a draft in test mode is compiled too, but binds nothing
    }
    for (Problem& p : ChangesAcrossVersions(*it->second->definition, *d->second)) {
      report.errors.push_back(std::move(p));
    }
    break;
  }
  return std::move(report.errors);
}

Result<ValidationReport> EngineImpl::ValidateVersion(std::string_view journey_id, int version) {
  auto journey = CopyJourney(journey_id);
  if (!journey) return Fail(journey.error());
  auto d = journey->definitions.find(version);
  if (d == journey->definitions.end()) return Fail(UnknownVersion(journey_id, version));
  ValidationReport report = Validate(*d->second);
  auto problems = PublishProblems(*journey, version);
  if (!problems) return Fail(problems.error());
  report.errors = std::move(*problems);
  return report;
}

Result<VersionView> EngineImpl::Publish(std::string_view journey_id, int version,
                                        std::string_view by) {
  std::unique_lock command(commands_);
  auto journey = CopyJourney(journey_id);
  if (!journey) return Fail(journey.error());
  auto problems = PublishProblems(*journey, version);
  if (!problems) return Fail(problems.error());
  Time now = Now();
  auto outcome = parcours::Publish(journey->lifecycle, version, now, by, *problems);
  if (!outcome) return Fail(outcome.error());
  auto compiled = Compile(journey->id, version, *journey->definitions.at(version));
  if (!compiled) return Fail(compiled.error());
  journey->compiled[version] = *compiled;
  auto record = std::make_shared<const JourneyRecord>(std::move(*journey));
  Inputs effects;
  for (const StatusChange& closed : outcome->closed) {
    for (auto& input : EffectsOf(record->id, closed)) effects.push_back(std::move(input));
  }
  if (outcome->test_ended) {  // test instances go first: the live report starts clean
    for (auto& input : ClearTest(record->id, version)) effects.push_back(std::move(input));
  }
  std::optional<AudienceRunState> run = FirstRun(*record, version, now);
  if (run) effects.emplace_back(keys::Partition{0}, RunWrite(*run));
  auto committed = CommitJourney(record, std::move(effects), [&] {
    std::lock_guard lock(runs_mutex_);
    for (const StatusChange& closed : outcome->closed) runs_.erase({record->id, closed.version});
    if (run) runs_[{run->journey, run->version}] = *run;
  });
  if (!committed) return Fail(committed.error());
  VersionView view = ViewOf(*Catalog()->Find(record->id), version);
  command.unlock();
  if (options_.threads == 0) RecordTimers(FireDue(Now()));  // an audience read at publish
  return view;
}

EngineImpl::Inputs EngineImpl::EffectsOf(const std::string& journey,
                                         const StatusChange& change) const {
  using Kind = PartitionInput::Kind;
  Inputs inputs;
  auto add = [&](Kind kind) {
    for (auto& input : ToEveryPartition(kind, journey, change.version)) {
      inputs.push_back(std::move(input));
    }
  };
  if (change.from == VersionStatus::kPaused &&
      (change.to == VersionStatus::kLive || change.to == VersionStatus::kClosed)) {
    add(Kind::kReleaseHeld);
  }
  if (change.to == VersionStatus::kStopped) add(Kind::kStopVersion);
  if (change.to == VersionStatus::kFinished) add(Kind::kTimeOutVersion);
  if (change.to == VersionStatus::kClosed || change.to == VersionStatus::kStopped ||
      change.to == VersionStatus::kFinished) {
    PartitionInput run;  // an audience run ends with its version's entries
    run.kind = Kind::kWrite;
    run.table = Table::kJourneys;
    run.key = keys::AudienceRun(journey, change.version);
    run.erase = true;
    inputs.emplace_back(keys::Partition{0}, std::move(run));
  }
  return inputs;
}

Result<VersionView> EngineImpl::RunTransition(std::string_view journey_id, int version,
                                              const TransitionOp& op) {
  std::lock_guard command(commands_);
  auto journey = CopyJourney(journey_id);
  if (!journey) return Fail(journey.error());
  auto change = op(journey->lifecycle, Now());
  if (!change) return Fail(change.error());
  auto record = std::make_shared<const JourneyRecord>(std::move(*journey));
  auto committed = CommitJourney(record, EffectsOf(record->id, *change), [&] {
    std::lock_guard lock(runs_mutex_);
    // A paused version keeps its audience run (entries are discarded as `paused` meanwhile).
    if (change->to != VersionStatus::kLive && change->to != VersionStatus::kPaused) {
      runs_.erase({record->id, version});
    }
  });
  if (!committed) return Fail(committed.error());
  return ViewOf(*record, version);
}

Result<VersionView> EngineImpl::Pause(std::string_view journey_id, int version, PauseMode mode,
                                      std::optional<Duration> pause_for, std::string_view by) {
  return RunTransition(journey_id, version, [&](JourneyLifecycle& lc, Time now) {
    return parcours::Pause(lc, version, mode, pause_for, now, by);
  });
}

Result<VersionView> EngineImpl::Resume(std::string_view journey_id, int version,
                                       std::string_view by) {
  return RunTransition(journey_id, version, [&](JourneyLifecycle& lc, Time now) {
    return parcours::Resume(lc, version, now, by);
  });
}

Result<VersionView> EngineImpl::Close(std::string_view journey_id, int version,
                                      std::string_view by) {
  return RunTransition(journey_id, version, [&](JourneyLifecycle& lc, Time now) {
    return parcours::Close(lc, version, now, by);
  });
}

Result<VersionView> EngineImpl::Stop(std::string_view journey_id, int version,
                                     std::string_view by) {
  return RunTransition(journey_id, version, [&](JourneyLifecycle& lc, Time now) {
    return parcours::Stop(lc, version, now, by);
  });
}

Result<VersionView> EngineImpl::NewVersion(std::string_view journey_id, std::string_view by) {
  std::lock_guard command(commands_);
  auto journey = CopyJourney(journey_id);
  if (!journey) return Fail(journey.error());
  auto outcome = parcours::NewVersion(journey->lifecycle, Now(), by);
  if (!outcome) return Fail(outcome.error());
  journey->definitions[outcome->new_version] = journey->definitions.at(outcome->source_version);
  auto record = std::make_shared<const JourneyRecord>(std::move(*journey));
  auto saved = SaveJourney(record->id, record);
  if (!saved) return Fail(saved.error());
  return ViewOf(*record, outcome->new_version);
}

Result<VersionView> EngineImpl::Duplicate(std::string_view journey_id, std::optional<int> version,
                                          std::optional<std::string> name, std::string_view by) {
  std::lock_guard command(commands_);
  auto source = CopyJourney(journey_id);
  if (!source) return Fail(source.error());
  if (name && name->empty()) {
    return Fail(Error::InvalidArgument("the new journey's name cannot be empty",
                                       {Problem{"empty_name", "$.name", "", "name is empty"}}));
  }
  auto outcome = parcours::Duplicate(source->lifecycle, journey_id, version, Now(), by);
  if (!outcome) return Fail(outcome.error());
  JourneyDefinition definition = *source->definitions.at(outcome->source_version);
  definition.name = name.value_or(definition.name + " (copy)");
  auto journey = std::make_shared<JourneyRecord>();
  journey->id = NewJourneyId();
  journey->lifecycle = std::move(outcome->journey);
  journey->definitions[1] = std::make_shared<const JourneyDefinition>(std::move(definition));
  auto saved = SaveJourney(journey->id, journey);
  if (!saved) return Fail(saved.error());
  return ViewOf(*journey, 1);
}

Status EngineImpl::DeleteVersion(std::string_view journey_id, int version, std::string_view by) {
  std::unique_lock command(commands_);
  auto journey = CopyJourney(journey_id);
  if (!journey) return Fail(journey.error());
  if (const VersionLifecycle* v = journey->Version(version); v != nullptr && v->test) {
    // Its test session ends first (a write of its own: a crash between the two leaves the
    // draft out of test mode, not half deleted).
    command.unlock();
    auto stopped = StopTest(journey_id, version, by);
    if (!stopped) return Fail(stopped.error());
    command.lock();
    journey = CopyJourney(journey_id);
    if (!journey) return Fail(journey.error());
  }
  auto outcome = parcours::Delete(journey->lifecycle, version);
  if (!outcome) return Fail(outcome.error());
  journey->definitions.erase(version);
  journey->compiled.erase(version);
  if (outcome->journey_empty) {
    WriteBatch batch;
    batch.Delete(Table::kJourneys, journey->id);
    batch.Put(Table::kJourneys, keys::DeletedJourney(journey->id), "");
    auto written = store_->Write(batch, Durability::kSync);
    if (!written) return written;
    PublishSnapshot(journey->id, nullptr);
    return {};
  }
  auto record = std::make_shared<const JourneyRecord>(std::move(*journey));
  return SaveJourney(record->id, record);
}

EngineImpl::Inputs EngineImpl::ClearTest(const std::string& journey, int version) const {
  Inputs inputs = ToEveryPartition(PartitionInput::Kind::kClearTest, journey, version);
  PartitionInput report;  // last: after every test step of the group has counted
  report.kind = PartitionInput::Kind::kClearTestReport;
  report.journey = journey;
  report.version = version;
  inputs.emplace_back(keys::Partition{0}, std::move(report));
  return inputs;
}

Result<VersionView> EngineImpl::StartTest(std::string_view journey_id, int version,
                                          std::optional<Duration> wait, std::string_view by) {
  std::lock_guard command(commands_);
  auto journey = CopyJourney(journey_id);
  if (!journey) return Fail(journey.error());
  auto problems = PublishProblems(*journey, version);
  if (!problems) return Fail(problems.error());
  auto started = parcours::StartTest(journey->lifecycle, version, wait, Now(), by, *problems);
  if (!started) return Fail(started.error());
  const JourneyDefinition& definition = *journey->definitions.at(version);
  if (!std::holds_alternative<EventEntry>(definition.entry)) {
    std::string message =
        "version " + std::to_string(version) +
        " is entered from an audience: test mode runs journeys entered on an event (send the "
        "entry event for each test profile), or try it with `parcours simulate`";
    return Fail(Error(ErrorKind::kFailedPrecondition, message,
                      {Problem{"test_mode_needs_event_entry", "$.entry", "", message}}));
  }
  auto compiled = Compile(journey->id, version, definition);
  if (!compiled) return Fail(compiled.error());
  journey->compiled[version] = *compiled;
  auto record = std::make_shared<const JourneyRecord>(std::move(*journey));
  auto committed = CommitJourney(record, {});
  if (!committed) return Fail(committed.error());
  return ViewOf(*record, version);
}

Result<VersionView> EngineImpl::StopTest(std::string_view journey_id, int version,
                                         std::string_view by) {
  std::lock_guard command(commands_);
  auto journey = CopyJourney(journey_id);
  if (!journey) return Fail(journey.error());
  auto stopped = parcours::StopTest(journey->lifecycle, version, Now(), by);
  if (!stopped) return Fail(stopped.error());
  journey->compiled.erase(version);
  auto record = std::make_shared<const JourneyRecord>(std::move(*journey));
  auto committed = CommitJourney(record, ClearTest(record->id, version));
  if (!committed) return Fail(committed.error());
  return ViewOf(*record, version);
}

std::optional<std::pair<std::string, DueTransition>> EngineImpl::NextTransition(Time until) const {
  std::optional<std::pair<std::string, DueTransition>> next;
  auto catalog = Catalog();
  for (const auto& [id, journey] : catalog->journeys) {
    for (const VersionLifecycle& v : journey->lifecycle.versions) {
      auto due = NextDueTransition(v, TimingOf(*journey, v.version));
      if (!due || due->at > until) continue;
      if (!next || due->at < next->second.at) next.emplace(id, *due);
    }
  }
  return next;
}

Status EngineImpl::ApplyTransition(const std::string& journey_id, const DueTransition& due,
                                   Time now) {
  std::lock_guard command(commands_);
  auto journey = CopyJourney(journey_id);
  if (!journey) return Fail(journey.error());
  auto change =
      ApplyDueTransition(journey->lifecycle, due.version, now, TimingOf(*journey, due.version));
  if (!change) return Fail(change.error());
  if (!*change) return {};
  auto record = std::make_shared<const JourneyRecord>(std::move(*journey));
  StatusChange applied = **change;
  return CommitJourney(record, EffectsOf(record->id, applied), [&] {
    std::lock_guard lock(runs_mutex_);
    if (applied.to != VersionStatus::kLive && applied.to != VersionStatus::kPaused) {
      runs_.erase({record->id, applied.version});
    }
  });
}

}  // namespace parcours::engine
