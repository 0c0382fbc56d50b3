// The rules on definitions that depend on a version's lifecycle.
#include <string>

#include "parcours/journey.h"
#include "parcours/lifecycle.h"

namespace parcours {

Status CheckDefinitionEdit(const VersionLifecycle& version, const JourneyDefinition& before,
                           const JourneyDefinition& after) {
  if (version.status == VersionStatus::kDraft && version.test) {
    std::string message =
        "version " + std::to_string(version.version) +
        " is a draft in test mode: its definition cannot change while test "
        "profiles run through it; stop test mode (test/stop) first, or publish it";
    return Fail(
        Error(ErrorKind::kFailedPrecondition, message, {Problem{"test_mode", "$", "", message}}));
  }
  if (version.status == VersionStatus::kDraft) return {};
  std::vector<Problem> changes = NonEditableChanges(before, after);
  if (changes.empty()) return {};
  std::string first = changes.front().path;
  return Fail(Error(ErrorKind::kFailedPrecondition,
                    "version " + std::to_string(version.version) + " is " +
                        VersionStatusName(version.status) +
                        ": a published version is read-only, only names, descriptions and "
                        "labels may change ('" +
                        first +
                        "' differs); create a new version to "
                        "change anything else",
                    std::move(changes)));
}

std::vector<Problem> ChangesAcrossVersions(const JourneyDefinition& previous,
                                           const JourneyDefinition& next) {
  std::vector<Problem> problems;
  auto entry_type = [](const JourneyDefinition& d) {
    return std::holds_alternative<EventEntry>(d.entry) ? "event" : "audience";
  };
  if (previous.entry.index() != next.entry.index()) {
    problems.push_back({"entry_type_changed", "$.entry.type", "",
                        std::string("the entry type cannot change between versions: the "
                                    "previous version is entered by ") +
                            entry_type(previous) + ", this one by " + entry_type(next) +
                            " (duplicate the journey instead)"});
  }
  Reentrance before = previous.reentrance.value_or(Reentrance{});
  Reentrance after = next.reentrance.value_or(Reentrance{});
  auto wait = [](const Reentrance& r) {
    auto d = ParseDuration(r.wait.value_or("PT5M"));
    return d ? *d : Duration(-1);
  };
  if (before.allowed != after.allowed || wait(before) != wait(after)) {
    problems.push_back({"reentrance_changed", "$.reentrance", "",
                        "the re-entrance rule cannot change between versions (previous: " +
                            std::string(before.allowed ? "allowed" : "not allowed") + ", wait " +
                            before.wait.value_or("PT5M") + ")"});
  }
  return problems;
}

}  // namespace parcours
