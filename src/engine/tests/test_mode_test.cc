// Test mode (issue 8, docs/testing-journeys.md): a draft runs for real on test profiles, with
// short waits and first split branches, apart from live reports, and leaves nothing behind.
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

// A day's wait, a split (the second branch for everyone outside test mode), a webhook, then a
// wait for a purchase of up to three days.
constexpr std::string_view kTrial = R"json({
  "id": "trial", "name": "Trial", "entry": { "type": "event", "event": "signup" },
  "start": "wait-day",
  "nodes": [
    { "id": "wait-day", "type": "wait", "duration": "P1D", "next": "ab" },
    { "id": "ab", "type": "split", "branches": [
        { "label": "A", "percent": 0, "next": "call" },
        { "label": "B", "percent": 100, "next": "end-b" } ] },
    { "id": "call", "type": "action",
      "action": { "kind": "webhook", "url": "https://crm.example/" }, "next": "wait-buy" },
    { "id": "wait-buy", "type": "waitForEvent", "event": "purchase", "timeout": "P3D",
      "next": "end-bought", "onTimeout": "end-late" },
    { "id": "end-b", "type": "end", "label": "B" },
    { "id": "end-bought", "type": "end", "label": "Bought" },
    { "id": "end-late", "type": "end", "label": "Late" }
  ]
})json";

class TestModeTest : public EngineTest {
 protected:
  // `profile` gets the attribute testProfile: true.
  void MarkTestProfile(const std::string& profile) {
    Must(engine().PutProfile(profile, Json(R"({"testProfile": true})"), true), "PutProfile");
  }
  VersionView StartTest(const std::string& id, std::optional<Duration> wait = std::nullopt) {
    return Must(engine().StartTest(id, 1, wait, "ci"), "StartTest");
  }
};

TEST_F(TestModeTest, ADraftInTestModeStaysADraftAndSaysSo) {
  std::string id = CreateDraft(kTrial);
  VersionView view = StartTest(id);
  EXPECT_EQ(view.lifecycle.status, VersionStatus::kDraft);
  ASSERT_TRUE(view.lifecycle.test.has_value());
  EXPECT_EQ(view.lifecycle.test->wait, kDefaultTestWait);
  EXPECT_EQ(view.lifecycle.test->started_at, kStart);
  EXPECT_EQ(LastTransition(id).action, LifecycleAction::kTestStart);
  EXPECT_EQ(LastTransition(id).by, "ci");
  EXPECT_TRUE(ReportOf(id).test_mode);
}

TEST_F(TestModeTest, OnlyTestProfilesEnterOthersAreDiscardedWithAReason) {
  std::string id = CreateDraft(kTrial);
  StartTest(id);
  MarkTestProfile("tester");
  Must(engine().PutProfile("customer", Json(R"({"testProfile": "yes"})"), false), "PutProfile");
  Send("signup", "tester");
  Send("signup", "customer");
  Send("signup", "stranger");

  InstanceView tester = OnlyInstance("tester");
  EXPECT_TRUE(tester.test);
  EXPECT_EQ(tester.version, 1);
  EXPECT_THAT(Instances("customer"), IsEmpty());
  EXPECT_THAT(Instances("stranger"), IsEmpty());
  Report report = ReportOf(id);
  EXPECT_EQ(report.entered, 1);
  EXPECT_THAT(Discards(report), ElementsAre(Pair("not_test_profile", 2)));
}

TEST_F(TestModeTest, AtMostAHundredDistinctProfilesEnterASession) {
  std::string id = PublishJourney(R"json({
    "id": "quick", "name": "Quick", "entry": { "type": "event", "event": "signup" },
    "reentrance": { "allowed": true, "wait": "PT1S" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Must(engine().NewVersion(id, "ci"), "NewVersion");
  Must(engine().StartTest(id, 2, std::nullopt, "ci"), "StartTest");
  for (int i = 0; i < kMaxTestProfiles + 1; ++i) MarkTestProfile("t" + std::to_string(i));
  std::vector<Event> events;
  for (int i = 0; i < kMaxTestProfiles + 1; ++i) {
    events.push_back(MakeEvent("signup", "t" + std::to_string(i)));
  }
  SendAll(events);
  Report report = ReportOf(id, 2);
  EXPECT_EQ(report.entered, kMaxTestProfiles);
  EXPECT_THAT(Discards(report), ElementsAre(Pair("test_profile_limit", 1)));
  // One of the hundred enters again: it is not a new profile of the session.
  Advance("PT2S");
  Send("signup", "t0");
  Send("signup", "t" + std::to_string(kMaxTestProfiles));
  report = ReportOf(id, 2);
  EXPECT_EQ(report.entered, kMaxTestProfiles + 1);
  EXPECT_THAT(Discards(report), ElementsAre(Pair("test_profile_limit", 2)));
  // The live version took every one of them, apart from the test session.
  EXPECT_EQ(ReportOf(id, 1).entered, kMaxTestProfiles + 1 + 2);
}

TEST_F(TestModeTest, WaitsAndEventTimeoutsAreShortenedAndSplitsTakeTheirFirstBranch) {
  std::string id = CreateDraft(kTrial);
  StartTest(id, std::chrono::seconds(30));
  MarkTestProfile("tester");
  Send("signup", "tester");
  EXPECT_EQ(OnlyInstance("tester").current_node, "wait-day");

  Advance("PT30S");  // the day's wait
  InstanceView tester = OnlyInstance("tester");
  EXPECT_EQ(tester.current_node, "wait-buy");
  const HistoryEntry* branch = FindEntry(tester, "ab", kBranch);
  ASSERT_NE(branch, nullptr);
  EXPECT_THAT(branch->detail, HasSubstr("test mode: the first branch"));
  EXPECT_EQ(dispatcher_.RequestsAt("call").size(), 1u);  // actions run for real

  Advance("PT29S");
  EXPECT_EQ(OnlyInstance("tester").status, InstanceStatus::kInProgress);
  Advance("PT1S");  // the three days' timeout
  tester = OnlyInstance("tester");
  EXPECT_EQ(tester.end_tag, "end-late");
  EXPECT_EQ(tester.ended_at, kStart + std::chrono::minutes(1));
  Report report = ReportOf(id);
  EXPECT_EQ(EndTagCount(report, "end-late"), 1);
  EXPECT_EQ(NodeTally(report, "ab"), (Tally{1, 1, 0}));
}

TEST_F(TestModeTest, TestProfilesFollowTheJourneyOnTheirEvents) {
  std::string id = CreateDraft(kTrial);
  StartTest(id);
  MarkTestProfile("tester");
  Send("signup", "tester");
  Advance("PT10S");
  Send("purchase", "tester");
  EXPECT_EQ(OnlyInstance("tester").end_tag, "end-bought");
  Send("signup", "tester");  // re-entrance wait (PT5M by default) holds in test mode too
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("reentrance_wait", 1)));
}

TEST_F(TestModeTest, StartAndStopAreRefusedWithReasons) {
  std::string id = CreateDraft(kTrial);
  auto stop = engine().StopTest(id, 1, "ci");
  ASSERT_EQ(ErrorOf(stop), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(stop.error().problems().at(0).code, "not_in_test_mode");

  auto bad_wait = engine().StartTest(id, 1, Duration::zero(), "ci");
  ASSERT_EQ(ErrorOf(bad_wait), ErrorKind::kInvalidArgument);
  EXPECT_EQ(bad_wait.error().problems().at(0).path, "$.wait");
  EXPECT_EQ(ErrorOf(engine().StartTest(id, 1, std::chrono::days(2), "ci")),
            ErrorKind::kInvalidArgument);

  StartTest(id);
  auto again = engine().StartTest(id, 1, std::nullopt, "ci");
  ASSERT_EQ(ErrorOf(again), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(again.error().problems().at(0).code, "test_mode");

  EXPECT_EQ(ErrorOf(engine().StartTest(id, 7, std::nullopt, "ci")), ErrorKind::kNotFound);

  std::string published = PublishJourney(R"json({
    "id": "pub", "name": "Pub", "entry": { "type": "event", "event": "signup" },
    "start": "done", "nodes": [ { "id": "done", "type": "end" } ] })json");
  auto live = engine().StartTest(published, 1, std::nullopt, "ci");
  ASSERT_EQ(ErrorOf(live), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(live.error().problems().at(0).code, "status_conflict");

  std::string invalid = CreateDraft(R"json({
    "id": "bad", "name": "Bad", "entry": { "type": "event", "event": "signup" },
    "start": "nowhere", "nodes": [ { "id": "done", "type": "end" } ] })json");
  EXPECT_EQ(ErrorOf(engine().StartTest(invalid, 1, std::nullopt, "ci")),
            ErrorKind::kInvalidDefinition);

  Must(engine().PutAudience(Audience{"vip", {"a"}, std::nullopt}), "PutAudience");
  std::string audience = CreateDraft(R"json({
    "id": "aud", "name": "Aud", "entry": { "type": "audience", "audience": "vip" },
    "start": "done", "nodes": [ { "id": "done", "type": "end" } ] })json");
  auto from_audience = engine().StartTest(audience, 1, std::nullopt, "ci");
  ASSERT_EQ(ErrorOf(from_audience), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(from_audience.error().problems().at(0).code, "test_mode_needs_event_entry");
}

TEST_F(TestModeTest, StoppingRemovesTestInstancesTimersActionsAndTheTestReport) {
  OpenEngineOnKeptStore(&dispatcher_);
  std::string id = CreateDraft(kTrial);
  StartTest(id);
  MarkTestProfile("waiting");
  MarkTestProfile("calling");
  dispatcher_.HoldAt("call");
  Send("signup", "calling");
  Advance("PT10S");  // "calling" is at the webhook, its request unanswered
  Send("signup", "waiting");
  ASSERT_EQ(dispatcher_.held(), 1u);
  std::string waiting_id = OnlyInstance("waiting").id;

  VersionView stopped = Must(engine().StopTest(id, 1, "ci"), "StopTest");
  EXPECT_FALSE(stopped.lifecycle.test.has_value());
  EXPECT_EQ(stopped.lifecycle.status, VersionStatus::kDraft);
  EXPECT_EQ(LastTransition(id).action, LifecycleAction::kTestStop);
  EXPECT_THAT(Instances("waiting"), IsEmpty());
  EXPECT_THAT(Instances("calling"), IsEmpty());
  EXPECT_EQ(ErrorOf(engine().GetInstance(waiting_id)), ErrorKind::kNotFound);
  EXPECT_TRUE(Must(engine().ListInstances(id, 1, std::nullopt, 100, ""), "List").instances.empty());
  Report report = ReportOf(id);
  EXPECT_FALSE(report.test_mode);
  EXPECT_EQ(report.entered, 0);
  EXPECT_EQ(NodeTally(report, "wait-day"), (Tally{}));
  EXPECT_THAT(Discards(report), IsEmpty());

  EXPECT_EQ(engine().Stats().timers_in_memory, 0);
  dispatcher_.ReleaseHeld(ActionResult{});  // a late answer finds nothing to move
  engine().WaitIdle();
  EXPECT_THAT(Instances("calling"), IsEmpty());
  // The pending action's outbox record is gone: a restart delivers nothing again.
  engine_.reset();
  OpenEngineOnKeptStore(&dispatcher_);
  engine().WaitIdle();
  EXPECT_EQ(dispatcher_.RequestsAt("call").size(), 1u);
  Advance("P5D");  // no timer is left to fire
  EXPECT_THAT(Instances("calling"), IsEmpty());
  EXPECT_EQ(dispatcher_.RequestsAt("call").size(), 1u);

  // The draft can be edited again, and a new session starts clean (the profile cap too).
  Must(engine().ReplaceDefinition(id, 1, Definition(kTrial), "ci"), "ReplaceDefinition");
  StartTest(id);
  Send("signup", "waiting");
  EXPECT_EQ(ReportOf(id).entered, 1);
}

TEST_F(TestModeTest, ADraftInTestModeCannotBeEdited) {
  std::string id = CreateDraft(kTrial);
  StartTest(id);
  JourneyDefinition changed = Definition(kTrial);
  changed.name = "Trial, renamed";
  auto edited = engine().ReplaceDefinition(id, 1, changed, "ci");
  ASSERT_EQ(ErrorOf(edited), ErrorKind::kFailedPrecondition);
  EXPECT_EQ(edited.error().problems().at(0).code, "test_mode");
  EXPECT_THAT(edited.error().message(), HasSubstr("stop test mode"));
}

TEST_F(TestModeTest, PublishingFromTestModeRemovesTestInstancesAndStartsLiveReportsClean) {
  std::string id = CreateDraft(kTrial);
  StartTest(id);
  MarkTestProfile("tester");
  Send("signup", "tester");
  Send("signup", "customer");  // a discard of the test session
  ASSERT_EQ(ReportOf(id).entered, 1);

  VersionView live = Must(engine().Publish(id, 1, "ci"), "Publish");
  EXPECT_EQ(live.lifecycle.status, VersionStatus::kLive);
  EXPECT_FALSE(live.lifecycle.test.has_value());
  EXPECT_THAT(Instances("tester"), IsEmpty());
  Report report = ReportOf(id);
  EXPECT_FALSE(report.test_mode);
  EXPECT_EQ(report.entered, 0);
  EXPECT_THAT(Discards(report), IsEmpty());

  // Live now: everyone enters, with the real waits and the real split.
  Send("signup", "customer");
  Send("signup", "tester");
  EXPECT_FALSE(OnlyInstance("customer").test);
  Advance("PT10S");
  EXPECT_EQ(OnlyInstance("tester").current_node, "wait-day");
  Advance("P1D");
  EXPECT_EQ(OnlyInstance("customer").end_tag, "end-b");
  EXPECT_EQ(ReportOf(id).entered, 2);
}

TEST_F(TestModeTest, TestCountsNeverReachTheLiveVersionsReport) {
  std::string id = PublishJourney(kTrial);
  Must(engine().NewVersion(id, "ci"), "NewVersion");
  Must(engine().StartTest(id, 2, std::nullopt, "ci"), "StartTest");
  MarkTestProfile("tester");
  Send("signup", "tester");  // enters both: live version 1 and the test session of version 2
  Send("signup", "customer");
  std::vector<InstanceView> tester = Instances("tester");
  ASSERT_EQ(tester.size(), 2u);
  EXPECT_FALSE(tester[0].test);
  EXPECT_TRUE(tester[1].test);
  Report live = ReportOf(id, 1);
  EXPECT_EQ(live.entered, 2);
  EXPECT_FALSE(live.test_mode);
  EXPECT_THAT(Discards(live), IsEmpty());
  Report test = ReportOf(id, 2);
  EXPECT_TRUE(test.test_mode);
  EXPECT_EQ(test.entered, 1);
  EXPECT_THAT(Discards(test), ElementsAre(Pair("not_test_profile", 1)));

  // A profile inside the live version is not "already inside" the test session, nor back.
  Advance("PT10S");
  EXPECT_EQ(Instances("tester")[1].current_node, "wait-buy");
  EXPECT_EQ(Instances("tester")[0].current_node, "wait-day");
}

TEST_F(TestModeTest, DeletingADraftInTestModeEndsItsSession) {
  std::string id = PublishJourney(kTrial);
  Must(engine().NewVersion(id, "ci"), "NewVersion");
  Must(engine().StartTest(id, 2, std::nullopt, "ci"), "StartTest");
  MarkTestProfile("tester");
  Send("signup", "tester");
  ASSERT_EQ(Instances("tester").size(), 2u);
  Must(engine().DeleteVersion(id, 2, "ci"), "DeleteVersion");
  ASSERT_EQ(Instances("tester").size(), 1u);
  EXPECT_FALSE(Instances("tester")[0].test);
  Advance("P5D");
  EXPECT_EQ(Instances("tester").size(), 1u);
  // New version: a new draft, not in test mode.
  VersionView v3 = Must(engine().NewVersion(id, "ci"), "NewVersion");
  EXPECT_FALSE(v3.lifecycle.test.has_value());
}

TEST_F(TestModeTest, TestModeSurvivesARestart) {
  OpenEngineOnKeptStore(&dispatcher_);
  std::string id = CreateDraft(kTrial);
  StartTest(id, std::chrono::seconds(20));
  MarkTestProfile("tester");
  Send("signup", "tester");

  engine_.reset();
  OpenEngineOnKeptStore(&dispatcher_);
  VersionLifecycle lifecycle = LifecycleOf(id);
  ASSERT_TRUE(lifecycle.test.has_value());
  EXPECT_EQ(lifecycle.test->wait, std::chrono::seconds(20));
  EXPECT_EQ(ReportOf(id).entered, 1);
  Advance("PT20S");  // its shortened wait fires after the restart
  EXPECT_EQ(OnlyInstance("tester").current_node, "wait-buy");
  Send("signup", "customer");
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("not_test_profile", 1)));
  // and the cap's count is still there
  Must(engine().StopTest(id, 1, "ci"), "StopTest");
  EXPECT_THAT(Instances("tester"), IsEmpty());
}

TEST_F(TestModeTest, ADraftInTestModeDoesNotBindTheValidationOfOtherVersions) {
  std::string id = PublishJourney(kTrial);
  Must(engine().NewVersion(id, "ci"), "NewVersion");
  JourneyDefinition once = Definition(kTrial);
  once.reentrance = Reentrance{false, std::nullopt};
  Must(engine().ReplaceDefinition(id, 2, once, "ci"), "ReplaceDefinition");
  ValidationReport draft = Must(engine().ValidateVersion(id, 2), "ValidateVersion");
  ASSERT_FALSE(draft.valid());  // the live version's re-entrance rule binds the draft
  EXPECT_EQ(draft.errors.at(0).code, "reentrance_changed");
  EXPECT_EQ(ErrorOf(engine().StartTest(id, 2, std::nullopt, "ci")), ErrorKind::kInvalidDefinition);

  Must(engine().ReplaceDefinition(id, 2, Definition(kTrial), "ci"), "ReplaceDefinition");
  Must(engine().StartTest(id, 2, std::nullopt, "ci"), "StartTest");
  EXPECT_TRUE(Must(engine().ValidateVersion(id, 1), "ValidateVersion").valid());
  EXPECT_TRUE(Must(engine().ValidateVersion(id, 2), "ValidateVersion").valid());
}

TEST_F(TestModeTest, WaitsUntilAFixedTimeAreShortenedToo) {
  std::string id = CreateDraft(R"json({
    "id": "launch", "name": "Launch", "entry": { "type": "event", "event": "signup" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "until": "2027-06-01T00:00:00Z", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  StartTest(id);
  MarkTestProfile("tester");
  Send("signup", "tester");
  InstanceView instance = OnlyInstance("tester");  // FindEntry points into its history
  const HistoryEntry* waiting = FindEntry(instance, "wait", kWaiting);
  ASSERT_NE(waiting, nullptr);
  EXPECT_THAT(waiting->detail, HasSubstr("instead of until 2027-06-01T00:00:00Z"));
  Advance("PT10S");
  EXPECT_EQ(OnlyInstance("tester").end_tag, "done");
}

}  // namespace
}  // namespace parcours::engine_test
