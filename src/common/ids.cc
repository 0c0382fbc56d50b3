#include "parcours/ids.h"

namespace parcours {

bool IsValidProfileId(std::string_view id) {
  if (id.empty() || id.size() > kMaxProfileIdLength) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

bool IsValidEventId(std::string_view id) {
  if (id.empty() || id.size() > kMaxEventIdLength) return false;
  for (unsigned char c : id) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::string ProfileIdProblem(std::string_view what, std::string_view id) {
  return std::string(what) + " '" + std::string(id) + "' must be " + std::string(kProfileIdRule);
}

std::string EventIdProblem() { return "the event id must be " + std::string(kEventIdRule); }

}  // namespace parcours
