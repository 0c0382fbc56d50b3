#include "simulation/simulation.h"
#include "parcours/ids.h"

#include <boost/json/error.hpp>
#include <boost/json/stream_parser.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>
#include <utility>

#include "model/json_reader.h"
#include "server/api_json.h"

namespace parcours::simulation {
namespace {

namespace json = boost::json;

// Calls `each(line_number, value)` for every non-blank line that is JSON; malformed lines become
// "bad_json" problems.
void ForEachLine(std::string_view text, std::vector<LineProblem>& problems,
                 const std::function<void(std::size_t, const json::value&)>& each) {
  std::size_t line_number = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    json::stream_parser parser;
    boost::system::error_code ec;
    std::size_t consumed = parser.write_some(line.data(), line.size(), ec);
    if (!ec && consumed < line.size() &&
        line.substr(consumed).find_first_not_of(" \t\r") != std::string_view::npos) {
      ec = json::error::extra_data;
    }
    if (!ec) parser.finish(ec);
    if (ec) {
      problems.push_back(
          {line_number, "$", "bad_json",
           "not valid JSON at column " + std::to_string(consumed + 1) + ": " + ec.message()});
      continue;
    }
    each(line_number, parser.release());
  }
}

void AddProblems(std::size_t line, std::vector<Problem> found, std::vector<LineProblem>& out) {
  for (Problem& p : found) {
    out.push_back({line, std::move(p.path), std::move(p.code), std::move(p.message)});
  }
}

// Records webhook and e-mail actions and answers each with success at once (from inside
// Dispatch, which the synchronous engine allows): nothing leaves the process.
class RecordingDispatcher final : public ActionDispatcher {
 public:
  explicit RecordingDispatcher(std::string keep_rendered_for)
      : keep_rendered_for_(std::move(keep_rendered_for)) {}

  void SetEngine(const Engine* engine) { engine_ = engine; }

  void Dispatch(ActionRequest request, std::function<void(ActionResult)> done) override {
    {
      std::lock_guard lock(mutex_);
      RecordedAction action;
      action.at = engine_ != nullptr ? engine_->Now() : Time{};
      action.instance_id = std::move(request.instance_id);
      action.profile_id = std::move(request.profile_id);
      action.node = std::move(request.node);
      action.kind = std::move(request.kind);
      if (!keep_rendered_for_.empty() && action.profile_id == keep_rendered_for_) {
        action.rendered = std::move(request.rendered);
      }
      actions_.push_back(std::move(action));
    }
    done(ActionResult{ActionOutcome::kSuccess, "simulated: recorded, not sent"});
  }

  std::vector<RecordedAction> Take() {
    std::lock_guard lock(mutex_);
    return std::move(actions_);
  }

 private:
  std::string keep_rendered_for_;
  const Engine* engine_ = nullptr;
  std::mutex mutex_;
  std::vector<RecordedAction> actions_;
};

}  // namespace

Lines<Event> ParseEventLines(std::string_view text) {
  std::vector<Event> events;
  std::vector<LineProblem> problems;
  ForEachLine(text, problems, [&](std::size_t line, const json::value& value) {
    std::vector<Problem> found;
    std::optional<Event> event = server::EventFromJson(value, "$", found);
    if (event && !event->timestamp) {
      found.push_back({"missing_field", "$.timestamp", "",
                       "'timestamp' is required: a simulation runs in the events' time"});
    }
    if (!found.empty()) {
      AddProblems(line, std::move(found), problems);
      return;
    }
    events.push_back(std::move(*event));
  });
  if (!problems.empty()) return std::unexpected(std::move(problems));
  return events;
}

Lines<SimulatedProfile> ParseProfileLines(std::string_view text) {
  std::vector<SimulatedProfile> profiles;
  std::vector<LineProblem> problems;
  ForEachLine(text, problems, [&](std::size_t line, const json::value& value) {
    model::ProblemSink sink;
    model::FieldReader r(sink, value, "$", "", "a profile");
    SimulatedProfile profile;
    if (auto id = r.String("id", true)) {
      if (!IsValidProfileId(*id))
        sink.Add("bad_id", "$.id", "", ProfileIdProblem("profile id", *id));
      profile.id = std::move(*id);
    }
    if (const json::value* attributes = r.Require("attributes")) {
      if (attributes->is_object()) {
        profile.attributes = attributes->get_object();
      } else {
        r.WrongType("attributes", "an object", *attributes);
      }
    }
    r.Finish();
    if (!sink.empty()) {
      AddProblems(line, sink.Take(), problems);
      return;
    }
    profiles.push_back(std::move(profile));
  });
  if (!problems.empty()) return std::unexpected(std::move(problems));
  return profiles;
}

Duration GlobalTimeoutOf(const JourneyDefinition& definition) {
  if (definition.global_timeout) {
    if (auto d = ParseDuration(*definition.global_timeout); d && *d > Duration::zero()) return *d;
  }
  return kDefaultGlobalTimeout;
}

Result<SimulationResult> RunSimulation(JourneyDefinition definition,
                                       std::vector<SimulatedProfile> profiles,
                                       std::vector<Event> events,
                                       const SimulationOptions& options) {
  if (std::holds_alternative<AudienceEntry>(definition.entry)) {
    return Fail(Error::InvalidArgument(
        "the journey enters from an audience; a simulation replays events, so only journeys "
        "that enter on an event can be simulated"));
  }
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (!events[i].timestamp) {
      return Fail(Error::InvalidArgument("event " + std::to_string(i) + " has no timestamp"));
    }
  }
  if (options.until && *options.until <= Duration::zero()) {
    return Fail(Error::InvalidArgument("'until' must be above zero"));
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return *a.timestamp < *b.timestamp; });

  SimulationResult result;
  result.start = events.empty() ? std::chrono::floor<Duration>(std::chrono::system_clock::now())
                                : *events.front().timestamp;
  Time last = events.empty() ? result.start : *events.back().timestamp;
  result.end = options.until ? result.start + *options.until : last + GlobalTimeoutOf(definition);

  auto dispatcher = std::make_unique<RecordingDispatcher>(options.keep_rendered_for);
  EngineOptions engine_options;  // empty data_dir: the memory store
  engine_options.partitions = options.partitions;
  engine_options.threads = 0;
  engine_options.clock = ClockMode::kManual;
  engine_options.manual_start = result.start;
  engine_options.durability = Durability::kBuffered;
  engine_options.dispatcher = dispatcher.get();
  auto engine = Engine::Open(engine_options);
  if (!engine) return Fail(engine.error());
  dispatcher->SetEngine(engine->get());
  Engine& e = **engine;

  auto created = e.CreateJourney(std::move(definition), "simulate");
  if (!created) return Fail(created.error());
  result.journey_id = created->journey_id;
  result.version = created->version;
  if (auto published = e.Publish(result.journey_id, result.version, "simulate"); !published) {
    return Fail(published.error());
  }
  for (SimulatedProfile& p : profiles) {
    if (Status put = e.PutProfile(p.id, std::move(p.attributes), /*merge=*/false); !put) {
      return Fail(put.error());
    }
  }
  result.profiles = static_cast<std::int64_t>(profiles.size());

  for (Event& event : events) {
    if (*event.timestamp > result.end) {
      ++result.events_after_end;
      continue;
    }
    if (Status advanced = e.AdvanceClock(*event.timestamp); !advanced) {
      return Fail(advanced.error());
    }
    std::vector<Event> one;
    one.push_back(std::move(event));
    auto ingested = e.Ingest(std::move(one));
    if (!ingested) return Fail(ingested.error());
    result.events_fed += ingested->accepted + ingested->duplicates;
    result.duplicates += ingested->duplicates;
  }
  if (Status advanced = e.AdvanceClock(result.end); !advanced) return Fail(advanced.error());
  e.WaitIdle();

  auto report = e.GetReport(result.journey_id, result.version, ReportWindow::kAllTime);
  if (!report) return Fail(report.error());
  result.report = std::move(*report);
  result.actions = dispatcher->Take();
  result.dispatcher = std::move(dispatcher);
  result.engine = std::move(*engine);
  return result;
}

}  // namespace parcours::simulation
