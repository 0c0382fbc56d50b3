// The journey definition model (JOURNEY_FORMAT.md): typed structures for what a user wrote.
//
// Durations, times, expressions and templates are kept as the text written: a bad one makes the
// definition *invalid* (saved as a draft, refused at publish) rather than *malformed*, so the
// model must hold it; validation (parcours/validation.h) parses them. Optional fields remember
// whether they were written, so writing a definition back gives what was read (plus end tags).
//
// Reading: ParseDefinition / DefinitionFromJson refuse malformed input (bad JSON, unknown fields,
// missing required fields, wrong JSON types, bad ids) with Error::InvalidArgument listing every
// problem with its JSON path ("$.nodes[2].next") and node id.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "parcours/error.h"
#include "parcours/time.h"

namespace boost::json {
class value;
}  // namespace boost::json

namespace parcours {

// Ids of journeys and activities: [A-Za-z0-9_-]{1,64}.
bool IsValidId(std::string_view id);

struct EventEntry {
  std::string event;                // the event type that enters
  std::optional<std::string> when;  // entry condition (expression)
};

// When an audience is read: once (`at`, or at publish when nothing is set), or recurring
// (`every` or `cron`, between `from` and `until`).
struct AudienceRun {
  std::optional<std::string> at;
  std::optional<std::string> every;
  std::optional<std::string> cron;
  std::optional<std::string> from;
  std::optional<std::string> until;

  bool IsRecurring() const { return every.has_value() || cron.has_value(); }
};

struct AudienceEntry {
  std::string audience;
  std::optional<AudienceRun> run;  // absent: once, at publish
  std::optional<double> rate;      // profiles per second; absent: unlimited
};

using Entry = std::variant<EventEntry, AudienceEntry>;

struct Reentrance {
  bool allowed = true;
  std::optional<std::string> wait;  // duration; default PT5M
};

struct ExitRule {
  std::optional<std::string> label;
  std::string event;
  std::optional<std::string> when;
};

struct Schedule {
  std::optional<std::string> from;
  std::optional<std::string> until;
};

// A branch of a condition (`when`) or of a split (`percent`). An empty `next` means absent
// (normalization gives it an end tag).
struct Branch {
  std::optional<std::string> label;
  std::optional<std::string> when;
  std::optional<double> percent;
  std::string next;
};

struct ConditionActivity {
  std::vector<Branch> branches;
  std::string otherwise;  // empty: the profile ends (no_matching_condition)
};

struct SplitActivity {
  std::vector<Branch> branches;
};

struct WaitActivity {
  std::optional<std::string> duration;
  std::optional<std::string> until;
  std::optional<std::string> until_expr;
  std::string next;
};

struct WaitForEventActivity {
  std::string event;
  std::optional<std::string> when;
  std::optional<std::string> timeout;
  std::string next;
  std::string on_timeout;  // empty: the profile ends (event_timeout)
};

struct WebhookAction {
  std::optional<std::string> method;                         // default POST
  std::string url;                                           // template
  std::vector<std::pair<std::string, std::string>> headers;  // name -> template, in order
  std::shared_ptr<const boost::json::value>
      body;  // any JSON; its strings are templates; null: none
};

struct EmailAction {
  std::string to;  // templates, all four
  std::string subject;
  std::string body;
  std::optional<std::string> from;
};

struct LogAction {
  std::string message;  // template
};

using ActionSpec = std::variant<WebhookAction, EmailAction, LogAction>;

struct ActionActivity {
  ActionSpec action;
  std::optional<std::string> timeout;  // per try; default PT30S, at most PT5M
  std::optional<int> retries;          // default 3
  std::string next;
  std::string on_error;    // empty: the instance ends as error (action_error)
  std::string on_timeout;  // empty: the instance ends as timed_out (action_timeout)
};

struct UpdateProfileActivity {
  std::vector<std::pair<std::string, std::string>> set;  // attribute -> expression, in order
  std::string next;
};

struct JumpActivity {
  std::string journey;
};

struct EndActivity {};

enum class NodeType {
  kCondition,
  kSplit,
  kWait,
  kWaitForEvent,
  kAction,
  kUpdateProfile,
  kJump,
  kEnd
};

// "condition", "split", "wait", "waitForEvent", "action", "updateProfile", "jump", "end".
const char* NodeTypeName(NodeType type);

using Activity = std::variant<ConditionActivity, SplitActivity, WaitActivity, WaitForEventActivity,
                              ActionActivity, UpdateProfileActivity, JumpActivity, EndActivity>;

struct Node {
  std::string id;
  std::optional<std::string> label;
  std::optional<std::string> description;
  Activity activity;

  NodeType type() const { return static_cast<NodeType>(activity.index()); }
};

// One outgoing path of a node: the field it is written in (relative JSON path, e.g. "next",
// "branches[1].next", "onTimeout") and the target id (empty when absent).
struct Path {
  std::string field;
  std::string target;
  bool gets_end_tag;  // an absent target here is filled with an end tag by normalization
};

// Every outgoing path of a node, in a stable order.
std::vector<Path> PathsOf(const Node& node);

struct JourneyDefinition {
  std::optional<std::string> id;  // on create only
  std::string name;
  std::optional<std::string> description;
  std::optional<std::string> timezone;  // IANA zone, default UTC
  Entry entry;
  std::optional<Reentrance> reentrance;
  std::optional<std::vector<ExitRule>> exit;
  std::optional<std::string> global_timeout;  // default P30D
  std::optional<Schedule> schedule;
  std::string start;
  std::vector<Node> nodes;

  const Node* FindNode(std::string_view node_id) const;
};

// Reads a definition from JSON text. Malformed input: Error::InvalidArgument whose problems
// carry the codes "bad_json" (with line and column), "unknown_field", "missing_field",
// "wrong_type", "bad_id", "bad_value" (e.g. an unknown activity type).
Result<JourneyDefinition> ParseDefinition(std::string_view json_text);
Result<JourneyDefinition> DefinitionFromJson(const boost::json::value& json);

// Writes a definition back; reading the result gives an equal definition.
boost::json::value DefinitionToJson(const JourneyDefinition& definition);
std::string WriteDefinition(const JourneyDefinition& definition);

// Gives every absent `next` (of an activity or a branch) an end tag of its own: an `end` node
// with a stable generated id ("<node>-end", "<node>-branch<k>-end") and label "End", appended
// to `nodes`. With `previous` (the version being replaced), a `next` that names an end node
// which `previous` had but the new text dropped gets that end node back: end tags cannot be
// removed. Idempotent.
void Normalize(JourneyDefinition& definition, const JourneyDefinition* previous = nullptr);

// The read-only rule: where `after` differs from `before` in anything other than names,
// descriptions and labels (of the journey, its activities, branches, exit rules and end tags).
// Empty when the change is allowed on a published version. Each problem has code "read_only"
// and the JSON path of the first difference found in that area.
std::vector<Problem> NonEditableChanges(const JourneyDefinition& before,
                                        const JourneyDefinition& after);

}  // namespace parcours

namespace parcours {

// Limits and defaults of the format (JOURNEY_FORMAT.md).
inline constexpr std::size_t kMaxActivities = 1000;
inline constexpr Duration kDefaultGlobalTimeout = std::chrono::days(30);
inline constexpr Duration kMaxGlobalTimeout = std::chrono::days(91);
inline constexpr Duration kDefaultActionTimeout = std::chrono::seconds(30);
inline constexpr Duration kMaxActionTimeout = std::chrono::minutes(5);
inline constexpr int kDefaultRetries = 3;
inline constexpr int kMaxRetries = 10;
inline constexpr Duration kDefaultReentranceWait = std::chrono::minutes(5);

}  // namespace parcours
