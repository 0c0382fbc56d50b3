// CorruptionWatch: a Store that forwards every call to another and tells `on_data_loss` of each
// result that says the stored data is corrupt (ErrorKind::kDataLoss), before returning it as it
// is. The engine wraps its store in one, so corrupt data found by any read, scan or write, in a
// request or in its own work, reaches whoever must stop the node (parcoursd).
//
// Thread-safety: as the wrapped store; `on_data_loss` may be called from any thread, and must not
// call the store. Ownership: the wrapped store must outlive the watch.
#pragma once

#include <functional>
#include <utility>

#include "parcours/store.h"

namespace parcours {

class CorruptionWatch final : public Store {
 public:
  CorruptionWatch(Store& base, std::function<void(const Error&)> on_data_loss)
      : base_(base), on_data_loss_(std::move(on_data_loss)) {}

  Result<std::optional<std::string>> Get(Table table, std::string_view key) override {
    return Watched(base_.Get(table, key));
  }
  Result<std::vector<std::optional<std::string>>> MultiGet(
      Table table, std::span<const std::string> keys) override {
    return Watched(base_.MultiGet(table, keys));
  }
  Status Write(const WriteBatch& batch, Durability durability) override {
    return Watched(base_.Write(batch, durability));
  }
  Status Scan(Table table, std::string_view begin, std::string_view end,
              const Visitor& visit) override {
    return Watched(base_.Scan(table, begin, end, visit));
  }
  Status Flush() override { return Watched(base_.Flush()); }

 private:
  template <typename R>
  R Watched(R result) {
    if (!result && result.error().kind() == ErrorKind::kDataLoss && on_data_loss_) {
      on_data_loss_(result.error());
    }
    return result;
  }

  Store& base_;
  std::function<void(const Error&)> on_data_loss_;
};

}  // namespace parcours
