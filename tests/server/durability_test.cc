// Process-level guarantees: SIGTERM is a graceful exit 0 that keeps everything; after SIGKILL
// right after acknowledged batches, a restart shows every acknowledged event entered exactly
// once (DESIGN.md §2).
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "server_test.h"

namespace parcours::testing {
namespace {

class Durability : public ServerTest {};

TEST_F(Durability, SigtermExitsZeroAndARestartKeepsEverything) {
  PublishJourney();
  SendEvent("signup", "p1", "e1");
  EXPECT_EQ(server().Terminate(), 0);
  EXPECT_THAT(server().Log(), ::testing::HasSubstr("graceful shutdown complete"));

  StartServer({});
  EXPECT_EQ(At(http().Get("/v1/journeys/welcome/versions/1").json(), "status"), "live");
  EXPECT_EQ(At(http().Get("/v1/journeys/welcome/versions/1/report").json(), "entered"), 1);
  EXPECT_EQ(
      Str(http().Post("/v1/events", R"({"id":"e1","type":"signup","profileId":"p1"})").json()),
      R"({"accepted":0,"duplicates":1})");
}

TEST_F(Durability, SigtermStopsAcceptingButFinishesTheRequestInProgress) {
  PublishJourney();
  std::string body = R"({"id":"late","type":"signup","profileId":"p9"})";
  RawConnection connection(server().port());
  // The header alone, asking for 100 Continue: the interim answer shows the request started.
  connection.Send(
      "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  ASSERT_THAT(connection.ReadUntil("\r\n\r\n", 30000), ::testing::StartsWith("HTTP/1.1 100"));
  server().Signal(SIGTERM);
  ASSERT_TRUE(server().WaitForLog("event=shutdown", 30000));
  // Not accepting: the server logs the line once its acceptor is closed; still, retry the
  // connection (bounded) rather than trust one attempt.
  bool refused = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!refused && std::chrono::steady_clock::now() < deadline) {
    try {
      RawConnection accepted(server().port());
      usleep(10000);
    } catch (const std::runtime_error&) {
      refused = true;
    }
  }
  EXPECT_TRUE(refused) << "new connections were still accepted after the shutdown began";

  connection.Send(body);
  std::string answer = connection.ReadUntil("", 30000);
  EXPECT_THAT(answer, ::testing::HasSubstr("HTTP/1.1 202"));
  EXPECT_THAT(answer, ::testing::HasSubstr("Connection: close"));
  EXPECT_TRUE(connection.closed());
  EXPECT_EQ(server().WaitForExit(), 0);

  StartServer({});
  EXPECT_EQ(At(http().Get("/v1/journeys/welcome/versions/1/report").json(), "entered"), 1);
}

TEST_F(Durability, SigkillAfterAcknowledgedBatchesLosesNoEventAndEntersNoneTwice) {
  PublishJourney();
  constexpr int kThreads = 4, kBatches = 10, kPerBatch = 25;
  std::vector<std::string> batches[kThreads];
  for (int t = 0; t < kThreads; ++t) {
    for (int b = 0; b < kBatches; ++b) {
      std::string body = R"({"events":[)";
      for (int i = 0; i < kPerBatch; ++i) {
        std::string n = std::to_string(t) + "-" + std::to_string(b) + "-" + std::to_string(i);
        if (i > 0) body += ",";
        body += R"({"id":"ev-)" + n + R"(","type":"signup","profileId":"p-)" + n + R"("})";
      }
      batches[t].push_back(body + "]}");
    }
  }
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < kThreads; ++t) {
    senders.emplace_back([&, t] {
      HttpClient client(server().url());
      for (const std::string& body : batches[t]) {
        HttpResponse r = client.Post("/v1/events/batch", body);
        if (r.status == 202 && At(r.json(), "accepted") == kPerBatch) acknowledged += kPerBatch;
      }
    });
  }
  for (auto& s : senders) s.join();
  server().Kill();  // right after the last acknowledgement
  ASSERT_EQ(acknowledged.load(), kThreads * kBatches * kPerBatch);

  StartServer({});
  auto report = http().Get("/v1/journeys/welcome/versions/1/report").json();
  EXPECT_EQ(At(report, "entered"), kThreads * kBatches * kPerBatch);
  EXPECT_EQ(At(report, "instances.in_progress"), kThreads * kBatches * kPerBatch);

  std::int64_t duplicates = 0, accepted = 0;
  for (int t = 0; t < kThreads; ++t) {
    for (const std::string& body : batches[t]) {
      auto r = http().Post("/v1/events/batch", body).json();
      duplicates += At(r, "duplicates").as_int64();
      accepted += At(r, "accepted").as_int64();
    }
  }
  EXPECT_EQ(accepted, 0);
  EXPECT_EQ(duplicates, kThreads * kBatches * kPerBatch);
  report = http().Get("/v1/journeys/welcome/versions/1/report").json();
  EXPECT_EQ(At(report, "entered"), kThreads * kBatches * kPerBatch);
}

}  // namespace
}  // namespace parcours::testing
