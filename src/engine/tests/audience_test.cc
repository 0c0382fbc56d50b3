// Audience entries: one-shot and recurring reads, rate, `when` audiences, automatic closes
// (DESIGN.md §1 "Entry, re-entrance, global timeout" and "Fine points").
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

class AudienceTest : public EngineTest {
 protected:
  void PutList(std::string id, std::vector<std::string> profiles) {
    Must(engine().PutAudience(Audience{std::move(id), std::move(profiles), std::nullopt}),
         "PutAudience");
  }
  void PutWhen(std::string id, std::string when) {
    Must(engine().PutAudience(Audience{std::move(id), {}, std::move(when)}), "PutAudience");
  }
  void PutAttributes(std::string_view profile, std::string_view json) {
    Must(engine().PutProfile(profile, Json(json), false), "PutProfile");
  }
  // Publishes and lets the audience read that publishing starts run.
  std::string PublishAudienceJourney(std::string_view json) {
    std::string id = PublishJourney(json);
    engine().WaitIdle();
    return id;
  }
  std::vector<std::string> ProfilesInside(const std::string& id, int version = 1) {
    Engine::InstancePage page =
        Must(engine().ListInstances(id, version, std::nullopt, 1000, ""), "ListInstances");
    std::vector<std::string> profiles;
    for (const InstanceView& instance : page.instances) profiles.push_back(instance.profile_id);
    return profiles;
  }
};

TEST_F(AudienceTest, OneShotAudienceEntersItsWholeAudienceThenClosesItself) {
  PutList("vips", {"a", "b", "c"});
  std::string id = PublishAudienceJourney(R"json({
    "id": "vip-offer", "name": "VIP offer",
    "entry": { "type": "audience", "audience": "vips", "run": {} },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P1D", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  EXPECT_THAT(ProfilesInside(id), UnorderedElementsAre("a", "b", "c"));
  for (const char* profile : {"a", "b", "c"}) {
    InstanceView instance = OnlyInstance(profile);
    EXPECT_EQ(instance.status, InstanceStatus::kInProgress);
    EXPECT_EQ(instance.current_node, "wait");
    EXPECT_EQ(instance.entered_at, kStart);
  }
  VersionLifecycle lifecycle = LifecycleOf(id);
  EXPECT_EQ(lifecycle.status, VersionStatus::kClosed);
  EXPECT_EQ(lifecycle.history.back().action, LifecycleAction::kClose);
  EXPECT_EQ(lifecycle.history.back().by, kBySystem);
  EXPECT_EQ(lifecycle.history.back().reason, kReasonAudienceReadComplete);
  Report report = ReportOf(id);
  EXPECT_EQ(report.entered, 3);
  EXPECT_EQ(report.in_progress, 3);

  Advance("P1D");  // the profiles go on to their end in the closed version
  EXPECT_EQ(ReportOf(id).finished, 3);
}

TEST_F(AudienceTest, OneShotAudienceAtATimeReadsThen) {
  PutList("vips", {"a", "b"});
  std::string id = PublishAudienceJourney(R"json({
    "id": "later", "name": "Later",
    "entry": { "type": "audience", "audience": "vips", "run": { "at": "2026-12-02T09:00:00Z" } },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  AdvanceTo(At("2026-12-02T08:59:59Z"));
  EXPECT_EQ(ReportOf(id).entered, 0);
  EXPECT_EQ(StatusOf(id), VersionStatus::kLive);
  AdvanceTo(At("2026-12-02T09:00:00Z"));
  EXPECT_EQ(ReportOf(id).entered, 2);
  EXPECT_EQ(OnlyInstance("a").entered_at, At("2026-12-02T09:00:00Z"));
  EXPECT_EQ(StatusOf(id), VersionStatus::kClosed);
}

TEST_F(AudienceTest, RateSpacesEntriesInJourneyTime) {
  PutList("list", {"a", "b", "c", "d"});
  std::string id = PublishAudienceJourney(R"json({
    "id": "slow", "name": "Slow",
    "entry": { "type": "audience", "audience": "list", "run": {}, "rate": 0.5 },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P1D", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  // Entry k at start + k / rate: 0 s, 2 s, 4 s, 6 s.
  EXPECT_EQ(ReportOf(id).entered, 1);
  Advance("PT1S");
  EXPECT_EQ(ReportOf(id).entered, 1);
  Advance("PT1S");
  EXPECT_EQ(ReportOf(id).entered, 2);
  Advance("PT3S");
  EXPECT_EQ(ReportOf(id).entered, 3);
  EXPECT_EQ(StatusOf(id), VersionStatus::kLive);
  Advance("PT1S");
  EXPECT_EQ(ReportOf(id).entered, 4);

  std::vector<Time> entries;
  for (const char* profile : {"a", "b", "c", "d"})
    entries.push_back(OnlyInstance(profile).entered_at);
  std::ranges::sort(entries);
  EXPECT_THAT(entries, ElementsAre(kStart, kStart + 2s, kStart + 4s, kStart + 6s));
  VersionLifecycle lifecycle = LifecycleOf(id);
  EXPECT_EQ(lifecycle.status, VersionStatus::kClosed);
  EXPECT_EQ(lifecycle.closed_at, kStart + 6s);
  EXPECT_EQ(lifecycle.history.back().reason, kReasonAudienceReadComplete);
}

TEST_F(AudienceTest, RecurringAudienceEntersAtEachOccurrenceAndClosesAfterTheLast) {
  PutList("daily", {"a", "b"});
  std::string id = PublishAudienceJourney(R"json({
    "id": "daily", "name": "Daily",
    "entry": { "type": "audience", "audience": "daily",
               "run": { "every": "P1D", "from": "2026-12-01T01:00:00Z",
                        "until": "2026-12-03T12:00:00Z" } },
    "reentrance": { "allowed": true, "wait": "PT1H" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  EXPECT_EQ(ReportOf(id).entered, 0);
  AdvanceTo(At("2026-12-01T01:00:00Z"));
  EXPECT_EQ(ReportOf(id).entered, 2);
  AdvanceTo(At("2026-12-02T01:00:00Z"));
  EXPECT_EQ(ReportOf(id).entered, 4);
  EXPECT_EQ(StatusOf(id), VersionStatus::kLive);
  AdvanceTo(At("2026-12-03T01:00:00Z"));  // the last occurrence before `until`
  EXPECT_EQ(ReportOf(id).entered, 6);
  TransitionRecord close = LastTransition(id);
  EXPECT_EQ(close.action, LifecycleAction::kClose);
  EXPECT_EQ(close.by, kBySystem);
  EXPECT_EQ(close.reason, kReasonLastOccurrence);
  EXPECT_EQ(close.at, At("2026-12-03T01:00:00Z"));
  Advance("P5D");
  EXPECT_EQ(ReportOf(id).entered, 6);
  EXPECT_EQ(Instances("a").size(), 3u);
}

TEST_F(AudienceTest, PausingARecurringAudienceJourneyDiscardsThenResumesItsOccurrences) {
  PutList("daily", {"a", "b"});
  std::string id = PublishAudienceJourney(R"json({
    "id": "daily", "name": "Daily",
    "entry": { "type": "audience", "audience": "daily",
               "run": { "every": "P1D", "from": "2026-12-01T01:00:00Z",
                        "until": "2026-12-05T12:00:00Z" } },
    "reentrance": { "allowed": true, "wait": "PT1H" },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  AdvanceTo(At("2026-12-01T01:00:00Z"));
  EXPECT_EQ(ReportOf(id).entered, 2);
  Must(engine().Pause(id, 1, PauseMode::kHold, std::nullopt, "ops"), "Pause");
  AdvanceTo(At("2026-12-02T01:00:00Z"));  // an occurrence while paused: discarded as paused
  EXPECT_EQ(ReportOf(id).entered, 2);
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("paused", 2)));
  Must(engine().Resume(id, 1, "ops"), "Resume");
  AdvanceTo(At("2026-12-03T01:00:00Z"));  // and the schedule goes on after the resume
  EXPECT_EQ(ReportOf(id).entered, 4);
}

TEST_F(AudienceTest, RecurringAudienceFollowsReentranceRules) {
  PutList("daily", {"a"});
  std::string id = PublishAudienceJourney(R"json({
    "id": "daily", "name": "Daily",
    "entry": { "type": "audience", "audience": "daily",
               "run": { "every": "P1D", "from": "2026-12-01T01:00:00Z",
                        "until": "2026-12-04T00:00:00Z" } },
    "reentrance": { "allowed": true, "wait": "PT1H" },
    "start": "wait",
    "nodes": [ { "id": "wait", "type": "wait", "duration": "P1DT12H", "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  AdvanceTo(At("2026-12-03T01:00:00Z"));
  // Day 1 enters; day 2 finds it inside; day 3 enters again.
  EXPECT_EQ(ReportOf(id).entered, 2);
  EXPECT_THAT(Discards(ReportOf(id)), ElementsAre(Pair("already_in_journey", 1)));
}

TEST_F(AudienceTest, WhenAudienceSelectsKnownProfilesByTheirAttributes) {
  PutAttributes("a", R"({"plan": "pro"})");
  PutAttributes("b", R"({"plan": "free"})");
  PutAttributes("d", R"({"plan": "pro"})");
  Send("visit", "c");  // known from an event, no attributes
  PutWhen("pros", "profile.plan == 'pro'");
  PutWhen("unknown-plan", "!exists(profile.plan)");
  EXPECT_EQ(Must(engine().AudienceSize("pros"), "AudienceSize"), 2);
  EXPECT_EQ(Must(engine().AudienceSize("unknown-plan"), "AudienceSize"), 1);

  std::string id = PublishAudienceJourney(R"json({
    "id": "pro", "name": "Pro",
    "entry": { "type": "audience", "audience": "pros", "run": {} },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  EXPECT_THAT(ProfilesInside(id), UnorderedElementsAre("a", "d"));
  EXPECT_THAT(Instances("b"), IsEmpty());
  EXPECT_THAT(Instances("c"), IsEmpty());
}

TEST_F(AudienceTest, WhenAudienceIsEvaluatedAtRunTime) {
  PutWhen("pros", "profile.plan == 'pro'");
  std::string id = PublishAudienceJourney(R"json({
    "id": "pro", "name": "Pro",
    "entry": { "type": "audience", "audience": "pros", "run": { "at": "2026-12-02T00:00:00Z" } },
    "start": "done", "nodes": [ { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  PutAttributes("late", R"({"plan": "pro"})");  // after publishing, before the read
  AdvanceTo(At("2026-12-02T00:00:00Z"));
  EXPECT_THAT(ProfilesInside(id), ElementsAre("late"));
}

TEST_F(AudienceTest, AudienceIsStoredAndSized) {
  PutList("list", {"a", "b", "c"});
  Audience audience = Must(engine().GetAudience("list"), "GetAudience");
  EXPECT_EQ(audience.id, "list");
  EXPECT_THAT(audience.profiles, ElementsAre("a", "b", "c"));
  EXPECT_EQ(Must(engine().AudienceSize("list"), "AudienceSize"), 3);
  EXPECT_EQ(ErrorOf(engine().GetAudience("none")), ErrorKind::kNotFound);
}

TEST_F(AudienceTest, ProfileIsKnownOnceSetOrSeenInAnEvent) {
  EXPECT_EQ(ErrorOf(engine().GetProfile("ghost")), ErrorKind::kNotFound);
  Send("visit", "seen");
  EXPECT_THAT(Must(engine().GetProfile("seen"), "GetProfile"), IsEmpty());
  PutAttributes("set", R"({"plan": "pro"})");
  Must(engine().PutProfile("set", Json(R"({"email": "x@example.com"})"), true), "PutProfile");
  boost::json::object merged = Must(engine().GetProfile("set"), "GetProfile");
  EXPECT_EQ(merged.at("plan"), "pro");
  EXPECT_EQ(merged.at("email"), "x@example.com");
  PutAttributes("set", R"({"tier": "gold"})");  // replaces
  EXPECT_FALSE(Must(engine().GetProfile("set"), "GetProfile").contains("plan"));
  EXPECT_THAT(Instances("ghost"), IsEmpty());
}

}  // namespace
}  // namespace parcours::engine_test
