#include "server/api_json.h"
#include "parcours/ids.h"

#include <boost/json/array.hpp>
#include <boost/json/error.hpp>
#include <boost/json/stream_parser.hpp>

#include "model/json_reader.h"
#include "parcours/journey.h"

namespace parcours::server {
namespace json = boost::json;

namespace {

std::string Where(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

const char* TitleOf(int status) {
  switch (status) {
    case 400:
      return "Bad request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not found";
    case 405:
      return "Method not allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content too large";
    case 415:
      return "Unsupported media type";
    case 422:
      return "Invalid definition";
    case 503:
      return "Service unavailable";
    default:
      return "Internal error";
  }
}

const char* SlugOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return "invalid-argument";
    case ErrorKind::kNotFound:
      return "not-found";
    case ErrorKind::kFailedPrecondition:
      return "conflict";
    case ErrorKind::kInvalidDefinition:
      return "invalid-definition";
    case ErrorKind::kUnavailable:
      return "unavailable";
    case ErrorKind::kInternal:
      return "internal";
    case ErrorKind::kDataLoss:
      return "data-loss";
  }
  return "internal";
}

Error Malformed(std::string message, std::vector<Problem> problems) {
  return Error::InvalidArgument(std::move(message), std::move(problems));
}

// Reads `key` of `r` as a duration; adds a "bad_value" problem when it does not parse.
std::optional<Duration> DurationField(model::FieldReader& r, std::string_view key) {
  auto text = r.String(key);
  if (!text) return std::nullopt;
  auto d = ParseDuration(*text);
  if (!d) {
    r.sink().Add("bad_value", r.FieldPath(key), "", d.error().message());
    return std::nullopt;
  }
  return *d;
}

std::optional<Time> TimeField(model::FieldReader& r, std::string_view key) {
  auto text = r.String(key);
  if (!text) return std::nullopt;
  auto t = ParseTime(*text);
  if (!t) {
    r.sink().Add("bad_value", r.FieldPath(key), "", t.error().message());
    return std::nullopt;
  }
  return *t;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

int HttpStatusOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return 400;
    case ErrorKind::kNotFound:
      return 404;
    case ErrorKind::kFailedPrecondition:
      return 409;
    case ErrorKind::kInvalidDefinition:
      return 422;
    case ErrorKind::kUnavailable:
      return 503;
    case ErrorKind::kInternal:
    case ErrorKind::kDataLoss:
      return 500;
  }
  return 500;
}

json::object ProblemItemJson(const Problem& problem) {
  json::object item;
  item["code"] = problem.code;
  item["path"] = problem.path;
  item["node"] = problem.node.empty() ? json::value(nullptr) : json::value(problem.node);
  item["message"] = problem.message;
  return item;
}

json::object ProblemJson(int status, std::string_view type_slug, std::string_view detail,
                         const std::vector<Problem>& problems) {
  json::object problem;
  problem["type"] = "urn:parcours:problem:" + std::string(type_slug);
  problem["title"] = TitleOf(status);
  problem["status"] = status;
  problem["detail"] = detail;
  json::array errors;
  for (const Problem& p : problems) {
    json::object item;
    item["path"] = p.path.empty() ? "$" : p.path;
    item["message"] = p.message;
    if (!p.code.empty()) item["code"] = p.code;
    if (!p.node.empty()) item["node"] = p.node;
    errors.push_back(std::move(item));
  }
  problem["errors"] = std::move(errors);
  return problem;
}

json::object ProblemJson(const Error& error) {
  return ProblemJson(HttpStatusOf(error.kind()), SlugOf(error.kind()), error.message(),
                     error.problems());
}

// ---------------------------------------------------------------------------------------------

json::value TimeJson(const std::optional<Time>& time) {
  if (!time) return nullptr;
  return json::value(FormatTime(*time));
}

json::object VersionJson(const VersionView& version) {
  const VersionLifecycle& l = version.lifecycle;
  json::object o;
  o["id"] = version.journey_id;
  o["version"] = version.version;
  o["status"] = VersionStatusName(l.status);
  o["definition"] = DefinitionToJson(version.definition);
  o["createdAt"] = FormatTime(l.created_at);
  o["publishedAt"] = TimeJson(l.published_at);
  o["closedAt"] = TimeJson(l.closed_at);
  o["stoppedAt"] = TimeJson(l.stopped_at);
  o["finishedAt"] = TimeJson(l.finished_at);
  o["pauseMode"] = l.pause_mode ? json::value(PauseModeName(*l.pause_mode)) : json::value(nullptr);
  o["pausedUntil"] = TimeJson(l.paused_until);
  o["testMode"] = l.test.has_value();
  o["test"] = l.test ? json::value(json::object{{"startedAt", FormatTime(l.test->started_at)},
                                                {"wait", FormatDuration(l.test->wait)}})
                     : json::value(nullptr);
  json::array history;
  for (const TransitionRecord& r : l.history) {
    history.push_back(json::object{{"at", FormatTime(r.at)},
                                   {"action", LifecycleActionName(r.action)},
                                   {"by", r.by},
                                   {"reason", r.reason}});
  }
  o["history"] = std::move(history);
  return o;
}

json::object JourneyJson(const JourneyView& journey) {
  json::array versions;
  for (const VersionView& v : journey.versions) versions.push_back(VersionJson(v));
  return json::object{{"id", journey.id}, {"name", journey.name}, {"versions", versions}};
}

json::object JourneyListJson(const std::vector<JourneySummary>& journeys) {
  json::array list;
  for (const JourneySummary& j : journeys) {
    json::array versions;
    for (const auto& [number, status] : j.versions) {
      versions.push_back(json::object{{"version", number}, {"status", VersionStatusName(status)}});
    }
    list.push_back(json::object{{"id", j.id}, {"name", j.name}, {"versions", versions}});
  }
  return json::object{{"journeys", list}};
}

json::object ValidationJson(const ValidationReport& report) {
  json::array errors, warnings;
  for (const Problem& p : report.errors) errors.push_back(ProblemItemJson(p));
  for (const Problem& p : report.warnings) warnings.push_back(ProblemItemJson(p));
  return json::object{{"valid", report.valid()}, {"errors", errors}, {"warnings", warnings}};
}

json::object ReportJson(const Report& report) {
  json::object o;
  o["status"] = VersionStatusName(report.status);
  if (report.test_mode) o["testMode"] = true;  // the counts of a test session
  o["entered"] = report.entered;
  o["instances"] = json::object{{"in_progress", report.in_progress},
                                {"finished", report.finished},
                                {"error", report.error},
                                {"timed_out", report.timed_out}};
  json::object end_tags;
  for (const auto& [id, tag] : report.end_tags) {
    end_tags[id] = json::object{{"label", tag.first}, {"count", tag.second}};
  }
  o["endTags"] = std::move(end_tags);
  json::object nodes;
  for (const auto& [id, n] : report.nodes) {
    nodes[id] = json::object{{"entered", n.entered}, {"left", n.left}, {"failed", n.failed}};
  }
  o["nodes"] = std::move(nodes);
  json::object discarded;
  for (const auto& [reason, n] : report.discarded) discarded[reason] = n;
  o["discarded"] = std::move(discarded);
  return o;
}

json::object InstanceJson(const InstanceView& instance) {
  json::object o;
  o["id"] = instance.id;
  o["journeyId"] = instance.journey_id;
  o["version"] = instance.version;
  o["profileId"] = instance.profile_id;
  o["status"] = InstanceStatusName(instance.status);
  o["currentNode"] = instance.current_node;
  o["enteredAt"] = FormatTime(instance.entered_at);
  o["endedAt"] = TimeJson(instance.ended_at);
  o["exitReason"] = instance.exit_reason == ExitReason::kNone
                        ? json::value(nullptr)
                        : json::value(ExitReasonName(instance.exit_reason));
  o["endTag"] = instance.end_tag.empty() ? json::value(nullptr) : json::value(instance.end_tag);
  o["test"] = instance.test;
  json::array history;
  for (const HistoryEntry& h : instance.history) {
    history.push_back(json::object{
        {"at", FormatTime(h.at)}, {"node", h.node}, {"outcome", h.outcome}, {"detail", h.detail}});
  }
  o["history"] = std::move(history);
  return o;
}

json::object AudienceJson(const Audience& audience, std::int64_t size) {
  json::object o;
  o["id"] = audience.id;
  o["size"] = size;
  if (audience.when) {
    o["when"] = *audience.when;
  } else {
    json::array profiles;
    for (const std::string& p : audience.profiles) profiles.push_back(json::value(p));
    o["profiles"] = std::move(profiles);
  }
  return o;
}

json::object IngestJson(const IngestResult& result) {
  return json::object{{"accepted", result.accepted}, {"duplicates", result.duplicates}};
}

json::object ClockJson(Time now, bool manual) {
  return json::object{{"now", FormatTime(now)}, {"mode", manual ? "manual" : "system"}};
}

// ---------------------------------------------------------------------------------------------

Result<json::value> ParseJsonBody(std::string_view body) {
  json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(body.data(), body.size(), ec);
  if (!ec && consumed < body.size()) ec = json::error::extra_data;
  if (!ec) parser.finish(ec);
  if (ec) {
    std::string where = Where(body, consumed);
    return Fail(Malformed(
        "the body is not valid JSON (" + where + ": " + ec.message() + ")",
        {Problem{"bad_json", "$", "", "not valid JSON at " + where + ": " + ec.message()}}));
  }
  return parser.release();
}

Result<json::value> ParseOptionalJsonBody(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return json::value(json::object{});
  return ParseJsonBody(body);
}

bool IsValidPathId(std::string_view id) { return IsValidProfileId(id); }

std::optional<Event> EventFromJson(const json::value& value, const std::string& path,
                                   std::vector<Problem>& problems) {
  model::ProblemSink sink;
  model::FieldReader r(sink, value, path, "", "an event");
  Event event;
  if (auto id = r.String("id")) {
    if (!IsValidEventId(*id)) sink.Add("bad_id", r.FieldPath("id"), "", EventIdProblem());
    event.id = std::move(*id);
  }
  if (auto type = r.String("type", true)) {
    if (type->empty()) sink.Add("bad_value", r.FieldPath("type"), "", "'type' cannot be empty");
    event.type = std::move(*type);
  }
  if (auto profile = r.String("profileId", true)) {
    if (!IsValidProfileId(*profile)) {
      sink.Add("bad_id", r.FieldPath("profileId"), "", ProfileIdProblem("profileId", *profile));
    }
    event.profile_id = std::move(*profile);
  }
  event.timestamp = TimeField(r, "timestamp");
  if (const json::value* data = r.Get("data")) {
    if (data->is_object()) {
      event.data = data->get_object();
    } else {
      r.WrongType("data", "an object", *data);
    }
  }
  r.Finish();
  if (!sink.empty()) {
    for (Problem& p : sink.Take()) problems.push_back(std::move(p));
    return std::nullopt;
  }
  return event;
}

namespace {

Result<std::vector<Event>> RefuseBatch(std::vector<Problem> problems) {
  std::size_t bad = 0;
  std::string last;
  for (const Problem& p : problems) {
    std::string head = p.path.substr(0, p.path.find(']') + 1);
    if (head != last) ++bad;
    last = head;
  }
  return Fail(Malformed(std::to_string(bad) + (bad == 1 ? " event is" : " events are") +
                            " not valid; none was accepted",
                        std::move(problems)));
}

}  // namespace

Result<std::vector<Event>> EventBatchFromJson(const json::value& value) {
  model::ProblemSink sink;
  model::FieldReader r(sink, value, "$", "", "the batch");
  const json::value* list = r.Require("events");
  r.Finish();
  if (list != nullptr && !list->is_array()) r.WrongType("events", "an array", *list);
  if (!sink.empty()) return Fail(Malformed("the batch is malformed", sink.Take()));
  if (list == nullptr) return Fail(Malformed("the batch is malformed", {}));
  std::vector<Event> events;
  std::vector<Problem> problems;
  const json::array& array = list->get_array();
  events.reserve(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    auto event = EventFromJson(array[i], "$.events[" + std::to_string(i) + "]", problems);
    if (event) events.push_back(std::move(*event));
  }
  if (!problems.empty()) return RefuseBatch(std::move(problems));
  return events;
}

Result<std::vector<Event>> EventBatchFromNdjson(std::string_view body) {
  std::vector<Event> events;
  std::vector<Problem> problems;
  std::size_t line_number = 0, index = 0, start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    std::string path = "$[" + std::to_string(index++) + "]";
    auto parsed = ParseJsonBody(line);
    if (!parsed) {
      problems.push_back(Problem{"bad_json", path, "",
                                 "line " + std::to_string(line_number) + ": " +
                                     parsed.error().problems().front().message});
      continue;
    }
    auto event = EventFromJson(*parsed, path, problems);
    if (event) events.push_back(std::move(*event));
  }
  if (!problems.empty()) return RefuseBatch(std::move(problems));
  return events;
}

Result<PauseRequest> PauseFromJson(const json::value& value) {
  model::ProblemSink sink;
  model::FieldReader r(sink, value, "$", "", "the pause request");
  PauseRequest pause;
  if (auto mode = r.String("mode", true)) {
    if (auto m = ParsePauseMode(*mode)) {
      pause.mode = *m;
    } else {
      sink.Add("bad_value", "$.mode", "",
               "'mode' must be \"hold\" or \"discard\", not \"" + *mode + "\"");
    }
  }
  pause.pause_for = DurationField(r, "for");
  if (pause.pause_for && (*pause.pause_for <= Duration::zero() || *pause.pause_for > kMaxPause)) {
    sink.Add("bad_value", "$.for", "",
             "'for' must be above zero and at most P14D, not " + FormatDuration(*pause.pause_for));
  }
  r.Finish();
  if (!sink.empty()) return Fail(Malformed("the pause request is not valid", sink.Take()));
  return pause;
}

Result<TestStartRequest> TestStartFromJson(const json::value& value) {
  model::ProblemSink sink;
  model::FieldReader r(sink, value, "$", "", "the test/start request");
  TestStartRequest request;
  request.wait = DurationField(r, "wait");
  if (request.wait && (*request.wait <= Duration::zero() || *request.wait > kMaxTestWait)) {
    sink.Add("bad_value", "$.wait", "",
             "'wait' must be above zero and at most " + FormatDuration(kMaxTestWait) + ", not " +
                 FormatDuration(*request.wait));
  }
  r.Finish();
  if (!sink.empty()) return Fail(Malformed("the test/start request is not valid", sink.Take()));
  return request;
}

Result<DuplicateRequest> DuplicateFromJson(const json::value& value) {
  model::ProblemSink sink;
  model::FieldReader r(sink, value, "$", "", "the duplicate request");
  DuplicateRequest request;
  request.version = r.Integer("version");
  if (request.version && *request.version < 1) {
    sink.Add("bad_value", "$.version", "", "'version' must be a positive integer");
  }
  request.name = r.String("name");
  if (request.name && request.name->empty()) {
    sink.Add("bad_value", "$.name", "", "'name' cannot be empty");
  }
  r.Finish();
  if (!sink.empty()) return Fail(Malformed("the duplicate request is not valid", sink.Take()));
  return request;
}

Result<Audience> AudienceFromJson(const json::value& value, std::string_view audience_id) {
  model::ProblemSink sink;
  model::FieldReader r(sink, value, "$", "", "the audience");
  Audience audience;
  audience.id = std::string(audience_id);
  const json::value* profiles = r.Get("profiles");
  audience.when = r.String("when");
  if (profiles != nullptr) {
    if (!profiles->is_array()) {
      r.WrongType("profiles", "an array of profile ids", *profiles);
    } else {
      const json::array& list = profiles->get_array();
      for (std::size_t i = 0; i < list.size(); ++i) {
        std::string path = "$.profiles[" + std::to_string(i) + "]";
        if (!list[i].is_string()) {
          sink.Add(
              "wrong_type", path, "",
              std::string("a profile id must be a string, not ") + model::JsonKindName(list[i]));
        } else if (!IsValidProfileId(list[i].get_string())) {
          sink.Add("bad_id", path, "", ProfileIdProblem("profile id", list[i].get_string()));
        } else {
          audience.profiles.emplace_back(list[i].get_string());
        }
      }
    }
  }
  if (r.ok() && (profiles == nullptr) == !audience.when.has_value()) {
    sink.Add("bad_value", "$", "", "an audience has either 'profiles' or 'when', exactly one");
  }
  r.Finish();
  if (!sink.empty()) return Fail(Malformed("the audience is not valid", sink.Take()));
  return audience;
}

Result<json::object> ProfileAttributesFromJson(const json::value& value) {
  model::ProblemSink sink;
  model::FieldReader r(sink, value, "$", "", "the profile");
  const json::value* attributes = r.Require("attributes");
  if (attributes != nullptr && !attributes->is_object()) {
    r.WrongType("attributes", "an object", *attributes);
  }
  r.Finish();
  if (!sink.empty()) return Fail(Malformed("the profile is not valid", sink.Take()));
  return attributes->get_object();
}

Result<Time> ClockTargetFromJson(const json::value& value, Time now) {
  model::ProblemSink sink;
  model::FieldReader r(sink, value, "$", "", "the clock request");
  auto by = DurationField(r, "by");
  auto to = TimeField(r, "to");
  r.Finish();
  if (by && *by < Duration::zero()) {
    sink.Add("bad_value", "$.by", "", "the clock cannot go back: 'by' must not be negative");
  }
  if (sink.empty() && by.has_value() == to.has_value()) {
    sink.Add("bad_value", "$", "", "give either 'by' (a duration) or 'to' (a time), exactly one");
  }
  if (!sink.empty()) return Fail(Malformed("the clock request is not valid", sink.Take()));
  return by ? now + *by : *to;
}

}  // namespace parcours::server
