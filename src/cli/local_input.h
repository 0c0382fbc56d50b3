// Local input of the `parcours` CLI: files, JSON arguments, confirmations. Every failure here is
// reported through the session as exit 2 (usage error or bad local input) before anything is sent.
#pragma once

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

#include "cli/session.h"

namespace parcours::cli {

// The whole content of `path`; "-" reads standard input.
Outcome<std::string> ReadInputFile(Session& session, const std::string& path);

// A JSON object given on the command line as text, or as "@FILE" to read it from a file
// ("@-" reads standard input). `what` names the option in messages ("--data").
Outcome<boost::json::object> ParseJsonObjectArgument(Session& session, std::string_view what,
                                                     const std::string& argument);

// Parses `text` as one JSON object; `where` says where it came from in messages.
Outcome<boost::json::object> ParseJsonObject(Session& session, std::string_view where,
                                             std::string_view text);

// Asks before a destructive command; `action` is what will happen ("stop welcome version 1"),
// `consequence` a sentence on what it means. With --yes: goes on. When standard input is a
// terminal: asks "<Action>? <consequence> [y/N]" on stderr and goes on only on "y" or "yes"; any
// other answer is exit 2 ("cancelled", local input). Otherwise (a script, a pipe) it refuses with
// exit 2 and says to pass --yes: nothing destructive happens without an explicit yes.
Done Confirm(Session& session, std::string_view action, std::string_view consequence);

// The refusal part of Confirm alone, to refuse before any request is sent: fails (exit 2) when
// neither --yes was given nor standard input is a terminal.
Done CheckConfirmable(Session& session, std::string_view action);

// Fails with exit 2 unless `text` is an ISO-8601 duration Parcours accepts ("P3D", "PT2H").
Done CheckDuration(Session& session, std::string_view option, std::string_view text);

// Fails with exit 2 unless `text` is an RFC 3339 time with a zone.
Done CheckTime(Session& session, std::string_view option, std::string_view text);

}  // namespace parcours::cli
