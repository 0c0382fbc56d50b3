// Journeys: create, list, get, edit, validate, every lifecycle call, delete, reports and
// instance lists (API.md "Journeys").
#include <boost/json/array.hpp>

#include "parcours/journey.h"
#include "server/api_routes.h"
#include "server/handler_util.h"

namespace parcours::server::handlers {
namespace {

// The body is read as JSON whatever its Content-Type (`curl -d @file` sends a form type).
Result<JourneyDefinition> DefinitionBody(const Call& call) { return ParseDefinition(call.body); }

// The body of a call that takes none: empty, or a JSON object with no fields.
Status NoBody(const Call& call) {
  auto json = ParseOptionalJsonBody(call.body);
  if (!json) return Fail(json.error());
  if (!json->is_object() || !json->get_object().empty()) {
    return Fail(Error::InvalidArgument("this call takes no body (or an empty object)",
                                       {Problem{"unknown_field", "$", "", "expected no body"}}));
  }
  return {};
}

}  // namespace

Response CreateJourney(Api& api, const Call& call) {
  auto definition = DefinitionBody(call);
  if (!definition) return ErrorResponse(definition.error());
  auto created = api.engine().CreateJourney(std::move(*definition), call.by());
  if (!created) return ErrorResponse(created.error());
  Response r = VersionAnswer(created, 201);
  r.headers.emplace_back("Location", "/v1/journeys/" + created->journey_id + "/versions/1");
  return r;
}

Response ListJourneys(Api& api, const Call& call) {
  std::optional<VersionStatus> status;
  if (const std::string* s = call.admission.query.Find("status")) {
    status = ParseVersionStatus(*s);
    if (!status) {
      return ErrorResponse(Error::InvalidArgument(
          "unknown status '" + *s + "'",
          {Problem{"bad_value", "query.status", "",
                   "status is one of draft, live, paused, closed, stopped, finished"}}));
    }
  }
  auto list = api.engine().ListJourneys(status);
  if (!list) return ErrorResponse(list.error());
  return JsonResponse(200, JourneyListJson(*list));
}

Response GetJourney(Api& api, const Call& call) {
  auto journey = api.engine().GetJourney(call.param(0));
  if (!journey) return ErrorResponse(journey.error());
  return JsonResponse(200, JourneyJson(*journey));
}

Response GetVersion(Api& api, const Call& call) {
  return VersionAnswer(api.engine().GetVersion(call.param(0), VersionParam(call, 1)));
}

Response ReplaceVersion(Api& api, const Call& call) {
  auto definition = DefinitionBody(call);
  if (!definition) return ErrorResponse(definition.error());
  return VersionAnswer(api.engine().ReplaceDefinition(call.param(0), VersionParam(call, 1),
                                                      std::move(*definition), call.by()));
}

Response ValidateVersion(Api& api, const Call& call) {
  if (auto ok = NoBody(call); !ok) return ErrorResponse(ok.error());
  auto report = api.engine().ValidateVersion(call.param(0), VersionParam(call, 1));
  if (!report) return ErrorResponse(report.error());
  return JsonResponse(200, ValidationJson(*report));
}

Response Publish(Api& api, const Call& call) {
  if (auto ok = NoBody(call); !ok) return ErrorResponse(ok.error());
  return VersionAnswer(api.engine().Publish(call.param(0), VersionParam(call, 1), call.by()));
}

Response Close(Api& api, const Call& call) {
  if (auto ok = NoBody(call); !ok) return ErrorResponse(ok.error());
  return VersionAnswer(api.engine().Close(call.param(0), VersionParam(call, 1), call.by()));
}

Response Pause(Api& api, const Call& call) {
  auto json = ParseJsonBody(call.body);
  if (!json) return ErrorResponse(json.error());
  auto pause = PauseFromJson(*json);
  if (!pause) return ErrorResponse(pause.error());
  return VersionAnswer(api.engine().Pause(call.param(0), VersionParam(call, 1), pause->mode,
                                          pause->pause_for, call.by()));
}

Response Resume(Api& api, const Call& call) {
  if (auto ok = NoBody(call); !ok) return ErrorResponse(ok.error());
  return VersionAnswer(api.engine().Resume(call.param(0), VersionParam(call, 1), call.by()));
}

Response Stop(Api& api, const Call& call) {
  if (auto ok = NoBody(call); !ok) return ErrorResponse(ok.error());
  return VersionAnswer(api.engine().Stop(call.param(0), VersionParam(call, 1), call.by()));
}

Response NewVersion(Api& api, const Call& call) {
  if (auto ok = NoBody(call); !ok) return ErrorResponse(ok.error());
  auto created = api.engine().NewVersion(call.param(0), call.by());
  Response r = VersionAnswer(created, 201);
  if (created) {
    r.headers.emplace_back("Location", "/v1/journeys/" + created->journey_id + "/versions/" +
                                           std::to_string(created->version));
  }
  return r;
}

Response Duplicate(Api& api, const Call& call) {
  auto json = ParseOptionalJsonBody(call.body);
  if (!json) return ErrorResponse(json.error());
  auto request = DuplicateFromJson(*json);
  if (!request) return ErrorResponse(request.error());
  auto created = api.engine().Duplicate(call.param(0), request->version, request->name, call.by());
  Response r = VersionAnswer(created, 201);
  if (created) {
    r.headers.emplace_back("Location", "/v1/journeys/" + created->journey_id + "/versions/1");
  }
  return r;
}

Response DeleteVersion(Api& api, const Call& call) {
  if (auto ok = NoBody(call); !ok) return ErrorResponse(ok.error());
  auto deleted = api.engine().DeleteVersion(call.param(0), VersionParam(call, 1), call.by());
  if (!deleted) return ErrorResponse(deleted.error());
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response GetReport(Api& api, const Call& call) {
  ReportWindow window = ReportWindow::kAllTime;
  if (const std::string* w = call.admission.query.Find("window")) {
    if (*w != "24h") {
      return ErrorResponse(Error::InvalidArgument(
          "unknown report window '" + *w + "'",
          {Problem{"bad_value", "query.window", "", "the only window is 24h"}}));
    }
    window = ReportWindow::kLast24Hours;
  }
  auto report = api.engine().GetReport(call.param(0), VersionParam(call, 1), window);
  if (!report) return ErrorResponse(report.error());
  return JsonResponse(200, ReportJson(*report));
}

Response StartTest(Api& api, const Call& call) {
  auto json = ParseOptionalJsonBody(call.body);
  if (!json) return ErrorResponse(json.error());
  auto request = TestStartFromJson(*json);
  if (!request) return ErrorResponse(request.error());
  return VersionAnswer(
      api.engine().StartTest(call.param(0), VersionParam(call, 1), request->wait, call.by()));
}

Response StopTest(Api& api, const Call& call) {
  if (auto ok = NoBody(call); !ok) return ErrorResponse(ok.error());
  return VersionAnswer(api.engine().StopTest(call.param(0), VersionParam(call, 1), call.by()));
}

Response GetTestReport(Api& api, const Call& call) {
  auto version = api.engine().GetVersion(call.param(0), VersionParam(call, 1));
  if (!version) return ErrorResponse(version.error());
  if (!version->lifecycle.test) {
    std::string message = "version " + call.param(1) + " is not in test mode (it is " +
                          VersionStatusName(version->lifecycle.status) +
                          "): there is no test report; a test session's counts are cleared when "
                          "test mode stops or the draft is published";
    return ErrorResponse(Error(ErrorKind::kFailedPrecondition, message,
                               {Problem{"not_in_test_mode", "$", "", message}}));
  }
  return GetReport(api, call);
}

Response ListInstances(Api& api, const Call& call) {
  const Query& q = call.admission.query;
  std::vector<Problem> problems;
  std::optional<InstanceStatus> status;
  if (const std::string* s = q.Find("status")) {
    status = ParseInstanceStatus(*s);
    if (!status) {
      problems.push_back({"bad_value", "query.status", "",
                          "status is one of in_progress, finished, error, timed_out"});
    }
  }
  int limit = 100;
  if (const std::string* l = q.Find("limit")) {
    auto [end, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
    if (ec != std::errc() || end != l->data() + l->size() || limit < 1 || limit > 1000) {
      problems.push_back({"bad_value", "query.limit", "", "limit is an integer from 1 to 1000"});
    }
  }
  std::string cursor;
  if (const std::string* c = q.Find("cursor")) cursor = *c;
  if (!problems.empty()) {
    return ErrorResponse(Error::InvalidArgument("the query is not valid", problems));
  }
  auto page =
      api.engine().ListInstances(call.param(0), VersionParam(call, 1), status, limit, cursor);
  if (!page) return ErrorResponse(page.error());
  boost::json::array instances;
  for (const InstanceView& i : page->instances) instances.push_back(InstanceJson(i));
  boost::json::object body{
      {"instances", std::move(instances)},
      {"next", page->next.empty() ? boost::json::value(nullptr) : boost::json::value(page->next)}};
  return JsonResponse(200, body);
}

}  // namespace parcours::server::handlers
