#include "simulation/simulation_json.h"
#include "parcours/ids.h"

#include <boost/json/array.hpp>

#include <map>
#include <utility>

#include "model/json_reader.h"
#include "server/api_json.h"

namespace parcours::simulation {
namespace {

namespace json = boost::json;

std::optional<SimulatedProfile> ProfileFromJson(const json::value& value, const std::string& path,
                                                model::ProblemSink& sink) {
  model::FieldReader r(sink, value, path, "", "a profile");
  SimulatedProfile profile;
  bool ok = true;
  if (auto id = r.String("id", true)) {
    if (!IsValidProfileId(*id)) {
      sink.Add("bad_id", path + ".id", "", ProfileIdProblem("profile id", *id));
      ok = false;
    }
    profile.id = std::move(*id);
  } else {
    ok = false;
  }
  if (const json::value* attributes = r.Require("attributes")) {
    if (attributes->is_object()) {
      profile.attributes = attributes->get_object();
    } else {
      r.WrongType("attributes", "an object", *attributes);
      ok = false;
    }
  } else {
    ok = false;
  }
  r.Finish();
  if (!ok) return std::nullopt;
  return profile;
}

}  // namespace

Result<SimulationRequest> SimulationRequestFromJson(const json::value& value) {
  model::ProblemSink sink;
  model::FieldReader r(sink, value, "$", "", "the simulation request");
  SimulationRequest request;

  if (const json::value* definition = r.Require("definition")) {
    auto parsed = DefinitionFromJson(*definition);
    if (parsed) {
      request.definition = std::move(*parsed);
      Normalize(request.definition);
    } else {
      for (Problem p : parsed.error().problems()) {
        p.path = "$.definition" + (p.path.starts_with("$") ? p.path.substr(1) : "." + p.path);
        sink.Add(std::move(p.code), std::move(p.path), std::move(p.node), std::move(p.message));
      }
      if (parsed.error().problems().empty()) {
        sink.Add("bad_value", "$.definition", "", parsed.error().message());
      }
    }
  }

  std::vector<Problem> event_problems;
  if (const json::value* events = r.Require("events")) {
    if (!events->is_array()) {
      r.WrongType("events", "an array", *events);
    } else if (events->get_array().size() > kMaxRequestEvents) {
      sink.Add("too_many_events", "$.events", "",
               "a simulation request takes at most " + std::to_string(kMaxRequestEvents) +
                   " events, not " + std::to_string(events->get_array().size()) +
                   "; use `parcours simulate` offline for more");
    } else {
      const json::array& list = events->get_array();
      request.events.reserve(list.size());
      for (std::size_t i = 0; i < list.size(); ++i) {
        std::string path = "$.events[" + std::to_string(i) + "]";
        std::optional<Event> event = server::EventFromJson(list[i], path, event_problems);
        if (event && !event->timestamp) {
          event_problems.push_back({"missing_field", path + ".timestamp", "",
                                    "'timestamp' is required: a simulation runs in the events' "
                                    "time"});
          continue;
        }
        if (event) request.events.push_back(std::move(*event));
      }
    }
  }
  for (Problem& p : event_problems) {
    sink.Add(std::move(p.code), std::move(p.path), std::move(p.node), std::move(p.message));
  }

  if (const json::value* profiles = r.Get("profiles")) {
    if (!profiles->is_array()) {
      r.WrongType("profiles", "an array", *profiles);
    } else if (profiles->get_array().size() > kMaxRequestProfiles) {
      sink.Add("too_many_profiles", "$.profiles", "",
               "a simulation request takes at most " + std::to_string(kMaxRequestProfiles) +
                   " profiles, not " + std::to_string(profiles->get_array().size()));
    } else {
      const json::array& list = profiles->get_array();
      for (std::size_t i = 0; i < list.size(); ++i) {
        auto profile = ProfileFromJson(list[i], "$.profiles[" + std::to_string(i) + "]", sink);
        if (profile) request.profiles.push_back(std::move(*profile));
      }
    }
  }

  if (auto until = r.String("until")) {
    auto d = ParseDuration(*until);
    if (!d) {
      sink.Add("bad_value", "$.until", "", "'until' is not a duration: " + d.error().message());
    } else if (*d <= Duration::zero()) {
      sink.Add("bad_value", "$.until", "", "'until' must be above zero");
    } else {
      request.options.until = *d;
    }
  }
  if (auto trace = r.String("trace")) {
    if (!IsValidProfileId(*trace)) {
      sink.Add("bad_id", "$.trace", "",
               "'trace' must be a profile id: " + std::string(kProfileIdRule));
    }
    request.trace = *trace;
    request.options.keep_rendered_for = *trace;
  }
  r.Finish();
  if (!sink.empty()) {
    return Fail(Error::InvalidArgument("the simulation request is not valid", sink.Take()));
  }
  return request;
}

json::object SimulationJson(const SimulationResult& result, const std::string& trace) {
  json::object o;
  o["journeyId"] = result.journey_id;
  o["version"] = result.version;
  o["start"] = FormatTime(result.start);
  o["end"] = FormatTime(result.end);
  o["eventsFed"] = result.events_fed;
  o["duplicates"] = result.duplicates;
  o["eventsAfterEnd"] = result.events_after_end;
  o["profiles"] = result.profiles;
  std::map<std::string, std::int64_t> recorded;
  for (const RecordedAction& a : result.actions) ++recorded[a.node];
  json::object actions;
  for (const auto& [node, n] : recorded) actions[node] = n;
  o["actionsRecorded"] = std::move(actions);
  o["report"] = server::ReportJson(result.report);
  if (trace.empty() || !result.engine) {
    o["trace"] = nullptr;
    return o;
  }
  json::array instances;
  if (auto found = result.engine->ProfileInstances(trace)) {
    for (const InstanceView& i : *found) instances.push_back(server::InstanceJson(i));
  }
  json::array traced;
  for (const RecordedAction& a : result.actions) {
    if (a.profile_id != trace) continue;
    traced.push_back(json::object{
        {"at", FormatTime(a.at)}, {"node", a.node}, {"kind", a.kind}, {"action", a.rendered}});
  }
  bool known = static_cast<bool>(result.engine->GetProfile(trace));
  o["trace"] = json::object{{"profileId", trace},
                            {"known", known},
                            {"instances", std::move(instances)},
                            {"actions", std::move(traced)}};
  return o;
}

}  // namespace parcours::simulation
