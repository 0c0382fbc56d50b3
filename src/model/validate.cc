// Validation of a well-formed definition: values, expressions, limits (this file) and the
// graph of paths (graph_check.cc).
#include <boost/json/value.hpp>

#include <cmath>
#include <type_traits>

#include "model/cron.h"
#include "model/validate_internal.h"
#include "parcours/expr.h"
#include "parcours/validation.h"

namespace parcours {
namespace model {

void Validator::Error(std::string code, std::string path, std::string node, std::string message) {
  report_.errors.push_back({std::move(code), std::move(path), std::move(node), std::move(message)});
}

void Validator::Warn(std::string code, std::string path, std::string node, std::string message) {
  report_.warnings.push_back(
      {std::move(code), std::move(path), std::move(node), std::move(message)});
}

void Validator::AddExprErrors(const std::vector<expr::ExprError>& errors, std::string_view what,
                              const std::string& text, const std::string& path,
                              const std::string& node) {
  for (const expr::ExprError& e : errors) {
    Error(e.code, path, node, std::string(what) + " '" + text + "': " + e.message);
  }
}

void Validator::CheckExpression(const std::string& text, const std::string& path,
                                const std::string& node) {
  auto parsed = expr::Expression::Parse(text);
  if (!parsed) {
    AddExprErrors({parsed.error()}, "expression", text, path, node);
    return;
  }
  AddExprErrors(parsed->Check(), "expression", text, path, node);
}

void Validator::CheckTemplate(const std::string& text, const std::string& path,
                              const std::string& node) {
  auto parsed = expr::Template::Parse(text);
  if (!parsed) {
    AddExprErrors({parsed.error()}, "template", text, path, node);
    return;
  }
  AddExprErrors(parsed->Check(), "template", text, path, node);
}

void Validator::CheckJsonTemplates(const boost::json::value& value, const std::string& path,
                                   const std::string& node) {
  if (const auto* s = value.if_string()) {
    CheckTemplate(std::string(*s), path, node);
  } else if (const auto* a = value.if_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) {
      CheckJsonTemplates((*a)[i], path + "[" + std::to_string(i) + "]", node);
    }
  } else if (const auto* o = value.if_object()) {
    for (const auto& field : *o) {
      CheckJsonTemplates(field.value(), path + "." + std::string(field.key()), node);
    }
  }
}

std::optional<Duration> Validator::CheckDuration(const std::string& text, const std::string& path,
                                                 const std::string& node) {
  auto d = ParseDuration(text);
  if (!d) {
    Error("bad_duration", path, node, d.error().message());
    return std::nullopt;
  }
  if (d->count() <= 0) {
    Error("bad_duration", path, node, "duration '" + text + "' must be above zero");
    return std::nullopt;
  }
  return *d;
}

std::optional<Time> Validator::CheckTime(const std::string& text, const std::string& path,
                                         const std::string& node) {
  auto t = ParseTime(text);
  if (!t) {
    Error("bad_time", path, node, t.error().message());
    return std::nullopt;
  }
  return *t;
}

void Validator::CheckLongerThanGlobalTimeout(Duration d, const std::string& what,
                                             const std::string& path, const std::string& node) {
  if (d > global_timeout_) {
    Warn("wait_exceeds_global_timeout", path, node,
         what + " (" + FormatDuration(d) + ") is longer than the global timeout (" +
             FormatDuration(global_timeout_) + "): profiles will time out first");
  }
}

void Validator::CheckTop() {
  if (definition_.name.empty()) Error("empty_name", "$.name", "", "the journey needs a name");
  if (definition_.timezone && expr::FindTimeZone(*definition_.timezone) == nullptr) {
    Error("unknown_timezone", "$.timezone", "",
          "'" + *definition_.timezone +
              "' is not a known IANA time zone (for example 'Europe/Paris' or 'UTC')");
  }
  if (definition_.global_timeout) {
    if (auto d = CheckDuration(*definition_.global_timeout, "$.globalTimeout", "")) {
      if (*d > kMaxGlobalTimeout) {
        Error("global_timeout_too_long", "$.globalTimeout", "",
              "the global timeout is at most P91D, not " + *definition_.global_timeout);
      } else {
        global_timeout_ = *d;
      }
    }
  }
  if (definition_.reentrance && definition_.reentrance->wait) {
    std::string path = "$.reentrance.wait";
    auto d = ParseDuration(*definition_.reentrance->wait);
    if (!d) {
      Error("bad_duration", path, "", d.error().message());
    } else if (d->count() < 0) {
      Error("bad_duration", path, "", "the re-entrance wait cannot be negative");
    }
  }
  if (definition_.exit) {
    for (std::size_t i = 0; i < definition_.exit->size(); ++i) {
      const ExitRule& rule = (*definition_.exit)[i];
      std::string path = "$.exit[" + std::to_string(i) + "]";
      if (rule.event.empty())
        Error("missing_event", path + ".event", "", "an exit rule needs an event type");
      if (rule.when) CheckExpression(*rule.when, path + ".when", "");
    }
  }
  if (definition_.schedule) {
    std::optional<Time> from, until;
    if (definition_.schedule->from)
      from = CheckTime(*definition_.schedule->from, "$.schedule.from", "");
    if (definition_.schedule->until)
      until = CheckTime(*definition_.schedule->until, "$.schedule.until", "");
    if (from && until && *from >= *until) {
      Error("bad_schedule", "$.schedule", "", "schedule.from must be before schedule.until");
    }
  }
}

void Validator::CheckEntry() {
  if (const auto* e = std::get_if<EventEntry>(&definition_.entry)) {
    if (e->event.empty())
      Error("missing_event", "$.entry.event", "", "the entry needs an event type");
    if (e->when) CheckExpression(*e->when, "$.entry.when", "");
    return;
  }
  const auto& a = std::get<AudienceEntry>(definition_.entry);
  if (!IsValidId(a.audience)) {
    Error("bad_id", "$.entry.audience", "",
          "audience id '" + a.audience + "' must be 1 to 64 letters, digits, '_' or '-'");
  }
  if (a.rate && !(*a.rate > 0 && std::isfinite(*a.rate))) {
    Error("bad_rate", "$.entry.rate", "",
          "the rate is in profiles per second and must be above zero");
  }
  if (!a.run) return;
  const AudienceRun& run = *a.run;
  const std::string p = "$.entry.run";
  if (run.every && run.cron) {
    Error("bad_run", p, "", "a recurring run takes 'every' or 'cron', not both");
  }
  if (run.at && (run.every || run.cron || run.from || run.until)) {
    Error("bad_run", p, "",
          "'at' is for a one-shot run; 'every', 'cron', 'from' and 'until' for a recurring one");
  }
  if (!run.IsRecurring() && !run.at && (run.from || run.until)) {
    Error("bad_run", p, "", "'from' and 'until' need 'every' or 'cron'");
  }
  if (run.at) CheckTime(*run.at, p + ".at", "");
  if (run.every) CheckDuration(*run.every, p + ".every", "");
  if (run.cron) {
    if (auto cron = ParseCron(*run.cron); !cron)
      Error("bad_cron", p + ".cron", "", cron.error().message());
  }
  std::optional<Time> from, until;
  if (run.from) from = CheckTime(*run.from, p + ".from", "");
  if (run.until) until = CheckTime(*run.until, p + ".until", "");
  if (from && until && *from >= *until) {
    Error("bad_run", p, "", "run.from must be before run.until");
  }
}

void Validator::CheckBranches(const std::vector<Branch>& branches, bool split,
                              const std::string& path, const std::string& node) {
  if (branches.empty()) {
    Error("no_branches", path + ".branches", node,
          std::string("a ") + (split ? "split" : "condition") + " needs at least one branch");
    return;
  }
  double total = 0;
  for (std::size_t i = 0; i < branches.size(); ++i) {
    std::string bp = path + ".branches[" + std::to_string(i) + "]";
    if (split) {
      double p = branches[i].percent.value_or(0);
      if (!(p >= 0 && p <= 100)) {
        Error("bad_percentages", bp + ".percent", node, "a percentage must be between 0 and 100");
      }
      total += p;
    } else if (branches[i].when) {
      CheckExpression(*branches[i].when, bp + ".when", node);
    }
  }
  if (split && std::fabs(total - 100.0) > 1e-9) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", total);
    Error("bad_percentages", path + ".branches", node,
          std::string("the split's percentages add up to ") + buf + ", not 100");
  }
}

void Validator::CheckAction(const ActionActivity& a, const std::string& path,
                            const std::string& node) {
  const std::string ap = path + ".action";
  std::visit(
      [&](const auto& spec) {
        using T = std::decay_t<decltype(spec)>;
        if constexpr (std::is_same_v<T, WebhookAction>) {
          if (spec.method) {
            static constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "PATCH",
                                                            "DELETE"};
            bool known = false;
            for (auto m : kMethods) known = known || m == *spec.method;
            if (!known) {
              Error("bad_method", ap + ".method", node,
                    "method '" + *spec.method + "' is not one of GET, POST, PUT, PATCH, DELETE");
            }
          }
          if (!spec.url.starts_with("http://") && !spec.url.starts_with("https://") &&
              !spec.url.starts_with("{{")) {
            Error("bad_url", ap + ".url", node,
                  "the webhook URL must start with http:// or https://, not '" + spec.url + "'");
          }
          CheckTemplate(spec.url, ap + ".url", node);
          for (const auto& [name, value] : spec.headers) {
            CheckTemplate(value, ap + ".headers." + name, node);
          }
          if (spec.body) CheckJsonTemplates(*spec.body, ap + ".body", node);
        } else if constexpr (std::is_same_v<T, EmailAction>) {
          CheckTemplate(spec.to, ap + ".to", node);
          CheckTemplate(spec.subject, ap + ".subject", node);
          CheckTemplate(spec.body, ap + ".body", node);
          if (spec.from) CheckTemplate(*spec.from, ap + ".from", node);
        } else {
          CheckTemplate(spec.message, ap + ".message", node);
        }
      },
      a.action);
  if (a.timeout) {
    if (auto d = CheckDuration(*a.timeout, path + ".timeout", node); d && *d > kMaxActionTimeout) {
      Error("timeout_too_long", path + ".timeout", node,
            "an action's timeout is at most PT5M per try, not " + *a.timeout);
    }
  }
  if (a.retries && (*a.retries < 0 || *a.retries > kMaxRetries)) {
    Error("bad_retries", path + ".retries", node,
          "retries must be between 0 and " + std::to_string(kMaxRetries));
  }
}

void Validator::CheckNode(const Node& n, const std::string& path) {
  const std::string& node = n.id;
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, ConditionActivity>) {
          CheckBranches(a.branches, false, path, node);
          if (a.otherwise.empty() && !a.branches.empty()) {
            Warn("no_otherwise", path + ".otherwise", node,
                 "condition '" + node +
                     "' has no otherwise path: a profile matching no branch ends there "
                     "(no_matching_condition)");
          }
        } else if constexpr (std::is_same_v<T, SplitActivity>) {
          CheckBranches(a.branches, true, path, node);
        } else if constexpr (std::is_same_v<T, WaitActivity>) {
          int kinds = a.duration.has_value() + a.until.has_value() + a.until_expr.has_value();
          if (kinds != 1) {
            Error("bad_wait", path, node,
                  "a wait takes exactly one of 'duration', 'until' or 'untilExpr'");
          }
          if (a.duration) {
            if (auto d = CheckDuration(*a.duration, path + ".duration", node)) {
              CheckLongerThanGlobalTimeout(*d, "the wait", path + ".duration", node);
            }
          }
          if (a.until) CheckTime(*a.until, path + ".until", node);
          if (a.until_expr) CheckExpression(*a.until_expr, path + ".untilExpr", node);
        } else if constexpr (std::is_same_v<T, WaitForEventActivity>) {
          if (a.event.empty())
            Error("missing_event", path + ".event", node, "the awaited event type is empty");
          if (a.when) CheckExpression(*a.when, path + ".when", node);
          if (!a.timeout) {
            Error("missing_timeout", path + ".timeout", node,
                  "a waitForEvent needs a timeout (for example 'P3D')");
          } else if (auto d = CheckDuration(*a.timeout, path + ".timeout", node)) {
            CheckLongerThanGlobalTimeout(*d, "the timeout", path + ".timeout", node);
          }
        } else if constexpr (std::is_same_v<T, ActionActivity>) {
          CheckAction(a, path, node);
        } else if constexpr (std::is_same_v<T, UpdateProfileActivity>) {
          for (const auto& [attribute, expression] : a.set) {
            std::string sp = path + ".set." + attribute;
            if (attribute.empty() || attribute == "id") {
              Error("bad_attribute", sp, node,
                    attribute.empty() ? "an attribute name cannot be empty"
                                      : "'id' is the profile's id and cannot be set");
            }
            CheckExpression(expression, sp, node);
          }
        } else if constexpr (std::is_same_v<T, JumpActivity>) {
          if (!IsValidId(a.journey)) {
            Error("bad_id", path + ".journey", node,
                  "journey id '" + a.journey + "' must be 1 to 64 letters, digits, '_' or '-'");
          }
        }
      },
      n.activity);
}

ValidationReport Validator::Run() {
  CheckTop();
  CheckEntry();
  if (definition_.nodes.size() > kMaxActivities) {
    Error("too_many_nodes", "$.nodes", "",
          "a journey has at most 1000 activities, not " + std::to_string(definition_.nodes.size()));
  }
  for (std::size_t i = 0; i < definition_.nodes.size(); ++i) {
    CheckNode(definition_.nodes[i], "$.nodes[" + std::to_string(i) + "]");
  }
  CheckGraph();
  return std::move(report_);
}

}  // namespace model

ValidationReport Validate(const JourneyDefinition& definition) {
  return model::Validator(definition).Run();
}

}  // namespace parcours
