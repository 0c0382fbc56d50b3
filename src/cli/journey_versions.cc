// Versions of a journey: choosing the default one, paths, and showing a version object.
#include <ostream>

#include "cli/http_client.h"
#include "cli/journeys.h"
#include "cli/output.h"

namespace parcours::cli {

std::string JourneyPath(const std::string& id) { return "/v1/journeys/" + EncodeComponent(id); }

std::string VersionPath(const std::string& id, std::int64_t version) {
  return JourneyPath(id) + "/versions/" + std::to_string(version);
}

Outcome<std::int64_t> ResolveVersion(Session& session, const JourneyRef& ref,
                                     DefaultVersion default_version) {
  if (ref.version > 0) return ref.version;
  auto journey = session.Call("GET", JourneyPath(ref.id));
  if (!journey) return std::unexpected(journey.error());
  const boost::json::value* versions = Field(journey->json, "versions");
  std::int64_t latest = 0;
  std::int64_t running = 0;  // the newest live or paused version
  std::int64_t closed = 0;   // the newest closed one
  if (versions != nullptr && versions->is_array()) {
    for (const boost::json::value& v : versions->as_array()) {
      std::int64_t number = IntField(v, "version").value_or(0);
      latest = std::max(latest, number);
      std::string status = TextOr(v, "status", "");
      if (status == "live" || status == "paused") running = std::max(running, number);
      if (status == "closed") closed = std::max(closed, number);
    }
  }
  if (latest == 0) {
    return session.Failure(kExitUnreachable,
                           "the server's answer for journey '" + ref.id + "' lists no versions");
  }
  if (default_version == DefaultVersion::kCurrent) {
    if (running > 0) return running;
    if (closed > 0) return closed;
  }
  return latest;
}

std::string VersionSummary(const boost::json::value& version) {
  std::string summary = TextOr(version, "id", "?") + " version " + TextOr(version, "version", "?") +
                        ": " + TextOr(version, "status", "?");
  const boost::json::value* test = Field(version, "test");
  if (test != nullptr && test->is_object()) {
    summary += " in test mode (waits at most " + TextOr(*test, "wait", "?") + ")";
  }
  return summary;
}

namespace {

std::string EntryText(const boost::json::value& definition) {
  const boost::json::value* entry = Field(definition, "entry");
  if (entry == nullptr) return "-";
  std::string type = TextOr(*entry, "type", "?");
  std::string text = type;
  if (type == "event") text += " '" + TextOr(*entry, "event", "?") + "'";
  if (type == "audience") text += " '" + TextOr(*entry, "audience", "?") + "'";
  if (std::string when = TextOr(*entry, "when", ""); !when.empty()) text += " when " + when;
  return text;
}

}  // namespace

void PrintVersion(std::ostream& out, const boost::json::value& version) {
  const boost::json::value empty;
  const boost::json::value* definition = Field(version, "definition");
  if (definition == nullptr) definition = &empty;
  out << VersionSummary(version) << "\n";
  Table facts({"name", TextOr(*definition, "name")});
  facts.AddRow({"entry", EntryText(*definition)});
  facts.AddRow({"created", TextOr(version, "createdAt")});
  facts.AddRow({"published", TextOr(version, "publishedAt")});
  facts.AddRow({"closed", TextOr(version, "closedAt")});
  facts.AddRow({"stopped", TextOr(version, "stoppedAt")});
  facts.AddRow({"finished", TextOr(version, "finishedAt")});
  facts.Print(out, "  ");

  if (const boost::json::value* nodes = Field(*definition, "nodes");
      nodes != nullptr && nodes->is_array()) {
    out << "\nactivities (start: " << TextOr(*definition, "start") << ")\n";
    Table table({"ID", "TYPE", "LABEL"});
    for (const boost::json::value& node : nodes->as_array()) {
      table.AddRow({TextOr(node, "id"), TextOr(node, "type"), TextOr(node, "label")});
    }
    table.Print(out, "  ");
  }
  if (const boost::json::value* history = Field(version, "history");
      history != nullptr && history->is_array() && !history->as_array().empty()) {
    out << "\nhistory\n";
    Table table({"AT", "ACTION", "BY", "REASON"});
    for (const boost::json::value& h : history->as_array()) {
      table.AddRow({TextOr(h, "at"), TextOr(h, "action"), TextOr(h, "by"), TextOr(h, "reason")});
    }
    table.Print(out, "  ");
  }
}

}  // namespace parcours::cli
