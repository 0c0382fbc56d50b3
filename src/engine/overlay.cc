#include "engine/overlay.h"

#include <utility>
#include <vector>

namespace parcours::engine {

Result<std::optional<std::string>> Overlay::Get(Table table, std::string_view key) {
  auto it = writes_.find(Key(table, std::string(key)));
  if (it != writes_.end()) return it->second;
  return store_.Get(table, key);
}

void Overlay::Put(Table table, std::string_view key, std::string_view value) {
  writes_[Key(table, std::string(key))] = std::string(value);
}

void Overlay::PutNew(Table table, std::string_view key, std::string_view value) {
  Key k(table, std::string(key));
  created_.insert(k);
  writes_[std::move(k)] = std::string(value);
}

void Overlay::Delete(Table table, std::string_view key) {
  Key k(table, std::string(key));
  if (created_.erase(k) > 0) {
    writes_.erase(k);  // it never reached the store: nothing to delete there
    return;
  }
  writes_[std::move(k)] = std::nullopt;
}

void Overlay::Add(Table table, std::string_view key, std::int64_t delta) {
  adds_[Key(table, std::string(key))] += delta;
}

const WriteBatch& Overlay::Seal() {
  if (sealed_) return batch_;
  sealed_ = true;
  batch_.Clear();
  for (const auto& [key, value] : writes_) {
    if (value) {
      batch_.Put(key.first, key.second, *value);
    } else {
      batch_.Delete(key.first, key.second);
    }
  }
  for (const auto& [key, delta] : adds_) {
    if (delta != 0) batch_.Add(key.first, key.second, delta);
  }
  adds_.clear();
  return batch_;
}

WriteBatch Overlay::TakeSealed() {
  Seal();
  return std::exchange(batch_, WriteBatch());
}

Status Overlay::ScanPrefix(Table table, std::string_view prefix, const Store::Visitor& visit) {
  std::map<std::string, std::string, std::less<>> merged;
  std::string end = PrefixEnd(prefix);
  auto scanned = store_.Scan(table, prefix, end, [&](std::string_view k, std::string_view v) {
    merged.emplace(std::string(k), std::string(v));
    return true;
  });
  if (!scanned) return scanned;
  for (auto it = writes_.lower_bound(Key(table, std::string(prefix)));
       it != writes_.end() && it->first.first == table && it->first.second.starts_with(prefix);
       ++it) {
    if (it->second) {
      merged[it->first.second] = *it->second;
    } else {
      merged.erase(it->first.second);
    }
  }
  for (const auto& [k, v] : merged) {
    if (!visit(k, v)) break;
  }
  return {};
}

Status Overlay::DeletePrefix(Table table, std::string_view prefix) {
  std::vector<std::string> found;
  auto scanned = ScanPrefix(table, prefix, [&](std::string_view k, std::string_view) {
    found.emplace_back(k);
    return true;
  });
  if (!scanned) return scanned;
  for (const std::string& k : found) Delete(table, k);
  for (auto it = adds_.lower_bound(Key(table, std::string(prefix)));
       it != adds_.end() && it->first.first == table && it->first.second.starts_with(prefix);) {
    it = adds_.erase(it);
  }
  return {};
}

void Overlay::Clear() {
  sealed_ = false;
  batch_.Clear();
  writes_.clear();
  adds_.clear();
  created_.clear();
}

}  // namespace parcours::engine
