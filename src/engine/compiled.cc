#include "engine/compiled.h"

#include <type_traits>

#include "parcours/validation.h"

namespace parcours::engine {
namespace {

// REQUIRES: the text parsed during validation.
expr::Expression MustParse(const std::string& text) { return *expr::Expression::Parse(text); }
expr::Template MustParseTemplate(const std::string& text) { return *expr::Template::Parse(text); }

void CollectHoles(const boost::json::value& v, const std::string& pointer,
                  std::vector<std::pair<std::string, expr::Template>>& out) {
  if (const auto* s = v.if_string()) {
    out.emplace_back(pointer, MustParseTemplate(std::string(*s)));
  } else if (const auto* a = v.if_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      CollectHoles((*a)[i], pointer + "/" + std::to_string(i), out);
    }
  } else if (const auto* o = v.if_object()) {
    for (const auto& field : *o) {
      std::string key;
      for (char c : field.key()) {
        if (c == '~') {
          key += "~0";
        } else if (c == '/') {
          key += "~1";
        } else {
          key += c;
        }
      }
      CollectHoles(field.value(), pointer + "/" + key, out);
    }
  }
}

CompiledAction CompileAction(const ActionActivity& a) {
  CompiledAction out;
  if (a.timeout) out.timeout = *ParseDuration(*a.timeout);
  out.retries = a.retries.value_or(kDefaultRetries);
  std::visit(
      [&](const auto& spec) {
        using T = std::decay_t<decltype(spec)>;
        if constexpr (std::is_same_v<T, WebhookAction>) {
          out.kind = "webhook";
          out.fields.emplace_back("method", MustParseTemplate(spec.method.value_or("POST")));
          out.fields.emplace_back("url", MustParseTemplate(spec.url));
          for (const auto& [name, value] : spec.headers) {
            out.headers.emplace_back(name, MustParseTemplate(value));
          }
          if (spec.body) {
            CompiledJsonTemplate body;
            body.shape = *spec.body;
            CollectHoles(body.shape, "", body.holes);
            out.body = std::move(body);
          }
        } else if constexpr (std::is_same_v<T, EmailAction>) {
          out.kind = "email";
          out.fields.emplace_back("to", MustParseTemplate(spec.to));
          out.fields.emplace_back("subject", MustParseTemplate(spec.subject));
          out.fields.emplace_back("body", MustParseTemplate(spec.body));
          if (spec.from) out.fields.emplace_back("from", MustParseTemplate(*spec.from));
        } else {
          out.kind = "log";
          out.fields.emplace_back("message", MustParseTemplate(spec.message));
        }
      },
      a.action);
  return out;
}

}  // namespace

int CompiledVersion::Find(std::string_view id) const {
  if (id.empty()) return kNoNode;
  auto it = index.find(std::string(id));
  return it == index.end() ? kNoNode : it->second;
}

Result<std::shared_ptr<const CompiledVersion>> Compile(std::string_view journey_id, int version,
                                                       const JourneyDefinition& definition) {
  ValidationReport report = Validate(definition);
  if (!report.valid()) {
    return Fail(
        Error::InvalidDefinition("the definition has validation errors", std::move(report.errors)));
  }
  auto out = std::make_shared<CompiledVersion>();
  out->journey_id = std::string(journey_id);
  out->version = version;
  out->definition = std::make_shared<const JourneyDefinition>(definition);
  const JourneyDefinition& d = *out->definition;
  if (d.timezone) out->zone = expr::FindTimeZone(*d.timezone);
  if (const auto* e = std::get_if<EventEntry>(&d.entry)) {
    out->event_entry = true;
    out->entry_event = e->event;
    if (e->when) out->entry_when = MustParse(*e->when);
  } else {
    const auto& a = std::get<AudienceEntry>(d.entry);
    out->event_entry = false;
    out->audience = a.audience;
    out->audience_run = a.run.value_or(AudienceRun{});
    out->audience_rate = a.rate;
  }
  if (d.reentrance) {
    out->reentrance_allowed = d.reentrance->allowed;
    if (d.reentrance->wait) out->reentrance_wait = *ParseDuration(*d.reentrance->wait);
  }
  if (d.global_timeout) out->global_timeout = *ParseDuration(*d.global_timeout);
  if (d.exit) {
    for (const ExitRule& rule : *d.exit) {
      CompiledExit exit{rule.label.value_or(rule.event), rule.event, std::nullopt};
      if (rule.when) exit.when = MustParse(*rule.when);
      out->exits.push_back(std::move(exit));
    }
  }
  if (d.schedule) {
    if (d.schedule->from) out->schedule_from = *ParseTime(*d.schedule->from);
    if (d.schedule->until) out->schedule_until = *ParseTime(*d.schedule->until);
  }
  for (std::size_t i = 0; i < d.nodes.size(); ++i) {
    out->index.emplace(d.nodes[i].id, static_cast<int>(i));
  }
  auto target = [&](const std::string& id) { return out->Find(id); };
  for (const Node& n : d.nodes) {
    CompiledNode c;
    c.id = n.id;
    c.label = n.label.value_or(n.id);
    c.type = n.type();
    std::visit(
        [&](const auto& a) {
          using T = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<T, ConditionActivity> || std::is_same_v<T, SplitActivity>) {
            for (std::size_t i = 0; i < a.branches.size(); ++i) {
              const Branch& b = a.branches[i];
              CompiledBranch cb;
              cb.label = b.label.value_or("branch " + std::to_string(i + 1));
              if (b.when) cb.when = MustParse(*b.when);
              cb.percent = b.percent.value_or(0);
              cb.next = target(b.next);
              c.branches.push_back(std::move(cb));
            }
            if constexpr (std::is_same_v<T, ConditionActivity>) c.otherwise = target(a.otherwise);
          } else if constexpr (std::is_same_v<T, WaitActivity>) {
            if (a.duration) c.duration = *ParseDuration(*a.duration);
            if (a.until) c.until = *ParseTime(*a.until);
            if (a.until_expr) c.until_expr = MustParse(*a.until_expr);
            c.next = target(a.next);
          } else if constexpr (std::is_same_v<T, WaitForEventActivity>) {
            c.event = a.event;
            if (a.when) c.when = MustParse(*a.when);
            c.timeout = *ParseDuration(*a.timeout);
            c.next = target(a.next);
            c.on_timeout = target(a.on_timeout);
          } else if constexpr (std::is_same_v<T, ActionActivity>) {
            c.action = CompileAction(a);
            c.next = target(a.next);
            c.on_error = target(a.on_error);
            c.on_timeout = target(a.on_timeout);
          } else if constexpr (std::is_same_v<T, UpdateProfileActivity>) {
            for (const auto& [attribute, expression] : a.set) {
              c.set.emplace_back(attribute, MustParse(expression));
            }
            c.next = target(a.next);
          } else if constexpr (std::is_same_v<T, JumpActivity>) {
            c.jump_journey = a.journey;
          }
        },
        n.activity);
    out->nodes.push_back(std::move(c));
  }
  out->start = target(d.start);
  return std::shared_ptr<const CompiledVersion>(std::move(out));
}

}  // namespace parcours::engine
