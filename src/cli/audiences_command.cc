// `parcours audiences put | get`.
#include <ostream>

#include "cli/command_registry.h"
#include "cli/http_client.h"
#include "cli/output.h"

namespace parcours::cli {
namespace {

struct AudienceOptions {
  std::string id;
  std::vector<std::string> profiles;  // put: a fixed list ...
  std::string when;                   // ... or an expression over profile
};

std::string AudiencePath(const std::string& id) { return "/v1/audiences/" + EncodeComponent(id); }

void PrintAudience(std::ostream& out, const boost::json::value& audience, const std::string& id) {
  out << "audience " << TextOr(audience, "id", id) << "\n";
  Table facts({"size", TextOr(audience, "size")});
  if (audience.is_object()) {
    for (const auto& [key, value] : audience.as_object()) {
      if (key == "id" || key == "size") continue;
      facts.AddRow({std::string(key), Text(value)});
    }
  }
  facts.Print(out, "  ");
}

Done PutAudience(Session& session, const AudienceOptions& o) {
  if (o.profiles.empty() == o.when.empty()) {
    return session.UsageError("give exactly one of --profiles and --when");
  }
  boost::json::object body;
  if (!o.when.empty()) {
    body["when"] = o.when;
  } else {
    boost::json::array profiles;
    for (const std::string& p : o.profiles) profiles.emplace_back(p);
    body["profiles"] = std::move(profiles);
  }
  auto reply = session.Call("PUT", AudiencePath(o.id), body);
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
  } else if (reply->json.is_object()) {
    PrintAudience(session.out(), reply->json, o.id);
  } else {
    session.out() << "saved audience " << o.id << "\n";
  }
  return {};
}

Done GetAudience(Session& session, const AudienceOptions& o) {
  auto reply = session.Call("GET", AudiencePath(o.id));
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
  } else {
    PrintAudience(session.out(), reply->json, o.id);
  }
  return {};
}

}  // namespace

void AddAudiencesCommands(CLI::App& app, Session& session) {
  CLI::App* audiences = AddGroup(app, "audiences", "Audiences for audience-entry journeys");
  {
    CLI::App* c = audiences->add_subcommand("put", "Create or replace an audience");
    auto o = std::make_shared<AudienceOptions>();
    c->add_option("ID", o->id, "Audience id")->required();
    CLI::Option* profiles =
        c->add_option("--profiles", o->profiles, "Profile ids, comma-separated")->delimiter(',');
    CLI::Option* when = c->add_option("--when", o->when, "An expression over profile");
    profiles->excludes(when);
    OnRun(c, session, o, PutAudience);
  }
  {
    CLI::App* c = audiences->add_subcommand("get", "Show an audience and its size");
    auto o = std::make_shared<AudienceOptions>();
    c->add_option("ID", o->id, "Audience id")->required();
    OnRun(c, session, o, GetAudience);
  }
}

}  // namespace parcours::cli
