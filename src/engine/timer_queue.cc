#include "engine/timer_queue.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parcours::engine {
namespace {

constexpr Duration kWindow = std::chrono::hours(1);
constexpr std::size_t kMaxLoad = 100'000;  // timers per load; the window shrinks to fit

}  // namespace

std::string EncodeTimer(const TimerRecord& timer) {
  boost::json::object o;
  o["i"] = timer.instance_id;
  o["k"] = static_cast<int>(timer.kind);
  return boost::json::serialize(o);
}

std::optional<TimerRecord> DecodeTimer(std::string_view key, std::string_view value) {
  if (key.size() != 18) return std::nullopt;
  boost::system::error_code ec;
  auto v = boost::json::parse(value, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  const auto* i = o.if_contains("i");
  const auto* k = o.if_contains("k");
  if (i == nullptr || !i->is_string() || k == nullptr || !k->is_int64()) return std::nullopt;
  TimerRecord t;
  t.ref = TimerRef{keys::ReadTime(key.substr(2, 8)), keys::ReadU64(key.substr(10, 8))};
  t.instance_id = std::string(i->as_string());
  t.kind = static_cast<TimerKind>(k->as_int64());
  return t;
}

void TimerQueue::Add(const TimerRecord& timer) {
  if (loaded_until_ && timer.ref.due < *loaded_until_) timers_.insert(timer);
}

void TimerQueue::Remove(const TimerRef& ref) {
  TimerRecord probe;
  probe.ref = ref;
  timers_.erase(probe);
}

Status TimerQueue::Load(Store& store, Time until) {
  std::string prefix = keys::PartitionPrefix(partition_);
  Time from = loaded_until_.value_or(Time::min());
  Time to = until + kWindow;
  std::string begin = loaded_until_ ? keys::Timer(partition_, from, 0) : prefix;
  std::string end = keys::Timer(partition_, to, 0);
  std::size_t loaded = 0;
  std::optional<Time> cut;
  auto scanned =
      store.Scan(Table::kTimers, begin, end, [&](std::string_view k, std::string_view v) {
        auto timer = DecodeTimer(k, v);
        if (!timer) return true;  // not a timer record: skip
        if (loaded >= kMaxLoad && timer->ref.due != timers_.rbegin()->ref.due) {
          cut = timer->ref.due;  // stop at a due-time boundary
          return false;
        }
        timers_.insert(*timer);
        ++loaded;
        return true;
      });
  if (!scanned) return scanned;
  loaded_until_ = cut.value_or(to);
  return {};
}

Result<std::optional<Time>> TimerQueue::NextDue(Store& store, Time until) {
  // Invariant: every stored timer due before loaded_until_ that has not fired is in timers_.
  while (true) {
    if (!timers_.empty() && timers_.begin()->ref.due <= until) {
      return std::optional<Time>(timers_.begin()->ref.due);
    }
    if (loaded_until_ && *loaded_until_ > until) return std::optional<Time>();
    auto loaded = Load(store, until);  // moves loaded_until_ forward
    if (!loaded) return Fail(loaded.error());
  }
}

std::vector<TimerRecord> TimerQueue::PopDue(Time now) {
  std::vector<TimerRecord> due;
  while (!timers_.empty() && timers_.begin()->ref.due <= now) {
    due.push_back(*timers_.begin());
    timers_.erase(timers_.begin());
  }
  return due;
}

}  // namespace parcours::engine
