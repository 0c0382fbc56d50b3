#include "expr/parser.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "expr/errors.h"
#include "expr/eval.h"
#include "expr/functions.h"
#include "expr/lexer.h"

namespace parcours::expr {
namespace {

using NodePtr = std::unique_ptr<Node>;

Span SpanOf(const Token& token) { return {token.offset, token.length}; }

Span Join(Span a, Span b) {
  std::size_t end = std::max(a.offset + a.length, b.offset + b.length);
  return {a.offset, end - a.offset};
}

void ResolvePath(Path& path) {
  const std::string& root = path.root_name;
  const std::vector<PathStep>& steps = path.steps;
  auto first_is = [&](std::string_view name) {
    return !steps.empty() && !steps[0].is_index && steps[0].name == name;
  };
  path.field = steps.empty() ? Field::kWhole : Field::kUnknown;
  path.walk_from = steps.empty() ? 0 : 1;
  if (root == "event" || root == "entry") {
    path.root = root == "event" ? Root::kEvent : Root::kEntry;
    if (first_is("id")) path.field = Field::kId;
    if (first_is("type")) path.field = Field::kType;
    if (first_is("profileId")) path.field = Field::kProfileId;
    if (first_is("timestamp")) path.field = Field::kTimestamp;
    if (first_is("data")) path.field = Field::kData;
  } else if (root == "profile") {
    path.root = Root::kProfile;
    if (first_is("id")) {
      path.field = Field::kId;
    } else if (!steps.empty()) {
      path.field = Field::kAttributes;
      path.walk_from = 0;
    }
  } else if (root == "journey") {
    path.root = Root::kJourney;
    if (first_is("id")) path.field = Field::kId;
    if (first_is("version")) path.field = Field::kVersion;
  } else if (root == "now") {
    path.root = Root::kNow;
  } else {
    path.root = Root::kUnknown;
  }
}

class Parser {
 public:
  Parser(std::string_view text, std::size_t base, std::vector<Token> tokens)
      : text_(text), base_(base), tokens_(std::move(tokens)) {}

  ExprResult<NodePtr> Run() {
    if (tokens_.size() == 1) {
      return std::unexpected(
          ErrorWithMessage(kBadExpression, {base_, text_.size()}, "empty expression"));
    }
    NodePtr root = ParseOr();
    if (root && Peek().kind != TokenKind::kEnd) {
      Fail(SpanOf(Peek()), "expected an operator or the end of the expression, found " +
                               Describe(Peek()) + " at " + Column(Peek().offset));
      root.reset();
    }
    if (!root) return std::unexpected(std::move(error_));
    return root;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Advance() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool At(TokenKind kind) const { return Peek().kind == kind; }

  static std::string Describe(const Token& token) {
    if (token.kind == TokenKind::kEnd) return "the end of the expression";
    return "'" + std::string(token.spelling) + "'";
  }

  NodePtr Fail(Span span, std::string message) {
    if (!failed_) {
      error_ = ErrorWithMessage(kBadExpression, span, std::move(message));
      failed_ = true;
    }
    return nullptr;
  }

  // "expected X, found Y at column N", or at the end: located at the last token.
  NodePtr Expected(std::string_view what) {
    const Token& token = Peek();
    if (token.kind == TokenKind::kEnd) {
      const Token& last = tokens_[pos_ - 1];
      return Fail(SpanOf(last), "unexpected end of expression after '" +
                                    std::string(last.spelling) + "' at " + Column(last.offset) +
                                    ": expected " + std::string(what));
    }
    return Fail(SpanOf(token), "expected " + std::string(what) + ", found " + Describe(token) +
                                   " at " + Column(token.offset));
  }

  // A closing token for `open` is missing.
  NodePtr Unclosed(const Token& open, std::string_view alternatives) {
    std::string message = "expected " + std::string(alternatives) + " to close '" +
                          std::string(open.spelling) + "' at " + Column(open.offset);
    if (At(TokenKind::kEnd)) {
      return Fail(SpanOf(open), message + ", but the expression ends");
    }
    return Fail(SpanOf(Peek()),
                message + ", found " + Describe(Peek()) + " at " + Column(Peek().offset));
  }

  NodePtr Finish(NodePtr node) {
    int depth = 0;
    for (const auto& child : node->children) depth = std::max<int>(depth, child->depth);
    if (depth + 1 > kMaxDepth) {
      return Fail(node->op_span.length > 0 ? node->op_span : node->span,
                  "expression nested too deeply (more than " + std::to_string(kMaxDepth) +
                      " levels) at " + Column(node->span.offset));
    }
    node->depth = static_cast<std::uint16_t>(depth + 1);
    Value folded;
    if (FoldConstant(*node, folded)) {
      auto literal = std::make_unique<Node>();
      literal->kind = NodeKind::kLiteral;
      literal->span = node->span;
      literal->op_span = node->op_span;
      literal->literal = std::move(folded);
      return literal;
    }
    return node;
  }

  NodePtr MakeBinary(Op op, const Token& op_token, NodePtr left, NodePtr right) {
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::kBinary;
    node->op = op;
    node->op_span = SpanOf(op_token);
    node->span = Join(left->span, right->span);
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return Finish(std::move(node));
  }

  // && / || chains: one node with every operand as a child.
  NodePtr ParseChain(TokenKind token_kind, NodeKind node_kind, NodePtr (Parser::*operand)()) {
    NodePtr first = (this->*operand)();
    if (!first || !At(token_kind)) return first;
    auto node = std::make_unique<Node>();
    node->kind = node_kind;
    node->op_span = SpanOf(Peek());
    node->children.push_back(std::move(first));
    while (At(token_kind)) {
      Advance();
      NodePtr next = (this->*operand)();
      if (!next) return nullptr;
      node->children.push_back(std::move(next));
    }
    node->span = Join(node->children.front()->span, node->children.back()->span);
    return Finish(std::move(node));
  }

  NodePtr ParseOr() { return ParseChain(TokenKind::kOr, NodeKind::kOr, &Parser::ParseAnd); }
  NodePtr ParseAnd() { return ParseChain(TokenKind::kAnd, NodeKind::kAnd, &Parser::ParseEquality); }

  // One left-associative level: `operand (op operand)*` for the token kinds in `ops`.
  template <std::size_t N>
  NodePtr ParseLevel(const std::pair<TokenKind, Op> (&ops)[N], NodePtr (Parser::*operand)()) {
    NodePtr left = (this->*operand)();
    while (left) {
      Op op = Op::kNone;
      for (const auto& [kind, candidate] : ops) {
        if (At(kind)) op = candidate;
      }
      if (op == Op::kNone) break;
      const Token& op_token = Advance();
      NodePtr right = (this->*operand)();
      if (!right) return nullptr;
      left = MakeBinary(op, op_token, std::move(left), std::move(right));
    }
    return left;
  }

  NodePtr ParseEquality() {
    static constexpr std::pair<TokenKind, Op> kOps[] = {{TokenKind::kEqual, Op::kEqual},
                                                        {TokenKind::kNotEqual, Op::kNotEqual}};
    return ParseLevel(kOps, &Parser::ParseRelational);
  }
  NodePtr ParseRelational() {
    static constexpr std::pair<TokenKind, Op> kOps[] = {
        {TokenKind::kLess, Op::kLess},
        {TokenKind::kLessEqual, Op::kLessEqual},
        {TokenKind::kGreater, Op::kGreater},
        {TokenKind::kGreaterEqual, Op::kGreaterEqual},
        {TokenKind::kIn, Op::kIn}};
    return ParseLevel(kOps, &Parser::ParseAdditive);
  }
  NodePtr ParseAdditive() {
    static constexpr std::pair<TokenKind, Op> kOps[] = {{TokenKind::kPlus, Op::kAdd},
                                                        {TokenKind::kMinus, Op::kSubtract}};
    return ParseLevel(kOps, &Parser::ParseMultiplicative);
  }
  NodePtr ParseMultiplicative() {
    static constexpr std::pair<TokenKind, Op> kOps[] = {{TokenKind::kStar, Op::kMultiply},
                                                        {TokenKind::kSlash, Op::kDivide},
                                                        {TokenKind::kPercent, Op::kModulo}};
    return ParseLevel(kOps, &Parser::ParseUnary);
  }

  NodePtr ParseUnary() {
    if (++nesting_ > kMaxDepth) {
      return Fail(SpanOf(Peek()), "expression nested too deeply (more than " +
                                      std::to_string(kMaxDepth) + " levels) at " +
                                      Column(Peek().offset));
    }
    NodePtr result;
    if (At(TokenKind::kNot) || At(TokenKind::kMinus)) {
      const Token& op_token = Advance();
      NodePtr operand = ParseUnary();
      if (operand) {
        auto node = std::make_unique<Node>();
        node->kind = NodeKind::kUnary;
        node->op = op_token.kind == TokenKind::kNot ? Op::kNot : Op::kNegate;
        node->op_span = SpanOf(op_token);
        node->span = Join(SpanOf(op_token), operand->span);
        node->children.push_back(std::move(operand));
        result = Finish(std::move(node));
      }
    } else {
      result = ParsePostfix();
    }
    --nesting_;
    return result;
  }

  static bool IsIndexLiteral(const Node& node) {
    if (node.kind != NodeKind::kLiteral) return false;
    if (node.literal.type() == Type::kText) return true;
    if (node.literal.type() != Type::kNumber) return false;
    double n = node.literal.AsNumber();
    return n >= 0 && n < 9'007'199'254'740'992.0 && std::floor(n) == n;
  }

  NodePtr ParsePostfix() {
    NodePtr node = ParsePrimary();
    while (node) {
      if (At(TokenKind::kDot)) {
        const Token& dot = Advance();
        if (!IsWord(Peek())) return Expected("a field name after '.' at " + Column(dot.offset));
        const Token& name = Advance();
        if (node->kind == NodeKind::kPath) {
          node->path.steps.push_back({std::string(name.spelling), 0, false, SpanOf(name)});
          node->span = Join(node->span, SpanOf(name));
          continue;
        }
        auto member = std::make_unique<Node>();
        member->kind = NodeKind::kMember;
        member->name = std::string(name.spelling);
        member->op_span = SpanOf(name);
        member->span = Join(node->span, SpanOf(name));
        member->children.push_back(std::move(node));
        node = Finish(std::move(member));
      } else if (At(TokenKind::kLeftBracket)) {
        const Token& open = Advance();
        NodePtr key = ParseNested();
        if (!key) return nullptr;
        if (!At(TokenKind::kRightBracket)) return Unclosed(open, "']'");
        const Token& close = Advance();
        if (node->kind == NodeKind::kPath && IsIndexLiteral(*key)) {
          PathStep step;
          step.span = key->span;
          if (key->literal.type() == Type::kText) {
            step.name = std::string(key->literal.AsText());
          } else {
            step.is_index = true;
            step.index = static_cast<std::size_t>(key->literal.AsNumber());
          }
          node->path.steps.push_back(std::move(step));
          node->span = Join(node->span, SpanOf(close));
          continue;
        }
        if (node->kind == NodeKind::kPath) ResolvePath(node->path);
        auto index = std::make_unique<Node>();
        index->kind = NodeKind::kIndex;
        index->op_span = SpanOf(open);
        index->span = Join(node->span, SpanOf(close));
        index->children.push_back(std::move(node));
        index->children.push_back(std::move(key));
        node = Finish(std::move(index));
      } else {
        break;
      }
    }
    if (node && node->kind == NodeKind::kPath) ResolvePath(node->path);
    return node;
  }

  // An expression inside brackets or parentheses.
  NodePtr ParseNested() { return ParseOr(); }

  NodePtr Literal(const Token& token, Value value) {
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::kLiteral;
    node->span = SpanOf(token);
    node->literal = std::move(value);
    return node;
  }

  NodePtr ParsePrimary() {
    const Token& token = Peek();
    switch (token.kind) {
      case TokenKind::kNumber:
        Advance();
        return Literal(token, Value::Number(token.number));
      case TokenKind::kText:
        Advance();
        return Literal(token, Value::Text(token.text));
      case TokenKind::kTrue:
      case TokenKind::kFalse:
        Advance();
        return Literal(token, Value::Bool(token.kind == TokenKind::kTrue));
      case TokenKind::kNull:
        Advance();
        return Literal(token, Value());
      case TokenKind::kLeftParen: {
        const Token& open = Advance();
        NodePtr inner = ParseNested();
        if (!inner) return nullptr;
        if (!At(TokenKind::kRightParen)) return Unclosed(open, "')'");
        Advance();
        return inner;
      }
      case TokenKind::kLeftBracket:
        return ParseList();
      case TokenKind::kIdentifier:
        Advance();
        if (At(TokenKind::kLeftParen)) return ParseCall(token);
        {
          auto node = std::make_unique<Node>();
          node->kind = NodeKind::kPath;
          node->span = SpanOf(token);
          node->path.root_name = std::string(token.spelling);
          node->path.root_span = SpanOf(token);
          return node;
        }
      default:
        return Expected("a value");
    }
  }

  NodePtr ParseList() {
    const Token& open = Advance();
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::kList;
    if (!At(TokenKind::kRightBracket)) {
      while (true) {
        NodePtr item = ParseNested();
        if (!item) return nullptr;
        node->children.push_back(std::move(item));
        if (At(TokenKind::kComma)) {
          Advance();
          continue;
        }
        if (At(TokenKind::kRightBracket)) break;
        return Unclosed(open, "',' or ']'");
      }
    }
    const Token& close = Advance();
    node->span = Join(SpanOf(open), SpanOf(close));
    return Finish(std::move(node));
  }

  NodePtr ParseCall(const Token& name) {
    const Token& open = Advance();
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::kCall;
    node->name = std::string(name.spelling);
    node->op_span = SpanOf(name);
    const FunctionInfo* info = FindFunction(node->name);
    node->function = info != nullptr ? info->function : Function::kUnknown;
    if (!At(TokenKind::kRightParen)) {
      while (true) {
        NodePtr arg = ParseNested();
        if (!arg) return nullptr;
        node->children.push_back(std::move(arg));
        if (At(TokenKind::kComma)) {
          Advance();
          continue;
        }
        if (At(TokenKind::kRightParen)) break;
        return Unclosed(open, "',' or ')'");
      }
    }
    const Token& close = Advance();
    node->span = Join(SpanOf(name), SpanOf(close));
    return Finish(std::move(node));
  }

  std::string_view text_;
  std::size_t base_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int nesting_ = 0;
  bool failed_ = false;
  ExprError error_;
};

}  // namespace

ExprResult<std::unique_ptr<Node>> ParseTree(std::string_view text, std::size_t base) {
  if (text.size() > kMaxTextBytes) {
    return std::unexpected(
        ErrorWithMessage(kBadExpression, {base + kMaxTextBytes, text.size() - kMaxTextBytes},
                         "expression longer than " + std::to_string(kMaxTextBytes) +
                             " bytes (it has " + std::to_string(text.size()) + ")"));
  }
  auto tokens = Lex(text, base);
  if (!tokens) return std::unexpected(std::move(tokens.error()));
  return Parser(text, base, std::move(*tokens)).Run();
}

}  // namespace parcours::expr
