#include "engine/keys.h"

#include <cstdio>

namespace parcours::engine::keys {
namespace {

constexpr std::uint64_t kTimeBias = std::uint64_t{1} << 63;

std::string WithPartition(Partition p, char kind) {
  std::string k = PartitionPrefix(p);
  k += kind;
  return k;
}

void AppendVersion(std::string& out, int version) {
  AppendU32(out, static_cast<std::uint32_t>(version));
}

}  // namespace

Partition PartitionOf(std::string_view profile_id, int partitions) {
  std::uint64_t h = 14695981039346656037ULL;  // FNV-1a
  for (unsigned char c : profile_id) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return static_cast<Partition>(h % static_cast<std::uint64_t>(partitions));
}

std::string PartitionPrefix(Partition p) {
  std::string k(2, '\0');
  k[0] = static_cast<char>(p >> 8);
  k[1] = static_cast<char>(p & 0xff);
  return k;
}

void AppendU32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

void AppendU64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

void AppendTime(std::string& out, Time t) {
  AppendU64(out, static_cast<std::uint64_t>(t.time_since_epoch().count()) + kTimeBias);
}

std::uint64_t ReadU64(std::string_view bytes) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

Time ReadTime(std::string_view bytes) {
  return Time(Duration(static_cast<std::int64_t>(ReadU64(bytes) - kTimeBias)));
}

std::string InstanceId(Partition p, std::uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04x-%012llx", static_cast<unsigned>(p),
                static_cast<unsigned long long>(seq));
  return buf;
}

std::optional<Partition> PartitionOfInstance(std::string_view id) {
  if (id.size() != 17 || id[4] != '-') return std::nullopt;
  unsigned v = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (i == 4) continue;
    char c = id[i];
    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (d < 0) return std::nullopt;
    if (i < 4) v = v * 16 + static_cast<unsigned>(d);
  }
  return static_cast<Partition>(v);
}

std::string Instance(Partition p, std::string_view instance_id) {
  return WithPartition(p, 'i').append(instance_id);
}

std::string ProfileJourneysPrefix(Partition p, std::string_view profile) {
  return WithPartition(p, 'j').append(profile).append(1, '\0');
}

std::string ProfileJourney(Partition p, std::string_view profile, std::string_view journey) {
  return ProfileJourneysPrefix(p, profile).append(journey);
}

std::string ProfileInstancesPrefix(Partition p, std::string_view profile) {
  return WithPartition(p, 'p').append(profile).append(1, '\0');
}

std::string ProfileInstance(Partition p, std::string_view profile, std::string_view instance_id) {
  return ProfileInstancesPrefix(p, profile).append(instance_id);
}

std::string VersionIndexPrefix(Partition p, char kind, std::string_view journey, int version) {
  std::string k = WithPartition(p, kind).append(journey).append(1, '\0');
  AppendVersion(k, version);
  return k;
}

std::string VersionIndex(Partition p, char kind, std::string_view journey, int version,
                         std::string_view instance_id) {
  return VersionIndexPrefix(p, kind, journey, version).append(instance_id);
}

std::string Timer(Partition p, Time due, std::uint64_t seq) {
  std::string k = PartitionPrefix(p);
  AppendTime(k, due);
  AppendU64(k, seq);
  return k;
}

std::string Outbox(Partition p, std::uint64_t seq) {
  std::string k = PartitionPrefix(p);
  AppendU64(k, seq);
  return k;
}

std::string Dedupe(Partition p, std::string_view profile, std::string_view event_id) {
  return WithPartition(p, 'd').append(profile).append(1, '\0').append(event_id);
}

std::string DedupeExpiryPrefix(Partition p) { return WithPartition(p, 'y'); }

std::string DedupeExpiry(Partition p, Time seen, std::string_view profile,
                         std::string_view event_id) {
  std::string k = DedupeExpiryPrefix(p);
  AppendTime(k, seen);
  return k.append(profile).append(1, '\0').append(event_id);
}

std::string DedupeOfExpiry(Partition p, std::string_view expiry_key) {
  return WithPartition(p, 'd').append(expiry_key.substr(3 + 8));
}

std::string LegacyDedupe(Partition p, std::string_view event_id) {
  return WithPartition(p, 'e').append(event_id);
}

std::string LegacyDedupeExpiryPrefix(Partition p) { return WithPartition(p, 'x'); }

std::string LegacyDedupeExpiry(Partition p, Time seen) {
  std::string k = LegacyDedupeExpiryPrefix(p);
  AppendTime(k, seen);
  return k;
}

std::string LegacyDedupeOfExpiry(Partition p, std::string_view expiry_key) {
  return WithPartition(p, 'e').append(expiry_key.substr(3 + 8));
}

std::string HistoryPrefix(std::string_view instance_id) {
  return std::string(instance_id).append(1, '\0');
}

std::string History(std::string_view instance_id, std::uint32_t n) {
  std::string k = HistoryPrefix(instance_id);
  AppendU32(k, n);
  return k;
}

std::string VersionCounters(std::string_view journey, int version) {
  std::string k = std::string(journey).append(1, '\0');
  AppendVersion(k, version);
  return k.append(1, '\0');
}

std::string AllTimeCounter(std::string_view journey, int version, std::string_view name) {
  return VersionCounters(journey, version).append(1, 'a').append(name);
}

std::string MinuteCountersFrom(std::string_view journey, int version, Time from) {
  std::string k = VersionCounters(journey, version).append(1, 'm');
  AppendTime(k, from);
  return k;
}

std::string MinuteCounter(std::string_view journey, int version, Time minute,
                          std::string_view name) {
  return MinuteCountersFrom(journey, version, minute).append(name);
}

std::string AudienceRun(std::string_view journey, int version) {
  std::string k(kAudienceRunPrefix);
  k.append(journey).append(1, '\0');
  AppendVersion(k, version);
  return k;
}

std::string DeletedJourney(std::string_view journey) {
  return std::string("\0deleted\0", 9).append(journey);
}

std::string TestJourney(std::string_view journey) { return std::string(journey) + "~test"; }

std::string TestSessionPrefix(std::string_view journey, int version) {
  std::string k("\0test\0", 6);
  k.append(journey).append(1, '\0');
  AppendVersion(k, version);
  return k;
}

std::string TestProfileCount(std::string_view journey, int version) {
  return TestSessionPrefix(journey, version) + "n";
}

std::string TestProfile(std::string_view journey, int version, std::string_view profile) {
  return TestSessionPrefix(journey, version).append("p").append(profile);
}

std::string PartitionSequence(Partition p) {
  return std::string("seq").append(1, '\0') + PartitionPrefix(p);
}

}  // namespace parcours::engine::keys
