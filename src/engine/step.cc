#include "engine/step.h"

#include <boost/json/value.hpp>

#include <cmath>

namespace parcours::engine {
namespace {

constexpr const char* kEntered = "entered";

std::string NodeCounter(const CompiledNode& n, const char* what) {
  return "node:" + n.id + ":" + what;
}

// The running of one operation on one instance.
class Run {
 public:
  Run(const StepEnv& env, InstanceState& state) : env_(env), s_(state) {}

  expr::Context Context(const EventRecord* event) const {
    expr::Context c;
    if (event != nullptr) event_view_ = event->View();
    c.event = event != nullptr ? &event_view_ : nullptr;
    if (s_.entry) entry_view_ = s_.entry->View();
    c.entry = s_.entry ? &entry_view_ : nullptr;
    c.profile_id = s_.profile_id;
    c.profile = &env_.profile;
    c.journey_id = env_.version.journey_id;
    c.journey_version = env_.version.version;
    c.now = env_.now;
    c.zone = env_.version.zone;
    return c;
  }

  void History(const CompiledNode* node, std::string outcome, std::string detail = "") {
    env_.effects.history.push_back(
        {env_.now, node != nullptr ? node->id : "", std::move(outcome), std::move(detail)});
  }

  void Count(std::string name) { env_.effects.counters.emplace_back(std::move(name), 1); }

  TimerRef NewTimer(Time due, TimerKind kind) {
    TimerRef ref{due, ++env_.next_seq};
    env_.effects.timers_set.push_back({ref, kind});
    return ref;
  }

  void CancelNodeTimer() {
    if (s_.node_timer) env_.effects.timers_cancelled.push_back(*s_.node_timer);
    s_.node_timer.reset();
  }

  // Ends the instance. `left` counts the current activity as left (its own rule ended it).
  void End(ExitReason reason, std::string detail, bool left) {
    const CompiledNode* node = Current();
    if (left && node != nullptr) Count(NodeCounter(*node, "left"));
    CancelNodeTimer();
    if (s_.global_timer) env_.effects.timers_cancelled.push_back(*s_.global_timer);
    s_.global_timer.reset();
    if (s_.waiting == Waiting::kAction && s_.action_seq != 0) {
      env_.effects.actions_dropped.push_back(s_.action_seq);
    }
    s_.action_seq = 0;
    s_.waiting = Waiting::kNone;
    s_.status = StatusOfExit(reason);
    s_.exit_reason = reason;
    s_.ended_at = env_.now;
    Count(std::string("ended:") + InstanceStatusName(s_.status));
    History(node, "ended",
            std::string(ExitReasonName(reason)) + (detail.empty() ? "" : ": ") + detail);
  }

  void Fail(const CompiledNode& node, const expr::ExprError& error) {
    Count(NodeCounter(node, "failed"));
    End(ExitReason::kExpressionError, error.message, false);
  }

  const CompiledNode* Current() const {
    if (s_.node < 0 || s_.node >= static_cast<int>(env_.version.nodes.size())) return nullptr;
    return &env_.version.nodes[static_cast<std::size_t>(s_.node)];
  }

  // Moves to `target` and runs until the instance waits or ends. `event` triggered the step.
  void From(int target, const EventRecord* event) {
    // Journeys are acyclic, so this visits each activity at most once.
    for (std::size_t guard = 0; guard <= env_.version.nodes.size(); ++guard) {
      if (target == kNoNode) {
        End(ExitReason::kEnd, "", false);
        return;
      }
      s_.node = target;
      const CompiledNode& node = env_.version.nodes[static_cast<std::size_t>(target)];
      Count(NodeCounter(node, kEntered));
      std::optional<int> next = Visit(node, event);
      if (!next) return;  // waiting, or ended
      Count(NodeCounter(node, "left"));
      target = *next;
    }
    End(ExitReason::kExpressionError, "the journey loops", false);  // unreachable: validated
  }

  // Does `node`; the next activity to go to, or nullopt when the instance waits or ended.
  std::optional<int> Visit(const CompiledNode& node, const EventRecord* event) {
    switch (node.type) {
      case NodeType::kEnd:
        s_.end_tag = node.id;
        End(ExitReason::kEnd, node.label, true);
        return std::nullopt;
      case NodeType::kCondition:
        return Condition(node, event);
      case NodeType::kSplit:
        return Split(node);
      case NodeType::kWait:
        return Wait(node, event);
      case NodeType::kWaitForEvent: {
        Time due =
            env_.now + (env_.test_wait ? std::min(node.timeout, *env_.test_wait) : node.timeout);
        s_.node_timer = NewTimer(due, TimerKind::kEventTimeout);
        s_.waiting = Waiting::kEvent;
        History(&node, "waiting", "for '" + node.event + "' until " + FormatTime(due));
        return std::nullopt;
      }
      case NodeType::kAction:
        return Action(node, event);
      case NodeType::kUpdateProfile:
        return UpdateProfile(node, event);
      case NodeType::kJump:
        env_.effects.jump = node.jump_journey;
        End(ExitReason::kJump, "to journey '" + node.jump_journey + "'", true);
        return std::nullopt;
    }
    return std::nullopt;
  }

  std::optional<int> Condition(const CompiledNode& node, const EventRecord* event) {
    expr::Context ctx = Context(event);
    for (const CompiledBranch& b : node.branches) {
      auto holds = b.when->EvaluateCondition(ctx);
      if (!holds) {
        Fail(node, holds.error());
        return std::nullopt;
      }
      if (*holds) {
        History(&node, "branch", b.label + ": " + b.when->text() + " was true");
        return b.next;
      }
    }
    if (node.otherwise != kNoNode) {
      History(&node, "otherwise", "no branch matched");
      return node.otherwise;
    }
    History(&node, "no_match", "no branch matched and there is no otherwise path");
    End(ExitReason::kNoMatchingCondition, "", true);
    return std::nullopt;
  }

  std::optional<int> Split(const CompiledNode& node) {
    if (env_.test_wait && !node.branches.empty()) {
      const CompiledBranch& first = node.branches.front();
      History(&node, "branch", first.label + " (test mode: the first branch)");
      return first.next;
    }
    int bucket = SplitBucket(s_.profile_id, node.id);
    double cumulative = 0;
    for (const CompiledBranch& b : node.branches) {
      cumulative += b.percent * 100;
      if (bucket < std::lround(cumulative)) {
        History(&node, "branch", b.label + " (" + std::to_string(b.percent).substr(0, 5) + "%)");
        return b.next;
      }
    }
    const CompiledBranch& last = node.branches.back();  // rounding: the last branch
    History(&node, "branch", last.label);
    return last.next;
  }

  std::optional<int> Wait(const CompiledNode& node, const EventRecord* event) {
    Time due = env_.now;
    if (node.duration) {
      due = env_.now + *node.duration;
    } else if (node.until) {
      due = *node.until;
    } else if (node.until_expr) {
      auto v = node.until_expr->Evaluate(Context(event));
      if (!v) {
        Fail(node, v.error());
        return std::nullopt;
      }
      std::optional<Time> t;
      if (v->type() == expr::Type::kTime) {
        t = v->AsTime();
      } else if (v->type() == expr::Type::kText) {
        if (auto parsed = ParseTime(v->AsText())) t = *parsed;
      }
      if (!t) {
        Fail(node, expr::ExprError{"type_mismatch", 0, 0,
                                   "untilExpr must give a time, not " +
                                       std::string(expr::TypeName(v->type()))});
        return std::nullopt;
      }
      due = *t;
    }
    if (due <= env_.now) {
      History(&node, "waited", "until " + FormatTime(due) + " (already past)");
      return node.next;
    }
    std::string shortened;
    if (env_.test_wait && due > env_.now + *env_.test_wait) {
      shortened = " (test mode: instead of until " + FormatTime(due) + ")";
      due = env_.now + *env_.test_wait;
    }
    s_.node_timer = NewTimer(due, TimerKind::kWait);
    s_.waiting = Waiting::kTimer;
    History(&node, "waiting", "until " + FormatTime(due) + shortened);
    return std::nullopt;
  }

  std::optional<int> UpdateProfile(const CompiledNode& node, const EventRecord* event) {
    expr::Context ctx = Context(event);
    std::vector<std::pair<std::string, boost::json::value>> values;
    for (const auto& [attribute, expression] : node.set) {
      auto v = expression.Evaluate(ctx);
      if (!v) {
        Fail(node, v.error());
        return std::nullopt;
      }
      values.emplace_back(attribute, v->ToJson());
    }
    std::string names;
    for (auto& [attribute, value] : values) {
      names += (names.empty() ? "" : ", ") + attribute;
      env_.profile[attribute] = std::move(value);
    }
    env_.effects.profile_changed = true;
    History(&node, "updated", names);
    return node.next;
  }

  // Does the action at `node`, then goes on from it until the instance waits or ends.
  void ActionFrom(const CompiledNode& node, const EventRecord* event) {
    if (std::optional<int> next = Action(node, event)) {
      Count(NodeCounter(node, "left"));
      From(*next, event);
    }
  }

  // Queues the action (nullopt: the instance waits for its result, or ended); a `log` action is
  // done at once: the next activity.
  std::optional<int> Action(const CompiledNode& node, const EventRecord* event) {
    if (env_.paused) {
      if (*env_.paused == PauseMode::kHold) {
        s_.waiting = Waiting::kHeld;
        History(&node, "held", "the journey is paused");
      } else {
        End(ExitReason::kPausedDiscard, "the journey is paused", true);
      }
      return std::nullopt;
    }
    const CompiledAction& a = *node.action;
    expr::Context ctx = Context(event);
    ActionRequest request;
    for (const auto& [name, tmpl] : a.fields) {
      auto text = tmpl.Render(ctx);
      if (!text) {
        Fail(node, text.error());
        return std::nullopt;
      }
      request.rendered[name] = *text;
    }
    if (!a.headers.empty()) {
      boost::json::object headers;
      for (const auto& [name, tmpl] : a.headers) {
        auto text = tmpl.Render(ctx);
        if (!text) {
          Fail(node, text.error());
          return std::nullopt;
        }
        headers[name] = *text;
      }
      request.rendered["headers"] = std::move(headers);
    }
    if (a.body) {
      boost::json::value body = a.body->shape;
      for (const auto& [pointer, tmpl] : a.body->holes) {
        auto text = tmpl.Render(ctx);
        if (!text) {
          Fail(node, text.error());
          return std::nullopt;
        }
        if (pointer.empty()) {
          body = *text;
        } else {
          boost::system::error_code ec;
          if (auto* target = body.find_pointer(pointer, ec)) *target = *text;
        }
      }
      request.rendered["body"] = std::move(body);
    }
    History(&node, "action_sent", a.kind);
    if (a.kind == "log") {
      const auto* message = request.rendered.if_contains("message");
      History(&node, "action_success",
              message != nullptr && message->is_string() ? std::string(message->as_string())
                                                         : std::string());
      ++env_.effects.logs_written;
      return node.next;
    }
    // Only an action that leaves the process needs to say whose it is.
    request.instance_id = s_.id;
    request.journey_id = s_.journey_id;
    request.version = s_.version;
    request.node = node.id;
    request.profile_id = s_.profile_id;
    request.idempotency_key = s_.id + ":" + node.id;
    request.kind = a.kind;
    request.timeout = a.timeout;
    request.retries = a.retries;
    std::uint64_t seq = ++env_.next_seq;
    s_.action_seq = seq;
    s_.waiting = Waiting::kAction;
    env_.effects.actions.push_back({seq, std::move(request)});
    return std::nullopt;
  }

 private:
  const StepEnv& env_;
  InstanceState& s_;
  mutable expr::EventView event_view_;
  mutable expr::EventView entry_view_;
};

const CompiledNode* NodeAt(const CompiledVersion& v, int index) {
  if (index < 0 || index >= static_cast<int>(v.nodes.size())) return nullptr;
  return &v.nodes[static_cast<std::size_t>(index)];
}

}  // namespace

int SplitBucket(std::string_view profile_id, std::string_view node_id) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 1099511628211ULL;
    }
  };
  mix(profile_id);
  mix(std::string_view("\0", 1));
  mix(node_id);
  return static_cast<int>(h % 10000);
}

void Enter(const StepEnv& env, InstanceState& s, const EventRecord* event) {
  Run run(env, s);
  s.status = InstanceStatus::kInProgress;
  s.entered_at = env.now;
  s.global_timer = run.NewTimer(env.now + env.version.global_timeout, TimerKind::kGlobalTimeout);
  const CompiledNode* start = env.version.start >= 0
                                  ? &env.version.nodes[static_cast<std::size_t>(env.version.start)]
                                  : nullptr;
  run.History(start, "entered",
              event != nullptr ? "on event '" + event->type + "'" : std::string("from audience"));
  run.From(env.version.start, event);
}

bool OnEvent(const StepEnv& env, InstanceState& s, const EventRecord& event) {
  if (!s.in_progress()) return false;
  Run run(env, s);
  for (const CompiledExit& exit : env.version.exits) {
    if (exit.event != event.type) continue;
    if (exit.when) {
      auto holds = exit.when->EvaluateCondition(run.Context(&event));
      if (!holds || !*holds) continue;  // an exit rule that fails does not match
    }
    run.End(ExitReason::kExitCriteria, exit.label, false);
    return true;
  }
  const CompiledNode* node = NodeAt(env.version, s.node);
  if (s.waiting != Waiting::kEvent || node == nullptr || node->event != event.type) return false;
  if (node->when) {
    auto holds = node->when->EvaluateCondition(run.Context(&event));
    if (!holds) {
      run.Fail(*node, holds.error());
      return true;
    }
    if (!*holds) return false;
  }
  run.CancelNodeTimer();
  s.waiting = Waiting::kNone;
  run.History(node, "event", "'" + event.type + "' arrived");
  run.Count(NodeCounter(*node, "left"));
  run.From(node->next, &event);
  return true;
}

void OnTimer(const StepEnv& env, InstanceState& s, TimerKind kind, const TimerRef& ref) {
  if (!s.in_progress()) return;
  Run run(env, s);
  if (kind == TimerKind::kGlobalTimeout) {
    if (s.global_timer != ref) return;
    run.End(ExitReason::kGlobalTimeout,
            "the global timeout of " + FormatDuration(env.version.global_timeout) + " ran out",
            false);
    return;
  }
  if (s.node_timer != ref) return;
  const CompiledNode* node = NodeAt(env.version, s.node);
  if (node == nullptr) return;
  s.node_timer.reset();
  s.waiting = Waiting::kNone;
  if (kind == TimerKind::kWait) {
    run.History(node, "waited", "");
    run.Count(NodeCounter(*node, "left"));
    run.From(node->next, nullptr);
    return;
  }
  run.History(node, "timeout", "no '" + node->event + "' before the timeout");
  if (node->on_timeout != kNoNode) {
    run.Count(NodeCounter(*node, "left"));
    run.From(node->on_timeout, nullptr);
  } else {
    run.End(ExitReason::kEventTimeout, "", true);
  }
}

void OnActionResult(const StepEnv& env, InstanceState& s, std::uint64_t seq,
                    const ActionResult& result) {
  if (!s.in_progress() || s.waiting != Waiting::kAction || s.action_seq != seq) return;
  Run run(env, s);
  const CompiledNode* node = NodeAt(env.version, s.node);
  if (node == nullptr) return;
  s.waiting = Waiting::kNone;
  s.action_seq = 0;
  switch (result.outcome) {
    case ActionOutcome::kSuccess:
      run.History(node, "action_success", result.detail);
      run.Count(NodeCounter(*node, "left"));
      run.From(node->next, nullptr);
      return;
    case ActionOutcome::kError:
      run.History(node, "action_error", result.detail);
      run.Count(NodeCounter(*node, "failed"));
      if (node->on_error != kNoNode) {
        run.Count(NodeCounter(*node, "left"));
        run.From(node->on_error, nullptr);
      } else {
        run.End(ExitReason::kActionError, "", false);
      }
      return;
    case ActionOutcome::kTimeout:
      run.History(node, "action_timeout", result.detail);
      run.Count(NodeCounter(*node, "failed"));
      if (node->on_timeout != kNoNode) {
        run.Count(NodeCounter(*node, "left"));
        run.From(node->on_timeout, nullptr);
      } else {
        run.End(ExitReason::kActionTimeout, "", false);
      }
      return;
  }
}

void Release(const StepEnv& env, InstanceState& s) {
  if (!s.in_progress() || s.waiting != Waiting::kHeld) return;
  Run run(env, s);
  const CompiledNode* node = NodeAt(env.version, s.node);
  if (node == nullptr) return;
  s.waiting = Waiting::kNone;
  run.History(node, "released", "the journey resumed");
  run.ActionFrom(*node, nullptr);
}

void EndNow(const StepEnv& env, InstanceState& s, ExitReason reason, std::string detail) {
  if (!s.in_progress()) return;
  Run(env, s).End(reason, std::move(detail), false);
}

}  // namespace parcours::engine
