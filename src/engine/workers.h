// Threads that process the partitions of one group side by side.
//
// RunOnAll(fn) calls fn(0) .. fn(count - 1) at once, fn(0) on the caller's thread and the others
// on the pool's threads, and returns when every call has returned; an exception thrown by any
// call is rethrown on the caller (the first one, if several threw). One RunOnAll at a time (the
// group commit's leader is the only caller).
#pragma once

#include <functional>
#include <memory>

namespace boost::asio {
class thread_pool;
}

namespace parcours::engine {

class Workers {
 public:
  // `count` >= 1; with 1 there is no thread and RunOnAll calls fn(0) on the caller.
  explicit Workers(int count);
  ~Workers();
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  int count() const { return count_; }
  void RunOnAll(const std::function<void(int)>& fn);

 private:
  int count_;
  std::unique_ptr<boost::asio::thread_pool> pool_;
};

}  // namespace parcours::engine
