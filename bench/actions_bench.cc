// The action dispatcher against a fast local webhook receiver (Boost.Beast, keep-alive, in
// this process): webhook calls per second sustained, and the per-host rate limit measured
// against the configured one.
#include <benchmark/benchmark.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "actions/dispatcher.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Answers every request 200 {"ok":true}, keeping connections alive; records arrival times.
class Receiver {
 public:
  Receiver() : acceptor_(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)) {
    Accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~Receiver() {
    io_.stop();
    thread_.join();
  }
  int port() const { return acceptor_.local_endpoint().port(); }
  // Arrival times; read only while no request is in flight.
  std::vector<Clock::time_point>& arrivals() { return arrivals_; }

 private:
  struct Session : std::enable_shared_from_this<Session> {
    Session(tcp::socket s, Receiver& r) : socket(std::move(s)), receiver(r) {}
    void Read() {
      request = {};
      http::async_read(socket, buffer, request,
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         if (!ec) self->Write();
                       });
    }
    void Write() {
      receiver.arrivals_.push_back(Clock::now());
      response = {};
      response.result(http::status::ok);
      response.version(request.version());
      response.set(http::field::content_type, "application/json");
      response.keep_alive(request.keep_alive());
      response.body() = R"({"ok":true})";
      response.prepare_payload();
      http::async_write(socket, response,
                        [self = shared_from_this()](beast::error_code ec, std::size_t) {
                          if (!ec && self->request.keep_alive()) self->Read();
                        });
    }
    tcp::socket socket;
    Receiver& receiver;
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::response<http::string_body> response;
  };

  void Accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (!ec) {
        socket.set_option(tcp::no_delay(true));
        std::make_shared<Session>(std::move(socket), *this)->Read();
      }
      Accept();
    });
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::vector<Clock::time_point> arrivals_;
  std::thread thread_;
};

parcours::ActionRequest Request(const std::string& url, int i) {
  parcours::ActionRequest r;
  r.instance_id = "0-" + std::to_string(i);
  r.node = "notify";
  r.idempotency_key = r.instance_id + ":notify";
  r.kind = "webhook";
  r.rendered["url"] = url;
  r.rendered["method"] = "POST";
  r.rendered["headers"] = boost::json::object{{"X-Source", "parcours"}};
  r.rendered["body"] = boost::json::object{{"profile", r.instance_id}, {"tier", "gold"}};
  r.timeout = std::chrono::seconds(10);
  r.retries = 3;
  return r;
}

// Dispatches `n` calls and waits for every answer.
void DispatchAll(parcours::actions::Dispatcher& d, const std::string& url, int n,
                 std::int64_t& failures) {
  std::mutex mu;
  std::condition_variable cv;
  int answered = 0;
  std::int64_t failed = 0;
  for (int i = 0; i < n; ++i) {
    d.Dispatch(Request(url, i), [&](parcours::ActionResult r) {
      std::lock_guard lock(mu);
      if (r.outcome != parcours::ActionOutcome::kSuccess) ++failed;
      if (++answered == n) cv.notify_all();
    });
  }
  std::unique_lock lock(mu);
  cv.wait(lock, [&] { return answered == n; });
  failures += failed;
}

void BM_WebhookThroughput(benchmark::State& state) {
  Receiver receiver;
  parcours::actions::DispatcherOptions o;
  o.default_limits.max_in_flight = static_cast<int>(state.range(0));
  o.max_queued = 50000;
  auto d = parcours::actions::Dispatcher::Start(o);
  std::string url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  std::int64_t failures = 0;
  constexpr int kBatch = 20000;
  for (auto _ : state) DispatchAll(**d, url, kBatch, failures);
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["failures"] = static_cast<double>(failures);
  state.counters["calls_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * kBatch), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_WebhookThroughput)->Arg(64)->Arg(256)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RateLimitAccuracy(benchmark::State& state) {
  Receiver receiver;
  const double configured = static_cast<double>(state.range(0));
  parcours::actions::DispatcherOptions o;
  o.host_limits["127.0.0.1"] = {configured, 256};
  auto d = parcours::actions::Dispatcher::Start(o);
  std::string url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook";
  std::int64_t failures = 0;
  const int calls = static_cast<int>(configured * 2) + 1;  // two seconds' worth
  for (auto _ : state) {
    receiver.arrivals().clear();
    DispatchAll(**d, url, calls, failures);
  }
  auto& t = receiver.arrivals();
  double seconds = std::chrono::duration<double>(t.back() - t.front()).count();
  double measured = (static_cast<double>(t.size()) - 1) / seconds;
  state.counters["configured_per_s"] = configured;
  state.counters["measured_per_s"] = measured;
  state.counters["error_pct"] = 100 * (measured - configured) / configured;
  state.counters["failures"] = static_cast<double>(failures);
}
BENCHMARK(BM_RateLimitAccuracy)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(5000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
