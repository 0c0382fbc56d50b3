// The batches the kill -9 test writes (rocks_crash_writer.cc) and how it checks what survived
// (rocks_crash_test.cc).
//
// Batch i touches four tables at once: four instance keys, a history entry, the two counters
// "batches" (+1) and "sum" (+i), and it moves the single timer from batch i-1 to batch i (a
// Delete and a Put). After a crash, if batches 0..m-1 are found, every one of them must be
// complete and nothing of any later batch may be there.
#pragma once

#include <cstdio>
#include <string>

#include "parcours/store.h"

namespace parcours::crash_batch {

inline constexpr int kInstancesPerBatch = 4;

inline std::string BatchKey(int batch) {
  char key[32];
  std::snprintf(key, sizeof key, "batch/%08d", batch);
  return key;
}

inline std::string InstanceKey(int batch, int instance) {
  return BatchKey(batch) + "/" + std::to_string(instance);
}

inline std::string InstanceValue(int batch, int instance) {
  // Large enough that a batch spans more than one small write in the log.
  return std::string(200, static_cast<char>('a' + (batch + instance) % 26)) +
         std::to_string(batch * 10 + instance);
}

inline WriteBatch MakeBatch(int batch) {
  WriteBatch b;
  for (int i = 0; i < kInstancesPerBatch; ++i) {
    b.Put(Table::kInstances, InstanceKey(batch, i), InstanceValue(batch, i));
  }
  b.Put(Table::kHistory, BatchKey(batch), "step " + std::to_string(batch));
  b.Add(Table::kCounters, "batches", 1);
  b.Add(Table::kCounters, "sum", batch);
  if (batch > 0) b.Delete(Table::kTimers, BatchKey(batch - 1));
  b.Put(Table::kTimers, BatchKey(batch), "due");
  return b;
}

}  // namespace parcours::crash_batch
