// The child process of the kill -9 test (rocks_crash_test.cc):
//   rocks_crash_writer DIRECTORY COUNT
// opens the RocksDB store in DIRECTORY and writes crash_batch::MakeBatch(0..COUNT-1) with
// kSync, writing each batch's number (4 bytes, native order) to stdout once Write returned.
// Exits 2 when the store cannot be opened, 3 when a write fails.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "parcours/rocks_store.h"
#include "store/crash_batch.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: rocks_crash_writer DIRECTORY COUNT\n");
    return 1;
  }
  auto store = parcours::OpenRocksStore(argv[1]);
  if (!store.has_value()) {
    std::fprintf(stderr, "%s\n", store.error().message().c_str());
    return 2;
  }
  const int count = std::atoi(argv[2]);
  for (int batch = 0; batch < count; ++batch) {
    auto written =
        (*store)->Write(parcours::crash_batch::MakeBatch(batch), parcours::Durability::kSync);
    if (!written.has_value()) {
      std::fprintf(stderr, "%s\n", written.error().message().c_str());
      return 3;
    }
    if (::write(STDOUT_FILENO, &batch, sizeof batch) != sizeof batch) return 4;
  }
  return 0;
}
