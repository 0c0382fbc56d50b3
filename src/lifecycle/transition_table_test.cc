// The transition table, row by row: every (status, action) pair against the expected matrix,
// both through CheckTransition and through the operations themselves.
#include <array>
#include <map>
#include <span>
#include <utility>

#include "lifecycle/test_util.h"

namespace parcours::lifecycle_test {
namespace {

using enum VersionStatus;
using Action = LifecycleAction;

// "ok", or the refusal's problem code.
const std::map<std::pair<VersionStatus, Action>, std::string>& ExpectedMatrix() {
  static const auto* matrix = [] {
    const char* ok = "ok";
    const char* sc = "status_conflict";
    const char* nr = "not_reopenable";
    const char* nd = "not_deletable";
    const char* de = "draft_exists";
    // clang-format off
    const std::pair<VersionStatus, std::array<const char*, 12>> rows[] = {
      //              create publish pause resume close stop finish new_version duplicate delete test_start test_stop
      {kDraft,    {{sc,    ok,     sc,   sc,    sc,   sc,  sc,    de,         ok,       ok,    ok,        ok}}},
      {kLive,     {{sc,    sc,     ok,   sc,    ok,   ok,  sc,    ok,         ok,       nd,    sc,        sc}}},
      {kPaused,   {{sc,    sc,     sc,   ok,    ok,   ok,  sc,    ok,         ok,       nd,    sc,        sc}}},
      {kClosed,   {{sc,    nr,     nr,   nr,    sc,   ok,  ok,    ok,         ok,       nd,    sc,        sc}}},
      {kStopped,  {{sc,    nr,     nr,   nr,    sc,   sc,  sc,    ok,         ok,       nd,    sc,        sc}}},
      {kFinished, {{sc,    nr,     nr,   nr,    sc,   sc,  sc,    ok,         ok,       ok,    sc,        sc}}},
    };
    // clang-format on
    auto* m = new std::map<std::pair<VersionStatus, Action>, std::string>;
    for (const auto& [status, codes] : rows) {
      for (std::size_t i = 0; i < codes.size(); ++i) (*m)[{status, kAllActions[i]}] = codes[i];
    }
    return m;
  }();
  return *matrix;
}

// The status an allowed action leaves the version in (nullopt: the action does not change it).
std::optional<VersionStatus> TargetOf(Action action) {
  switch (action) {
    case Action::kPublish:
    case Action::kResume:
      return kLive;
    case Action::kPause:
      return kPaused;
    case Action::kClose:
      return kClosed;
    case Action::kStop:
      return kStopped;
    case Action::kFinish:
      return kFinished;
    default:
      return std::nullopt;
  }
}

class TransitionTable : public testing::TestWithParam<std::tuple<VersionStatus, Action>> {
 public:
  static std::string Name(const testing::TestParamInfo<ParamType>& info) {
    return std::string(VersionStatusName(std::get<0>(info.param))) + "_" +
           LifecycleActionName(std::get<1>(info.param));
  }

 protected:
  VersionStatus from() const { return std::get<0>(GetParam()); }
  Action action() const { return std::get<1>(GetParam()); }
  const std::string& expected() const { return ExpectedMatrix().at({from(), action()}); }
};

TEST_P(TransitionTable, CheckTransitionMatchesTheMatrix) {
  Status result = CheckTransition(from(), action());
  if (expected() == "ok") {
    EXPECT_TRUE(result.has_value()) << result.error().message();
    return;
  }
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().kind(), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(RefusalCode(result.error()), expected());
  EXPECT_EQ(result.error().problems()[0].message, result.error().message());
  EXPECT_TRUE(Contains(result.error().message(),
                       std::string("the version is ") + VersionStatusName(from()) + ": "))
      << result.error().message();
}

// The operation for `action` applied to version 1 of `journey`, reduced to its status change
// (nullopt for the actions that change no status of version 1).
Result<std::optional<StatusChange>> Apply(JourneyLifecycle& journey, Action action) {
  auto change = [](auto result) -> Result<std::optional<StatusChange>> {
    if (!result) return Fail(std::move(result.error()));
    return std::optional<StatusChange>();
  };
  const Time now = kT0 + std::chrono::days(400);  // after any global timeout
  switch (action) {
    case Action::kCreate:
      return Fail(Error::Internal("create has no operation on an existing version"));
    case Action::kPublish: {
      auto r = Publish(journey, 1, now, "ci", {});
      if (!r) return Fail(std::move(r.error()));
      return std::optional<StatusChange>(r->published);
    }
    case Action::kPause: {
      auto r = Pause(journey, 1, PauseMode::kHold, std::nullopt, now, "ci");
      if (!r) return Fail(std::move(r.error()));
      return std::optional<StatusChange>(*r);
    }
    case Action::kResume:
    case Action::kClose:
    case Action::kStop:
    case Action::kFinish: {
      auto r = action == Action::kResume  ? Resume(journey, 1, now, "ci")
               : action == Action::kClose ? Close(journey, 1, now, "ci")
               : action == Action::kStop  ? Stop(journey, 1, now, "ci")
                                          : Finish(journey, 1, now, kGlobalTimeout);
      if (!r) return Fail(std::move(r.error()));
      return std::optional<StatusChange>(*r);
    }
    case Action::kNewVersion:
      return change(NewVersion(journey, now, "ci"));
    case Action::kDuplicate:
      return change(Duplicate(journey, "j1", 1, now, "ci"));
    case Action::kDelete:
      return change(Delete(journey, 1));
    case Action::kTestStart:
      return change(StartTest(journey, 1, std::nullopt, now, "ci", {}));
    case Action::kTestStop: {
      const VersionLifecycle* v = FindVersion(journey, 1);
      if (v != nullptr && v->status == kDraft) {  // a draft stops only a test it started
        auto started = StartTest(journey, 1, std::nullopt, now, "ci", {});
        if (!started) return Fail(std::move(started.error()));
      }
      return change(StopTest(journey, 1, now, "ci"));
    }
  }
  return Fail(Error::Internal("unknown action"));
}

// The same pairs through the operations, except create, which acts on no existing version.
class TransitionOperation : public TransitionTable {};

TEST_P(TransitionOperation, FollowsTheMatrixAndChangesNothingWhenRefused) {
  JourneyLifecycle journey = JourneyWithVersion1(from());
  const JourneyLifecycle before = journey;
  auto result = Apply(journey, action());
  if (expected() != "ok") {
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().kind(), ErrorKind::kFailedPrecondition);
    EXPECT_EQ(RefusalCode(result.error()), expected());
    EXPECT_TRUE(Contains(result.error().message(),
                         std::string("version 1 is ") + VersionStatusName(from()) + ": "))
        << result.error().message();
    EXPECT_EQ(journey, before);
    return;
  }
  ASSERT_TRUE(result.has_value()) << result.error().message();
  if (std::optional<VersionStatus> to = TargetOf(action())) {
    ASSERT_TRUE(result->has_value());
    EXPECT_EQ(**result, (StatusChange{1, from(), *to}));
    EXPECT_EQ(FindVersion(journey, 1)->status, *to);
    EXPECT_EQ(FindVersion(journey, 1)->history.back().action, action());
  }
}

INSTANTIATE_TEST_SUITE_P(EveryStatusAndAction, TransitionTable,
                         testing::Combine(testing::ValuesIn(kAllStatuses),
                                          testing::ValuesIn(kAllActions)),
                         TransitionTable::Name);

static_assert(kAllActions[0] == Action::kCreate, "subspan(1) below leaves out create");
INSTANTIATE_TEST_SUITE_P(EveryStatusAndActionOnAVersion, TransitionOperation,
                         testing::Combine(testing::ValuesIn(kAllStatuses),
                                          testing::ValuesIn(std::span(kAllActions).subspan(1))),
                         TransitionTable::Name);

TEST(Lifecycle, NamesRoundTrip) {
  for (VersionStatus s : kAllStatuses) EXPECT_EQ(ParseVersionStatus(VersionStatusName(s)), s);
  for (Action a : kAllActions) EXPECT_EQ(ParseLifecycleAction(LifecycleActionName(a)), a);
  for (PauseMode m : {PauseMode::kHold, PauseMode::kDiscard}) {
    EXPECT_EQ(ParsePauseMode(PauseModeName(m)), m);
  }
  EXPECT_STREQ(VersionStatusName(kFinished), "finished");
  EXPECT_STREQ(LifecycleActionName(Action::kNewVersion), "new_version");
  EXPECT_STREQ(PauseModeName(PauseMode::kDiscard), "discard");
  EXPECT_EQ(ParseVersionStatus("Live"), std::nullopt);
  EXPECT_EQ(ParseLifecycleAction("new-version"), std::nullopt);
  EXPECT_EQ(ParsePauseMode(""), std::nullopt);
}

}  // namespace
}  // namespace parcours::lifecycle_test
