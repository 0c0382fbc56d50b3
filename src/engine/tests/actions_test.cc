// Actions: log, delivery through a dispatcher, the success/error/timeout paths, report
// counts and idempotency keys (JOURNEY_FORMAT.md "Activities", DESIGN.md §2).
#include "engine/tests/engine_test_util.h"

namespace parcours::engine_test {
namespace {

// A webhook with both an error and a timeout path.
constexpr std::string_view kHook = R"json({
  "id": "hook", "name": "Hook", "entry": { "type": "event", "event": "signup" },
  "reentrance": { "allowed": true, "wait": "PT1M" },
  "start": "call",
  "nodes": [
    { "id": "call", "type": "action",
      "action": { "kind": "webhook", "method": "POST",
                  "url": "https://crm.example/p/{{profile.id}}",
                  "headers": { "X-Source": "parcours" },
                  "body": { "profile": "{{profile.id}}", "plan": "{{entry.data.plan}}" } },
      "timeout": "PT5S", "retries": 2,
      "next": "ok", "onError": "failed", "onTimeout": "slow" },
    { "id": "ok", "type": "end", "label": "OK" },
    { "id": "failed", "type": "end", "label": "Failed" },
    { "id": "slow", "type": "end", "label": "Slow" }
  ]
})json";

// A webhook with no error or timeout path.
constexpr std::string_view kBareHook = R"json({
  "id": "bare", "name": "Bare", "entry": { "type": "event", "event": "signup" },
  "start": "call",
  "nodes": [
    { "id": "call", "type": "action",
      "action": { "kind": "webhook", "url": "https://crm.example/tasks" }, "next": "ok" },
    { "id": "ok", "type": "end", "label": "OK" }
  ]
})json";

TEST_F(EngineTest, LogActionRecordsItsRenderedMessageInTheHistory) {
  std::string id = PublishJourney(R"json({
    "id": "log", "name": "Log", "entry": { "type": "event", "event": "signup" },
    "start": "note",
    "nodes": [ { "id": "note", "type": "action",
                 "action": { "kind": "log",
                             "message": "hello {{profile.id}} from {{event.data.source}}" },
                 "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "p1", R"({"source": "ads"})");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.end_tag, "done");
  EXPECT_THAT(Path(instance), ElementsAre("note", "done"));
  bool logged = std::ranges::any_of(instance.history, [](const HistoryEntry& entry) {
    return entry.node == "note" && entry.detail == "hello p1 from ads";
  });
  EXPECT_TRUE(logged) << "no history entry at `note` with the rendered message";
  EXPECT_NE(FindEntry(instance, "note", kActionSuccess), nullptr);
  EXPECT_THAT(dispatcher_.requests(), IsEmpty());  // the engine delivers log actions itself
  EXPECT_EQ(NodeTally(ReportOf(id), "note"), (Tally{1, 1, 0}));
}

TEST_F(EngineTest, DispatcherReceivesTheRenderedAction) {
  std::string id = PublishJourney(kHook);
  Send("signup", "p1", R"({"plan": "pro"})");
  InstanceView instance = OnlyInstance("p1");

  std::vector<ActionRequest> requests = dispatcher_.RequestsAt("call");
  ASSERT_EQ(requests.size(), 1u);
  const ActionRequest& request = requests[0];
  EXPECT_EQ(request.instance_id, instance.id);
  EXPECT_EQ(request.journey_id, id);
  EXPECT_EQ(request.version, 1);
  EXPECT_EQ(request.profile_id, "p1");
  EXPECT_EQ(request.kind, "webhook");
  EXPECT_FALSE(request.idempotency_key.empty());
  EXPECT_EQ(request.timeout, 5s);
  EXPECT_EQ(request.retries, 2);
  EXPECT_EQ(request.rendered.at("url"), "https://crm.example/p/p1");
  EXPECT_EQ(request.rendered.at("body").at("profile"), "p1");
  EXPECT_EQ(request.rendered.at("body").at("plan"), "pro");
  EXPECT_EQ(request.rendered.at("headers").at("X-Source"), "parcours");
}

TEST_F(EngineTest, ActionTimeoutAndRetriesDefaultToThirtySecondsAndThree) {
  PublishJourney(kBareHook);
  Send("signup", "p1");
  std::vector<ActionRequest> requests = dispatcher_.RequestsAt("call");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].timeout, 30s);
  EXPECT_EQ(requests[0].retries, 3);
}

TEST_F(EngineTest, EmailActionGoesThroughTheDispatcherRendered) {
  PublishJourney(R"json({
    "id": "mail", "name": "Mail", "entry": { "type": "event", "event": "signup" },
    "start": "welcome",
    "nodes": [ { "id": "welcome", "type": "action",
                 "action": { "kind": "email", "to": "{{profile.email}}",
                             "subject": "Hi {{profile.name}}",
                             "body": "Welcome" }, "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Must(engine().PutProfile("p1", Json(R"({"email": "a@example.com", "name": "Ann"})"), false),
       "PutProfile");
  Send("signup", "p1");
  std::vector<ActionRequest> requests = dispatcher_.RequestsAt("welcome");
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].kind, "email");
  EXPECT_EQ(requests[0].rendered.at("to"), "a@example.com");
  EXPECT_EQ(requests[0].rendered.at("subject"), "Hi Ann");
  EXPECT_EQ(OnlyInstance("p1").end_tag, "done");
}

TEST_F(EngineTest, SuccessfulActionTakesNext) {
  std::string id = PublishJourney(kHook);
  Send("signup", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.exit_reason, ExitReason::kEnd);
  EXPECT_EQ(instance.end_tag, "ok");
  EXPECT_THAT(Path(instance), ElementsAre("call", "ok"));
  EXPECT_NE(FindEntry(instance, "call", kActionSent), nullptr);
  EXPECT_NE(FindEntry(instance, "call", kActionSuccess), nullptr);
  EXPECT_EQ(NodeTally(ReportOf(id), "call"), (Tally{1, 1, 0}));
}

TEST_F(EngineTest, FailedActionTakesOnErrorAndIsCountedAsFailed) {
  std::string id = PublishJourney(kHook);
  dispatcher_.AnswerAll(ActionOutcome::kError, "HTTP 500");
  Send("signup", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.exit_reason, ExitReason::kEnd);
  EXPECT_EQ(instance.end_tag, "failed");
  EXPECT_THAT(Path(instance), ElementsAre("call", "failed"));
  const HistoryEntry* error = FindEntry(instance, "call", kActionError);
  ASSERT_NE(error, nullptr);
  EXPECT_THAT(error->detail, HasSubstr("HTTP 500"));
  Report report = ReportOf(id);
  EXPECT_EQ(NodeTally(report, "call"), (Tally{1, 1, 1}));  // failed, then went on
  EXPECT_EQ(EndTagCount(report, "failed"), 1);
  EXPECT_EQ(report.finished, 1);
}

TEST_F(EngineTest, FailedActionWithoutOnErrorEndsAsActionError) {
  std::string id = PublishJourney(kBareHook);
  dispatcher_.AnswerAll(ActionOutcome::kError, "HTTP 404");
  Send("signup", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kError);
  EXPECT_EQ(instance.exit_reason, ExitReason::kActionError);
  EXPECT_EQ(instance.current_node, "call");
  EXPECT_EQ(instance.end_tag, "");
  EXPECT_EQ(instance.ended_at, kStart);
  Report report = ReportOf(id);
  EXPECT_EQ(report.error, 1);
  EXPECT_EQ(report.finished, 0);
  EXPECT_EQ(NodeTally(report, "call"), (Tally{1, 0, 1}));
}

TEST_F(EngineTest, TimedOutActionTakesOnTimeoutEvenWithAnErrorPath) {
  std::string id = PublishJourney(kHook);
  dispatcher_.AnswerAll(ActionOutcome::kTimeout, "no answer in 5s");
  Send("signup", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.end_tag, "slow");
  EXPECT_NE(FindEntry(instance, "call", kActionTimeout), nullptr);
  EXPECT_EQ(NodeTally(ReportOf(id), "call"), (Tally{1, 1, 1}));
}

TEST_F(EngineTest, TimedOutActionWithoutOnTimeoutEndsAsActionTimeoutEvenWithAnErrorPath) {
  std::string id = PublishJourney(R"json({
    "id": "t", "name": "T", "entry": { "type": "event", "event": "signup" },
    "start": "call",
    "nodes": [ { "id": "call", "type": "action",
                 "action": { "kind": "webhook", "url": "https://crm.example/tasks" },
                 "next": "ok", "onError": "failed" },
               { "id": "ok", "type": "end", "label": "OK" },
               { "id": "failed", "type": "end", "label": "Failed" } ]
  })json");
  dispatcher_.AnswerAll(ActionOutcome::kTimeout);
  Send("signup", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kTimedOut);
  EXPECT_EQ(instance.exit_reason, ExitReason::kActionTimeout);
  EXPECT_EQ(instance.current_node, "call");
  EXPECT_EQ(instance.end_tag, "");
  Report report = ReportOf(id);
  EXPECT_EQ(report.timed_out, 1);
  EXPECT_EQ(NodeTally(report, "call"), (Tally{1, 0, 1}));
}

TEST_F(EngineTest, WebhookWithoutADispatcherFailsAndTakesOnError) {
  OpenEngine(nullptr);
  std::string id = PublishJourney(kHook);
  Send("signup", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.end_tag, "failed");
  EXPECT_NE(FindEntry(instance, "call", kActionError), nullptr);
  EXPECT_EQ(NodeTally(ReportOf(id), "call"), (Tally{1, 1, 1}));
}

TEST_F(EngineTest, EmailWithoutADispatcherAndNoErrorPathEndsAsActionError) {
  OpenEngine(nullptr);
  PublishJourney(R"json({
    "id": "mail", "name": "Mail", "entry": { "type": "event", "event": "signup" },
    "start": "welcome",
    "nodes": [ { "id": "welcome", "type": "action",
                 "action": { "kind": "email", "to": "a@example.com", "subject": "Hi", "body": "." },
                 "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "p1");
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kError);
  EXPECT_EQ(instance.exit_reason, ExitReason::kActionError);
  EXPECT_EQ(instance.current_node, "welcome");
}

TEST_F(EngineTest, LogActionSucceedsWithoutADispatcher) {
  OpenEngine(nullptr);
  PublishJourney(R"json({
    "id": "log", "name": "Log", "entry": { "type": "event", "event": "signup" },
    "start": "note",
    "nodes": [ { "id": "note", "type": "action", "action": { "kind": "log", "message": "hi" },
                 "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "p1");
  EXPECT_EQ(OnlyInstance("p1").end_tag, "done");
}

TEST_F(EngineTest, ActionWaitsForItsResultBeforeGoingOn) {
  PublishJourney(kHook);
  dispatcher_.HoldAt("call");
  Send("signup", "p1");
  InstanceView pending = OnlyInstance("p1");
  EXPECT_EQ(pending.status, InstanceStatus::kInProgress);
  EXPECT_EQ(pending.current_node, "call");
  ASSERT_EQ(dispatcher_.held(), 1u);

  dispatcher_.ReleaseHeld({ActionOutcome::kError, "HTTP 503"});
  engine().WaitIdle();
  EXPECT_EQ(OnlyInstance("p1").end_tag, "failed");
}

TEST_F(EngineTest, IdempotencyKeyDiffersPerInstanceAndActivity) {
  PublishJourney(R"json({
    "id": "two", "name": "Two", "entry": { "type": "event", "event": "signup" },
    "reentrance": { "allowed": true, "wait": "PT1M" },
    "start": "first",
    "nodes": [ { "id": "first", "type": "action",
                 "action": { "kind": "webhook", "url": "https://a.example/" },
                 "next": "second" },
               { "id": "second", "type": "action",
                 "action": { "kind": "webhook", "url": "https://a.example/" },
                 "next": "done" },
               { "id": "done", "type": "end", "label": "Done" } ]
  })json");
  Send("signup", "p1");
  Send("signup", "p2");
  Advance("PT1M");
  Send("signup", "p1");  // a second instance of p1
  std::vector<ActionRequest> requests = dispatcher_.requests();
  ASSERT_EQ(requests.size(), 6u);
  std::set<std::string> keys;
  for (const ActionRequest& request : requests) keys.insert(request.idempotency_key);
  EXPECT_EQ(keys.size(), 6u);
}

TEST_F(EngineTest, ActionNotReportedDoneIsDeliveredAgainAfterARestartWithTheSameKey) {
  OpenEngineOnKeptStore(&dispatcher_);
  PublishJourney(kHook);
  dispatcher_.HoldAt("call");
  Send("signup", "p1");
  std::vector<ActionRequest> before = dispatcher_.RequestsAt("call");
  ASSERT_EQ(before.size(), 1u);

  // The engine goes away before the result comes back ("crash"), and opens again.
  dispatcher_.DropHeld();
  engine_.reset();
  dispatcher_.StopHolding();
  OpenEngineOnKeptStore(&dispatcher_);
  engine().WaitIdle();

  std::vector<ActionRequest> after = dispatcher_.RequestsAt("call");
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[1].idempotency_key, before[0].idempotency_key);
  EXPECT_EQ(after[1].instance_id, before[0].instance_id);
  InstanceView instance = OnlyInstance("p1");
  EXPECT_EQ(instance.status, InstanceStatus::kFinished);
  EXPECT_EQ(instance.end_tag, "ok");
}

TEST_F(EngineTest, AnswersArePerRequest) {
  std::string id = PublishJourney(kHook);
  dispatcher_.AnswerWith([](const ActionRequest& request) {
    if (request.profile_id == "p2") return ActionResult{ActionOutcome::kError, "HTTP 500"};
    if (request.profile_id == "p3") return ActionResult{ActionOutcome::kTimeout, "timeout"};
    return ActionResult{ActionOutcome::kSuccess, "HTTP 200"};
  });
  Send("signup", "p1");
  Send("signup", "p2");
  Send("signup", "p3");
  EXPECT_EQ(OnlyInstance("p1").end_tag, "ok");
  EXPECT_EQ(OnlyInstance("p2").end_tag, "failed");
  EXPECT_EQ(OnlyInstance("p3").end_tag, "slow");
  Report report = ReportOf(id);
  EXPECT_EQ(NodeTally(report, "call"), (Tally{3, 3, 2}));
  EXPECT_EQ(EndTagCount(report, "ok"), 1);
  EXPECT_EQ(EndTagCount(report, "failed"), 1);
  EXPECT_EQ(EndTagCount(report, "slow"), 1);
}

}  // namespace
}  // namespace parcours::engine_test
