// Reading a journey definition from JSON (JOURNEY_FORMAT.md). Only the shape is checked here
// (malformed input); values are checked by validation.
#include <boost/json/parse.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>

#include <string>

#include "model/json_reader.h"
#include "parcours/journey.h"

namespace parcours {
namespace {

using model::FieldReader;
using model::ProblemSink;

std::string Index(const std::string& path, std::string_view field, std::size_t i) {
  return path + "." + std::string(field) + "[" + std::to_string(i) + "]";
}

// Reads a string field holding a node id reference (next, otherwise, ...). Empty when absent.
std::string Target(FieldReader& r, std::string_view key) { return r.String(key).value_or(""); }

Entry ReadEntry(ProblemSink& sink, const boost::json::value& v, const std::string& path) {
  FieldReader r(sink, v, path, "", "'entry'");
  std::optional<std::string> type = r.String("type", true);
  Entry entry;
  if (type == "event") {
    EventEntry e;
    e.event = r.String("event", true).value_or("");
    e.when = r.String("when");
    entry = std::move(e);
  } else if (type == "audience") {
    AudienceEntry a;
    a.audience = r.String("audience", true).value_or("");
    a.rate = r.Number("rate");
    if (const boost::json::value* run = r.Get("run")) {
      FieldReader rr(sink, *run, r.FieldPath("run"), "", "'run'");
      AudienceRun ar;
      ar.at = rr.String("at");
      ar.every = rr.String("every");
      ar.cron = rr.String("cron");
      ar.from = rr.String("from");
      ar.until = rr.String("until");
      rr.Finish();
      a.run = std::move(ar);
    }
    entry = std::move(a);
  } else if (type) {
    sink.Add("bad_value", r.FieldPath("type"), "",
             "entry type '" + *type + "' is unknown (use 'event' or 'audience')");
  }
  r.Finish();
  return entry;
}

std::vector<Branch> ReadBranches(FieldReader& r, bool split) {
  std::vector<Branch> out;
  const boost::json::value* v = r.Require("branches");
  if (v == nullptr) return out;
  if (!v->is_array()) {
    r.WrongType("branches", "an array", *v);
    return out;
  }
  const auto& array = v->get_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    FieldReader b(r.sink(), array[i], Index(r.path(), "branches", i), r.node(), "a branch");
    Branch branch;
    branch.label = b.String("label");
    if (split) {
      branch.percent = b.Number("percent", true);
    } else {
      branch.when = b.String("when", true);
    }
    branch.next = Target(b, "next");
    b.Finish();
    out.push_back(std::move(branch));
  }
  return out;
}

ActionSpec ReadAction(FieldReader& parent) {
  const boost::json::value* v = parent.Require("action");
  if (v == nullptr) return LogAction{};
  FieldReader r(parent.sink(), *v, parent.FieldPath("action"), parent.node(), "'action'");
  std::optional<std::string> kind = r.String("kind", true);
  ActionSpec spec = LogAction{};
  if (kind == "webhook") {
    WebhookAction w;
    w.method = r.String("method");
    w.url = r.String("url", true).value_or("");
    w.headers = r.StringMap("headers").value_or(std::vector<std::pair<std::string, std::string>>{});
    if (const boost::json::value* body = r.Get("body")) {
      w.body = std::make_shared<const boost::json::value>(*body);
    }
    spec = std::move(w);
  } else if (kind == "email") {
    EmailAction e;
    e.to = r.String("to", true).value_or("");
    e.subject = r.String("subject", true).value_or("");
    e.body = r.String("body", true).value_or("");
    e.from = r.String("from");
    spec = std::move(e);
  } else if (kind == "log") {
    spec = LogAction{r.String("message", true).value_or("")};
  } else if (kind) {
    r.sink().Add("bad_value", r.FieldPath("kind"), r.node(),
                 "action kind '" + *kind + "' is unknown (use 'webhook', 'email' or 'log')");
  }
  r.Finish();
  return spec;
}

std::optional<Node> ReadNode(ProblemSink& sink, const boost::json::value& v,
                             const std::string& path) {
  std::string node_id;
  if (const auto* obj = v.if_object()) {
    auto it = obj->find("id");
    if (it != obj->end() && it->value().is_string()) node_id = it->value().get_string();
  }
  FieldReader r(sink, v, path, node_id, "an activity");
  if (!r.ok()) return std::nullopt;
  Node node;
  std::optional<std::string> id = r.String("id", true);
  if (id) {
    node.id = *id;
    if (!IsValidId(*id)) {
      sink.Add("bad_id", r.FieldPath("id"), *id,
               "activity id '" + *id + "' must be 1 to 64 letters, digits, '_' or '-'");
    }
  }
  node.label = r.String("label");
  node.description = r.String("description");
  std::optional<std::string> type = r.String("type", true);
  if (!type) {
    r.Finish();
    return std::nullopt;
  }
  if (*type == "condition") {
    ConditionActivity a;
    a.branches = ReadBranches(r, false);
    a.otherwise = Target(r, "otherwise");
    node.activity = std::move(a);
  } else if (*type == "split") {
    node.activity = SplitActivity{ReadBranches(r, true)};
  } else if (*type == "wait") {
    WaitActivity a;
    a.duration = r.String("duration");
    a.until = r.String("until");
    a.until_expr = r.String("untilExpr");
    a.next = Target(r, "next");
    node.activity = std::move(a);
  } else if (*type == "waitForEvent") {
    WaitForEventActivity a;
    a.event = r.String("event", true).value_or("");
    a.when = r.String("when");
    a.timeout = r.String("timeout");
    a.next = Target(r, "next");
    a.on_timeout = Target(r, "onTimeout");
    node.activity = std::move(a);
  } else if (*type == "action") {
    ActionActivity a;
    a.action = ReadAction(r);
    a.timeout = r.String("timeout");
    a.retries = r.Integer("retries");
    a.next = Target(r, "next");
    a.on_error = Target(r, "onError");
    a.on_timeout = Target(r, "onTimeout");
    node.activity = std::move(a);
  } else if (*type == "updateProfile") {
    UpdateProfileActivity a;
    a.set = r.StringMap("set", true).value_or(std::vector<std::pair<std::string, std::string>>{});
    a.next = Target(r, "next");
    node.activity = std::move(a);
  } else if (*type == "jump") {
    node.activity = JumpActivity{r.String("journey", true).value_or("")};
  } else if (*type == "end") {
    node.activity = EndActivity{};
  } else {
    sink.Add("bad_value", r.FieldPath("type"), node_id,
             "activity type '" + *type +
                 "' is unknown (use condition, split, wait, waitForEvent, action, updateProfile, "
                 "jump or end)");
    r.Finish();
    return std::nullopt;
  }
  r.Finish();
  return node;
}

// 1-based line and column of byte `offset` in `text`.
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

}  // namespace

Result<JourneyDefinition> DefinitionFromJson(const boost::json::value& json) {
  ProblemSink sink;
  JourneyDefinition d;
  FieldReader r(sink, json, "$", "", "a journey definition");
  if (!r.ok())
    return Fail(Error::InvalidArgument("the journey definition is malformed", sink.Take()));
  d.id = r.String("id");
  if (d.id && !IsValidId(*d.id)) {
    sink.Add("bad_id", "$.id", "",
             "journey id '" + *d.id + "' must be 1 to 64 letters, digits, '_' or '-'");
  }
  d.name = r.String("name", true).value_or("");
  d.description = r.String("description");
  d.timezone = r.String("timezone");
  if (const boost::json::value* entry = r.Require("entry"))
    d.entry = ReadEntry(sink, *entry, "$.entry");
  if (const boost::json::value* re = r.Get("reentrance")) {
    FieldReader rr(sink, *re, "$.reentrance", "", "'reentrance'");
    Reentrance reentrance;
    reentrance.allowed = rr.Bool("allowed").value_or(true);
    reentrance.wait = rr.String("wait");
    rr.Finish();
    d.reentrance = std::move(reentrance);
  }
  if (const boost::json::value* exit = r.Get("exit")) {
    if (!exit->is_array()) {
      r.WrongType("exit", "an array", *exit);
    } else {
      std::vector<ExitRule> rules;
      const auto& array = exit->get_array();
      for (std::size_t i = 0; i < array.size(); ++i) {
        FieldReader er(sink, array[i], Index("$", "exit", i), "", "an exit rule");
        ExitRule rule;
        rule.label = er.String("label");
        rule.event = er.String("event", true).value_or("");
        rule.when = er.String("when");
        er.Finish();
        rules.push_back(std::move(rule));
      }
      d.exit = std::move(rules);
    }
  }
  d.global_timeout = r.String("globalTimeout");
  if (const boost::json::value* schedule = r.Get("schedule")) {
    FieldReader sr(sink, *schedule, "$.schedule", "", "'schedule'");
    Schedule s;
    s.from = sr.String("from");
    s.until = sr.String("until");
    sr.Finish();
    d.schedule = std::move(s);
  }
  d.start = r.String("start", true).value_or("");
  if (const boost::json::value* nodes = r.Require("nodes")) {
    if (!nodes->is_array()) {
      r.WrongType("nodes", "an array", *nodes);
    } else {
      const auto& array = nodes->get_array();
      for (std::size_t i = 0; i < array.size(); ++i) {
        if (auto node = ReadNode(sink, array[i], Index("$", "nodes", i))) {
          d.nodes.push_back(std::move(*node));
        }
      }
    }
  }
  r.Finish();
  if (!sink.empty()) {
    return Fail(Error::InvalidArgument("the journey definition is malformed", sink.Take()));
  }
  return d;
}

Result<JourneyDefinition> ParseDefinition(std::string_view json_text) {
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(json_text.data(), json_text.size(), ec);
  if (!ec && consumed < json_text.size()) {
    ec = boost::json::error::extra_data;
  }
  if (!ec) parser.finish(ec);
  if (ec) {
    std::string where = Where(json_text, consumed);
    return Fail(Error::InvalidArgument(
        "the journey definition is not valid JSON",
        {Problem{"bad_json", "$", "", "not valid JSON at " + where + ": " + ec.message()}}));
  }
  return DefinitionFromJson(parser.release());
}

}  // namespace parcours
