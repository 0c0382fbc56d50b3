#include "server_test.h"

namespace parcours::testing {

boost::json::value At(const boost::json::value& value, const std::string& path) {
  const boost::json::value* v = &value;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t dot = path.find('.', start);
    std::string key =
        path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    const auto* o = v->if_object();
    if (o == nullptr) return nullptr;
    auto it = o->find(key);
    if (it == o->end()) return nullptr;
    v = &it->value();
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return *v;
}

boost::json::array Arr(const boost::json::value& value, const std::string& path) {
  boost::json::value v = At(value, path);
  if (!v.is_array()) return {};
  return v.as_array();
}

std::vector<std::string> ErrorPaths(const HttpResponse& response) {
  std::vector<std::string> out;
  boost::json::array errors = Arr(response.json(), "errors");
  for (const auto& e : errors) {
    std::string code = e.as_object().contains("code") ? std::string(e.at("code").as_string()) : "";
    out.push_back(std::string(e.at("path").as_string()) + " " + code);
  }
  return out;
}

void ServerTest::StartServer(const std::vector<std::string>& extra, bool manual_clock) {
  std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--data", data().string()};
  if (manual_clock) args.insert(args.end(), {"--clock", "manual"});
  args.insert(args.end(), extra.begin(), extra.end());
  server_.Start(args, dir_.path() / ("server" + std::to_string(++starts_) + ".log"));
  client_ = std::make_unique<HttpClient>(server_.url());
}

std::string ServerTest::PublishJourney(const std::string& definition) {
  HttpResponse created = http().Post("/v1/journeys", definition);
  EXPECT_EQ(created.status, 201) << created.body;
  std::string id(At(created.json(), "id").as_string());
  HttpResponse published = http().Post("/v1/journeys/" + id + "/versions/1/publish");
  EXPECT_EQ(published.status, 200) << published.body;
  return id;
}

void ServerTest::SendEvent(const std::string& type, const std::string& profile,
                           const std::string& id) {
  std::string body = R"({"type":")" + type + R"(","profileId":")" + profile + "\"";
  if (!id.empty()) body += R"(,"id":")" + id + "\"";
  body += "}";
  HttpResponse r = http().Post("/v1/events?sync=true", body);
  ASSERT_EQ(r.status, 202) << r.body;
}

}  // namespace parcours::testing
