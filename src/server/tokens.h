// Named API tokens with scopes (API.md "Running the server"), read from a tokens file:
//   { "tokens": [{ "name": "ci", "secret": "…", "scopes": ["read", "events"] }] }
//
// A request presents `Authorization: Bearer <secret>`. Secrets are compared in constant time
// (the time depends only on the length of what was presented, never on a stored secret) and
// are never logged nor written anywhere; a token is known by its name, which lifecycle
// transitions record as `by`.
//
// Thread-safety: a TokenSet is immutable once loaded; concurrent lookups are safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/error.h"

namespace parcours::server {

// What a token may do. kAdmin allows everything (including the clock).
enum class Scope : std::uint8_t { kNone, kRead, kWrite, kPublish, kEvents, kAdmin };

// "read", "write", "publish", "events", "admin"; "" for kNone (no scope needed).
const char* ScopeName(Scope scope);
std::optional<Scope> ParseScope(std::string_view name);

struct Token {
  std::string name;
  std::string secret;
  std::vector<Scope> scopes;

  bool Allows(Scope scope) const;
};

class TokenSet {
 public:
  // Reads and checks a tokens file: unknown fields, empty or repeated names or secrets, unknown
  // scopes are errors (kInvalidArgument naming the JSON path; the message never quotes a
  // secret). An unreadable file is kInvalidArgument too.
  static Result<TokenSet> Load(const std::filesystem::path& file);
  static Result<TokenSet> FromJsonText(std::string_view text);

  // The token whose secret is `secret`, or nullptr. Compares against every token, in constant
  // time for a given length of `secret`.
  const Token* Find(std::string_view secret) const;

  // The token of an `Authorization` header value ("Bearer <secret>"), or nullptr.
  const Token* Authenticate(std::string_view authorization) const;

  std::size_t size() const { return tokens_.size(); }

 private:
  std::vector<Token> tokens_;
};

}  // namespace parcours::server
