// Errors and results used across Parcours.
//
// An Error has a kind (what the caller can do about it), a message a person understands, and
// optionally a list of located problems (JSON path, node id, stable code). Each kind has one
// rule, below; the HTTP layer maps kinds to status codes in exactly one place.
//
//   kInvalidArgument    the input is malformed (bad JSON, unknown field, wrong type, bad id).
//                       Do not retry the same input. (HTTP 400)
//   kNotFound           a named thing does not exist. (404)
//   kFailedPrecondition the request is well formed but not allowed in the current state
//                       (a lifecycle transition refused); the message names the status and
//                       the rule. Retrying only helps after the state changes. (409)
//   kInvalidDefinition  a journey definition is well formed but fails validation, so it cannot
//                       be published; `problems` lists every error. (422)
//   kUnavailable        a transient failure (I/O, overload); the caller may retry. (503)
//   kInternal           a bug or broken invariant. (500)
//
// Results that carry a value are `Result<T>` (std::expected); they must not be ignored.
#pragma once

#include <expected>
#include <string>
#include <utility>
#include <vector>

namespace parcours {

enum class ErrorKind {
  kInvalidArgument,
  kNotFound,
  kFailedPrecondition,
  kInvalidDefinition,
  kUnavailable,
  kInternal,
  // Stored data is corrupt (a checksum does not match, a record cannot be read back): retrying
  // cannot help. parcoursd says what and where, and stops; `parcoursd --check DIR` verifies.
  kDataLoss,
};

// The name of a kind, for logs and JSON ("invalid_argument", ...).
const char* ErrorKindName(ErrorKind kind);

// One located problem in an input: a stable machine code (e.g. "unknown_node"), the JSON path
// where it is (e.g. "$.nodes[2].next"), the activity id when one is at fault, and a message.
struct Problem {
  std::string code;
  std::string path;
  std::string node;
  std::string message;

  friend bool operator==(const Problem&, const Problem&) = default;
};

class [[nodiscard]] Error {
 public:
  Error(ErrorKind kind, std::string message, std::vector<Problem> problems = {})
      : kind_(kind), message_(std::move(message)), problems_(std::move(problems)) {}

  static Error InvalidArgument(std::string message, std::vector<Problem> problems = {}) {
    return Error(ErrorKind::kInvalidArgument, std::move(message), std::move(problems));
  }
  static Error NotFound(std::string message) {
    return Error(ErrorKind::kNotFound, std::move(message));
  }
  static Error FailedPrecondition(std::string message) {
    return Error(ErrorKind::kFailedPrecondition, std::move(message));
  }
  static Error InvalidDefinition(std::string message, std::vector<Problem> problems) {
    return Error(ErrorKind::kInvalidDefinition, std::move(message), std::move(problems));
  }
  static Error Unavailable(std::string message) {
    return Error(ErrorKind::kUnavailable, std::move(message));
  }
  static Error Internal(std::string message) {
    return Error(ErrorKind::kInternal, std::move(message));
  }
  static Error DataLoss(std::string message) {
    return Error(ErrorKind::kDataLoss, std::move(message));
  }

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const std::vector<Problem>& problems() const { return problems_; }

  bool IsInvalidArgument() const { return kind_ == ErrorKind::kInvalidArgument; }
  bool IsNotFound() const { return kind_ == ErrorKind::kNotFound; }
  bool IsFailedPrecondition() const { return kind_ == ErrorKind::kFailedPrecondition; }
  bool IsInvalidDefinition() const { return kind_ == ErrorKind::kInvalidDefinition; }

 private:
  ErrorKind kind_;
  std::string message_;
  std::vector<Problem> problems_;
};

template <typename T>
using Result = std::expected<T, Error>;

// For operations that return nothing but may fail.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> Fail(Error error) { return std::unexpected<Error>(std::move(error)); }

}  // namespace parcours
