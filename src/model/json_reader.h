// Strict reading of JSON objects into typed fields, collecting every problem with its path.
//
// A FieldReader walks one JSON object: each field asked for is marked known; Finish() reports
// every field not asked for as "unknown_field". Type errors are "wrong_type", absent required
// fields "missing_field". Reading goes on after a problem so one pass lists them all.
// JSON null counts as absent for optional fields (clients often send null for "not set").
#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/error.h"

namespace parcours::model {

// Where problems go. Not thread-safe; one per read.
class ProblemSink {
 public:
  void Add(std::string code, std::string path, std::string node, std::string message) {
    problems_.push_back(
        Problem{std::move(code), std::move(path), std::move(node), std::move(message)});
  }
  bool empty() const { return problems_.empty(); }
  std::vector<Problem> Take() { return std::move(problems_); }

 private:
  std::vector<Problem> problems_;
};

// "string", "number", "object", ... for messages.
const char* JsonKindName(const boost::json::value& value);

class FieldReader {
 public:
  // `value` must outlive the reader. When it is not an object, a "wrong_type" problem is added
  // (described as `what`) and every getter returns nothing.
  FieldReader(ProblemSink& sink, const boost::json::value& value, std::string path,
              std::string node, std::string_view what);

  bool ok() const { return object_ != nullptr; }
  const std::string& path() const { return path_; }
  std::string FieldPath(std::string_view key) const { return path_ + "." + std::string(key); }

  // Marks `key` known and returns its value when present and not null.
  const boost::json::value* Get(std::string_view key);
  // As Get, adding "missing_field" when absent.
  const boost::json::value* Require(std::string_view key);

  std::optional<std::string> String(std::string_view key, bool required = false);
  std::optional<double> Number(std::string_view key, bool required = false);
  std::optional<int> Integer(std::string_view key, bool required = false);
  std::optional<bool> Bool(std::string_view key, bool required = false);
  // An object of strings, in order.
  std::optional<std::vector<std::pair<std::string, std::string>>> StringMap(std::string_view key,
                                                                            bool required = false);

  // Reports "wrong_type" for a value that is not the expected kind.
  void WrongType(std::string_view key, std::string_view expected, const boost::json::value& got);

  // Reports every field never asked for. Call once, after reading.
  void Finish();

  ProblemSink& sink() { return sink_; }
  const std::string& node() const { return node_; }

 private:
  ProblemSink& sink_;
  const boost::json::object* object_ = nullptr;
  std::string path_;
  std::string node_;
  std::vector<std::string> known_;
};

}  // namespace parcours::model
