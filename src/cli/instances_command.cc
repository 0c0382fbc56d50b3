// `parcours instances list | get | remove`.
#include <ostream>

#include "cli/command_registry.h"
#include "cli/http_client.h"
#include "cli/instances.h"
#include "cli/journeys.h"
#include "cli/local_input.h"
#include "cli/output.h"

namespace parcours::cli {
namespace {

struct ListOptions {
  JourneyRef ref;
  std::string status;
  std::int64_t limit = 0;  // 0: the server's default
  std::string cursor;
};

struct InstanceOptions {
  std::string id;
};

std::string InstancePath(const std::string& id) { return "/v1/instances/" + EncodeComponent(id); }

std::string ExitText(const boost::json::value& instance) {
  std::string reason = TextOr(instance, "exitReason", "");
  if (reason.empty()) return "-";
  if (std::string tag = TextOr(instance, "endTag", ""); !tag.empty()) reason += ": " + tag;
  return reason;
}

Done ListInstances(Session& session, const ListOptions& o) {
  auto version = ResolveVersion(session, o.ref, DefaultVersion::kCurrent);
  if (!version) return std::unexpected(version.error());
  std::string query;
  auto add = [&](std::string_view key, const std::string& value) {
    if (value.empty()) return;
    query += (query.empty() ? "?" : "&") + std::string(key) + "=" + EncodeComponent(value);
  };
  add("status", o.status);
  add("limit", o.limit > 0 ? std::to_string(o.limit) : "");
  add("cursor", o.cursor);
  auto reply = session.Call("GET", VersionPath(o.ref.id, *version) + "/instances" + query);
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
    return {};
  }
  const boost::json::value* instances = Field(reply->json, "instances");
  if (instances == nullptr || !instances->is_array() || instances->as_array().empty()) {
    session.out() << "no instances in " << o.ref.id << " version " << *version
                  << (o.status.empty() ? "" : " with status " + o.status) << "\n";
  } else {
    PrintInstanceTable(session.out(), instances->as_array(), /*with_journey=*/false);
  }
  if (std::string next = TextOr(reply->json, "next", ""); !next.empty()) {
    session.out() << "more: parcours instances list " << o.ref.id << " --version " << *version
                  << (o.status.empty() ? "" : " --status " + o.status) << " --cursor " << next
                  << "\n";
  }
  return {};
}

Done GetInstance(Session& session, const InstanceOptions& o) {
  auto reply = session.Call("GET", InstancePath(o.id));
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
  } else {
    PrintInstance(session.out(), reply->json);
  }
  return {};
}

Done RemoveInstance(Session& session, const InstanceOptions& o) {
  if (auto ok = Confirm(session, "remove instance " + o.id,
                        "The profile leaves the journey now (exit reason removed).");
      !ok) {
    return ok;
  }
  auto reply = session.Call("DELETE", InstancePath(o.id));
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    if (!reply->body.empty()) session.PrintServerJson(*reply);
  } else if (reply->json.is_object()) {
    session.out() << "removed " << o.id << ": " << TextOr(reply->json, "status") << " ("
                  << ExitText(reply->json) << ")\n";
  } else {
    session.out() << "removed " << o.id << "\n";
  }
  return {};
}

}  // namespace

void PrintInstanceTable(std::ostream& out, const boost::json::array& instances, bool with_journey) {
  std::vector<std::string> header{"INSTANCE"};
  if (with_journey) header.insert(header.end(), {"JOURNEY", "VERSION"});
  header.insert(header.end(), {"PROFILE", "STATUS", "AT", "ENTERED", "ENDED", "EXIT"});
  Table table(std::move(header));
  for (const boost::json::value& i : instances) {
    std::vector<std::string> row{TextOr(i, "id")};
    if (with_journey) row.insert(row.end(), {TextOr(i, "journeyId"), TextOr(i, "version")});
    row.insert(row.end(), {TextOr(i, "profileId"), TextOr(i, "status"), TextOr(i, "currentNode"),
                           TextOr(i, "enteredAt"), TextOr(i, "endedAt"), ExitText(i)});
    table.AddRow(std::move(row));
  }
  table.Print(out);
}

void PrintInstance(std::ostream& out, const boost::json::value& instance) {
  out << "instance " << TextOr(instance, "id") << "\n";
  Table facts(
      {"journey", TextOr(instance, "journeyId") + " version " + TextOr(instance, "version")});
  facts.AddRow({"profile", TextOr(instance, "profileId")});
  facts.AddRow({"status", TextOr(instance, "status")});
  facts.AddRow({"at", TextOr(instance, "currentNode")});
  facts.AddRow({"entered", TextOr(instance, "enteredAt")});
  facts.AddRow({"ended", TextOr(instance, "endedAt")});
  facts.AddRow({"exit", ExitText(instance)});
  facts.Print(out, "  ");
  const boost::json::value* history = Field(instance, "history");
  if (history == nullptr || !history->is_array() || history->as_array().empty()) return;
  out << "\nhistory\n";
  Table table({"AT", "ACTIVITY", "OUTCOME", "DETAIL"});
  for (const boost::json::value& h : history->as_array()) {
    table.AddRow({TextOr(h, "at"), TextOr(h, "node"), TextOr(h, "outcome"), TextOr(h, "detail")});
  }
  table.Print(out, "  ");
}

void AddInstancesCommands(CLI::App& app, Session& session) {
  CLI::App* instances = AddGroup(app, "instances", "Profiles inside journeys");
  {
    CLI::App* c = instances->add_subcommand("list", "Instances of a journey version");
    auto o = std::make_shared<ListOptions>();
    c->add_option("ID", o->ref.id, "Journey id")->required();
    c->add_option(
         "--version", o->ref.version,
         "Version (default: the live or paused one, else the newest closed, else the latest)")
        ->check(CLI::PositiveNumber);
    c->add_option("--status", o->status, "Only this status")
        ->check(CLI::IsMember({"in_progress", "finished", "error", "timed_out"}));
    c->add_option("--limit", o->limit, "At most this many (a page)")->check(CLI::PositiveNumber);
    c->add_option("--cursor", o->cursor, "Where the previous page ended (its \"next\")");
    OnRun(c, session, o, ListInstances);
  }
  {
    CLI::App* c = instances->add_subcommand("get", "One instance with its history");
    auto o = std::make_shared<InstanceOptions>();
    c->add_option("IID", o->id, "Instance id")->required();
    OnRun(c, session, o, GetInstance);
  }
  {
    CLI::App* c = instances->add_subcommand(
        "remove", "Take a profile out of its journey (asks unless --yes)");
    auto o = std::make_shared<InstanceOptions>();
    c->add_option("IID", o->id, "Instance id")->required();
    OnRun(c, session, o, RemoveInstance);
  }
}

}  // namespace parcours::cli
