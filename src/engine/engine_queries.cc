// Reads: journeys, versions, reports, instances, profiles.
#include <boost/json/parse.hpp>

#include <chrono>

#include "engine/engine_impl.h"

namespace parcours::engine {
namespace json = boost::json;
namespace {

Error UnknownJourney(std::string_view id) {
  return Error::NotFound("no journey '" + std::string(id) + "'");
}

// One history record: the entries one step made (a JSON array of entries).
void AppendHistory(std::string_view bytes, std::vector<HistoryEntry>& out) {
  boost::system::error_code ec;
  auto v = json::parse(bytes, ec);
  if (ec || !v.is_array()) return;
  for (const json::value& item : v.as_array()) {
    const auto* o = item.if_object();
    if (o == nullptr) continue;
    HistoryEntry h;
    if (auto t = ParseTime(o->at("at").as_string())) h.at = *t;
    h.node = std::string(o->at("node").as_string());
    h.outcome = std::string(o->at("outcome").as_string());
    h.detail = std::string(o->at("detail").as_string());
    out.push_back(std::move(h));
  }
}

}  // namespace

Result<JourneyView> EngineImpl::GetJourney(std::string_view journey_id) {
  auto catalog = Catalog();
  const JourneyRecord* journey = catalog->Find(journey_id);
  if (journey == nullptr) return Fail(UnknownJourney(journey_id));
  JourneyView view;
  view.id = journey->id;
  view.name = journey->Name();
  for (const VersionLifecycle& v : journey->lifecycle.versions) {
    view.versions.push_back(ViewOf(*journey, v.version));
  }
  return view;
}

Result<VersionView> EngineImpl::GetVersion(std::string_view journey_id, int version) {
  auto catalog = Catalog();
  const JourneyRecord* journey = catalog->Find(journey_id);
  if (journey == nullptr) return Fail(UnknownJourney(journey_id));
  if (journey->Version(version) == nullptr) {
    return Fail(Error::NotFound("journey '" + std::string(journey_id) + "' has no version " +
                                std::to_string(version)));
  }
  return ViewOf(*journey, version);
}

Result<std::vector<JourneySummary>> EngineImpl::ListJourneys(std::optional<VersionStatus> status) {
  auto catalog = Catalog();
  std::vector<JourneySummary> out;
  for (const auto& [id, journey] : catalog->journeys) {
    JourneySummary s;
    s.id = id;
    s.name = journey->Name();
    bool match = !status;
    for (const VersionLifecycle& v : journey->lifecycle.versions) {
      s.versions.emplace_back(v.version, v.status);
      match = match || v.status == *status;
    }
    if (match) out.push_back(std::move(s));
  }
  return out;
}

Result<Report> EngineImpl::GetReport(std::string_view journey_id, int version,
                                     ReportWindow window) {
  auto catalog = Catalog();
  const JourneyRecord* journey = catalog->Find(journey_id);
  if (journey == nullptr) return Fail(UnknownJourney(journey_id));
  const VersionLifecycle* v = journey->Version(version);
  if (v == nullptr) {
    return Fail(Error::NotFound("journey '" + std::string(journey_id) + "' has no version " +
                                std::to_string(version)));
  }
  // All-time counters always (in_progress is always current); minute counters for the window.
  std::map<std::string, std::int64_t> all_time, windowed;
  std::string prefix = keys::VersionCounters(journey_id, version);
  std::string all_prefix = prefix + "a";
  Status failed;
  auto read = [&](std::map<std::string, std::int64_t>& into, std::size_t name_at) {
    return [&into, name_at, &failed](std::string_view k, std::string_view value) {
      auto n = DecodeCounter(value);
      if (!n) {
        failed = Fail(n.error());
        return false;
      }
      into[std::string(k.substr(name_at))] += *n;
      return true;
    };
  };
  auto scanned = store_->Scan(Table::kCounters, all_prefix, PrefixEnd(all_prefix),
                              read(all_time, all_prefix.size()));
  if (!scanned) return Fail(scanned.error());
  if (window == ReportWindow::kLast24Hours) {
    Time from = std::chrono::floor<std::chrono::minutes>(Now() - std::chrono::hours(24)) +
                std::chrono::minutes(1);
    std::string begin = keys::MinuteCountersFrom(journey_id, version, from);
    std::string minutes_prefix = prefix + "m";
    scanned = store_->Scan(Table::kCounters, begin, PrefixEnd(minutes_prefix),
                           read(windowed, minutes_prefix.size() + 8));
    if (!scanned) return Fail(scanned.error());
  }
  if (!failed) return Fail(failed.error());
  const auto& counts = window == ReportWindow::kAllTime ? all_time : windowed;
  auto get = [](const std::map<std::string, std::int64_t>& m, const std::string& name) {
    auto it = m.find(name);
    return it == m.end() ? std::int64_t{0} : it->second;
  };

  Report r;
  r.status = v->status;
  r.test_mode = v->test.has_value();
  r.entered = get(counts, "entered");
  r.finished = get(counts, "ended:finished");
  r.error = get(counts, "ended:error");
  r.timed_out = get(counts, "ended:timed_out");
  r.in_progress = get(all_time, "entered") - get(all_time, "ended:finished") -
                  get(all_time, "ended:error") - get(all_time, "ended:timed_out");
  auto definition = journey->definitions.find(version);
  if (definition != journey->definitions.end()) {
    for (const Node& n : definition->second->nodes) {
      NodeCounts c;
      c.entered = get(counts, "node:" + n.id + ":entered");
      c.left = get(counts, "node:" + n.id + ":left");
      c.failed = get(counts, "node:" + n.id + ":failed");
      r.nodes[n.id] = c;
      if (n.type() == NodeType::kEnd) {
        r.end_tags[n.id] = {n.label.value_or("End"), c.entered};
      }
    }
  }
  for (const auto& [name, count] : counts) {
    if (name.starts_with("discard:") && count != 0) r.discarded[name.substr(8)] = count;
  }
  return r;
}

Result<json::object> EngineImpl::GetProfile(std::string_view profile_id) {
  auto bytes = store_->Get(Table::kProfiles, profile_id);
  if (!bytes) return Fail(bytes.error());
  if (!*bytes) return Fail(Error::NotFound("no profile '" + std::string(profile_id) + "'"));
  boost::system::error_code ec;
  auto v = json::parse(**bytes, ec);
  if (ec || !v.is_object()) return Fail(Error::Internal("stored profile is corrupt"));
  return std::move(v.as_object());
}

Result<InstanceView> EngineImpl::GetInstance(std::string_view instance_id) {
  auto p = keys::PartitionOfInstance(instance_id);
  if (!p || *p >= partition_count_) {
    return Fail(Error::NotFound("no instance '" + std::string(instance_id) + "'"));
  }
  auto bytes = store_->Get(Table::kInstances, keys::Instance(*p, instance_id));
  if (!bytes) return Fail(bytes.error());
  if (!*bytes) return Fail(Error::NotFound("no instance '" + std::string(instance_id) + "'"));
  auto state = DecodeInstance(**bytes);
  if (!state) return Fail(state.error());
  InstanceView view;
  view.id = state->id;
  view.journey_id = state->journey_id;
  view.version = state->version;
  view.profile_id = state->profile_id;
  view.status = state->status;
  view.current_node = state->node_id;
  view.entered_at = state->entered_at;
  view.ended_at = state->ended_at;
  view.exit_reason = state->exit_reason;
  view.end_tag = state->end_tag;
  view.test = state->test;
  std::string prefix = keys::HistoryPrefix(instance_id);
  auto scanned = store_->Scan(Table::kHistory, prefix, PrefixEnd(prefix),
                              [&](std::string_view, std::string_view value) {
                                AppendHistory(value, view.history);
                                return true;
                              });
  if (!scanned) return Fail(scanned.error());
  return view;
}

Result<std::vector<InstanceView>> EngineImpl::ProfileInstances(std::string_view profile_id) {
  keys::Partition p = PartitionFor(profile_id);
  std::vector<std::string> ids;
  std::string prefix = keys::ProfileInstancesPrefix(p, profile_id);
  auto scanned = store_->Scan(Table::kInstances, prefix, PrefixEnd(prefix),
                              [&](std::string_view k, std::string_view) {
                                ids.emplace_back(k.substr(prefix.size()));
                                return true;
                              });
  if (!scanned) return Fail(scanned.error());
  std::vector<InstanceView> out;
  for (const std::string& id : ids) {
    auto view = GetInstance(id);
    if (!view) return Fail(view.error());
    out.push_back(std::move(*view));
  }
  return out;
}

Result<Engine::InstancePage> EngineImpl::ListInstances(std::string_view journey_id, int version,
                                                       std::optional<InstanceStatus> status,
                                                       int limit, std::string_view cursor) {
  if (limit < 1 || limit > 1000) {
    return Fail(Error::InvalidArgument("limit must be between 1 and 1000"));
  }
  auto catalog = Catalog();
  const JourneyRecord* journey = catalog->Find(journey_id);
  if (journey == nullptr) return Fail(UnknownJourney(journey_id));
  if (journey->Version(version) == nullptr) {
    return Fail(Error::NotFound("journey '" + std::string(journey_id) + "' has no version " +
                                std::to_string(version)));
  }
  keys::Partition first = 0;
  if (!cursor.empty()) {
    auto p = keys::PartitionOfInstance(cursor);
    if (!p || *p >= partition_count_) {
      return Fail(Error::InvalidArgument("cursor '" + std::string(cursor) + "' is not valid"));
    }
    first = *p;
  }
  InstancePage page;
  std::string last;
  for (int p = first; p < partition_count_ && page.next.empty(); ++p) {
    auto part = static_cast<keys::Partition>(p);
    std::string prefix = keys::VersionIndexPrefix(part, 'a', journey_id, version);
    std::string begin = prefix;
    if (!cursor.empty() && p == first)
      begin = keys::VersionIndex(part, 'a', journey_id, version, cursor) + '\0';
    std::vector<std::string> ids;
    auto scanned = store_->Scan(Table::kInstances, begin, PrefixEnd(prefix),
                                [&](std::string_view k, std::string_view) {
                                  ids.emplace_back(k.substr(prefix.size()));
                                  return true;
                                });
    if (!scanned) return Fail(scanned.error());
    for (const std::string& id : ids) {
      if (static_cast<int>(page.instances.size()) == limit) {
        page.next = last;
        break;
      }
      auto view = GetInstance(id);
      if (!view) return Fail(view.error());
      last = id;
      if (status && view->status != *status) continue;
      page.instances.push_back(std::move(*view));
    }
  }
  return page;
}

}  // namespace parcours::engine
