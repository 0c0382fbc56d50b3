// `parcours events send` (one event) and `parcours events send-file` (an NDJSON file in batches).
//
// send-file contract: every non-blank line of the file is one event object. The whole file is
// checked locally first (each line must be a JSON object; exit 2 naming the line otherwise), so
// nothing is sent from a file that is broken further down. It is then sent in batches of --batch
// lines (default 1,000) to POST /v1/events/batch as application/x-ndjson, over one connection.
// The server accepts a batch whole or not at all: when it refuses one (exit 1), the batches before
// it stay accepted, and the message says which lines were refused. A progress bar is drawn on
// stderr when stderr is a terminal (not with --json).
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/command_registry.h"
#include "cli/local_input.h"
#include "cli/output.h"
#include "cli/progress_bar.h"

namespace parcours::cli {
namespace {

struct SendOptions {
  std::string type;
  std::string profile;
  std::string data;  // JSON object or @file
  std::string id;
  std::string timestamp;
  bool sync = false;
};

struct SendFileOptions {
  std::string file;  // "-": standard input
  std::int64_t batch = 1000;
  bool sync = false;
};

std::string WithSync(std::string target, bool sync) {
  return sync ? target + "?sync=true" : target;
}

Done SendEvent(Session& session, const SendOptions& o) {
  boost::json::object event;
  if (!o.id.empty()) event["id"] = o.id;
  event["type"] = o.type;
  event["profileId"] = o.profile;
  if (!o.timestamp.empty()) {
    if (auto ok = CheckTime(session, "--timestamp", o.timestamp); !ok) return ok;
    event["timestamp"] = o.timestamp;
  }
  if (!o.data.empty()) {
    auto data = ParseJsonObjectArgument(session, "--data", o.data);
    if (!data) return std::unexpected(data.error());
    event["data"] = std::move(*data);
  }
  auto reply = session.Call("POST", WithSync("/v1/events", o.sync), event);
  if (!reply) return std::unexpected(reply.error());
  if (session.json()) {
    session.PrintServerJson(*reply);
  } else if (Count(reply->json, "duplicates") > 0) {
    session.out() << "duplicate: an event with id '" << o.id << "' was already received for "
                  << o.profile << "\n";
  } else {
    session.out() << "accepted " << o.type << " for " << o.profile << "\n";
  }
  return {};
}

bool Blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

// The lines of the input, read twice (check, then send): a file is opened again, standard input
// is kept in memory.
class EventSource {
 public:
  static Outcome<EventSource> Open(Session& session, const std::string& file) {
    EventSource source;
    source.file_ = file;
    if (file == "-") {
      std::ostringstream all;
      all << session.in().rdbuf();
      source.stdin_text_ = all.str();
    } else if (!std::ifstream(file)) {
      return session.UsageError("cannot open '" + file + "'");
    }
    return source;
  }
  std::unique_ptr<std::istream> Lines() const {
    if (file_ == "-") return std::make_unique<std::istringstream>(stdin_text_);
    return std::make_unique<std::ifstream>(file_, std::ios::binary);
  }
  std::string name() const { return file_ == "-" ? "<stdin>" : file_; }

 private:
  std::string file_;
  std::string stdin_text_;
};

Done SendBatch(Session& session, const std::string& target, const std::string& body,
               std::int64_t first_line, std::int64_t last_line, const std::string& name,
               std::int64_t& accepted, std::int64_t& duplicates) {
  auto reply = session.Call("POST", target, body, "application/x-ndjson");
  if (!reply) {
    if (reply.error().code == kExitRefused) {
      session.err() << "  the refused batch is lines " << first_line << "-" << last_line << " of "
                    << name << " (event index 0 is line " << first_line << "); " << accepted
                    << " events before it were accepted\n";
    }
    return std::unexpected(reply.error());
  }
  accepted += Count(reply->json, "accepted");
  duplicates += Count(reply->json, "duplicates");
  return {};
}

Done SendFile(Session& session, const SendFileOptions& o) {
  auto source = EventSource::Open(session, o.file);
  if (!source) return std::unexpected(source.error());
  std::int64_t total = 0;
  {
    auto in = source->Lines();
    std::string line;
    for (std::int64_t number = 1; std::getline(*in, line); ++number) {
      if (Blank(line)) continue;
      auto event = ParseJsonObject(session, source->name() + ":" + std::to_string(number), line);
      if (!event) return std::unexpected(event.error());
      ++total;
    }
  }
  const std::string target = WithSync("/v1/events/batch", o.sync);
  ProgressBar bar(session.err(), session.stderr_is_terminal() && !session.json(), total, "events");
  std::int64_t accepted = 0, duplicates = 0, sent = 0, batches = 0;
  std::int64_t first_line = 0, last_line = 0, in_batch = 0;
  std::string body;
  auto flush = [&]() -> Done {
    if (in_batch == 0) return {};
    Done done = SendBatch(session, target, body, first_line, last_line, source->name(), accepted,
                          duplicates);
    if (!done) {
      bar.Finish();
      return done;
    }
    sent += in_batch;
    ++batches;
    bar.Update(sent);
    body.clear();
    in_batch = 0;
    return {};
  };
  auto in = source->Lines();
  std::string line;
  for (std::int64_t number = 1; std::getline(*in, line); ++number) {
    if (Blank(line)) continue;
    if (in_batch == 0) first_line = number;
    last_line = number;
    body += line;
    body += '\n';
    if (++in_batch == o.batch) {
      if (auto done = flush(); !done) return done;
    }
  }
  if (auto done = flush(); !done) return done;
  bar.Finish();
  if (session.json()) {
    boost::json::object summary{{"accepted", accepted}, {"duplicates", duplicates}};
    session.out() << boost::json::value(summary) << "\n";
  } else {
    session.out() << "sent " << Plural(sent, "event") << " in " << batches
                  << (batches == 1 ? " batch" : " batches") << ": " << accepted << " accepted, "
                  << duplicates << " duplicates\n";
  }
  return {};
}

}  // namespace

void AddEventsCommands(CLI::App& app, Session& session) {
  CLI::App* events = AddGroup(app, "events", "Send events");
  {
    CLI::App* c = events->add_subcommand("send", "Send one event");
    auto o = std::make_shared<SendOptions>();
    c->add_option("TYPE", o->type, "Event type, e.g. signup")->required();
    c->add_option("--profile", o->profile, "Profile id")->required();
    c->add_option("--data", o->data, "Event data: a JSON object, or @FILE");
    c->add_option("--id", o->id, "Event id, for de-duplication (default: generated)");
    c->add_option("--timestamp", o->timestamp, "RFC 3339 time (default: the server's now)");
    c->add_flag("--sync", o->sync, "Answer once the event's immediate steps are done");
    OnRun(c, session, o, SendEvent);
  }
  {
    CLI::App* c = events->add_subcommand("send-file", "Send an NDJSON file of events in batches");
    auto o = std::make_shared<SendFileOptions>();
    c->add_option("FILE", o->file, "One event object a line; '-' reads stdin")->required();
    c->add_option("--batch", o->batch, "Events a request (default 1000)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000}));
    c->add_flag("--sync", o->sync, "Each batch answers once its immediate steps are done");
    OnRun(c, session, o, SendFile);
  }
}

}  // namespace parcours::cli
