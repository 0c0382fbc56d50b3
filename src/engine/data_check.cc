// CheckDataDirectory (parcours/data_check.h): RocksDB's checksums, then every record read back
// with the decoder the engine uses for it.
#include "parcours/data_check.h"

#include <boost/json/parse.hpp>

#include <cstdio>
#include <system_error>

#include "engine/catalog.h"
#include "engine/instance_state.h"
#include "engine/keys.h"
#include "engine/outbox.h"
#include "engine/timer_queue.h"
#include "parcours/rocks_store.h"

namespace parcours {
namespace {

// A key as text: printable ASCII as it is, other bytes as \xNN.
std::string Printable(std::string_view key) {
  std::string out;
  for (unsigned char c : key) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

// The problem with one record of `table`, or an empty string when it reads back.
std::string RecordProblem(Table table, std::string_view key, std::string_view value) {
  auto json_problem = [&](bool want_array) -> std::string {
    boost::system::error_code ec;
    auto parsed = boost::json::parse(value, ec);
    if (ec) return "not valid JSON: " + ec.message();
    if (want_array ? !parsed.is_array() : !parsed.is_object()) {
      return want_array ? "not a JSON array" : "not a JSON object";
    }
    return "";
  };
  switch (table) {
    case Table::kJourneys:
      if (key.starts_with(std::string_view("\0", 1))) return "";  // runs, deleted ids, tests
      if (auto journey = engine::DecodeJourney(value); !journey) return journey.error().message();
      return "";
    case Table::kInstances:
      if (key.size() > 2 && key[2] == 'i') {
        if (auto state = engine::DecodeInstance(value); !state) return state.error().message();
      }
      return "";
    case Table::kTimers:
      return engine::DecodeTimer(key, value) ? "" : "not a timer record";
    case Table::kOutbox:
      if (auto action = engine::DecodeAction(value); !action) return action.error().message();
      return "";
    case Table::kCounters:
      if (auto n = DecodeCounter(value); !n) return n.error().message();
      return "";
    case Table::kProfiles:
    case Table::kAudiences:
      return json_problem(false);
    case Table::kHistory:
      return json_problem(true);
    case Table::kMeta:
    case Table::kDedupe:
      return "";
  }
  return "";
}

void AddProblem(DataCheck& check, std::string problem) {
  if (check.problems.size() < DataCheck::kMaxProblems) {
    check.problems.push_back(std::move(problem));
  } else {
    ++check.more_problems;
  }
}

void CheckMeta(Store& store, DataCheck& check) {
  auto format = store.Get(Table::kMeta, engine::keys::kFormat);
  auto partitions = store.Get(Table::kMeta, engine::keys::kPartitions);
  if (!format || !partitions) {
    AddProblem(check, "meta: " + (!format ? format.error() : partitions.error()).message());
    return;
  }
  if (!*format) {
    AddProblem(check, "meta: no format recorded: not a Parcours data directory, or never opened");
  } else {
    check.format = **format;
    if (check.format != "parcours-1" && check.format != "parcours-2") {
      AddProblem(check, "meta: format '" + check.format + "' is not one this version reads");
    }
  }
  if (*partitions) {
    try {
      check.partitions = std::stoi(**partitions);
    } catch (const std::exception&) {
      check.partitions = 0;
    }
    if (check.partitions < 1 || check.partitions > 4096) {
      AddProblem(check, "meta: the partition count '" + Printable(**partitions) +
                            "' is not a number from 1 to 4096");
    }
  } else if (*format) {
    AddProblem(check, "meta: no partition count recorded");
  }
}

}  // namespace

Result<DataCheck> CheckDataDirectory(const std::filesystem::path& directory) {
  std::error_code ec;
  if (!std::filesystem::exists(directory / "CURRENT", ec)) {
    return Fail(Error::NotFound("no data directory at " + directory.string() +
                                " (no RocksDB CURRENT file in it)"));
  }
  DataCheck check;
  auto verified = VerifyRocksStore(directory);
  if (!verified) return Fail(verified.error());
  check.files_verified = verified->files.size();
  for (std::string& problem : verified->problems) AddProblem(check, "table files: " + problem);

  RocksStoreOptions options;
  options.read_only = true;
  auto store = OpenRocksStore(directory, options);
  if (!store) return Fail(store.error());
  CheckMeta(**store, check);
  for (Table table :
       {Table::kMeta, Table::kJourneys, Table::kInstances, Table::kTimers, Table::kOutbox,
        Table::kDedupe, Table::kCounters, Table::kProfiles, Table::kAudiences, Table::kHistory}) {
    std::int64_t& count = check.records[TableName(table)];
    auto scanned = (*store)->Scan(table, "", "", [&](std::string_view key, std::string_view value) {
      ++count;
      std::string problem = RecordProblem(table, key, value);
      if (!problem.empty()) {
        AddProblem(check,
                   std::string(TableName(table)) + ", key " + Printable(key) + ": " + problem);
      }
      return true;
    });
    if (!scanned)
      AddProblem(check, std::string(TableName(table)) + ": " + scanned.error().message());
  }
  return check;
}

}  // namespace parcours
