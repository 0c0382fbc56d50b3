// Helpers shared by the lifecycle tests: fixed times, and journeys brought to a given status
// through the public operations only.
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>

#include "parcours/lifecycle.h"

namespace parcours {

// So that gtest prints statuses and actions by name.
inline void PrintTo(VersionStatus status, std::ostream* os) { *os << VersionStatusName(status); }
inline void PrintTo(LifecycleAction action, std::ostream* os) {
  *os << LifecycleActionName(action);
}

}  // namespace parcours

namespace parcours::lifecycle_test {

using namespace std::chrono_literals;

inline Time At(std::string_view text) { return ParseTime(text).value(); }

// 2026-12-01T09:00:00Z: every test's journey is created then.
inline const Time kT0 = At("2026-12-01T09:00:00Z");
inline constexpr Duration kGlobalTimeout = std::chrono::days(30);

inline constexpr VersionStatus kAllStatuses[] = {VersionStatus::kDraft,   VersionStatus::kLive,
                                                 VersionStatus::kPaused,  VersionStatus::kClosed,
                                                 VersionStatus::kStopped, VersionStatus::kFinished};

inline constexpr LifecycleAction kAllActions[] = {
    LifecycleAction::kCreate, LifecycleAction::kPublish,    LifecycleAction::kPause,
    LifecycleAction::kResume, LifecycleAction::kClose,      LifecycleAction::kStop,
    LifecycleAction::kFinish, LifecycleAction::kNewVersion, LifecycleAction::kDuplicate,
    LifecycleAction::kDelete, LifecycleAction::kTestStart,  LifecycleAction::kTestStop};

// A journey whose version 1 has `status`, reached through the operations, one hour apart from
// kT0 (finished: at closed_at + kGlobalTimeout).
inline JourneyLifecycle JourneyWithVersion1(VersionStatus status) {
  JourneyLifecycle journey = CreateJourney(kT0, "ci");
  if (status == VersionStatus::kDraft) return journey;
  EXPECT_TRUE(Publish(journey, 1, kT0 + 1h, "ci", {}).has_value());
  switch (status) {
    case VersionStatus::kPaused:
      EXPECT_TRUE(Pause(journey, 1, PauseMode::kHold, std::nullopt, kT0 + 2h, "ci").has_value());
      break;
    case VersionStatus::kClosed:
      EXPECT_TRUE(Close(journey, 1, kT0 + 2h, "ci").has_value());
      break;
    case VersionStatus::kStopped:
      EXPECT_TRUE(Stop(journey, 1, kT0 + 2h, "ci").has_value());
      break;
    case VersionStatus::kFinished:
      EXPECT_TRUE(Close(journey, 1, kT0 + 2h, "ci").has_value());
      EXPECT_TRUE(Finish(journey, 1, kT0 + 2h + kGlobalTimeout, kGlobalTimeout).has_value());
      break;
    default:
      break;
  }
  EXPECT_EQ(journey.versions.at(0).status, status);
  return journey;
}

// The stable code of the one Problem a refusal carries ("" when there is not exactly one).
inline std::string RefusalCode(const Error& error) {
  return error.problems().size() == 1 ? error.problems()[0].code : "";
}

inline bool Contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace parcours::lifecycle_test
