#include "server/http_server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace parcours::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

std::string Authority(const tcp::endpoint& endpoint) {
  std::string host = endpoint.address().to_string();
  if (endpoint.address().is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(endpoint.port());
}

// "application/json; charset=utf-8" -> "application/json".
std::string MediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
  std::string out(type);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsQuietEnd(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == beast::error::timeout ||
         ec == net::error::operation_aborted || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == http::error::partial_message;
}

class Session;

}  // namespace

struct HttpServer::Impl {
  Impl(Api& a, HttpServerOptions o, AccessLogger l)
      : api(a),
        options(std::move(o)),
        access_log(std::move(l)),
        strand(net::make_strand(ioc)),
        acceptor(strand),
        signals(strand, SIGINT, SIGTERM),
        grace(strand),
        retry_accept(strand) {}

  void DoAccept();
  void DoShutdown();
  void Register(const std::shared_ptr<Session>& session);
  void Unregister(Session* session);

  Api& api;
  const HttpServerOptions options;
  const AccessLogger access_log;
  // Declared before the io_context: sessions destroyed with its pending handlers unregister.
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;  // GUARDED_BY(sessions_mutex)
  std::atomic<bool> shutting_down{false};
  std::atomic<bool> destroying{false};

  net::io_context ioc;
  net::strand<net::io_context::executor_type> strand;  // the acceptor, signals, grace timer
  tcp::acceptor acceptor;
  net::signal_set signals;
  net::steady_timer grace;
  net::steady_timer retry_accept;
  tcp::endpoint bound;
};

namespace {

// One connection: requests one after the other on the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::Impl* server)
      : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = Authority(remote);
    stream_.socket().set_option(tcp::no_delay(true), ec);
  }
  ~Session() { server_->Unregister(this); }

  void Start() {
    server_->Register(shared_from_this());
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->WaitForRequest(); });
  }

  // On shutdown: an idle connection closes now; a request in progress finishes first.
  void OnShutdown() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->stream_.cancel();
    });
  }

 private:
  void WaitForRequest() {
    idle_ = true;
    header_.reset();
    body_.reset();
    unread_body_ = false;
    if (server_->shutting_down.load()) return Close();
    if (buffer_.size() > 0) return ReadHeader();
    const auto& o = server_->options;
    stream_.expires_after(first_ ? o.header_timeout : o.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->buffer_.commit(n);
                              if (ec) return self->Close();
                              self->ReadHeader();
                            });
  }

  void ReadHeader() {
    idle_ = false;
    first_ = false;
    header_.emplace();
    header_->header_limit(64 * 1024);
    header_->body_limit(boost::none);  // decided by Api::Admit from Content-Length
    stream_.expires_after(server_->options.header_timeout);
    http::async_read_header(
        stream_, buffer_, *header_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    started_ = std::chrono::steady_clock::now();
    if (ec) {
      if (IsQuietEnd(ec)) return Close();
      keep_alive_ = false;
      unread_body_ = true;
      head_ = RequestHead{};
      if (ec == http::error::header_limit) {
        Response r = ProblemResponse(431, "header-too-large", "the request header is too large");
        return Send(std::move(r));
      }
      return Send(Api::BadRequest("malformed HTTP request: " + ec.message()));
    }
    auto& request = header_->get();
    head_ = RequestHead{};
    head_.method = std::string(request.method_string());
    head_.target = std::string(request.target());
    head_.authorization = std::string(request[http::field::authorization]);
    head_.content_type = MediaType(request[http::field::content_type]);
    if (auto length = header_->content_length()) head_.content_length = *length;
    keep_alive_ = request.keep_alive();
    bool has_body = !header_->is_done();

    auto admitted = server_->api.Admit(head_);
    if (auto* response = std::get_if<Response>(&admitted)) {
      if (has_body) {
        keep_alive_ = false;
        unread_body_ = true;
      }
      return Send(std::move(*response));
    }
    admission_ = std::move(std::get<Admission>(admitted));
    if (!has_body) return Dispatch(std::string());
    if (beast::iequals(request[http::field::expect], "100-continue")) {
      auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                        request.version());
      stream_.expires_after(server_->options.body_timeout);
      return http::async_write(
          stream_, *interim,
          [self = shared_from_this(), interim](beast::error_code wec, std::size_t) {
            if (wec) return self->Close();
            self->ReadBody();
          });
    }
    ReadBody();
  }

  void ReadBody() {
    body_.emplace(std::move(*header_));
    body_->body_limit(server_->api.options().max_body);
    stream_.expires_after(server_->options.body_timeout);
    http::async_read(
        stream_, buffer_, *body_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      unread_body_ = true;
      return Send(server_->api.BodyTooLarge());
    }
    if (ec) {
      if (IsQuietEnd(ec)) return Close();
      keep_alive_ = false;
      unread_body_ = true;
      return Send(Api::BadRequest("malformed HTTP request body: " + ec.message()));
    }
    Dispatch(body_->release().body());
  }

  // Runs the handler (and the engine call) on this io thread.
  void Dispatch(std::string body) { Send(server_->api.Handle(admission_, head_, std::move(body))); }

  void Send(Response r) {
    server_->api.responses().Count(r.status);
    if (server_->shutting_down.load()) keep_alive_ = false;
    auto response = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), 11);
    response->set(http::field::server, "parcoursd");
    if (!r.content_type.empty()) response->set(http::field::content_type, r.content_type);
    for (auto& [name, value] : r.headers) response->set(name, value);
    response->body() = std::move(r.body);
    response->keep_alive(keep_alive_);
    response->prepare_payload();
    if (server_->access_log) {
      AccessRecord record;
      record.remote = remote_;
      record.method = head_.method;
      record.target = head_.target;
      record.status = r.status;
      record.bytes = response->body().size();
      record.seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
      record.by = admission_.by;
      server_->access_log(record);
    }
    admission_ = Admission{};
    stream_.expires_after(server_->options.body_timeout);
    http::async_write(stream_, *response,
                      [self = shared_from_this(), response](beast::error_code ec, std::size_t) {
                        if (ec) return self->Close();
                        if (!self->keep_alive_)
                          return self->unread_body_ ? self->Linger() : self->Close();
                        self->WaitForRequest();
                      });
  }

  // A body was left unread: stop sending, then read and drop what the client still sends for
  // a moment, so that it receives the answer rather than a reset.
  void Linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    Drain();
  }

  void Drain() {
    stream_.async_read_some(net::buffer(discard_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpServer::Impl* server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> header_;
  std::optional<http::request_parser<http::string_body>> body_;
  RequestHead head_;
  Admission admission_;
  std::string remote_;
  std::chrono::steady_clock::time_point started_;
  std::array<char, 8192> discard_{};
  bool first_ = true;
  bool idle_ = true;
  bool keep_alive_ = true;
  bool unread_body_ = false;
};

}  // namespace

void HttpServer::Impl::Register(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mutex);
  sessions[session.get()] = session;
}

void HttpServer::Impl::Unregister(Session* session) {
  std::lock_guard lock(sessions_mutex);
  sessions.erase(session);
  if (sessions.empty() && shutting_down.load() && !destroying.load()) {
    net::post(strand, [this] { grace.cancel(); });
  }
}

void HttpServer::Impl::DoAccept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) {
      spdlog::warn("event=accept_failed error=\"{}\"", ec.message());
      retry_accept.expires_after(std::chrono::milliseconds(100));
      retry_accept.async_wait([this](beast::error_code wec) {
        if (!wec && !shutting_down.load()) DoAccept();
      });
      return;
    }
    std::make_shared<Session>(std::move(socket), this)->Start();
    DoAccept();
  });
}

void HttpServer::Impl::DoShutdown() {
  if (shutting_down.exchange(true)) return;
  beast::error_code ec;
  acceptor.close(ec);
  // Logged once the acceptor is closed, so that what the line says holds when it is read.
  spdlog::info(
      "event=shutdown msg=\"stopping: no new connections; finishing requests in "
      "progress\"");
  signals.cancel(ec);
  retry_accept.cancel();
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  if (live.empty()) return;
  for (auto& s : live) s->OnShutdown();
  live.clear();
  grace.expires_after(options.shutdown_grace);
  grace.async_wait([this](beast::error_code wec) {
    if (wec) return;
    spdlog::warn("event=shutdown_forced msg=\"connections still open after the grace period\"");
    ioc.stop();
  });
}

HttpServer::HttpServer(Api& api, HttpServerOptions options, AccessLogger access_log)
    : impl_(std::make_unique<Impl>(api, std::move(options), std::move(access_log))) {}

HttpServer::~HttpServer() {
  impl_->destroying.store(true);
  impl_->ioc.stop();
}

Result<std::string> HttpServer::Listen() {
  Impl& s = *impl_;
  beast::error_code ec;
  tcp::resolver resolver(s.ioc);
  auto results = resolver.resolve(s.options.host, std::to_string(s.options.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) {
    return Fail(Error::InvalidArgument("cannot resolve the listen address '" + s.options.host +
                                       "': " + ec.message()));
  }
  tcp::endpoint endpoint = results.begin()->endpoint();
  std::string where = Authority(endpoint);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Fail(Error::Unavailable("cannot listen on " + where + ": " + ec.message()));
  s.bound = s.acceptor.local_endpoint(ec);
  if (ec) return Fail(Error::Unavailable("cannot listen on " + where + ": " + ec.message()));
  return Authority(s.bound);
}

bool HttpServer::IsLoopback() const { return impl_->bound.address().is_loopback(); }

void HttpServer::Run() {
  Impl& s = *impl_;
  s.signals.async_wait([&s](beast::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("event=signal signal={}", signal == SIGTERM ? "SIGTERM" : "SIGINT");
    s.DoShutdown();
  });
  net::dispatch(s.strand, [&s] { s.DoAccept(); });
  std::vector<std::thread> threads;
  for (int i = 1; i < s.options.threads; ++i) threads.emplace_back([&s] { s.ioc.run(); });
  s.ioc.run();
  for (auto& t : threads) t.join();
}

void HttpServer::Shutdown() {
  net::post(impl_->strand, [s = impl_.get()] { s->DoShutdown(); });
}

}  // namespace parcours::server
