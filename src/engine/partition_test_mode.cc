// Test mode in a partition (docs/testing-journeys.md): who may enter a test session, and
// clearing a session's instances and report.
#include "engine/partition_step.h"

namespace parcours::engine {

// The session's count is one counter for every partition: its committed value (the store's; a
// group's adds are not readable) plus the seats taken by this group in any partition (the
// group's tally, shared by the workers); each entry adds 1, so the workers' batches commute.
Result<std::optional<DiscardReason>> PartitionStep::TestEntry(const JourneyRecord& journey,
                                                              int version,
                                                              const std::string& profile_id) {
  std::string marker = keys::TestProfile(journey.id, version, profile_id);
  auto seen = overlay_.Get(Table::kJourneys, marker);
  if (!seen) return Fail(seen.error());
  if (*seen) return std::optional<DiscardReason>();  // it entered the session before
  std::string count_key = keys::TestProfileCount(journey.id, version);
  auto count = overlay_.Get(Table::kJourneys, count_key);
  if (!count) return Fail(count.error());
  std::int64_t committed = 0;
  if (*count) {
    auto decoded = DecodeCounter(**count);
    if (!decoded) return Fail(decoded.error());
    committed = *decoded;
  }
  if (!tally_.TakeSeat(count_key, committed, kMaxTestProfiles)) {
    return std::optional<DiscardReason>(DiscardReason::kTestProfileLimit);
  }
  overlay_.Put(Table::kJourneys, marker, "");
  overlay_.Add(Table::kJourneys, count_key, 1);
  return std::optional<DiscardReason>();
}

Status PartitionStep::ClearTest(const PartitionInput& input) {
  auto ids = InstancesInVersion(input, 'a');
  if (!ids) return Fail(ids.error());
  for (const std::string& id : *ids) {
    auto state = LoadInstance(id);
    if (!state && state.error().IsNotFound()) continue;
    if (!state) return Fail(state.error());
    if (!state->test) continue;  // never a live instance
    for (std::uint32_t n = 0; n < state->history_count; ++n) {
      overlay_.Delete(Table::kHistory, keys::History(id, n));
    }
    overlay_.Delete(Table::kInstances, keys::Instance(pid(), id));
    overlay_.Delete(Table::kInstances, keys::ProfileInstance(pid(), state->profile_id, id));
    for (char index : {'a', 'v', 'h'}) {
      overlay_.Delete(Table::kInstances,
                      keys::VersionIndex(pid(), index, input.journey, input.version, id));
    }
    overlay_.Delete(Table::kInstances, keys::ProfileJourney(pid(), state->profile_id,
                                                            keys::TestJourney(input.journey)));
    for (const auto& ref : {state->node_timer, state->global_timer}) {
      if (!ref) continue;
      overlay_.Delete(Table::kTimers, keys::Timer(pid(), ref->due, ref->seq));
      p_.timer_changes_.emplace_back(false, TimerRecord{*ref, id, TimerKind::kWait});
    }
    if (state->action_seq != 0) {
      overlay_.Delete(Table::kOutbox, keys::Outbox(pid(), state->action_seq));
    }
  }
  return {};
}

Status PartitionStep::ClearTestReport(const PartitionInput& input) {
  auto counters =
      overlay_.DeletePrefix(Table::kCounters, keys::VersionCounters(input.journey, input.version));
  if (!counters) return counters;
  return overlay_.DeletePrefix(Table::kJourneys,
                               keys::TestSessionPrefix(input.journey, input.version));
}

bool GroupTally::TakeSeat(const std::string& key, std::int64_t committed, std::int64_t limit) {
  std::lock_guard lock(mutex_);
  auto [it, first] = seats_.try_emplace(key);
  if (first) it->second.committed = committed;
  if (it->second.committed + it->second.taken >= limit) return false;
  ++it->second.taken;
  return true;
}

}  // namespace parcours::engine
