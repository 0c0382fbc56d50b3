#include "engine/workers.h"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <exception>
#include <latch>
#include <mutex>

namespace parcours::engine {

Workers::Workers(int count) : count_(count < 1 ? 1 : count) {
  if (count_ > 1) pool_ = std::make_unique<boost::asio::thread_pool>(count_ - 1);
}

Workers::~Workers() {
  if (pool_) pool_->join();
}

void Workers::RunOnAll(const std::function<void(int)>& fn) {
  if (count_ == 1) {
    fn(0);
    return;
  }
  std::latch done(count_ - 1);
  std::mutex failure_mutex;
  std::exception_ptr failure;
  auto remember = [&](std::exception_ptr e) {
    std::lock_guard lock(failure_mutex);
    if (!failure) failure = std::move(e);
  };
  for (int i = 1; i < count_; ++i) {
    boost::asio::post(*pool_, [&, i] {
      try {
        fn(i);
      } catch (...) {
        remember(std::current_exception());
      }
      done.count_down();
    });
  }
  try {
    fn(0);
  } catch (...) {
    remember(std::current_exception());
  }
  done.wait();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace parcours::engine
