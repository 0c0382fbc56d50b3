// Readable output for the `parcours` CLI: aligned tables and tolerant reading of server JSON.
//
// Reading is tolerant on purpose: API.md says answers may carry fields beyond those listed and
// clients ignore what they do not know, so a missing or oddly typed field shows as "-" rather
// than failing the command.
#pragma once

#include <boost/json/value.hpp>

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parcours::cli {

// Columns padded to their widest cell (counted in code points), two spaces apart, header first.
// The last column is not padded, so no line ends in spaces.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  bool empty() const { return rows_.empty(); }
  void Print(std::ostream& out, std::string_view indent = "") const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// `value[key]` when `value` is an object holding `key`, else nullptr.
const boost::json::value* Field(const boost::json::value& value, std::string_view key);

// A JSON value for a person: strings as they are, null as "-", integral numbers without a
// decimal point, booleans as yes/no, anything else as compact JSON.
std::string Text(const boost::json::value& value);

// Text(value[key]), or `fallback` when the field is missing or null.
std::string TextOr(const boost::json::value& value, std::string_view key,
                   std::string_view fallback = "-");

// value[key] as an integer when it is a number, else nullopt.
std::optional<std::int64_t> IntField(const boost::json::value& value, std::string_view key);

// value[key] as an integer, 0 when missing.
std::int64_t Count(const boost::json::value& value, std::string_view key);

// "1 event", "3 events".
std::string Plural(std::int64_t n, std::string_view word);

// Replaces underscores by spaces: "in_progress" -> "in progress".
std::string Words(std::string_view code);

}  // namespace parcours::cli
