#include "cli/output.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace parcours::cli {
namespace {

std::size_t Width(std::string_view text) {
  // UTF-8 continuation bytes do not start a code point.
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

void Table::Print(std::ostream& out, std::string_view indent) const {
  std::vector<std::size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], Width(row[i]));
    }
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line(indent);
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      line += cell;
      if (i + 1 < widths.size()) line += std::string(widths[i] - Width(cell) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  print(header_);
  for (const auto& row : rows_) print(row);
}

const boost::json::value* Field(const boost::json::value& value, std::string_view key) {
  if (!value.is_object()) return nullptr;
  return value.as_object().if_contains(key);
}

std::string Text(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "-";
    case boost::json::kind::string:
      return std::string(value.get_string());
    case boost::json::kind::bool_:
      return value.get_bool() ? "yes" : "no";
    case boost::json::kind::int64:
      return std::to_string(value.get_int64());
    case boost::json::kind::uint64:
      return std::to_string(value.get_uint64());
    case boost::json::kind::double_: {
      double d = value.get_double();
      if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 1e15) {
        return std::to_string(static_cast<std::int64_t>(d));
      }
      return boost::json::serialize(value);
    }
    default:
      return boost::json::serialize(value);
  }
}

std::string TextOr(const boost::json::value& value, std::string_view key,
                   std::string_view fallback) {
  const boost::json::value* field = Field(value, key);
  if (field == nullptr || field->is_null()) return std::string(fallback);
  return Text(*field);
}

std::optional<std::int64_t> IntField(const boost::json::value& value, std::string_view key) {
  const boost::json::value* field = Field(value, key);
  if (field == nullptr) return std::nullopt;
  if (field->is_int64()) return field->get_int64();
  if (field->is_uint64()) return static_cast<std::int64_t>(field->get_uint64());
  if (field->is_double()) return static_cast<std::int64_t>(field->get_double());
  return std::nullopt;
}

std::int64_t Count(const boost::json::value& value, std::string_view key) {
  return IntField(value, key).value_or(0);
}

std::string Plural(std::int64_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

std::string Words(std::string_view code) {
  std::string out(code);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

}  // namespace parcours::cli
