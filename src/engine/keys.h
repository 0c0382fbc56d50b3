// Where everything lives in the store: the key layout of every table (docs/engine.md).
//
// Keys that belong to a partition start with its number, 2 bytes big-endian (`<p>`), so one
// partition's records are contiguous and a partition's scans never see another's. Times in keys
// are milliseconds since the epoch, biased by 2^63 and big-endian, so they sort in time order.
//
//   instances  <p>i<instance id>                     instance state (instance_state.h)
//              <p>j<profile>\0<journey>               the profile in that journey (ProfileJourney)
//              <p>j<profile>\0<journey>~test          the same in the journey's test session
//              <p>p<profile>\0<instance id>           "" : the profile's instances, oldest first
//              <p>a<journey>\0<version><instance id>  "" : every instance of a version
//              <p>v<journey>\0<version><instance id>  "" : the version's instances in progress
//              <p>h<journey>\0<version><instance id>  "" : instances held by a pause
//   timers     <p><due><seq>                          TimerRecord
//   outbox     <p><seq>                               queued action (ActionRequest as JSON)
//   dedupe     <p>d<profile>\0<event id>              when the profile sent it
//              <p>y<time><profile>\0<event id>        "" : expiry order
//              <p>e<event id>, <p>x<time><event id>   format parcours-1's records, kept per
//                                                     partition (LegacyDedupe): read and swept
//                                                     until they expire
//   history    <instance id>\0<n>                     the HistoryEntries of one step (JSON array)
//   counters   <journey>\0<version>\0a<name>          all-time counter
//              <journey>\0<version>\0m<minute><name>  counter of one minute (for ?window=24h)
//   profiles   <profile id>                           attributes (JSON object)
//   audiences  <audience id>                          audience (JSON)
//   journeys   <journey id>                           lifecycle and definitions (catalog.h)
//              \0run\0<journey>\0<version>            an audience run's progress
//              \0deleted\0<journey>                    "" : a deleted journey's id, never reused
//              \0test\0<journey>\0<version>n           distinct profiles entered the test session
//              \0test\0<journey>\0<version>p<profile>   "" : that profile entered it
//   meta       partitions, format, clock, seq\0<p>
// Versions are 4 bytes big-endian, sequence numbers 8, history numbers 4.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parcours/time.h"

namespace parcours::engine::keys {

using Partition = std::uint16_t;

// The partition of a profile: a stable hash of its id.
Partition PartitionOf(std::string_view profile_id, int partitions);

std::string PartitionPrefix(Partition p);
void AppendU32(std::string& out, std::uint32_t v);
void AppendU64(std::string& out, std::uint64_t v);
void AppendTime(std::string& out, Time t);
std::uint64_t ReadU64(std::string_view bytes);  // REQUIRES: 8 bytes
Time ReadTime(std::string_view bytes);          // REQUIRES: 8 bytes

// Instance ids: "<partition, 4 hex digits>-<sequence, 12 hex digits>".
std::string InstanceId(Partition p, std::uint64_t seq);
std::optional<Partition> PartitionOfInstance(std::string_view instance_id);

std::string Instance(Partition p, std::string_view instance_id);
std::string ProfileJourney(Partition p, std::string_view profile, std::string_view journey);
std::string ProfileJourneysPrefix(Partition p, std::string_view profile);
std::string ProfileInstance(Partition p, std::string_view profile, std::string_view instance_id);
std::string ProfileInstancesPrefix(Partition p, std::string_view profile);
// kind: 'a' all, 'v' in progress, 'h' held.
std::string VersionIndexPrefix(Partition p, char kind, std::string_view journey, int version);
std::string VersionIndex(Partition p, char kind, std::string_view journey, int version,
                         std::string_view instance_id);

std::string Timer(Partition p, Time due, std::uint64_t seq);
std::string Outbox(Partition p, std::uint64_t seq);
// An event id is idempotent per profile (DESIGN.md §2): the same id sent for two profiles is two
// events, whatever partitions their profiles hash to.
std::string Dedupe(Partition p, std::string_view profile, std::string_view event_id);
std::string DedupeExpiry(Partition p, Time seen, std::string_view profile,
                         std::string_view event_id);
std::string DedupeExpiryPrefix(Partition p);
// The dedupe key that an expiry key `<p>y<time><rest>` stands for.
std::string DedupeOfExpiry(Partition p, std::string_view expiry_key);
// Format parcours-1 kept one record per event id and partition, whichever profile sent it.
std::string LegacyDedupe(Partition p, std::string_view event_id);
std::string LegacyDedupeExpiryPrefix(Partition p);
std::string LegacyDedupeExpiry(Partition p, Time seen);  // the bound of the ids seen before `seen`
std::string LegacyDedupeOfExpiry(Partition p, std::string_view expiry_key);

std::string History(std::string_view instance_id, std::uint32_t n);
std::string HistoryPrefix(std::string_view instance_id);

std::string VersionCounters(std::string_view journey, int version);  // prefix of both kinds
std::string AllTimeCounter(std::string_view journey, int version, std::string_view name);
std::string MinuteCounter(std::string_view journey, int version, Time minute,
                          std::string_view name);
std::string MinuteCountersFrom(std::string_view journey, int version, Time from);

std::string AudienceRun(std::string_view journey, int version);
// A deleted journey's id: ids are never reused (its instances stay in profile histories, its
// counters and indexes stay in the store).
std::string DeletedJourney(std::string_view journey);
inline constexpr std::string_view kAudienceRunPrefix{"\0run\0", 5};

// Test mode. The journey name under which a test instance's standing is kept (ProfileJourney):
// apart from the live versions', so re-entrance rules and "already inside" never mix the two
// ('~' is not allowed in a journey id).
std::string TestJourney(std::string_view journey);
std::string TestSessionPrefix(std::string_view journey, int version);
std::string TestProfileCount(std::string_view journey, int version);
std::string TestProfile(std::string_view journey, int version, std::string_view profile);

std::string PartitionSequence(Partition p);
inline constexpr std::string_view kPartitions = "partitions";
inline constexpr std::string_view kFormat = "format";
inline constexpr std::string_view kClock = "clock";

}  // namespace parcours::engine::keys
