// `parcours clock get | advance` (servers started with --clock manual; others answer 404).
#include <ostream>

#include "cli/command_registry.h"
#include "cli/local_input.h"
#include "cli/output.h"

namespace parcours::cli {
namespace {

struct ClockOptions {
  std::string by;  // advance: a duration ...
  std::string to;  // ... or a time
};

void PrintClock(Session& session, const boost::json::value& clock) {
  session.out() << TextOr(clock, "now") << " (" << TextOr(clock, "mode", "?") << " clock)\n";
}

Done GetClock(Session& session, const ClockOptions&) {
  auto reply = session.Call("GET", "/v1/clock");
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
  } else {
    PrintClock(session, reply->json);
  }
  return {};
}

Done AdvanceClock(Session& session, const ClockOptions& o) {
  if (o.by.empty() == o.to.empty()) return session.UsageError("give exactly one of --by and --to");
  boost::json::object body;
  if (!o.by.empty()) {
    if (auto ok = CheckDuration(session, "--by", o.by); !ok) return ok;
    body["by"] = o.by;
  } else {
    if (auto ok = CheckTime(session, "--to", o.to); !ok) return ok;
    body["to"] = o.to;
  }
  auto reply = session.Call("POST", "/v1/clock/advance", body);
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
    return {};
  }
  if (Field(reply->json, "now") == nullptr) {  // the answer's body is not in API.md: ask
    reply = session.Call("GET", "/v1/clock");
    if (!reply) return std::unexpected(reply.error());
  }
  PrintClock(session, reply->json);
  return {};
}

}  // namespace

void AddClockCommands(CLI::App& app, Session& session) {
  CLI::App* clock = AddGroup(app, "clock", "The server's manual clock (--clock manual)");
  {
    CLI::App* c = clock->add_subcommand("get", "Show the server's time");
    OnRun(c, session, std::make_shared<ClockOptions>(), GetClock);
  }
  {
    CLI::App* c = clock->add_subcommand("advance", "Move time forward; due timers fire on the way");
    auto o = std::make_shared<ClockOptions>();
    CLI::Option* by = c->add_option("--by", o->by, "A duration, e.g. P1D or PT2H");
    CLI::Option* to = c->add_option("--to", o->to, "An RFC 3339 time");
    by->excludes(to);
    OnRun(c, session, o, AdvanceClock);
  }
}

}  // namespace parcours::cli
