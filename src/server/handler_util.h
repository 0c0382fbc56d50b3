// Small helpers shared by the handlers (journey_handlers.cc, event_handlers.cc, ...).
#pragma once

#include <charconv>
#include <string>

#include "server/api.h"
#include "server/api_json.h"

namespace parcours::server {

// The version number in the path; Admit has checked it is a positive integer.
inline int VersionParam(const Call& call, std::size_t i) {
  int version = 0;
  const std::string& text = call.param(i);
  std::from_chars(text.data(), text.data() + text.size(), version);
  return version;
}

// The answer of an engine call that gives a version object.
inline Response VersionAnswer(const Result<VersionView>& result, int status = 200) {
  if (!result) return ErrorResponse(result.error());
  return JsonResponse(status, VersionJson(*result));
}

}  // namespace parcours::server
