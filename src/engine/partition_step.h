// The processing of one input by a partition (partition.cc; test mode in partition_test_mode.cc).
// Internal to the engine: one PartitionStep lives for one input, on the thread of the worker that
// owns the partition; its reads and writes go through the worker's overlay.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/partition.h"

namespace parcours::engine {

// The profile's standing in one journey, across its versions.
struct ProfileJourneyState {
  std::string active;  // the instance in progress, else empty
  std::optional<Time> last_entry;
  std::uint32_t entries = 0;
};

// The processing of one input.
class PartitionStep {
 public:
  PartitionStep(Partition& partition, const CatalogSnapshot& catalog, Time now, Overlay& overlay,
                GroupTally& tally)
      : p_(partition), catalog_(catalog), now_(now), overlay_(overlay), tally_(tally) {}

  Result<InputOutcome> Run(const PartitionInput& input);

 private:
  using Kind = PartitionInput::Kind;

  Status Event(const EventRecord& event, bool dedupe, InputOutcome& outcome);
  Status Timer(const TimerRecord& timer);
  Status ActionResultIn(std::uint64_t seq, const ActionResult& result);
  Status AudienceEntry(const PartitionInput& input);
  Status Profile(const PartitionInput& input);
  // The ids of the version's instances (`input.journey`, `input.version`) in `index`: 'a' all,
  // 'v' in progress, 'h' held.
  Result<std::vector<std::string>> InstancesInVersion(const PartitionInput& input, char index);
  Status EachInVersion(const PartitionInput& input, char index);
  Status Remove(const std::string& instance_id, const std::string& by);
  Status Sweep();
  Status ClearTest(const PartitionInput& input);
  Status ClearTestReport(const PartitionInput& input);
  // Test mode: whether the profile may enter the session (it is a test profile, and one of the
  // first kMaxTestProfiles distinct ones); records it as entered when it may.
  Result<std::optional<DiscardReason>> TestEntry(const JourneyRecord& journey, int version,
                                                 const std::string& profile_id);

  // Tries to enter `profile` into `journey` (the version EntryVersion picks, or `version`).
  Status TryEnter(const JourneyRecord& journey, std::optional<int> version,
                  const std::string& profile, const EventRecord* event, bool check_when, int depth);
  // Runs `op` on the instance `id` with its version's environment and writes the result.
  template <typename Op>
  Status WithInstance(const std::string& id, const EventRecord* event, int depth, Op&& op);
  Status Apply(const CompiledVersion& version, const InstanceState& before, InstanceState& after,
               Effects& effects, const EventRecord* event, int depth);

  Result<InstanceState> LoadInstance(const std::string& id);
  // The profile's attributes; a profile not stored yet is stored empty (`*created` says so).
  Result<boost::json::object*> LoadProfile(const std::string& profile, bool* created = nullptr);
  void SaveProfile(const std::string& profile);
  Result<ProfileJourneyState> LoadProfileJourney(const std::string& profile,
                                                 const std::string& journey);
  void Count(const std::string& journey, int version, const std::string& name,
             std::int64_t delta = 1);

  keys::Partition pid() const { return p_.id_; }

  Partition& p_;
  const CatalogSnapshot& catalog_;
  Time now_;
  Overlay& overlay_;
  GroupTally& tally_;
  std::optional<std::pair<std::string, boost::json::object>> profile_;  // the input's profile
};

}  // namespace parcours::engine
