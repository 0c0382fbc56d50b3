// The HTTP layer of parcoursd: health, routing (404, 405 with Allow), keep-alive, the body
// limit decided before reading the body (413), malformed requests, timeouts, metrics, the web
// console, the clock without --clock manual, configuration and --help.
#include <chrono>
#include <fstream>

#include "../run_process.h"
#include "server_test.h"

namespace parcours::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class HttpBehaviour : public ServerTest {
 protected:
  void SetUp() override {}  // each test starts the server it needs
};

TEST_F(HttpBehaviour, HealthzAnswers200) {
  StartServer({});
  HttpResponse r = http().Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(At(r.json(), "status"), "ok");
}

TEST_F(HttpBehaviour, UnknownPathsAre404AndWrongMethods405WithAllow) {
  StartServer({});
  HttpResponse unknown = http().Get("/v1/nothing");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.header("content-type"), "application/problem+json");
  EXPECT_EQ(http().Get("/v1/journeys/j/versions/1/frobnicate").status, 404);
  EXPECT_EQ(http().Post("/v1/profiles", "{}").status, 404);
  HttpResponse wrong = http().Request("PATCH", "/v1/journeys", "{}", "application/json");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "POST, GET");
  HttpResponse version = http().Post("/v1/journeys/j/versions/1", "{}");
  EXPECT_EQ(version.status, 405);
  EXPECT_EQ(version.header("allow"), "GET, PUT, DELETE");
  EXPECT_EQ(http().Delete("/v1/events").status, 405);
}

TEST_F(HttpBehaviour, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer({});
  ASSERT_EQ(http().Get("/healthz").status, 200);
  EXPECT_EQ(http().last_new_connections(), 1);
  long port = http().last_local_port();
  ASSERT_EQ(http().Get("/v1/journeys").status, 200);
  EXPECT_EQ(http().last_new_connections(), 0);
  EXPECT_EQ(http().last_local_port(), port);

  // Two pipelined requests on one raw connection, both answered.
  std::string two =
      "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /v1/journeys HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  bool closed = false;
  std::string answer = RawHttp(server().port(), two, 30000, &closed);
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200 OK"));
  EXPECT_THAT(answer, HasSubstr(R"({"journeys":[]})"));
  EXPECT_TRUE(closed);
}

TEST_F(HttpBehaviour, OversizedBodyIs413FromContentLengthWithoutReadingIt) {
  StartServer({"--max-body", "1KiB"});
  // The header announces 100 MB and not a byte of body follows: the answer comes at once (well
  // before the 60 s body timeout; the bound is loose for a loaded machine).
  bool closed = false;
  auto start = std::chrono::steady_clock::now();
  std::string answer =
      RawHttp(server().port(),
              "POST /v1/events HTTP/1.1\r\nHost: x\r\n"
              "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n",
              30000, &closed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 413"));
  EXPECT_THAT(answer, HasSubstr("application/problem+json"));
  EXPECT_THAT(answer, HasSubstr("1024 bytes"));
  EXPECT_TRUE(closed);

  // Through curl, with a real body over the limit, and one under it.
  HttpResponse big = http().Post("/v1/events", std::string(2048, ' '));
  EXPECT_EQ(big.status, 413);
  HttpClient again(server().url());
  EXPECT_EQ(again.Post("/v1/events", R"({"type":"a","profileId":"p"})").status, 202);
}

TEST_F(HttpBehaviour, ChunkedBodyOverTheLimitIs413) {
  StartServer({"--max-body", "100"});
  std::string chunk(200, 'x');
  std::string answer = RawHttp(server().port(),
                               "POST /v1/events HTTP/1.1\r\nHost: x\r\n"
                               "Transfer-Encoding: chunked\r\n\r\nc8\r\n" +
                                   chunk + "\r\n0\r\n\r\n",
                               30000);
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 413"));
}

TEST_F(HttpBehaviour, MalformedHttpIs400) {
  StartServer({});
  std::string answer = RawHttp(server().port(), "THIS IS NOT HTTP\r\n\r\n", 30000);
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 400"));
}

TEST_F(HttpBehaviour, StalledAndIdleClientsAreDisconnected) {
  // Closed after the 0.3 s timeouts; the bounds are loose for a loaded machine, and the reads
  // wait longer than that, so a connection left open shows as not closed.
  StartServer({"--header-timeout", "0.3", "--idle-timeout", "0.3"});
  auto start = std::chrono::steady_clock::now();
  bool closed = false;
  RawHttp(server().port(), "GET /healthz HTTP/1.1\r\nHost:", 30000, &closed);  // never finished
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));

  closed = false;
  start = std::chrono::steady_clock::now();
  std::string answer =
      RawHttp(server().port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 30000, &closed);
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200"));
  EXPECT_TRUE(closed);  // the idle keep-alive connection was closed by the server
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST_F(HttpBehaviour, MetricsAreInPrometheusTextFormat) {
  StartServer({});
  PublishJourney();
  SendEvent("signup", "p1", "e1");
  SendEvent("signup", "p1", "e1");
  HttpResponse r = http().Get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.header("content-type"), StartsWith("text/plain; version=0.0.4"));
  for (const char* line :
       {"# TYPE parcours_events_accepted_total counter", "parcours_events_accepted_total 1",
        "parcours_events_duplicate_total 1", "# TYPE parcours_group_seconds histogram",
        "parcours_group_seconds_bucket{le=\"+Inf\"}", "parcours_group_seconds_count",
        "parcours_queued_inputs 0", "parcours_timers_in_memory", "parcours_actions_in_flight",
        "parcours_action_outcomes_total",
        "parcours_instances{journey=\"welcome\",version=\"1\",status=\"in_progress\"} 1",
        "parcours_version_status{journey=\"welcome\",version=\"1\",status=\"live\"} 1",
        "parcours_entered_total{journey=\"welcome\",version=\"1\"} 1",
        "parcours_http_responses_total{code=\"202\"} 2"}) {
    EXPECT_THAT(r.body, HasSubstr(line));
  }
}

TEST_F(HttpBehaviour, WebConsoleIsServedFromTheWebRootOr404WhenNotBuilt) {
  StartServer({"--web-root", (dir() / "none").string()});
  HttpResponse missing = http().Get("/");
  EXPECT_EQ(missing.status, 404);
  EXPECT_THAT(missing.body, HasSubstr("web console is not built"));

  std::filesystem::create_directories(dir() / "web" / "assets");
  std::ofstream(dir() / "web" / "index.html") << "<html>console</html>";
  std::ofstream(dir() / "web" / "assets" / "app.js") << "console.log(1)";
  std::ofstream(dir() / "secret.txt") << "secret";
  ASSERT_EQ(server().Terminate(), 0);
  StartServer({"--web-root", (dir() / "web").string()});
  HttpResponse index = http().Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<html>console</html>");
  EXPECT_THAT(index.header("content-type"), StartsWith("text/html"));
  HttpResponse js = http().Get("/assets/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_THAT(js.header("content-type"), StartsWith("text/javascript"));
  EXPECT_EQ(http().Get("/journeys/welcome").body, "<html>console</html>");  // browser routes
  EXPECT_EQ(http().Get("/assets/missing.js").status, 404);
  std::string escape =
      RawHttp(server().port(),
              "GET /../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 30000);
  EXPECT_THAT(escape, StartsWith("HTTP/1.1 404"));
  EXPECT_EQ(http().Get("/%2e%2e/secret.txt").status, 404);
}

TEST_F(HttpBehaviour, ClockEndpointsAre404WithTheSystemClock) {
  StartServer({}, /*manual_clock=*/false);
  EXPECT_EQ(http().Get("/v1/clock").status, 404);
  EXPECT_EQ(http().Post("/v1/clock/advance", R"({"by":"P1D"})").status, 404);
  EXPECT_EQ(http().Get("/healthz").status, 200);
}

TEST_F(HttpBehaviour, ConfigFileAndEnvironmentSetOptions) {
  std::ofstream(dir() / "parcoursd.toml") << "clock = \"manual\"\nmax-body = 100\n";
  setenv("PARCOURS_HTTP_THREADS", "2", 1);
  StartServer({"--config", (dir() / "parcoursd.toml").string()}, /*manual_clock=*/false);
  unsetenv("PARCOURS_HTTP_THREADS");
  EXPECT_EQ(http().Get("/v1/clock").status, 200);
  EXPECT_EQ(http().Post("/v1/events", std::string(200, ' ')).status, 413);
  EXPECT_THAT(server().Log(), HasSubstr("http_threads=2"));
  EXPECT_THAT(server().Log(), HasSubstr("clock=manual"));
}

TEST_F(HttpBehaviour, HelpExplainsEveryOption) {
  ProcessResult help = RunProcess({ParcoursdPath(), "--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag :
       {"--listen", "--data", "--clock", "--partitions", "--tokens", "--max-body", "--http-threads",
        "--log-level", "--access-log", "--web-root", "--config", "--insecure-listen-anywhere",
        "--header-timeout", "--body-timeout", "--idle-timeout", "PARCOURS_LISTEN", "PARCOURS_DATA",
        "PARCOURS_TOKENS"}) {
    EXPECT_THAT(help.out, HasSubstr(flag));
  }
  EXPECT_EQ(RunProcess({ParcoursdPath(), "--clock", "sundial"}).exit_code, 2);
}

TEST_F(HttpBehaviour, RefusesANonLoopbackAddressWithoutTokens) {
  ProcessResult refused =
      RunProcess({ParcoursdPath(), "--listen", "0.0.0.0:0", "--data", (dir() / "data").string()});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("--insecure-listen-anywhere"));
  EXPECT_EQ(refused.out, "");
}

}  // namespace
}  // namespace parcours::testing
