#include "expr/lexer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

#include "expr/errors.h"

namespace parcours::expr {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsWordPart(char c) { return IsWordStart(c) || IsDigit(c); }

void AppendUtf8(std::uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Lexer {
 public:
  Lexer(std::string_view text, std::size_t base) : text_(text), base_(base) {}

  ExprResult<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size()) break;
      Token token;
      if (!Next(token)) return std::unexpected(std::move(error_));
      tokens.push_back(std::move(token));
    }
    Token end;
    end.offset = base_ + text_.size();
    tokens.push_back(std::move(end));
    return tokens;
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Fail(std::size_t at, std::size_t length, std::string_view what) {
    error_ = ErrorAt(kBadExpression, {base_ + at, length}, what);
    return false;
  }

  void Finish(Token& token, TokenKind kind, std::size_t start) {
    token.kind = kind;
    token.offset = base_ + start;
    token.length = pos_ - start;
    token.spelling = text_.substr(start, pos_ - start);
  }

  bool Next(Token& token) {
    std::size_t start = pos_;
    char c = text_[pos_];
    if (IsDigit(c)) return LexNumber(token);
    if (c == '\'' || c == '"') return LexText(token);
    if (IsWordStart(c)) {
      while (pos_ < text_.size() && IsWordPart(text_[pos_])) ++pos_;
      Finish(token, WordKind(text_.substr(start, pos_ - start)), start);
      return true;
    }
    auto next_is = [&](char n) { return pos_ + 1 < text_.size() && text_[pos_ + 1] == n; };
    TokenKind kind;
    std::size_t length = 1;
    switch (c) {
      case '.':
        kind = TokenKind::kDot;
        break;
      case '[':
        kind = TokenKind::kLeftBracket;
        break;
      case ']':
        kind = TokenKind::kRightBracket;
        break;
      case '(':
        kind = TokenKind::kLeftParen;
        break;
      case ')':
        kind = TokenKind::kRightParen;
        break;
      case ',':
        kind = TokenKind::kComma;
        break;
      case '+':
        kind = TokenKind::kPlus;
        break;
      case '-':
        kind = TokenKind::kMinus;
        break;
      case '*':
        kind = TokenKind::kStar;
        break;
      case '/':
        kind = TokenKind::kSlash;
        break;
      case '%':
        kind = TokenKind::kPercent;
        break;
      case '<':
        kind = next_is('=') ? TokenKind::kLessEqual : TokenKind::kLess;
        length = next_is('=') ? 2 : 1;
        break;
      case '>':
        kind = next_is('=') ? TokenKind::kGreaterEqual : TokenKind::kGreater;
        length = next_is('=') ? 2 : 1;
        break;
      case '!':
        kind = next_is('=') ? TokenKind::kNotEqual : TokenKind::kNot;
        length = next_is('=') ? 2 : 1;
        break;
      case '=':
        if (!next_is('=')) return Fail(pos_, 1, "'=' is not an operator (did you mean '=='?)");
        kind = TokenKind::kEqual;
        length = 2;
        break;
      case '&':
        if (!next_is('&')) return Fail(pos_, 1, "'&' is not an operator (did you mean '&&'?)");
        kind = TokenKind::kAnd;
        length = 2;
        break;
      case '|':
        if (!next_is('|')) return Fail(pos_, 1, "'|' is not an operator (did you mean '||'?)");
        kind = TokenKind::kOr;
        length = 2;
        break;
      default: {
        std::size_t bytes = 1;
        auto u = static_cast<unsigned char>(c);
        if (u >= 0xF0) {
          bytes = 4;
        } else if (u >= 0xE0) {
          bytes = 3;
        } else if (u >= 0xC0) {
          bytes = 2;
        }
        bytes = std::min(bytes, text_.size() - pos_);
        std::string what = "unexpected character '";
        what.append(text_.substr(pos_, bytes));
        what += "'";
        return Fail(pos_, bytes, what);
      }
    }
    pos_ += length;
    Finish(token, kind, start);
    return true;
  }

  static TokenKind WordKind(std::string_view word) {
    if (word == "true") return TokenKind::kTrue;
    if (word == "false") return TokenKind::kFalse;
    if (word == "null") return TokenKind::kNull;
    if (word == "and") return TokenKind::kAnd;
    if (word == "or") return TokenKind::kOr;
    if (word == "not") return TokenKind::kNot;
    if (word == "in") return TokenKind::kIn;
    return TokenKind::kIdentifier;
  }

  bool LexNumber(Token& token) {
    std::size_t start = pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      if (pos_ + 1 >= text_.size() || !IsDigit(text_[pos_ + 1])) {
        return Fail(start, pos_ + 1 - start, "a decimal point needs digits after it");
      }
      ++pos_;
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      std::size_t exp = pos_ + 1;
      if (exp < text_.size() && (text_[exp] == '+' || text_[exp] == '-')) ++exp;
      if (exp >= text_.size() || !IsDigit(text_[exp])) {
        return Fail(start, exp - start, "an exponent needs digits");
      }
      pos_ = exp;
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    std::string_view digits = text_.substr(start, pos_ - start);
    double value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || !std::isfinite(value)) {
      return Fail(start, digits.size(), "number '" + std::string(digits) + "' is out of range");
    }
    token.number = value;
    Finish(token, TokenKind::kNumber, start);
    return true;
  }

  // Reads 4 hex digits at pos_.
  bool ReadHex4(std::uint32_t& out) {
    if (pos_ + 4 > text_.size()) return false;
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      char h = text_[pos_ + static_cast<std::size_t>(i)];
      v <<= 4;
      if (h >= '0' && h <= '9') {
        v |= static_cast<std::uint32_t>(h - '0');
      } else if (h >= 'a' && h <= 'f') {
        v |= static_cast<std::uint32_t>(h - 'a' + 10);
      } else if (h >= 'A' && h <= 'F') {
        v |= static_cast<std::uint32_t>(h - 'A' + 10);
      } else {
        return false;
      }
    }
    pos_ += 4;
    out = v;
    return true;
  }

  bool LexText(Token& token) {
    std::size_t start = pos_;
    char quote = text_[pos_++];
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) {
        return Fail(
            start, 1,
            std::string("text has no closing ") + (quote == '\'' ? "'" : "\"") + "; it starts");
      }
      char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c != '\\') {
        out += c;
        ++pos_;
        continue;
      }
      std::size_t escape = pos_;
      if (pos_ + 1 >= text_.size()) return Fail(escape, 1, "a '\\' ends the text");
      char e = text_[pos_ + 1];
      pos_ += 2;
      switch (e) {
        case '\\':
          out += '\\';
          break;
        case '\'':
          out += '\'';
          break;
        case '"':
          out += '"';
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          std::uint32_t cp = 0;
          if (!ReadHex4(cp)) return Fail(escape, 2, "'\\u' needs four hex digits");
          if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail(escape, 6, "'\\u' escape is a lone low surrogate");
          }
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low = 0;
            if (pos_ + 2 > text_.size() || text_[pos_] != '\\' || text_[pos_ + 1] != 'u') {
              return Fail(escape, 6, "'\\u' high surrogate needs a '\\u' low surrogate after it");
            }
            pos_ += 2;
            if (!ReadHex4(low) || low < 0xDC00 || low > 0xDFFF) {
              return Fail(escape, 12, "'\\u' high surrogate needs a '\\u' low surrogate after it");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(cp, out);
          break;
        }
        default: {
          std::string what = "unknown escape '\\";
          what += e;
          what += "' (use \\\\ \\' \\\" \\n \\t or \\uXXXX)";
          return Fail(escape, 2, what);
        }
      }
    }
    token.text = std::move(out);
    Finish(token, TokenKind::kText, start);
    return true;
  }

  std::string_view text_;
  std::size_t base_;
  std::size_t pos_ = 0;
  ExprError error_;
};

}  // namespace

bool IsWord(const Token& token) {
  return !token.spelling.empty() && IsWordStart(token.spelling.front());
}

ExprResult<std::vector<Token>> Lex(std::string_view text, std::size_t base) {
  return Lexer(text, base).Run();
}

}  // namespace parcours::expr
