#include "cli/local_input.h"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "parcours/time.h"

namespace parcours::cli {

Outcome<std::string> ReadInputFile(Session& session, const std::string& path) {
  if (path == "-") {
    std::ostringstream s;
    s << session.in().rdbuf();
    return s.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return session.UsageError("cannot open '" + path + "'");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return session.UsageError("cannot read '" + path + "'");
  return text;
}

Outcome<boost::json::object> ParseJsonObject(Session& session, std::string_view where,
                                             std::string_view text) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec) {
    return session.UsageError(std::string(where) + " is not valid JSON: " + ec.message());
  }
  if (!value.is_object()) return session.UsageError(std::string(where) + " must be a JSON object");
  return std::move(value.as_object());
}

Outcome<boost::json::object> ParseJsonObjectArgument(Session& session, std::string_view what,
                                                     const std::string& argument) {
  if (argument.starts_with("@")) {
    std::string path = argument.substr(1);
    auto text = ReadInputFile(session, path);
    if (!text) return std::unexpected(text.error());
    return ParseJsonObject(session, std::string(what) + " (" + path + ")", *text);
  }
  return ParseJsonObject(session, what, argument);
}

Done CheckConfirmable(Session& session, std::string_view action) {
  if (session.options().yes || session.stdin_is_terminal()) return {};
  return session.UsageError("refusing to " + std::string(action) +
                            " without confirmation: standard input is not a terminal "
                            "(pass --yes to confirm)");
}

Done Confirm(Session& session, std::string_view action, std::string_view consequence) {
  if (session.options().yes) return {};
  if (auto ok = CheckConfirmable(session, action); !ok) return ok;
  std::string question(action);
  if (!question.empty()) question[0] = static_cast<char>(std::toupper(question[0]));
  session.err() << question << "? " << consequence << (consequence.empty() ? "" : " ") << "[y/N] "
                << std::flush;
  std::string answer;
  if (!std::getline(session.in(), answer)) answer.clear();
  std::transform(answer.begin(), answer.end(), answer.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (answer == "y" || answer == "yes") return {};
  return session.UsageError("cancelled; nothing was changed");
}

Done CheckDuration(Session& session, std::string_view option, std::string_view text) {
  if (auto d = ParseDuration(text); !d) {
    return session.UsageError(std::string(option) + " '" + std::string(text) +
                              "' is not a duration: " + d.error().message());
  }
  return {};
}

Done CheckTime(Session& session, std::string_view option, std::string_view text) {
  if (auto t = ParseTime(text); !t) {
    return session.UsageError(std::string(option) + " '" + std::string(text) +
                              "' is not an RFC 3339 time: " + t.error().message());
  }
  return {};
}

}  // namespace parcours::cli
