#include "server/tokens.h"

#include <boost/json/value.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "model/json_reader.h"
#include "server/api_json.h"

namespace parcours::server {
namespace {

// Equal in time that depends only on the length of `given`. `stored` is not empty.
bool ConstantTimeEquals(std::string_view stored, std::string_view given) {
  unsigned diff = static_cast<unsigned>(stored.size() ^ given.size());
  for (std::size_t i = 0; i < given.size(); ++i) {
    diff |= static_cast<unsigned char>(stored[i % stored.size()]) ^
            static_cast<unsigned char>(given[i]);
  }
  return diff == 0;
}

}  // namespace

const char* ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kNone:
      return "";
    case Scope::kRead:
      return "read";
    case Scope::kWrite:
      return "write";
    case Scope::kPublish:
      return "publish";
    case Scope::kEvents:
      return "events";
    case Scope::kAdmin:
      return "admin";
  }
  return "";
}

std::optional<Scope> ParseScope(std::string_view name) {
  for (Scope s : {Scope::kRead, Scope::kWrite, Scope::kPublish, Scope::kEvents, Scope::kAdmin}) {
    if (name == ScopeName(s)) return s;
  }
  return std::nullopt;
}

bool Token::Allows(Scope scope) const {
  if (scope == Scope::kNone) return true;
  return std::any_of(scopes.begin(), scopes.end(),
                     [scope](Scope s) { return s == scope || s == Scope::kAdmin; });
}

Result<TokenSet> TokenSet::Load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Fail(Error::InvalidArgument("cannot read the tokens file " + file.string()));
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto tokens = FromJsonText(text.str());
  if (!tokens) {
    return Fail(
        Error::InvalidArgument("tokens file " + file.string() + ": " + tokens.error().message(),
                               tokens.error().problems()));
  }
  return tokens;
}

Result<TokenSet> TokenSet::FromJsonText(std::string_view text) {
  auto json = ParseJsonBody(text);
  if (!json) return Fail(json.error());
  model::ProblemSink sink;
  model::FieldReader top(sink, *json, "$", "", "the tokens file");
  const boost::json::value* list = top.Require("tokens");
  top.Finish();
  TokenSet set;
  std::set<std::string> names, secrets;
  if (list != nullptr && !list->is_array()) top.WrongType("tokens", "an array", *list);
  if (list != nullptr && list->is_array()) {
    const auto& array = list->get_array();
    for (std::size_t i = 0; i < array.size(); ++i) {
      std::string path = "$.tokens[" + std::to_string(i) + "]";
      model::FieldReader r(sink, array[i], path, "", "a token");
      Token token;
      token.name = r.String("name", true).value_or("");
      token.secret = r.String("secret", true).value_or("");
      if (r.ok() && token.name.empty()) {
        sink.Add("bad_value", path + ".name", "", "a token needs a name");
      } else if (r.ok() && !names.insert(token.name).second) {
        sink.Add("bad_value", path + ".name", "", "token name '" + token.name + "' is repeated");
      }
      if (r.ok() && token.secret.size() < 8) {
        sink.Add("bad_value", path + ".secret", "", "a secret must be at least 8 characters");
      } else if (r.ok() && !secrets.insert(token.secret).second) {
        sink.Add("bad_value", path + ".secret", "", "two tokens have the same secret");
      }
      if (const boost::json::value* scopes = r.Require("scopes")) {
        if (!scopes->is_array()) {
          r.WrongType("scopes", "an array", *scopes);
        } else {
          const auto& names_list = scopes->get_array();
          for (std::size_t k = 0; k < names_list.size(); ++k) {
            const auto* s = names_list[k].if_string();
            auto scope = s != nullptr ? ParseScope(*s) : std::nullopt;
            if (!scope) {
              sink.Add("bad_value", path + ".scopes[" + std::to_string(k) + "]", "",
                       "a scope is one of read, write, publish, events, admin");
            } else {
              token.scopes.push_back(*scope);
            }
          }
        }
      }
      r.Finish();
      set.tokens_.push_back(std::move(token));
    }
  }
  if (!sink.empty()) return Fail(Error::InvalidArgument("the tokens are not valid", sink.Take()));
  return set;
}

const Token* TokenSet::Find(std::string_view secret) const {
  const Token* found = nullptr;
  for (const Token& t : tokens_) {
    if (ConstantTimeEquals(t.secret, secret) && found == nullptr) found = &t;
  }
  return found;
}

const Token* TokenSet::Authenticate(std::string_view authorization) const {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size()) return nullptr;
  for (std::size_t i = 0; i < kBearer.size(); ++i) {
    char a = authorization[i], b = kBearer[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return nullptr;
  }
  std::string_view secret = authorization.substr(kBearer.size());
  while (!secret.empty() && secret.front() == ' ') secret.remove_prefix(1);
  while (!secret.empty() && secret.back() == ' ') secret.remove_suffix(1);
  if (secret.empty()) return nullptr;
  return Find(secret);
}

}  // namespace parcours::server
