#include "engine/outbox.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace parcours::engine {

std::string EncodeAction(const ActionRequest& r) {
  boost::json::object o;
  o["instance"] = r.instance_id;
  o["journey"] = r.journey_id;
  o["version"] = r.version;
  o["node"] = r.node;
  o["profile"] = r.profile_id;
  o["key"] = r.idempotency_key;
  o["kind"] = r.kind;
  o["rendered"] = r.rendered;
  o["timeoutMs"] = r.timeout.count();
  o["retries"] = r.retries;
  return boost::json::serialize(o);
}

Result<ActionRequest> DecodeAction(std::string_view bytes) {
  boost::system::error_code ec;
  auto v = boost::json::parse(bytes, ec);
  if (ec || !v.is_object()) return Fail(Error::Internal("stored action is not valid JSON"));
  try {
    const auto& o = v.as_object();
    ActionRequest r;
    r.instance_id = std::string(o.at("instance").as_string());
    r.journey_id = std::string(o.at("journey").as_string());
    r.version = static_cast<int>(o.at("version").to_number<std::int64_t>());
    r.node = std::string(o.at("node").as_string());
    r.profile_id = std::string(o.at("profile").as_string());
    r.idempotency_key = std::string(o.at("key").as_string());
    r.kind = std::string(o.at("kind").as_string());
    r.rendered = o.at("rendered").as_object();
    r.timeout = Duration(o.at("timeoutMs").to_number<std::int64_t>());
    r.retries = static_cast<int>(o.at("retries").to_number<std::int64_t>());
    return r;
  } catch (const std::exception& e) {
    return Fail(Error::Internal(std::string("stored action is corrupt: ") + e.what()));
  }
}

}  // namespace parcours::engine
