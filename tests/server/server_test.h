// The fixture of the end-to-end tests: a real parcoursd on 127.0.0.1:0 with a fresh data
// directory and the manual clock, and an HTTP client for it; plus journeys the tests use.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <vector>

#include "http_client.h"
#include "server_process.h"

namespace parcours::testing {

// Profiles signing up enter, wait a day, and end.
inline const std::string kSignupJourney = R"({
  "id": "welcome", "name": "Welcome",
  "entry": { "type": "event", "event": "signup" },
  "start": "wait",
  "nodes": [
    { "id": "wait", "type": "wait", "duration": "P1D", "next": "done" },
    { "id": "done", "type": "end", "label": "Done" }
  ]
})";

// Well formed but invalid: 'next' names no activity.
inline const std::string kInvalidJourney = R"({
  "id": "broken", "name": "Broken",
  "entry": { "type": "event", "event": "signup" },
  "start": "wait",
  "nodes": [ { "id": "wait", "type": "wait", "duration": "P1D", "next": "nowhere" } ]
})";

inline std::string Str(const boost::json::value& v) { return boost::json::serialize(v); }

// `value` at a dotted path of object keys ("instances.in_progress"); null when absent.
boost::json::value At(const boost::json::value& value, const std::string& path);

// The array at `path` (a copy; empty when absent or not an array).
boost::json::array Arr(const boost::json::value& value, const std::string& path);

// The codes and paths of a problem's errors, as "path code".
std::vector<std::string> ErrorPaths(const HttpResponse& response);

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer({}); }

  // (Re)starts the server on the fixture's data directory, on 127.0.0.1:0, with the manual
  // clock (unless `manual_clock` is false) plus `extra`.
  void StartServer(const std::vector<std::string>& extra, bool manual_clock = true);

  HttpClient& http() { return *client_; }
  ServerProcess& server() { return server_; }
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::filesystem::path data() const { return dir_.path() / "data"; }

  // Creates kSignupJourney (or `definition`) and publishes it; returns its id.
  std::string PublishJourney(const std::string& definition = kSignupJourney);
  // Sends one event and checks it was accepted.
  void SendEvent(const std::string& type, const std::string& profile, const std::string& id = "");

 private:
  TempDir dir_;
  ServerProcess server_;
  std::unique_ptr<HttpClient> client_;
  int starts_ = 0;
};

}  // namespace parcours::testing
