// The rules for ids, each written once: the API, the engine, audience runs, the simulation and
// the CLI all call these, so a request refused by one layer is refused by every layer for the
// same reason, in the same words.
//
//   profile ids, and ids in request paths (journeys, audiences): 1 to 128 of [A-Za-z0-9_.:-]
//   event ids: 1 to 256 bytes, none of them a control character (0x00-0x1F, 0x7F)
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace parcours {

inline constexpr std::size_t kMaxProfileIdLength = 128;
inline constexpr std::size_t kMaxEventIdLength = 256;

// The rules in words, for the message that refuses an id.
inline constexpr std::string_view kProfileIdRule = "1 to 128 letters, digits, '_', '-', '.' or ':'";
inline constexpr std::string_view kEventIdRule = "1 to 256 characters without control characters";

bool IsValidProfileId(std::string_view id);
bool IsValidEventId(std::string_view id);

// "profileId 'x y' must be 1 to 128 letters, ...": `what` names the field as the caller's input
// does ("profileId", "profile id", "--trace").
std::string ProfileIdProblem(std::string_view what, std::string_view id);
// "the event id must be 1 to 256 characters without control characters".
std::string EventIdProblem();

}  // namespace parcours
