// Tokens and scopes (API.md "Running the server"): 401 for a missing or bad token before
// anything else, 403 for a missing scope, the token's name recorded as `by`, secrets never in
// the logs.
#include <filesystem>
#include <fstream>

#include "server_test.h"

namespace parcours::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr const char* kReader = "reader-secret-0001";
constexpr const char* kWriter = "writer-secret-0002";
constexpr const char* kPublisher = "publisher-secret-0003";
constexpr const char* kIngest = "events-secret-0004";
constexpr const char* kAdmin = "admin-secret-0005";

class Security : public ServerTest {
 protected:
  void SetUp() override {
    std::ofstream(dir() / "tokens.json") << R"({ "tokens": [
      { "name": "reader", "secret": "reader-secret-0001", "scopes": ["read"] },
      { "name": "writer", "secret": "writer-secret-0002", "scopes": ["write", "read"] },
      { "name": "release-manager", "secret": "publisher-secret-0003", "scopes": ["publish"] },
      { "name": "ingest", "secret": "events-secret-0004", "scopes": ["events"] },
      { "name": "ops", "secret": "admin-secret-0005", "scopes": ["admin"] } ] })";
    StartServer({"--tokens", (dir() / "tokens.json").string(), "--access-log",
                 (dir() / "access.log").string()});
  }
  long As(const char* secret, const std::string& method, const std::string& path,
          const std::string& body = "") {
    HttpClient client(server().url());
    client.SetToken(secret);
    return client.Request(method, path, body, body.empty() ? "" : "application/json").status;
  }
};

TEST_F(Security, MissingOrBadTokenIs401WithWwwAuthenticate) {
  HttpResponse none = http().Get("/v1/journeys");
  EXPECT_EQ(none.status, 401);
  EXPECT_THAT(none.header("www-authenticate"), StartsWith("Bearer"));
  EXPECT_EQ(none.header("content-type"), "application/problem+json");
  http().SetToken("not-a-token");
  EXPECT_EQ(http().Get("/v1/journeys").status, 401);
  EXPECT_EQ(http().Request("GET", "/v1/journeys", "", "", {"Authorization: Basic abc"}).status,
            401);
  http().SetToken(std::string(kReader) + "x");
  EXPECT_EQ(http().Get("/v1/journeys").status, 401);
  http().SetToken(kReader);
  EXPECT_EQ(http().Get("/v1/journeys").status, 200);
}

TEST_F(Security, TheTokenIsCheckedBeforeAnythingElse) {
  std::string answer = RawHttp(server().port(),
                               "POST /v1/events HTTP/1.1\r\nHost: x\r\n"
                               "Content-Length: 999999999\r\n\r\n",
                               30000);
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 401"));                 // not 413
  EXPECT_EQ(http().Get("/v1/nowhere").status, 401);                // not 404
  EXPECT_EQ(http().Request("PATCH", "/v1/journeys").status, 401);  // not 405
  EXPECT_EQ(http().Post("/v1/journeys", "{").status, 401);         // not 400
  std::string big = RawHttp(server().port(),
                            "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                std::string(kIngest) + "\r\nContent-Length: 999999999\r\n\r\n",
                            30000);
  EXPECT_THAT(big, StartsWith("HTTP/1.1 413"));
}

TEST_F(Security, HealthNeedsNoTokenNorDoesTheConsole) {
  EXPECT_EQ(http().Get("/healthz").status, 200);
  EXPECT_EQ(http().Get("/metrics").status, 401);
  // With no console (a --web-root that does not exist): 404, not 401.
  ASSERT_EQ(server().Terminate(), 0);
  StartServer(
      {"--tokens", (dir() / "tokens.json").string(), "--web-root", (dir() / "none").string()});
  EXPECT_EQ(http().Get("/").status, 404);
  // With a console: its files, without a token.
  std::filesystem::create_directories(dir() / "web");
  std::ofstream(dir() / "web" / "index.html") << "<html>console</html>";
  ASSERT_EQ(server().Terminate(), 0);
  StartServer(
      {"--tokens", (dir() / "tokens.json").string(), "--web-root", (dir() / "web").string()});
  EXPECT_EQ(http().Get("/").status, 200);
  EXPECT_EQ(http().Get("/journeys/welcome").status, 200);
  EXPECT_EQ(http().Get("/v1/journeys").status, 401);
}

TEST_F(Security, EachEndpointNeedsItsScope) {
  // read
  EXPECT_EQ(As(kReader, "GET", "/v1/journeys"), 200);
  EXPECT_EQ(As(kReader, "GET", "/metrics"), 200);
  EXPECT_EQ(As(kReader, "GET", "/v1/clock"), 200);
  EXPECT_EQ(As(kReader, "POST", "/v1/journeys", kSignupJourney), 403);
  EXPECT_EQ(As(kIngest, "GET", "/metrics"), 403);
  EXPECT_EQ(As(kIngest, "GET", "/v1/journeys"), 403);
  // write: drafts, new version, duplicate, profiles, audiences
  EXPECT_EQ(As(kWriter, "POST", "/v1/journeys", kSignupJourney), 201);
  EXPECT_EQ(As(kReader, "POST", "/v1/journeys/welcome/versions/1/validate"), 200);
  EXPECT_EQ(As(kIngest, "POST", "/v1/journeys/welcome/versions/1/validate"), 403);
  EXPECT_EQ(As(kWriter, "POST", "/v1/journeys/welcome/versions/1/publish"), 403);
  EXPECT_EQ(As(kPublisher, "POST", "/v1/journeys/welcome/versions/1/publish"), 200);
  EXPECT_EQ(As(kPublisher, "POST", "/v1/journeys/welcome/versions"), 403);
  EXPECT_EQ(As(kWriter, "POST", "/v1/journeys/welcome/versions"), 201);
  EXPECT_EQ(As(kPublisher, "POST", "/v1/journeys/welcome/duplicate"), 403);
  EXPECT_EQ(As(kWriter, "POST", "/v1/journeys/welcome/duplicate"), 201);
  EXPECT_EQ(As(kWriter, "DELETE", "/v1/journeys/welcome/versions/2"), 403);
  EXPECT_EQ(As(kPublisher, "DELETE", "/v1/journeys/welcome/versions/2"), 204);
  EXPECT_EQ(As(kReader, "PUT", "/v1/profiles/p1", R"({"attributes":{}})"), 403);
  EXPECT_EQ(As(kWriter, "PUT", "/v1/profiles/p1", R"({"attributes":{}})"), 200);
  EXPECT_EQ(As(kWriter, "PUT", "/v1/audiences/a", R"({"profiles":["p1"]})"), 200);
  // events
  EXPECT_EQ(As(kWriter, "POST", "/v1/events", R"({"id":"e1","type":"signup","profileId":"p1"})"),
            403);
  EXPECT_EQ(As(kIngest, "POST", "/v1/events", R"({"id":"e1","type":"signup","profileId":"p1"})"),
            202);
  EXPECT_EQ(As(kIngest, "POST", "/v1/events/batch", R"({"events":[]})"), 202);
  // reports need read
  EXPECT_EQ(As(kReader, "GET", "/v1/journeys/welcome/versions/1/report"), 200);
  EXPECT_EQ(As(kPublisher, "GET", "/v1/journeys/welcome/versions/1/report"), 403);
  // removing an instance needs write
  HttpClient reader(server().url());
  reader.SetToken(kReader);
  auto instances = Arr(reader.Get("/v1/profiles/p1/journeys").json(), "instances");
  ASSERT_EQ(instances.size(), 1u);
  std::string instance = "/v1/instances/" + std::string(At(instances[0], "id").as_string());
  EXPECT_EQ(As(kReader, "DELETE", instance), 403);
  EXPECT_EQ(As(kPublisher, "DELETE", instance), 403);
  EXPECT_EQ(As(kWriter, "DELETE", instance), 200);
  // the clock needs admin to advance
  EXPECT_EQ(As(kWriter, "POST", "/v1/clock/advance", R"({"by":"PT1M"})"), 403);
  EXPECT_EQ(As(kPublisher, "POST", "/v1/clock/advance", R"({"by":"PT1M"})"), 403);
  EXPECT_EQ(As(kAdmin, "POST", "/v1/clock/advance", R"({"by":"PT1M"})"), 200);
  // admin does everything
  EXPECT_EQ(As(kAdmin, "POST", "/v1/journeys/welcome/versions/1/close"), 200);
  EXPECT_EQ(As(kAdmin, "GET", "/metrics"), 200);
}

TEST_F(Security, ForbiddenNamesTheMissingScope) {
  HttpClient client(server().url());
  client.SetToken(kReader);
  HttpResponse r = client.Post("/v1/events", R"({"type":"a","profileId":"p"})");
  EXPECT_EQ(r.status, 403);
  EXPECT_THAT(r.body, HasSubstr("'events'"));
  EXPECT_THAT(r.body, HasSubstr("'reader'"));
}

TEST_F(Security, TransitionsRecordTheTokenNameAndSecretsAreNeverLogged) {
  ASSERT_EQ(As(kWriter, "POST", "/v1/journeys", kSignupJourney), 201);
  ASSERT_EQ(As(kPublisher, "POST", "/v1/journeys/welcome/versions/1/publish"), 200);
  ASSERT_EQ(As(kAdmin, "POST", "/v1/journeys/welcome/versions/1/stop"), 200);
  HttpClient reader(server().url());
  reader.SetToken(kReader);
  auto history = Arr(reader.Get("/v1/journeys/welcome/versions/1").json(), "history");
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(At(history[0], "by"), "writer");
  EXPECT_EQ(At(history[1], "by"), "release-manager");
  EXPECT_EQ(At(history[2], "by"), "ops");

  http().SetToken("wrong-secret-guess");
  EXPECT_EQ(http().Get("/v1/journeys").status, 401);
  ASSERT_EQ(server().Terminate(), 0);
  std::ifstream in(dir() / "access.log");
  std::string access((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(access, HasSubstr("by=release-manager"));
  EXPECT_THAT(access, HasSubstr("status=401"));
  for (const std::string& text : {access, server().Log()}) {
    for (const char* secret : {kReader, kWriter, kPublisher, kIngest, kAdmin, "wrong-secret"}) {
      EXPECT_THAT(text, Not(HasSubstr(secret)));
    }
  }
}

TEST_F(Security, ABadTokensFileStopsTheServerFromStarting) {
  std::ofstream(dir() / "bad.json") << R"({ "tokens": [
      { "name": "a", "secret": "short", "scopes": ["root"] } ] })";
  ServerProcess bad;
  EXPECT_THROW(bad.Start({"--listen", "127.0.0.1:0", "--data", (dir() / "d2").string(), "--tokens",
                          (dir() / "bad.json").string()},
                         dir() / "bad.log"),
               std::runtime_error);
  EXPECT_THAT(bad.Log(), HasSubstr("$.tokens[0].scopes[0]"));
  EXPECT_THAT(bad.Log(), HasSubstr("$.tokens[0].secret"));
}

}  // namespace
}  // namespace parcours::testing
