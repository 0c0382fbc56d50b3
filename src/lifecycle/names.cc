// Names of statuses, actions and pause modes, as the API and the history spell them.
#include <array>
#include <utility>

#include "parcours/lifecycle.h"

namespace parcours {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> ParseName(const std::array<Enum, N>& all, const char* (*name_of)(Enum),
                              std::string_view name) {
  for (Enum value : all) {
    if (name == name_of(value)) return value;
  }
  return std::nullopt;
}

}  // namespace

const char* VersionStatusName(VersionStatus status) {
  switch (status) {
    case VersionStatus::kDraft:
      return "draft";
    case VersionStatus::kLive:
      return "live";
    case VersionStatus::kPaused:
      return "paused";
    case VersionStatus::kClosed:
      return "closed";
    case VersionStatus::kStopped:
      return "stopped";
    case VersionStatus::kFinished:
      return "finished";
  }
  return "unknown";
}

std::optional<VersionStatus> ParseVersionStatus(std::string_view name) {
  static constexpr std::array kAll = {VersionStatus::kDraft,   VersionStatus::kLive,
                                      VersionStatus::kPaused,  VersionStatus::kClosed,
                                      VersionStatus::kStopped, VersionStatus::kFinished};
  return ParseName(kAll, &VersionStatusName, name);
}

const char* LifecycleActionName(LifecycleAction action) {
  switch (action) {
    case LifecycleAction::kCreate:
      return "create";
    case LifecycleAction::kPublish:
      return "publish";
    case LifecycleAction::kPause:
      return "pause";
    case LifecycleAction::kResume:
      return "resume";
    case LifecycleAction::kClose:
      return "close";
    case LifecycleAction::kStop:
      return "stop";
    case LifecycleAction::kFinish:
      return "finish";
    case LifecycleAction::kNewVersion:
      return "new_version";
    case LifecycleAction::kDuplicate:
      return "duplicate";
    case LifecycleAction::kDelete:
      return "delete";
    case LifecycleAction::kTestStart:
      return "test_start";
    case LifecycleAction::kTestStop:
      return "test_stop";
  }
  return "unknown";
}

std::optional<LifecycleAction> ParseLifecycleAction(std::string_view name) {
  static constexpr std::array kAll = {
      LifecycleAction::kCreate, LifecycleAction::kPublish,    LifecycleAction::kPause,
      LifecycleAction::kResume, LifecycleAction::kClose,      LifecycleAction::kStop,
      LifecycleAction::kFinish, LifecycleAction::kNewVersion, LifecycleAction::kDuplicate,
      LifecycleAction::kDelete, LifecycleAction::kTestStart,  LifecycleAction::kTestStop};
  return ParseName(kAll, &LifecycleActionName, name);
}

const char* PauseModeName(PauseMode mode) {
  switch (mode) {
    case PauseMode::kHold:
      return "hold";
    case PauseMode::kDiscard:
      return "discard";
  }
  return "unknown";
}

std::optional<PauseMode> ParsePauseMode(std::string_view name) {
  static constexpr std::array kAll = {PauseMode::kHold, PauseMode::kDiscard};
  return ParseName(kAll, &PauseModeName, name);
}

}  // namespace parcours
