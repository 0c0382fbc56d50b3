// `parcours profiles get | put | patch | journeys`.
#include <ostream>

#include "cli/command_registry.h"
#include "cli/http_client.h"
#include "cli/instances.h"
#include "cli/local_input.h"
#include "cli/output.h"

namespace parcours::cli {
namespace {

struct ProfileOptions {
  std::string id;
  std::string attributes;  // JSON object or @file (put, patch)
};

std::string ProfilePath(const std::string& id) { return "/v1/profiles/" + EncodeComponent(id); }

void PrintProfile(std::ostream& out, const boost::json::value& profile, const std::string& id) {
  out << "profile " << TextOr(profile, "id", id) << "\n";
  const boost::json::value* attributes = Field(profile, "attributes");
  if (attributes == nullptr || !attributes->is_object() || attributes->as_object().empty()) {
    out << "  (no attributes)\n";
    return;
  }
  Table table({"ATTRIBUTE", "VALUE"});
  for (const auto& [name, value] : attributes->as_object()) {
    table.AddRow({std::string(name), Text(value)});
  }
  table.Print(out, "  ");
}

Done GetProfile(Session& session, const ProfileOptions& o) {
  auto reply = session.Call("GET", ProfilePath(o.id));
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
  } else {
    PrintProfile(session.out(), reply->json, o.id);
  }
  return {};
}

Done WriteProfile(Session& session, const ProfileOptions& o, std::string_view method) {
  auto attributes = ParseJsonObjectArgument(session, "--attributes", o.attributes);
  if (!attributes) return std::unexpected(attributes.error());
  boost::json::object body{{"attributes", std::move(*attributes)}};
  auto reply = session.Call(method, ProfilePath(o.id), body);
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
  } else if (Field(reply->json, "attributes") != nullptr) {
    PrintProfile(session.out(), reply->json, o.id);
  } else {
    session.out() << "saved profile " << o.id << "\n";
  }
  return {};
}

Done PutProfile(Session& session, const ProfileOptions& o) {
  return WriteProfile(session, o, "PUT");
}
Done PatchProfile(Session& session, const ProfileOptions& o) {
  return WriteProfile(session, o, "PATCH");
}

Done ProfileJourneys(Session& session, const ProfileOptions& o) {
  auto reply = session.Call("GET", ProfilePath(o.id) + "/journeys");
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
    return {};
  }
  const boost::json::value* instances = Field(reply->json, "instances");
  if (instances == nullptr || !instances->is_array() || instances->as_array().empty()) {
    session.out() << "profile " << o.id << " has been in no journey\n";
    return {};
  }
  PrintInstanceTable(session.out(), instances->as_array(), /*with_journey=*/true);
  return {};
}

}  // namespace

void AddProfilesCommands(CLI::App& app, Session& session) {
  CLI::App* profiles = AddGroup(app, "profiles", "Read and write profiles");
  auto add = [&](const char* name, const char* description, bool with_attributes, auto body) {
    CLI::App* c = profiles->add_subcommand(name, description);
    auto o = std::make_shared<ProfileOptions>();
    c->add_option("ID", o->id, "Profile id")->required();
    if (with_attributes) {
      c->add_option("--attributes", o->attributes, "A JSON object, or @FILE")->required();
    }
    OnRun(c, session, o, body);
  };
  add("get", "Show a profile's attributes", false, GetProfile);
  add("put", "Replace a profile's attributes", true, PutProfile);
  add("patch", "Merge attributes into a profile", true, PatchProfile);
  add("journeys", "Every journey instance of a profile, oldest first", false, ProfileJourneys);
}

}  // namespace parcours::cli
