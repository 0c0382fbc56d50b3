// Opening an engine: the store, the data directory's settings, the catalog, the partitions, the
// clock, audience runs, and the delivery of actions left in the outbox by a previous run.
#include <algorithm>
#include <chrono>
#include <thread>

#include "engine/engine_impl.h"
#include "parcours/rocks_store.h"

namespace parcours::engine {
namespace {

// parcours-2: event ids de-duplicated per profile (keys.h). A parcours-1 directory is upgraded
// at open: its per-partition ids are read where they are until they expire.
constexpr std::string_view kFormatVersion = "parcours-2";
constexpr std::string_view kUpgradableFormat = "parcours-1";
constexpr int kMaxPartitions = 4096;

}  // namespace

Result<std::unique_ptr<EngineImpl>> EngineImpl::Open(const EngineOptions& options) {
  if (options.partitions < 1 || options.partitions > kMaxPartitions) {
    return Fail(Error::InvalidArgument("partitions must be between 1 and " +
                                       std::to_string(kMaxPartitions)));
  }
  if (options.threads < 0) return Fail(Error::InvalidArgument("threads cannot be negative"));
  if (options.workers < 0) return Fail(Error::InvalidArgument("workers cannot be negative"));
  std::unique_ptr<EngineImpl> e(new EngineImpl(options));
  if (options.store != nullptr) {
    e->store_ = options.store;
  } else if (!options.data_dir.empty()) {
    auto store = OpenRocksStore(options.data_dir);
    if (!store) return Fail(store.error());
    e->owned_store_ = std::move(*store);
    e->store_ = e->owned_store_.get();
  } else {
    e->owned_store_ = NewMemoryStore();
    e->store_ = e->owned_store_.get();
  }
  // Corrupt data found by any store call goes to the health of the node (work "store"): it
  // never heals, and parcoursd stops on it (BackgroundEvent::kind kDataLoss).
  e->watch_ = std::make_unique<CorruptionWatch>(*e->store_, [raw = e.get()](const Error& error) {
    raw->health_.Record("store", Fail(error));
  });
  e->store_ = e->watch_.get();
  Store& store = *e->store_;

  // The data directory's settings: fixed when it is created.
  auto format = store.Get(Table::kMeta, keys::kFormat);
  if (!format) return Fail(format.error());
  auto partitions = store.Get(Table::kMeta, keys::kPartitions);
  if (!partitions) return Fail(partitions.error());
  if (*format && **format == kUpgradableFormat) {
    WriteBatch upgrade;
    upgrade.Put(Table::kMeta, keys::kFormat, kFormatVersion);
    auto written = store.Write(upgrade, Durability::kSync);
    if (!written) return Fail(written.error());
  } else if (*format && **format != kFormatVersion) {
    return Fail(Error::FailedPrecondition(
        "the data was written in format '" + **format + "', this Parcours reads '" +
        std::string(kFormatVersion) + "' and upgrades '" + std::string(kUpgradableFormat) + "'"));
  }
  if (*partitions) {
    e->partition_count_ = std::stoi(**partitions);
  } else {
    e->partition_count_ = options.partitions;
    WriteBatch meta;
    meta.Put(Table::kMeta, keys::kFormat, kFormatVersion);
    meta.Put(Table::kMeta, keys::kPartitions, std::to_string(options.partitions));
    auto written = store.Write(meta, Durability::kSync);
    if (!written) return Fail(written.error());
  }

  // The clock.
  if (options.clock == ClockMode::kManual) {
    Time start = options.manual_start.value_or(
        std::chrono::floor<Duration>(std::chrono::system_clock::now()));
    auto stored = store.Get(Table::kMeta, keys::kClock);
    if (!stored) return Fail(stored.error());
    if (*stored && (*stored)->size() == 8) {
      Time was(Duration(static_cast<std::int64_t>(keys::ReadU64(**stored))));
      start = std::max(start, was);
    }
    e->manual_now_.store(start.time_since_epoch().count());
  }

  // The catalog.
  auto catalog = std::make_shared<CatalogSnapshot>();
  Status failed;
  auto scanned = store.Scan(Table::kJourneys, "", "", [&](std::string_view k, std::string_view v) {
    if (k.starts_with(std::string_view("\0", 1))) return true;  // runs, deleted ids
    auto journey = DecodeJourney(v);
    if (!journey) {
      failed = Fail(journey.error());
      return false;
    }
    std::string id = journey->id;
    catalog->journeys[id] = std::make_shared<const JourneyRecord>(std::move(*journey));
    return true;
  });
  if (!scanned) return Fail(scanned.error());
  if (!failed) return Fail(failed.error());
  e->catalog_ = std::move(catalog);

  // The partitions.
  for (int p = 0; p < e->partition_count_; ++p) {
    auto partition = std::make_unique<Partition>(static_cast<keys::Partition>(p), store);
    auto loaded = partition->Load();
    if (!loaded) return Fail(loaded.error());
    e->partitions_.push_back(std::move(partition));
  }

  auto runs = e->LoadRuns();
  if (!runs) return Fail(runs.error());

  // Actions queued before a crash and never answered go out again, same idempotency keys.
  std::vector<OutboxAction> pending;
  for (auto& p : e->partitions_) {
    auto actions = p->PendingActions();
    if (!actions) return Fail(actions.error());
    for (auto& a : *actions) pending.push_back(std::move(a));
  }
  e->Deliver(std::move(pending));

  if (options.threads > 0) {
    int workers = options.workers;
    if (workers == 0) {
      workers = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 8);
    }
    e->workers_ = std::make_unique<Workers>(std::min(workers, e->partition_count_));
    e->background_ = std::thread([raw = e.get()] { raw->BackgroundLoop(); });
  } else {
    e->DrainPosted();
  }
  return e;
}

EngineImpl::~EngineImpl() {
  stopping_.store(true);
  {
    std::lock_guard lock(queue_mutex_);
    queue_cv_.notify_all();
    posted_cv_.notify_all();
  }
  if (background_.joinable()) background_.join();
  if (store_ != nullptr) health_.Record("flush", store_->Flush());
}

std::shared_ptr<const CatalogSnapshot> EngineImpl::Catalog() const {
  std::lock_guard lock(catalog_mutex_);
  return catalog_;
}

}  // namespace parcours::engine

namespace parcours {

Result<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options) {
  auto engine = engine::EngineImpl::Open(options);
  if (!engine) return Fail(engine.error());
  return std::unique_ptr<Engine>(std::move(*engine));
}

}  // namespace parcours
