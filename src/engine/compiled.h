// A published journey version compiled for running: targets resolved to node indexes,
// expressions and templates parsed once, durations and times parsed, the time zone looked up.
//
// Built only from a definition that validates clean (Compile refuses anything else), so the
// engine never meets an unknown target or an unparsable expression at run time. Immutable and
// shared (std::shared_ptr<const CompiledVersion>) by every partition.
#pragma once

#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "parcours/error.h"
#include "parcours/expr.h"
#include "parcours/journey.h"
#include "parcours/time.h"

namespace parcours::engine {

inline constexpr int kNoNode = -1;

struct CompiledBranch {
  std::string label;
  std::optional<expr::Expression> when;  // condition branches
  double percent = 0;                    // split branches
  int next = kNoNode;
};

// A template inside a JSON action body: strings are templates, the rest is copied.
struct CompiledJsonTemplate {
  boost::json::value shape;  // the body as written
  // Every string of `shape`, by JSON pointer, parsed as a template.
  std::vector<std::pair<std::string, expr::Template>> holes;
};

struct CompiledAction {
  std::string kind;  // "webhook", "email", "log"
  // Named templates: webhook "method" (literal), "url"; email "to", "subject", "body", "from";
  // log "message".
  std::vector<std::pair<std::string, expr::Template>> fields;
  std::vector<std::pair<std::string, expr::Template>> headers;  // webhook
  std::optional<CompiledJsonTemplate> body;                     // webhook
  Duration timeout = kDefaultActionTimeout;
  int retries = kDefaultRetries;
};

struct CompiledNode {
  std::string id;
  std::string label;
  NodeType type = NodeType::kEnd;
  int next = kNoNode;
  int otherwise = kNoNode;   // condition
  int on_error = kNoNode;    // action
  int on_timeout = kNoNode;  // action, waitForEvent
  std::vector<CompiledBranch> branches;
  // wait
  std::optional<Duration> duration;
  std::optional<Time> until;
  std::optional<expr::Expression> until_expr;
  // waitForEvent
  std::string event;
  std::optional<expr::Expression> when;
  Duration timeout{};
  // action
  std::optional<CompiledAction> action;
  // updateProfile
  std::vector<std::pair<std::string, expr::Expression>> set;
  // jump
  std::string jump_journey;
};

struct CompiledExit {
  std::string label;
  std::string event;
  std::optional<expr::Expression> when;
};

struct CompiledVersion {
  std::string journey_id;
  int version = 0;
  std::shared_ptr<const JourneyDefinition> definition;
  const date::time_zone* zone = nullptr;  // null: UTC
  // entry
  bool event_entry = true;
  std::string entry_event;
  std::optional<expr::Expression> entry_when;
  std::string audience;
  std::optional<AudienceRun> audience_run;
  std::optional<double> audience_rate;
  // rules
  bool reentrance_allowed = true;
  Duration reentrance_wait = kDefaultReentranceWait;
  Duration global_timeout = kDefaultGlobalTimeout;
  std::vector<CompiledExit> exits;
  std::optional<Time> schedule_from;
  std::optional<Time> schedule_until;
  // the graph
  std::vector<CompiledNode> nodes;
  int start = kNoNode;
  std::unordered_map<std::string, int> index;

  int Find(std::string_view id) const;
};

// Compiles a definition that validates clean; kInvalidDefinition with the validation errors
// otherwise.
Result<std::shared_ptr<const CompiledVersion>> Compile(std::string_view journey_id, int version,
                                                       const JourneyDefinition& definition);

}  // namespace parcours::engine
