// journeys list, get, create, apply, new-version, duplicate, delete.
#include <ostream>

#include "cli/http_client.h"
#include "cli/journeys.h"
#include "cli/local_input.h"
#include "cli/output.h"

namespace parcours::cli {
namespace {

// "1 closed, 2 live, 3 draft" from a journey's `versions`.
std::string VersionsText(const boost::json::value& journey) {
  const boost::json::value* versions = Field(journey, "versions");
  if (versions == nullptr || !versions->is_array()) return "-";
  std::string text;
  for (const boost::json::value& v : versions->as_array()) {
    if (!text.empty()) text += ", ";
    text += TextOr(v, "version", "?") + " " + TextOr(v, "status", "?");
  }
  return text.empty() ? "-" : text;
}

Outcome<boost::json::object> ReadDefinition(Session& session, const JourneyCreateOptions& o) {
  auto text = ReadInputFile(session, o.file);
  if (!text) return std::unexpected(text.error());
  auto definition = ParseJsonObject(session, o.file == "-" ? "<stdin>" : o.file, *text);
  if (!definition) return std::unexpected(definition.error());
  if (!o.id.empty()) (*definition)["id"] = o.id;
  return definition;
}

Done PrintVersionReply(Session& session, const Reply& reply, std::string_view prefix) {
  if (session.json()) {
    session.PrintServerJson(reply);
  } else {
    session.out() << prefix << VersionSummary(reply.json) << "\n";
  }
  return {};
}

}  // namespace

Done ListJourneys(Session& session, const JourneyListOptions& options) {
  std::string target = "/v1/journeys";
  if (!options.status.empty()) target += "?status=" + EncodeComponent(options.status);
  auto reply = session.Call("GET", target);
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
    return {};
  }
  Table table({"ID", "NAME", "VERSIONS"});
  if (const boost::json::value* journeys = Field(reply->json, "journeys");
      journeys != nullptr && journeys->is_array()) {
    for (const boost::json::value& j : journeys->as_array()) {
      table.AddRow({TextOr(j, "id"), TextOr(j, "name"), VersionsText(j)});
    }
  }
  if (table.empty()) {
    session.out() << (options.status.empty() ? "no journeys\n"
                                             : "no journey has a version " + options.status + "\n");
  } else {
    table.Print(session.out());
  }
  return {};
}

Done GetJourney(Session& session, const JourneyRef& ref) {
  if (ref.version > 0) {
    auto reply = session.Call("GET", VersionPath(ref.id, ref.version));
    if (!reply) return std::unexpected(reply.error());
    if (session.json()) {
      session.PrintServerJson(*reply);
    } else {
      PrintVersion(session.out(), reply->json);
    }
    return {};
  }
  auto reply = session.Call("GET", JourneyPath(ref.id));
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
    return {};
  }
  const boost::json::value& journey = reply->json;
  std::string name = TextOr(journey, "name", "");
  if (name.empty()) {
    // The journey's name may live only in its versions' definitions.
    if (const boost::json::value* versions = Field(journey, "versions");
        versions != nullptr && versions->is_array() && !versions->as_array().empty()) {
      const boost::json::value* definition = Field(versions->as_array().back(), "definition");
      if (definition != nullptr) name = TextOr(*definition, "name", "");
    }
  }
  session.out() << TextOr(journey, "id", ref.id) << (name.empty() ? "" : "  " + name) << "\n";
  Table table({"VERSION", "STATUS", "CREATED", "PUBLISHED", "CLOSED", "STOPPED", "FINISHED"});
  if (const boost::json::value* versions = Field(journey, "versions");
      versions != nullptr && versions->is_array()) {
    for (const boost::json::value& v : versions->as_array()) {
      table.AddRow({TextOr(v, "version"), TextOr(v, "status"), TextOr(v, "createdAt"),
                    TextOr(v, "publishedAt"), TextOr(v, "closedAt"), TextOr(v, "stoppedAt"),
                    TextOr(v, "finishedAt")});
    }
  }
  table.Print(session.out(), "  ");
  return {};
}

Done CreateJourney(Session& session, const JourneyCreateOptions& options) {
  auto definition = ReadDefinition(session, options);
  if (!definition) return std::unexpected(definition.error());
  auto reply = session.Call("POST", "/v1/journeys", *definition);
  if (!reply) return std::unexpected(reply.error());
  return PrintVersionReply(session, *reply, "created ");
}

// apply: create the journey when it does not exist; otherwise replace the definition of its
// latest version: a draft takes any change, a published version only changes of names,
// descriptions and labels (the server refuses anything else with 409 read_only). It never
// creates a version nor changes a status.
Done ApplyJourney(Session& session, const JourneyCreateOptions& options) {
  auto definition = ReadDefinition(session, options);
  if (!definition) return std::unexpected(definition.error());
  const boost::json::value* id_field = definition->if_contains("id");
  if (id_field == nullptr || !id_field->is_string() || id_field->get_string().empty()) {
    return session.UsageError("apply needs the journey's id: put \"id\" in the file or pass --id");
  }
  const std::string id(id_field->get_string());

  auto journey = session.Find(JourneyPath(id));
  if (!journey) return std::unexpected(journey.error());
  if (!*journey) {
    auto created = session.Call("POST", "/v1/journeys", *definition);
    if (!created) return std::unexpected(created.error());
    return PrintVersionReply(session, *created, "created ");
  }
  std::int64_t latest = 0;
  std::string status;
  if (const boost::json::value* versions = Field((*journey)->json, "versions");
      versions != nullptr && versions->is_array()) {
    for (const boost::json::value& v : versions->as_array()) {
      std::int64_t number = IntField(v, "version").value_or(0);
      if (number > latest) {
        latest = number;
        status = TextOr(v, "status", "");
      }
    }
  }
  if (latest == 0) {
    return session.Failure(kExitUnreachable,
                           "the server's answer for journey '" + id + "' lists no versions");
  }
  definition->erase("id");  // the id is in the path; "id" is for create only
  auto replaced = session.Call("PUT", VersionPath(id, latest), *definition);
  if (!replaced) {
    if (replaced.error().code == kExitRefused && status != "draft") {
      session.err() << "  hint: version " << latest << " is " << status
                    << "; only names, descriptions and labels can change. Make a draft with "
                       "`parcours journeys new-version "
                    << id << "` and apply again.\n";
    }
    return std::unexpected(replaced.error());
  }
  return PrintVersionReply(session, *replaced,
                           status == "draft" ? "updated the draft: " : "updated the labels: ");
}

Done NewJourneyVersion(Session& session, const JourneyRef& ref) {
  auto reply = session.Call("POST", JourneyPath(ref.id) + "/versions");
  if (!reply) return std::unexpected(reply.error());
  return PrintVersionReply(session, *reply, "created ");
}

Done DuplicateJourney(Session& session, const JourneyDuplicateOptions& options) {
  boost::json::object body;
  if (options.ref.version > 0) body["version"] = options.ref.version;
  if (!options.name.empty()) body["name"] = options.name;
  auto reply = session.Call("POST", JourneyPath(options.ref.id) + "/duplicate", body);
  if (!reply) return std::unexpected(reply.error());
  return PrintVersionReply(session, *reply, "created ");
}

Done DeleteJourneyVersion(Session& session, const JourneyRef& ref) {
  std::string what = ref.id + " version " + std::to_string(ref.version);
  if (auto ok = Confirm(session, "delete " + what,
                        "Its definition is gone for good (deleting the last version deletes the "
                        "journey).");
      !ok) {
    return ok;
  }
  auto reply = session.Call("DELETE", VersionPath(ref.id, ref.version));
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    if (!reply->body.empty()) session.PrintServerJson(*reply);
  } else {
    session.out() << "deleted " << what << "\n";
  }
  return {};
}

}  // namespace parcours::cli
