// Helpers for the store's tests.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "parcours/error.h"

namespace parcours::store_test {

// A directory of its own under ::testing::TempDir(), named after the running test, removed
// with everything in it when this object goes.
class TempDirectory {
 public:
  TempDirectory() {
    static std::atomic<int> next{0};
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "parcours_store_";
    if (test != nullptr) name += std::string(test->test_suite_name()) + "." + test->name();
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    name += "_" + std::to_string(::getpid()) + "_" + std::to_string(next++);
    path_ = std::filesystem::path(::testing::TempDir()) / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// For gtest messages: "ok" or the error's kind and message.
template <typename T>
std::string Describe(const Result<T>& result) {
  if (result.has_value()) return "ok";
  return std::string(ErrorKindName(result.error().kind())) + ": " + result.error().message();
}

}  // namespace parcours::store_test
