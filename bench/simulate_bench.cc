// The offline simulation (`parcours simulate`, src/simulation/simulation.h) at scale: 30 days of
// examples/abandoned-cart.json (as written: its e-mail and webhook actions are recorded, not
// sent) over 100,000 profiles.
//
//   simulate_bench [--profiles N] [--days D] [--seed S] [--partitions P]
//
// Events are generated in memory (deterministic seed) as a shop would record them: each profile
// fills a cart (sometimes empties it), buys, browses, 1 to 6 events from a random day, minutes
// to days apart. The timed part is RunSimulation alone: the engine on the memory store with the
// manual clock, the journey published, the profiles put, every event fed in timestamp order
// (clock advanced to each one first), then the clock advanced past the last event by the global
// timeout so every instance ends.
//
// A profile-step is one profile arriving at one activity (the sum of the report's `entered`
// over the activities). Prints the figures for people and `RESULT <key> <value>` lines; exits
// non-zero if the run failed or left an instance in progress.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/journey.h"
#include "simulation/simulation.h"

#ifndef PARCOURS_SOURCE_DIR
#define PARCOURS_SOURCE_DIR "."
#endif

namespace {

using namespace parcours;

void Emit(std::string_view key, double value) {
  std::printf("RESULT %.*s %.6g\n", static_cast<int>(key.size()), key.data(), value);
  std::fflush(stdout);
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "FAILED: %s\n", what.c_str());
  std::exit(1);
}

std::vector<Event> Generate(int profiles, int days, unsigned seed, Time start) {
  std::mt19937_64 random(seed);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(random);
  };
  constexpr std::int64_t kDay = 86'400'000;
  Time end = start + Duration(days * kDay);
  std::vector<Event> events;
  events.reserve(static_cast<std::size_t>(profiles) * 4);
  for (int p = 0; p < profiles; ++p) {
    std::string profile = "p" + std::to_string(p);
    Time at = start + Duration(uniform(0, (days - 1) * kDay));
    int count = static_cast<int>(uniform(1, 6));
    for (int k = 0; k < count && at < end; ++k) {
      Event e;
      e.profile_id = profile;
      e.timestamp = at;
      int dice = static_cast<int>(uniform(0, 99));
      if (dice < 55) {
        int items = dice < 8 ? 0 : static_cast<int>(uniform(1, 4));
        boost::json::array list;
        for (int i = 0; i < items; ++i) list.emplace_back("sku-" + std::to_string(i));
        e.type = "cart_updated";
        e.data = {{"total", items * 25},
                  {"items", std::move(list)},
                  {"currency", "EUR"},
                  {"cartId", "c" + std::to_string(p)}};
      } else if (dice < 80) {
        e.type = "purchase";
        e.data = {{"amount", uniform(5, 300)}};
      } else {
        e.type = "page_view";
      }
      events.push_back(std::move(e));
      at += Duration(uniform(60'000, 4 * kDay));
    }
  }
  // As read from a file: in no particular order (the simulation sorts).
  std::shuffle(events.begin(), events.end(), random);
  return events;
}

}  // namespace

int main(int argc, char** argv) {
  int profiles = 100'000, days = 30;
  unsigned seed = 2026;
  simulation::SimulationOptions options;  // partitions: 16, as parcours simulate
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--profiles") {
      profiles = std::atoi(argv[i + 1]);
    } else if (flag == "--days") {
      days = std::atoi(argv[i + 1]);
    } else if (flag == "--partitions") {
      options.partitions = std::atoi(argv[i + 1]);
    } else if (flag == "--seed") {
      seed = static_cast<unsigned>(std::atoi(argv[i + 1]));
    } else {
      Die("unknown flag " + std::string(flag));
    }
  }
  if (profiles < 1 || days < 1) Die("--profiles and --days must be above zero");

  std::ifstream in(std::string(PARCOURS_SOURCE_DIR) + "/examples/abandoned-cart.json");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto definition = ParseDefinition(text);
  if (!definition) Die("examples/abandoned-cart.json: " + definition.error().message());
  Normalize(*definition);

  Time start = *ParseTime("2026-03-02T00:00:00Z");
  std::vector<Event> events = Generate(profiles, days, seed, start);
  std::vector<simulation::SimulatedProfile> people;
  people.reserve(static_cast<std::size_t>(profiles));
  for (int p = 0; p < profiles; ++p) {
    std::string id = "p" + std::to_string(p);
    people.push_back({id, {{"email", id + "@example.com"}}});
  }
  std::size_t event_count = events.size();
  std::printf("simulating %d days of abandoned-cart over %d profiles: %zu events\n", days, profiles,
              event_count);

  auto began = std::chrono::steady_clock::now();
  auto result = simulation::RunSimulation(std::move(*definition), std::move(people),
                                          std::move(events), options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  if (!result) Die("the simulation failed: " + result.error().message());

  std::int64_t steps = 0;
  for (const auto& [node, counts] : result->report.nodes) steps += counts.entered;
  const Report& r = result->report;
  if (r.in_progress != 0) Die(std::to_string(r.in_progress) + " instances still in progress");
  if (r.entered == 0) Die("nobody entered");
  double virtual_days =
      std::chrono::duration<double>(result->end - result->start).count() / 86'400.0;

  std::printf(
      "  %.2f s wall for %.1f days of virtual time: %lld entries, %lld profile-steps, %zu actions "
      "recorded, %lld events fed\n",
      seconds, virtual_days, static_cast<long long>(r.entered), static_cast<long long>(steps),
      result->actions.size(), static_cast<long long>(result->events_fed));
  std::printf("  %.0f profile-steps/s, %.0f events/s\n", static_cast<double>(steps) / seconds,
              static_cast<double>(event_count) / seconds);
  Emit("simulate.seconds", seconds);
  Emit("simulate.profile_steps", static_cast<double>(steps));
  Emit("simulate.profile_steps_per_second", static_cast<double>(steps) / seconds);
  Emit("simulate.events_per_second", static_cast<double>(event_count) / seconds);
  Emit("simulate.virtual_days_per_second", virtual_days / seconds);
  return 0;
}
