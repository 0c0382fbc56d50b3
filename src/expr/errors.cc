#include "expr/errors.h"

#include <algorithm>
#include <cctype>

namespace parcours::expr {
namespace {

char Lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return Lower(x) == Lower(y); });
}

// Levenshtein distance, ignoring ASCII case.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t cost = Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view ClosestName(std::string_view name,
                             const std::vector<std::string_view>& candidates) {
  if (name.size() > 64) return {};  // no quadratic work on absurd names
  std::string_view best;
  std::size_t best_distance = 3;
  for (std::string_view candidate : candidates) {
    if (SameIgnoringCase(name, candidate)) return candidate;
    std::size_t d = EditDistance(name, candidate);
    std::string_view shorter = name.size() < candidate.size() ? name : candidate;
    std::string_view longer = name.size() < candidate.size() ? candidate : name;
    if (shorter.size() >= 3 && SameIgnoringCase(shorter, longer.substr(0, shorter.size()))) {
      d = std::min<std::size_t>(d, 2);
    }
    // An edit distance as long as the name itself means nothing in common.
    if (d < best_distance && d < name.size()) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string Column(std::size_t offset) { return "column " + std::to_string(offset + 1); }

ExprError ErrorAt(std::string_view code, Span span, std::string_view what) {
  std::string message(what);
  message += " at ";
  message += Column(span.offset);
  return ErrorWithMessage(code, span, std::move(message));
}

ExprError ErrorWithMessage(std::string_view code, Span span, std::string message) {
  return ExprError{std::string(code), span.offset, span.length, std::move(message)};
}

}  // namespace parcours::expr
