// journeys report: a version's counts as tables. The activities are listed in the order of the
// definition, with their labels, which takes one more GET of the version (readable output only).
#include <ostream>
#include <set>

#include "cli/http_client.h"
#include "cli/journeys.h"
#include "cli/output.h"

namespace parcours::cli {
namespace {

void PrintEndTags(std::ostream& out, const boost::json::value& report) {
  const boost::json::value* tags = Field(report, "endTags");
  if (tags == nullptr || !tags->is_object() || tags->as_object().empty()) return;
  out << "\nend tags\n";
  Table table({"END TAG", "LABEL", "COUNT"});
  for (const auto& [id, tag] : tags->as_object()) {
    table.AddRow({std::string(id), TextOr(tag, "label"), std::to_string(Count(tag, "count"))});
  }
  table.Print(out, "  ");
}

void PrintActivities(std::ostream& out, const boost::json::value& report,
                     const boost::json::value* definition) {
  const boost::json::value* nodes = Field(report, "nodes");
  if (nodes == nullptr || !nodes->is_object()) return;
  out << "\nactivities\n";
  Table table({"ACTIVITY", "TYPE", "LABEL", "ENTERED", "LEFT", "FAILED"});
  std::set<std::string> shown;
  auto add = [&](const std::string& id, const boost::json::value* node) {
    const boost::json::value* counts = nodes->as_object().if_contains(id);
    if (counts == nullptr) return;
    shown.insert(id);
    table.AddRow({id, node ? TextOr(*node, "type") : "-", node ? TextOr(*node, "label") : "-",
                  std::to_string(Count(*counts, "entered")), std::to_string(Count(*counts, "left")),
                  std::to_string(Count(*counts, "failed"))});
  };
  if (const boost::json::value* defined = definition ? Field(*definition, "nodes") : nullptr;
      defined != nullptr && defined->is_array()) {
    for (const boost::json::value& node : defined->as_array()) add(TextOr(node, "id", ""), &node);
  }
  for (const auto& [id, counts] : nodes->as_object()) {
    if (!shown.contains(std::string(id))) add(std::string(id), nullptr);
  }
  table.Print(out, "  ");
}

void PrintDiscards(std::ostream& out, const boost::json::value& report) {
  const boost::json::value* discarded = Field(report, "discarded");
  if (discarded == nullptr || !discarded->is_object() || discarded->as_object().empty()) return;
  out << "\ndiscarded events\n";
  Table table({"REASON", "COUNT"});
  for (const auto& [reason, n] : discarded->as_object()) {
    table.AddRow({std::string(reason), Text(n)});
  }
  table.Print(out, "  ");
}

}  // namespace

Done ReportJourney(Session& session, const JourneyReportOptions& options) {
  auto version = ResolveVersion(session, options.ref,
                                options.test ? DefaultVersion::kLatest : DefaultVersion::kCurrent);
  if (!version) return std::unexpected(version.error());
  std::string target =
      VersionPath(options.ref.id, *version) + (options.test ? "/test/report" : "/report");
  if (!options.window.empty()) target += "?window=" + EncodeComponent(options.window);
  auto reply = session.Call("GET", target);
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
    return {};
  }
  auto version_reply = session.Call("GET", VersionPath(options.ref.id, *version));
  if (!version_reply) return std::unexpected(version_reply.error());
  const boost::json::value* definition = Field(version_reply->json, "definition");

  const boost::json::value& report = reply->json;
  std::ostream& out = session.out();
  out << options.ref.id << " version " << *version << ": " << TextOr(report, "status") << ", "
      << (options.window.empty() ? "all time" : "last " + options.window)
      << (options.test ? ", test session" : "") << "\n";
  PrintReport(out, report, definition);
  return {};
}

void PrintReport(std::ostream& out, const boost::json::value& report,
                 const boost::json::value* definition) {
  Table counts({"entered", std::to_string(Count(report, "entered"))});
  const boost::json::value empty;
  const boost::json::value* instances = Field(report, "instances");
  if (instances == nullptr) instances = &empty;
  for (const char* status : {"in_progress", "finished", "error", "timed_out"}) {
    counts.AddRow({status, std::to_string(Count(*instances, status))});
  }
  counts.Print(out, "  ");
  PrintEndTags(out, report);
  PrintActivities(out, report, definition);
  PrintDiscards(out, report);
}

}  // namespace parcours::cli
