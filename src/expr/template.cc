// Template: text with `{{ expression }}` holes.
//
// A hole ends at the first `}}` outside a quoted text, so `{{ '}}' }}` works. Templates are
// limited to kMaxTemplateBytes; each hole's expression to the expression limit.
#include <string>

#include "expr/ast.h"
#include "expr/check.h"
#include "expr/errors.h"
#include "expr/eval.h"
#include "parcours/expr.h"

namespace parcours::expr {
namespace {

constexpr std::size_t kMaxTemplateBytes = 1024 * 1024;

// The offset of the `}}` closing a hole whose expression starts at `from`, skipping quoted
// texts; npos when there is none.
std::size_t FindClose(std::string_view text, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"') {
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != c) j += text[j] == '\\' ? 2 : 1;
      if (j >= text.size()) return text.find("}}", from);  // unclosed text: the parser says so
      i = j;
    } else if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

ExprResult<Template> Template::Parse(std::string_view text) {
  if (text.size() > kMaxTemplateBytes) {
    return std::unexpected(
        ErrorWithMessage(kBadExpression, {kMaxTemplateBytes, text.size() - kMaxTemplateBytes},
                         "template longer than " + std::to_string(kMaxTemplateBytes) + " bytes"));
  }
  Template result;
  std::string literal;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t open = text.find("{{", pos);
    if (open == std::string_view::npos) {
      literal.append(text.substr(pos));
      break;
    }
    literal.append(text.substr(pos, open - pos));
    std::size_t start = open + 2;
    std::size_t close = FindClose(text, start);
    if (close == std::string_view::npos) {
      return std::unexpected(ErrorAt(kBadExpression, {open, 2}, "'{{' has no closing '}}'"));
    }
    auto expression = Expression::ParseAt(text.substr(start, close - start), start);
    if (!expression) return std::unexpected(std::move(expression.error()));
    if (!literal.empty()) {
      result.pieces_.push_back(Piece{std::move(literal), 0, nullptr});
      literal.clear();
    }
    result.pieces_.push_back(
        Piece{std::string(), start, std::make_shared<Expression>(std::move(*expression))});
    pos = close + 2;
  }
  if (!literal.empty()) result.pieces_.push_back(Piece{std::move(literal), 0, nullptr});
  return result;
}

std::vector<ExprError> Template::Check() const {
  std::vector<ExprError> problems;
  for (const Piece& piece : pieces_) {
    if (piece.expression) CheckTree(*piece.expression->root_, problems);
  }
  return problems;
}

ExprResult<std::string> Template::Render(const Context& context) const {
  std::string out;
  Evaluator evaluator(context);
  for (const Piece& piece : pieces_) {
    if (!piece.expression) {
      out += piece.literal;
      continue;
    }
    Value scratch;
    const Value* value = evaluator.Eval(*piece.expression->root_, scratch);
    if (value == nullptr) return std::unexpected(std::move(evaluator.error()));
    if (value->type() == Type::kText) {
      out += value->AsText();  // borrowed or not: no copy of the value
    } else {
      out += value->ToText();
    }
  }
  return out;
}

bool Template::HasHoles() const {
  for (const Piece& piece : pieces_) {
    if (piece.expression) return true;
  }
  return false;
}

}  // namespace parcours::expr
