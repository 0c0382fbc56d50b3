// Table names and key-range helpers (parcours/store.h).
#include "parcours/store.h"

namespace parcours {

const char* TableName(Table table) {
  switch (table) {
    case Table::kMeta:
      return "meta";
    case Table::kJourneys:
      return "journeys";
    case Table::kInstances:
      return "instances";
    case Table::kTimers:
      return "timers";
    case Table::kOutbox:
      return "outbox";
    case Table::kDedupe:
      return "dedupe";
    case Table::kCounters:
      return "counters";
    case Table::kProfiles:
      return "profiles";
    case Table::kAudiences:
      return "audiences";
    case Table::kHistory:
      return "history";
  }
  return "unknown";
}

std::string PrefixEnd(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto last = static_cast<unsigned char>(end.back());
    if (last != 0xffu) {
      end.back() = static_cast<char>(last + 1);
      return end;
    }
    end.pop_back();
  }
  return end;
}

}  // namespace parcours
