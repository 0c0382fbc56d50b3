// `parcours simulate` as a user runs it: the real binary on real files, offline.
//
// The main test checks the promise of the command: on an example journey and a generated month
// of events for a few hundred profiles, `parcours simulate --json` prints the same report as a
// real `parcoursd --clock manual` fed the same events the same way (advance the clock to each
// event's timestamp, POST the event, then advance to the same end), and as the same server's
// POST /v1/simulate given the same input.
//
// The journey is examples/abandoned-cart.json with its two actions (an e-mail and a webhook)
// swapped for `log` actions on the same activities: a real server would try to deliver the
// originals (and fail, with no SMTP server and no shop.example), while the simulation answers
// every action success; `log` actions succeed on both sides without leaving the process, so the
// two runs take the same paths. Everything else (waits, the time-zone condition, the A/B split,
// the exit rules, re-entrance) is the example as written.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "run_process.h"
#include "server/http_client.h"
#include "server/server_process.h"

namespace parcours {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;
using testing::HttpClient;
using ::testing::Not;
using testing::RunProcess;
using testing::ServerProcess;
using testing::TempDir;

const std::string kCli = PARCOURS_CLI;
const std::filesystem::path kSource = PARCOURS_SOURCE_DIR;

using Millis = std::chrono::milliseconds;
using Time = std::chrono::sys_time<Millis>;

// RFC 3339 in UTC with milliseconds: "2026-03-02T10:00:00.250Z".
std::string Format(Time t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day date(day);
  std::chrono::hh_mm_ss<Millis> time(t - day);
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                int(time.minutes().count()), int(time.seconds().count()),
                int(time.subseconds().count()));
  return text;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

// examples/abandoned-cart.json with every action swapped for a `log` action (see the top).
json::object LogCartJourney() {
  json::object journey =
      json::parse(ReadFile(kSource / "examples/abandoned-cart.json")).as_object();
  int swapped = 0;
  for (json::value& node : journey["nodes"].as_array()) {
    json::object& n = node.as_object();
    if (n["type"] != "action") continue;
    n["action"] = json::object{
        {"kind", "log"},
        {"message", "would " + std::string(n["id"].as_string()) + " for {{profile.id}}"}};
    ++swapped;
  }
  EXPECT_EQ(swapped, 2);
  return journey;
}

struct GeneratedEvent {
  Time at;
  json::object json;
};

// A month of shop events for `profiles` profiles, from `start`: carts filled (sometimes
// emptied), purchases, and page views no journey listens to; a few events share their
// timestamp with the previous one of the same profile (order in the file decides), and a few
// repeat an earlier event's id (duplicates). Returned in timestamp order (stable).
std::vector<GeneratedEvent> GenerateMonth(Time start, int profiles, unsigned seed) {
  std::mt19937 random(seed);
  auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(random);
  };
  constexpr std::int64_t kDay = 86'400'000;
  std::vector<GeneratedEvent> events;
  int next_id = 0;
  for (int p = 0; p < profiles; ++p) {
    std::string profile = "p" + std::to_string(1000 + p);
    Time at = start + Millis(uniform(0, 27 * kDay));
    int count = static_cast<int>(uniform(1, 7));
    for (int k = 0; k < count && at < start + Millis(30 * kDay); ++k) {
      json::object e;
      int dice = static_cast<int>(uniform(0, 99));
      if (dice < 55) {
        int items = dice < 8 ? 0 : static_cast<int>(uniform(1, 4));
        json::array list;
        for (int i = 0; i < items; ++i) list.push_back(json::value("sku-" + std::to_string(i)));
        e = {{"type", "cart_updated"},
             {"data",
              {{"total", items * 25},
               {"items", list},
               {"currency", "EUR"},
               {"cartId", "c" + std::to_string(p)}}}};
      } else if (dice < 80) {
        e = {{"type", "purchase"}, {"data", {{"amount", uniform(5, 300)}}}};
      } else {
        e = {{"type", "page_view"}};
      }
      e["profileId"] = profile;
      bool duplicate = !events.empty() && uniform(0, 49) == 0;
      e["id"] = duplicate ? events[static_cast<std::size_t>(
                                       uniform(0, static_cast<std::int64_t>(events.size() - 1)))]
                                .json["id"]
                          : json::value("e" + std::to_string(next_id++));
      e["timestamp"] = Format(at);
      events.push_back({at, std::move(e)});
      // Mostly minutes to days apart; sometimes at the very same millisecond.
      if (uniform(0, 9) != 0) at += Millis(uniform(60'000, 4 * kDay));
    }
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const GeneratedEvent& a, const GeneratedEvent& b) { return a.at < b.at; });
  return events;
}

std::string Ndjson(const std::vector<json::object>& lines) {
  std::string text;
  for (const json::object& o : lines) text += json::serialize(o) + "\n";
  return text;
}

void Expect2xx(const testing::HttpResponse& r, const std::string& what) {
  ASSERT_GE(r.status, 200) << what << ": " << r.body;
  ASSERT_LT(r.status, 300) << what << ": " << r.body;
}

TEST(CliSimulate, GivesTheSameReportAsARealServerOnAMonthOfEvents) {
  TempDir dir;
  // The server's manual clock starts at the wall clock and never goes back, so the month starts
  // in the future: the next UTC midnight but one.
  Time start = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()) +
               std::chrono::days(2);
  std::vector<GeneratedEvent> events = GenerateMonth(start, 300, 20260301);
  ASSERT_GT(events.size(), 800u);
  std::size_t ties = 0;
  std::map<std::string, int> ids;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0 && events[i].at == events[i - 1].at) ++ties;
    ++ids[std::string(events[i].json["id"].as_string())];
  }
  EXPECT_GT(ties, 20u);                  // order in the file decides
  EXPECT_LT(ids.size(), events.size());  // some ids repeat: duplicates

  json::object journey = LogCartJourney();
  std::vector<json::object> profiles;
  for (int p = 0; p < 300; ++p) {
    std::string id = "p" + std::to_string(1000 + p);
    profiles.push_back({{"id", id}, {"attributes", {{"email", id + "@example.com"}}}});
  }
  // The file is shuffled: simulate sorts by timestamp, keeping file order for ties, so ties
  // are kept in the order generated.
  std::vector<json::object> lines;
  for (const GeneratedEvent& e : events) lines.push_back(e.json);
  {
    std::vector<std::size_t> order(lines.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::mt19937 random(7);
    std::shuffle(order.begin(), order.end(), random);
    // Events sharing a timestamp take the places the shuffle gave their group, in the order
    // generated (order is sorted, so a group's indexes are consecutive there).
    std::map<Time, std::vector<std::size_t>> places;
    for (std::size_t place = 0; place < order.size(); ++place) {
      places[events[order[place]].at].push_back(place);
    }
    for (auto& [at, group] : places) {
      std::vector<std::size_t> members;
      for (std::size_t place : group) members.push_back(order[place]);
      std::sort(members.begin(), members.end());
      for (std::size_t k = 0; k < group.size(); ++k) order[group[k]] = members[k];
    }
    std::vector<json::object> shuffled;
    for (std::size_t i : order) shuffled.push_back(lines[i]);
    lines = std::move(shuffled);
  }
  WriteFile(dir.path() / "journey.json", json::serialize(journey));
  WriteFile(dir.path() / "events.ndjson", Ndjson(lines));
  WriteFile(dir.path() / "profiles.ndjson", Ndjson(profiles));

  auto simulated = RunProcess({kCli, "simulate", (dir.path() / "journey.json").string(), "--events",
                               (dir.path() / "events.ndjson").string(), "--profiles",
                               (dir.path() / "profiles.ndjson").string(), "--json"});
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  EXPECT_EQ(simulated.err, "");
  json::value simulated_report = json::parse(simulated.out);

  // The same through a real server.
  ServerProcess server;
  server.Start(
      {"--listen", "127.0.0.1:0", "--data", (dir.path() / "data").string(), "--clock", "manual"},
      dir.path() / "server.log");
  HttpClient http(server.url());

  // POST /v1/simulate with the same input (the same shuffled file order) gives the same report,
  // and leaves the server's store as it was.
  json::array event_array, profile_array;
  for (const json::object& line : lines) event_array.push_back(line);
  for (const json::object& p : profiles) profile_array.push_back(p);
  auto api = http.Post("/v1/simulate", json::serialize(json::object{{"definition", journey},
                                                                    {"events", event_array},
                                                                    {"profiles", profile_array}}));
  ASSERT_EQ(api.status, 200) << api.body.substr(0, 2000);
  EXPECT_EQ(json::serialize(json::parse(api.body).at("report")), json::serialize(simulated_report));
  EXPECT_EQ(http.Get("/v1/journeys").body, R"({"journeys":[]})");
  EXPECT_EQ(http.Get("/v1/profiles/p1000").status, 404);
  // So does `parcours simulate --server`, in both outputs (trace included).
  std::vector<std::string> args = {kCli,
                                   "--url",
                                   server.url(),
                                   "simulate",
                                   (dir.path() / "journey.json").string(),
                                   "--events",
                                   (dir.path() / "events.ndjson").string(),
                                   "--profiles",
                                   (dir.path() / "profiles.ndjson").string()};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> all = args;
    all.insert(all.end(), extra.begin(), extra.end());
    return RunProcess(all);
  };
  auto on_server = with({"--server", "--json"});
  ASSERT_EQ(on_server.exit_code, 0) << on_server.err;
  EXPECT_EQ(on_server.out, simulated.out);
  auto traced_here = with({"--trace", "p1000"});
  auto traced_there = with({"--trace", "p1000", "--server"});
  ASSERT_EQ(traced_there.exit_code, 0) << traced_there.err;
  std::string first_line_there = traced_there.out.substr(0, traced_there.out.find('\n'));
  EXPECT_THAT(first_line_there, HasSubstr(" on " + server.url()));
  EXPECT_EQ(traced_there.out.substr(traced_there.out.find('\n')),
            traced_here.out.substr(traced_here.out.find('\n')));
  EXPECT_THAT(traced_here.out, HasSubstr("trace of profile p1000"));

  Expect2xx(http.Post("/v1/journeys", json::serialize(journey)), "create");
  Expect2xx(http.Post("/v1/journeys/abandoned-cart/versions/1/publish"), "publish");
  for (const json::object& p : profiles) {
    Expect2xx(http.Put("/v1/profiles/" + std::string(p.at("id").as_string()),
                       json::serialize(json::object{{"attributes", p.at("attributes")}})),
              "profile");
  }
  for (const GeneratedEvent& e : events) {
    Expect2xx(http.Post("/v1/clock/advance", json::serialize(json::object{{"to", Format(e.at)}})),
              "advance");
    Expect2xx(http.Post("/v1/events?sync=true", json::serialize(e.json)), "event");
  }
  Time end = events.back().at + std::chrono::days(7);  // the journey's global timeout
  Expect2xx(http.Post("/v1/clock/advance", json::serialize(json::object{{"to", Format(end)}})),
            "advance to the end");
  auto served = http.Get("/v1/journeys/abandoned-cart/versions/1/report");
  Expect2xx(served, "report");
  json::value server_report = json::parse(served.body);

  EXPECT_EQ(json::serialize(simulated_report), json::serialize(server_report));
  // And the run was not trivial: profiles entered, took both halves of the A/B test, were
  // let sleep at night, bought (exit rules), and events were discarded for each reason.
  const json::object& r = simulated_report.as_object();
  EXPECT_GT(r.at("entered").as_int64(), 200);
  EXPECT_EQ(r.at("instances").at("in_progress").as_int64(), 0);
  EXPECT_GT(r.at("endTags").at("end-control").at("count").as_int64(), 10);
  EXPECT_GT(r.at("endTags").at("end-discount").at("count").as_int64(), 10);
  EXPECT_GT(r.at("nodes").at("wait-morning").at("entered").as_int64(), 10);
  EXPECT_GT(r.at("nodes").at("wait-hour").at("left").as_int64(), 0);
  EXPECT_GT(r.at("discarded").at("condition_false").as_int64(), 0);
  EXPECT_GT(r.at("discarded").at("already_in_journey").as_int64(), 0);
}

// A fixture with files in a temporary directory and the CLI at hand.
class CliSimulateFiles : public ::testing::Test {
 protected:
  std::string Put(const std::string& name, const std::string& text) {
    WriteFile(dir_.path() / name, text);
    return (dir_.path() / name).string();
  }
  testing::ProcessResult Simulate(std::vector<std::string> args) {
    args.insert(args.begin(), {kCli, "simulate"});
    return RunProcess(args);
  }
  std::string Example(const std::string& name) { return (kSource / "examples" / name).string(); }

 private:
  TempDir dir_;
};

// One profile through abandoned-cart: a cart at 23:30 in Stockholm (night), no purchase.
TEST_F(CliSimulateFiles, TraceShowsEachStepWithItsTimeAndTheReasonOfEachBranch) {
  std::string events =
      Put("events.ndjson",
          R"({"type":"page_view","profileId":"ann","timestamp":"2026-03-02T20:00:00Z"}
{"type":"cart_updated","profileId":"ann","timestamp":"2026-03-02T22:30:00Z","data":{"total":40,"items":["a","b"],"currency":"EUR","cartId":"c1"}}
{"type":"cart_updated","profileId":"bob","timestamp":"2026-03-03T09:00:00Z","data":{"total":0,"items":[],"currency":"EUR","cartId":"c2"}}
)");
  std::string profiles =
      Put("profiles.ndjson", R"({"id":"ann","attributes":{"email":"ann@example.com"}}
{"id":"bob","attributes":{"email":"bob@example.com"}}
)");
  auto r = Simulate({Example("abandoned-cart.json"), "--events", events, "--profiles", profiles,
                     "--trace", "ann"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  // The run and the promise that nothing was sent.
  EXPECT_THAT(r.out, HasSubstr("simulated abandoned-cart version 1 from 2026-03-02T20:00:00Z to "
                               "2026-03-10T09:00:00Z (P7DT13H of virtual time)"));
  EXPECT_THAT(r.out, HasSubstr("3 events fed; 2 profiles set"));
  EXPECT_THAT(r.out, HasSubstr("nothing was sent: "));
  EXPECT_THAT(r.out, HasSubstr("condition_false  1"));
  // The trace: entered at 22:30Z; an hour later it is 00:30 in Stockholm, so the night branch,
  // with its reason; nine hours of sleep, the reminder at 08:30Z; a day later the split.
  EXPECT_THAT(r.out, HasSubstr("trace of profile ann: 1 instance"));
  EXPECT_THAT(r.out, HasSubstr("2026-03-02T22:30:00Z  wait-hour     entered"));
  EXPECT_THAT(r.out,
              HasSubstr("2026-03-02T23:30:00Z  awake         branch          Night: hour(now) "
                        ">= 22 || hour(now) < 8 was true"));
  EXPECT_THAT(r.out, HasSubstr("2026-03-03T08:30:00Z  reminder      action_success  simulated: "
                               "recorded, not sent"));
  EXPECT_THAT(r.out, HasSubstr("2026-03-04T08:30:00Z  ab-test       branch"));
  EXPECT_THAT(r.out, HasSubstr("actions recorded for ann (not sent)"));
  EXPECT_THAT(r.out,
              HasSubstr(R"("to":"ann@example.com","subject":"You left 2 items in your cart")"));
  // A profile that never entered.
  auto bob = Simulate({Example("abandoned-cart.json"), "--events", events, "--trace", "bob"});
  ASSERT_EQ(bob.exit_code, 0) << bob.err;
  EXPECT_THAT(bob.out, HasSubstr("trace of profile bob: it never entered the journey\n"));
  auto nobody = Simulate({Example("abandoned-cart.json"), "--events", events, "--trace", "zed"});
  EXPECT_THAT(nobody.out, HasSubstr("it never entered the journey (no event and no profile line "
                                    "names it)"));
}

TEST_F(CliSimulateFiles, JsonPrintsOnlyTheReportObject) {
  std::string events = Put(
      "events.ndjson",
      R"({"type":"cart_updated","profileId":"ann","timestamp":"2026-03-02T10:00:00Z","data":{"total":40,"items":["a"],"currency":"EUR","cartId":"c1"}}
{"type":"purchase","profileId":"ann","timestamp":"2026-03-02T10:20:00Z"}
)");
  auto r = Simulate({Example("abandoned-cart.json"), "--events", events, "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value report = json::parse(r.out);
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1);
  EXPECT_EQ(report.at("status"), "live");
  EXPECT_EQ(report.at("entered"), 1);
  EXPECT_EQ(report.at("instances").at("finished"), 1);
  EXPECT_EQ(report.at("nodes").at("wait-hour").at("entered"), 1);
  EXPECT_EQ(report.at("nodes").at("reminder").at("entered"), 0);
  EXPECT_TRUE(report.at("discarded").as_object().empty());
  // The global --json works too.
  auto global =
      RunProcess({kCli, "--json", "simulate", Example("abandoned-cart.json"), "--events", events});
  EXPECT_EQ(global.out, r.out);
  // --until cuts the run: an hour after the first event, the cart is still waiting... and the
  // purchase 20 minutes later ended it.
  auto cut =
      Simulate({Example("abandoned-cart.json"), "--events", events, "--until", "PT10M", "--json"});
  ASSERT_EQ(cut.exit_code, 0) << cut.err;
  EXPECT_EQ(json::parse(cut.out).at("instances").at("in_progress"), 1);
  auto readable =
      Simulate({Example("abandoned-cart.json"), "--events", events, "--until", "PT10M"});
  EXPECT_THAT(readable.out, HasSubstr("1 event fed, 1 after the end left out"));
  // No events at all: nothing happens, and that is a report too.
  auto none =
      Simulate({Example("abandoned-cart.json"), "--events", Put("none.ndjson", "\n"), "--json"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(json::parse(none.out).at("entered"), 0);
}

TEST_F(CliSimulateFiles, BadInputNamesTheLineAndExits2) {
  std::string journey = Example("abandoned-cart.json");
  struct Case {
    std::string events;
    std::vector<std::string> expected;
  };
  std::vector<Case> cases = {
      {"\n{\"type\":\"purchase\",\"profileId\":\"a\",\"timestamp\":\"2026-03-02T10:00:00Z\"}\n{"
       "nope\n",
       {"events.ndjson: 1 bad event line; nothing was simulated",
        "events.ndjson:3: bad_json at $: "
        "not valid JSON at column 2"}},
      {"{\"type\":\"purchase\",\"profileId\":\"a\",\"timestamp\":\"2026-03-02T10:00:00Z\","
       "\"colour\":\"red\"}\n",
       {"events.ndjson:1: unknown_field at $.colour"}},
      {"{\"type\":\"purchase\",\"profileId\":\"a\",\"timestamp\":\"2026-03-02T10:00:00Z\"}\n"
       "{\"type\":\"purchase\",\"profileId\":\"a\"}\n",
       {"events.ndjson:2: missing_field at $.timestamp: 'timestamp' is required"}},
      {"{\"type\":\"purchase\",\"profileId\":\"a b\",\"timestamp\":\"yesterday\"}\n",
       {"events.ndjson:1: bad_id at $.profileId", "events.ndjson:1: bad_value at $.timestamp"}},
      {"[1,2]\n", {"events.ndjson:1: wrong_type at $"}},
  };
  for (const Case& c : cases) {
    auto r = Simulate({journey, "--events", Put("events.ndjson", c.events)});
    EXPECT_EQ(r.exit_code, 2) << c.events << r.out << r.err;
    EXPECT_EQ(r.out, "");
    for (const std::string& text : c.expected) EXPECT_THAT(r.err, HasSubstr(text)) << c.events;
  }
  std::string events =
      Put("good.ndjson",
          "{\"type\":\"purchase\",\"profileId\":\"a\",\"timestamp\":\"2026-03-02T10:00:00Z\"}\n");
  // Profiles: an unknown field, attributes that are not an object, a missing id.
  auto profiles = Simulate({journey, "--events", events, "--profiles",
                            Put("profiles.ndjson",
                                "{\"id\":\"a\",\"attributes\":{},\"age\":3}\n"
                                "{\"id\":\"b\",\"attributes\":[]}\n\n"
                                "{\"attributes\":{}}\n")});
  EXPECT_EQ(profiles.exit_code, 2);
  EXPECT_THAT(profiles.err, HasSubstr("profiles.ndjson: 3 bad profile lines"));
  EXPECT_THAT(profiles.err, HasSubstr("profiles.ndjson:1: unknown_field at $.age"));
  EXPECT_THAT(profiles.err, HasSubstr("profiles.ndjson:2: wrong_type at $.attributes"));
  EXPECT_THAT(profiles.err, HasSubstr("profiles.ndjson:4: missing_field at $.id"));

  // Files that cannot be read, a malformed journey: 2. An invalid journey: 1, with its errors.
  auto missing = Simulate({journey, "--events", "/nonexistent/events.ndjson"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("cannot open '/nonexistent/events.ndjson'"));
  auto malformed = Simulate({Put("bad.json", "{\"id\": "), "--events", events});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_THAT(malformed.err, HasSubstr("is not a well-formed journey"));
  auto invalid =
      Simulate({(kSource / "tests/data/format_example.json").string(), "--events", events});
  EXPECT_EQ(invalid.exit_code, 1) << invalid.err;
  EXPECT_THAT(invalid.err, HasSubstr("is not valid (2 errors); nothing was simulated"));
  EXPECT_THAT(invalid.err, HasSubstr("  error   "));
  EXPECT_EQ(invalid.out, "");

  // Usage: a bad --until, --trace with --json, an audience journey, two inputs from stdin.
  auto until = Simulate({journey, "--events", events, "--until", "30 days"});
  EXPECT_EQ(until.exit_code, 2);
  EXPECT_THAT(until.err, HasSubstr("--until '30 days' is not a duration"));
  auto zero = Simulate({journey, "--events", events, "--until", "PT0S"});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_THAT(zero.err, HasSubstr("--until must be above zero"));
  auto both = Simulate({journey, "--events", events, "--trace", "a", "--json"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("cannot be combined with --json"));
  auto audience = Simulate({Example("re-engagement.json"), "--events", events});
  EXPECT_EQ(audience.exit_code, 2);
  EXPECT_THAT(audience.err, HasSubstr("enters from an audience"));
  auto stdin_twice = Simulate({"-", "--events", "-"});
  EXPECT_EQ(stdin_twice.exit_code, 2);
  auto no_events = Simulate({journey});
  EXPECT_EQ(no_events.exit_code, 2);
  EXPECT_THAT(no_events.err, HasSubstr("--events is required"));
  EXPECT_THAT(no_events.out, Not(HasSubstr("entered")));
}

}  // namespace
}  // namespace parcours
