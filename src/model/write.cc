// Writing a definition back to JSON, fields in the order JOURNEY_FORMAT.md shows them.
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <type_traits>

#include "parcours/journey.h"

namespace parcours {
namespace {

namespace json = boost::json;

void PutOptional(json::object& o, std::string_view key, const std::optional<std::string>& v) {
  if (v) o[key] = *v;
}

void PutTarget(json::object& o, std::string_view key, const std::string& target) {
  if (!target.empty()) o[key] = target;
}

json::object StringMapToJson(const std::vector<std::pair<std::string, std::string>>& map) {
  json::object o;
  for (const auto& [k, v] : map) o[k] = v;
  return o;
}

json::value EntryToJson(const Entry& entry) {
  json::object o;
  if (const auto* e = std::get_if<EventEntry>(&entry)) {
    o["type"] = "event";
    o["event"] = e->event;
    PutOptional(o, "when", e->when);
  } else {
    const auto& a = std::get<AudienceEntry>(entry);
    o["type"] = "audience";
    o["audience"] = a.audience;
    if (a.run) {
      json::object run;
      PutOptional(run, "at", a.run->at);
      PutOptional(run, "every", a.run->every);
      PutOptional(run, "cron", a.run->cron);
      PutOptional(run, "from", a.run->from);
      PutOptional(run, "until", a.run->until);
      o["run"] = std::move(run);
    }
    if (a.rate) o["rate"] = *a.rate;
  }
  return o;
}

json::array BranchesToJson(const std::vector<Branch>& branches) {
  json::array out;
  for (const Branch& b : branches) {
    json::object o;
    PutOptional(o, "label", b.label);
    PutOptional(o, "when", b.when);
    if (b.percent) o["percent"] = *b.percent;
    PutTarget(o, "next", b.next);
    out.push_back(std::move(o));
  }
  return out;
}

json::value ActionToJson(const ActionSpec& spec) {
  json::object o;
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, WebhookAction>) {
          o["kind"] = "webhook";
          PutOptional(o, "method", a.method);
          o["url"] = a.url;
          if (!a.headers.empty()) o["headers"] = StringMapToJson(a.headers);
          if (a.body) o["body"] = *a.body;
        } else if constexpr (std::is_same_v<T, EmailAction>) {
          o["kind"] = "email";
          o["to"] = a.to;
          o["subject"] = a.subject;
          o["body"] = a.body;
          PutOptional(o, "from", a.from);
        } else {
          o["kind"] = "log";
          o["message"] = a.message;
        }
      },
      spec);
  return o;
}

json::value NodeToJson(const Node& node) {
  json::object o;
  o["id"] = node.id;
  o["type"] = NodeTypeName(node.type());
  PutOptional(o, "label", node.label);
  PutOptional(o, "description", node.description);
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, ConditionActivity>) {
          o["branches"] = BranchesToJson(a.branches);
          PutTarget(o, "otherwise", a.otherwise);
        } else if constexpr (std::is_same_v<T, SplitActivity>) {
          o["branches"] = BranchesToJson(a.branches);
        } else if constexpr (std::is_same_v<T, WaitActivity>) {
          PutOptional(o, "duration", a.duration);
          PutOptional(o, "until", a.until);
          PutOptional(o, "untilExpr", a.until_expr);
          PutTarget(o, "next", a.next);
        } else if constexpr (std::is_same_v<T, WaitForEventActivity>) {
          o["event"] = a.event;
          PutOptional(o, "when", a.when);
          PutOptional(o, "timeout", a.timeout);
          PutTarget(o, "next", a.next);
          PutTarget(o, "onTimeout", a.on_timeout);
        } else if constexpr (std::is_same_v<T, ActionActivity>) {
          o["action"] = ActionToJson(a.action);
          PutOptional(o, "timeout", a.timeout);
          if (a.retries) o["retries"] = *a.retries;
          PutTarget(o, "next", a.next);
          PutTarget(o, "onError", a.on_error);
          PutTarget(o, "onTimeout", a.on_timeout);
        } else if constexpr (std::is_same_v<T, UpdateProfileActivity>) {
          o["set"] = StringMapToJson(a.set);
          PutTarget(o, "next", a.next);
        } else if constexpr (std::is_same_v<T, JumpActivity>) {
          o["journey"] = a.journey;
        }
      },
      node.activity);
  return o;
}

}  // namespace

json::value DefinitionToJson(const JourneyDefinition& d) {
  json::object o;
  PutOptional(o, "id", d.id);
  o["name"] = d.name;
  PutOptional(o, "description", d.description);
  PutOptional(o, "timezone", d.timezone);
  o["entry"] = EntryToJson(d.entry);
  if (d.reentrance) {
    json::object re;
    re["allowed"] = d.reentrance->allowed;
    PutOptional(re, "wait", d.reentrance->wait);
    o["reentrance"] = std::move(re);
  }
  if (d.exit) {
    json::array rules;
    for (const ExitRule& rule : *d.exit) {
      json::object r;
      PutOptional(r, "label", rule.label);
      r["event"] = rule.event;
      PutOptional(r, "when", rule.when);
      rules.push_back(std::move(r));
    }
    o["exit"] = std::move(rules);
  }
  PutOptional(o, "globalTimeout", d.global_timeout);
  if (d.schedule) {
    json::object s;
    PutOptional(s, "from", d.schedule->from);
    PutOptional(s, "until", d.schedule->until);
    o["schedule"] = std::move(s);
  }
  o["start"] = d.start;
  json::array nodes;
  for (const Node& n : d.nodes) nodes.push_back(NodeToJson(n));
  o["nodes"] = std::move(nodes);
  return o;
}

std::string WriteDefinition(const JourneyDefinition& definition) {
  return json::serialize(DefinitionToJson(definition));
}

}  // namespace parcours
