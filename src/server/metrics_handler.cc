// GET /metrics in the Prometheus text format (version 0.0.4): the engine's counters
// (Engine::Stats), instances by journey, version and status and each version's status (from
// the reports), and the HTTP answers by status code.
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "actions/dispatcher.h"
#include "server/api_routes.h"
#include "server/handler_util.h"

namespace parcours::server::handlers {
namespace {

class Exposition {
 public:
  void Family(std::string_view name, std::string_view type, std::string_view help) {
    text_ += "# HELP " + std::string(name) + " " + std::string(help) + "\n";
    text_ += "# TYPE " + std::string(name) + " " + std::string(type) + "\n";
  }
  void Sample(std::string_view name, std::string_view labels, double value) {
    char number[64];
    std::snprintf(number, sizeof number, "%.17g", value);
    text_ += std::string(name);
    if (!labels.empty()) text_ += "{" + std::string(labels) + "}";
    text_ += " ";
    text_ += number;
    text_ += "\n";
  }
  void Sample(std::string_view name, std::string_view labels, std::int64_t value) {
    text_ += std::string(name);
    if (!labels.empty()) text_ += "{" + std::string(labels) + "}";
    text_ += " " + std::to_string(value) + "\n";
  }
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
};

// A label value, escaped (ids cannot hold quotes or backslashes, but names might).
std::string Label(std::string_view name, std::string_view value) {
  std::string out(name);
  out += "=\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  out += "\"";
  return out;
}

void EngineCounters(Exposition& m, const EngineStats& s) {
  m.Family("parcours_events_accepted_total", "counter", "Events accepted (not duplicates).");
  m.Sample("parcours_events_accepted_total", "", s.events_accepted);
  m.Family("parcours_events_duplicate_total", "counter", "Events refused as duplicates.");
  m.Sample("parcours_events_duplicate_total", "", s.events_duplicate);
  m.Family("parcours_inputs_processed_total", "counter",
           "Inputs processed: events, timers, action results, lifecycle effects.");
  m.Sample("parcours_inputs_processed_total", "", s.inputs_processed);
  m.Family("parcours_groups_committed_total", "counter", "Groups of inputs committed.");
  m.Sample("parcours_groups_committed_total", "", s.groups_committed);
  m.Family("parcours_timers_fired_total", "counter", "Timers fired.");
  m.Sample("parcours_timers_fired_total", "", s.timers_fired);

  m.Family("parcours_group_seconds", "histogram",
           "Time to process and commit one group of inputs (the step latency).");
  std::int64_t count = 0;
  for (std::size_t i = 0; i < s.group_seconds_counts.size(); ++i) {
    std::string le = "+Inf";
    if (i < s.group_seconds_bounds.size()) {
      char bound[32];
      std::snprintf(bound, sizeof bound, "%g", s.group_seconds_bounds[i]);
      le = bound;
    }
    count = s.group_seconds_counts[i];
    m.Sample("parcours_group_seconds_bucket", Label("le", le), count);
  }
  if (s.group_seconds_counts.empty())
    m.Sample("parcours_group_seconds_bucket", "le=\"+Inf\"", std::int64_t{0});
  m.Sample("parcours_group_seconds_sum", "", s.group_seconds_sum);
  m.Sample("parcours_group_seconds_count", "", count);

  m.Family("parcours_queued_inputs", "gauge", "Inputs waiting for the next group.");
  m.Sample("parcours_queued_inputs", "", s.queued_inputs);
  m.Family("parcours_timers_in_memory", "gauge", "Timers in the loaded windows of the partitions.");
  m.Sample("parcours_timers_in_memory", "", s.timers_in_memory);
  m.Family("parcours_actions_in_flight", "gauge", "Actions handed to delivery, not answered yet.");
  m.Sample("parcours_actions_in_flight", "", s.actions_in_flight);
  m.Family("parcours_partitions", "gauge", "Partitions of the data directory.");
  m.Sample("parcours_partitions", "", static_cast<std::int64_t>(s.partitions));

  m.Family("parcours_background_failures_total", "counter",
           "Failures of the engine's own work (group: action results and other inputs nobody "
           "waits for; timers: timers and time-driven work; flush).");
  for (const auto& [work, n] : s.background_failures) {
    m.Sample("parcours_background_failures_total", Label("work", work), n);
  }
  m.Family("parcours_background_failing", "gauge",
           "1 while that work of the engine is failing (/healthz answers 503 meanwhile).");
  for (const auto& [work, n] : s.background_failures) {
    m.Sample("parcours_background_failing", Label("work", work),
             std::int64_t{s.failing.contains(work) ? 1 : 0});
  }

  m.Family("parcours_action_outcomes_total", "counter", "Action results by kind and outcome.");
  for (const auto& [key, n] : s.action_outcomes) {
    std::size_t colon = key.find(':');
    std::string kind = key.substr(0, colon);
    std::string outcome = colon == std::string::npos ? "" : key.substr(colon + 1);
    m.Sample("parcours_action_outcomes_total",
             Label("kind", kind) + "," + Label("outcome", outcome), n);
  }
}

void Journeys(Exposition& m, Engine& engine) {
  auto journeys = engine.ListJourneys(std::nullopt);
  if (!journeys) return;
  m.Family("parcours_version_status", "gauge",
           "1 for each journey version, labelled with its status.");
  for (const JourneySummary& j : *journeys) {
    for (const auto& [version, status] : j.versions) {
      m.Sample("parcours_version_status",
               Label("journey", j.id) + "," + Label("version", std::to_string(version)) + "," +
                   Label("status", VersionStatusName(status)),
               std::int64_t{1});
    }
  }
  std::vector<std::pair<std::string, Report>> reports;  // labels, report
  for (const JourneySummary& j : *journeys) {
    for (const auto& [version, status] : j.versions) {
      if (status == VersionStatus::kDraft) continue;
      auto report = engine.GetReport(j.id, version, ReportWindow::kAllTime);
      if (!report) continue;
      reports.emplace_back(Label("journey", j.id) + "," + Label("version", std::to_string(version)),
                           *report);
    }
  }
  m.Family("parcours_instances", "gauge", "Instances by journey, version and status.");
  for (const auto& [base, report] : reports) {
    const std::pair<const char*, std::int64_t> counts[] = {{"in_progress", report.in_progress},
                                                           {"finished", report.finished},
                                                           {"error", report.error},
                                                           {"timed_out", report.timed_out}};
    for (const auto& [name, n] : counts) {
      m.Sample("parcours_instances", base + "," + Label("status", name), n);
    }
  }
  m.Family("parcours_entered_total", "counter", "Profiles that entered, by journey and version.");
  for (const auto& [base, report] : reports)
    m.Sample("parcours_entered_total", base, report.entered);
}

void Delivery(Exposition& m, const actions::DispatcherStats& s) {
  m.Family("parcours_delivery_held", "gauge",
           "Actions held by the delivery thread (waiting, in flight or waiting to retry).");
  m.Sample("parcours_delivery_held", "", s.held);
  m.Family("parcours_delivery_waiting_retry", "gauge", "Actions waiting for their backoff.");
  m.Sample("parcours_delivery_waiting_retry", "", s.waiting_retry);
  m.Family("parcours_delivery_rejected_total", "counter",
           "Actions answered at once without a try (no SMTP server, bad URL, ...).");
  m.Sample("parcours_delivery_rejected_total", "", s.rejected);
  m.Family("parcours_delivery_tries_total", "counter", "Delivery tries started, by host.");
  for (const auto& [host, h] : s.hosts)
    m.Sample("parcours_delivery_tries_total", Label("host", host), h.sent);
  m.Family("parcours_delivery_retries_total", "counter", "Tries that were retries, by host.");
  for (const auto& [host, h] : s.hosts) {
    m.Sample("parcours_delivery_retries_total", Label("host", host), h.retries);
  }
  m.Family("parcours_delivery_in_flight", "gauge", "Tries running now, by host.");
  for (const auto& [host, h] : s.hosts)
    m.Sample("parcours_delivery_in_flight", Label("host", host), h.in_flight);
  m.Family("parcours_delivery_outcomes_total", "counter", "Delivery outcomes by host.");
  for (const auto& [host, h] : s.hosts) {
    const std::pair<const char*, std::int64_t> outcomes[] = {
        {"success", h.success}, {"error", h.error}, {"timeout", h.timeout}};
    for (const auto& [name, n] : outcomes) {
      m.Sample("parcours_delivery_outcomes_total",
               Label("host", host) + "," + Label("outcome", name), n);
    }
  }
}

}  // namespace

Response Metrics(Api& api, const Call&) {
  Exposition m;
  EngineCounters(m, api.engine().Stats());
  Journeys(m, api.engine());
  if (api.options().dispatcher != nullptr) Delivery(m, api.options().dispatcher->Stats());
  m.Family("parcours_http_responses_total", "counter", "HTTP responses by status code.");
  for (const auto& [status, n] : api.responses().Snapshot()) {
    m.Sample("parcours_http_responses_total", Label("code", std::to_string(status)), n);
  }
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = m.Take();
  return r;
}

}  // namespace parcours::server::handlers
