// The read-only rule of published versions (DESIGN.md §1): only names, descriptions and labels
// may change. Implemented as a comparison of the two definitions' JSON with those fields removed,
// activities matched by id so that reordering them is not a change.
#include <boost/json/value.hpp>

#include <map>

#include "parcours/journey.h"

namespace parcours {
namespace {

namespace json = boost::json;

void StripLabels(json::object& o) {
  o.erase("label");
  o.erase("description");
  if (auto* branches = o.if_contains("branches")) {
    if (auto* array = branches->if_array()) {
      for (auto& b : *array) {
        if (auto* bo = b.if_object()) bo->erase("label");
      }
    }
  }
}

// The path of the first difference between a and b under `path`, or empty when equal.
std::string FirstDifference(const json::value& a, const json::value& b, const std::string& path) {
  if (a.is_object() && b.is_object()) {
    const auto& ao = a.get_object();
    const auto& bo = b.get_object();
    for (const auto& field : bo) {
      const json::value* other = ao.if_contains(field.key());
      std::string sub = path + "." + std::string(field.key());
      if (other == nullptr) return sub;
      std::string d = FirstDifference(*other, field.value(), sub);
      if (!d.empty()) return d;
    }
    for (const auto& field : ao) {
      if (!bo.contains(field.key())) return path + "." + std::string(field.key());
    }
    return "";
  }
  if (a.is_array() && b.is_array()) {
    const auto& aa = a.get_array();
    const auto& ba = b.get_array();
    for (std::size_t i = 0; i < aa.size() && i < ba.size(); ++i) {
      std::string d = FirstDifference(aa[i], ba[i], path + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
    if (aa.size() != ba.size()) return path;
    return "";
  }
  if (a.is_number() && b.is_number()) {
    return a.to_number<double>() == b.to_number<double>() ? "" : path;
  }
  return a == b ? "" : path;
}

}  // namespace

std::vector<Problem> NonEditableChanges(const JourneyDefinition& before,
                                        const JourneyDefinition& after) {
  std::vector<Problem> problems;
  json::object b = DefinitionToJson(before).as_object();
  json::object a = DefinitionToJson(after).as_object();
  for (json::object* o : {&a, &b}) {
    o->erase("id");
    o->erase("name");
    o->erase("description");
    if (auto* exit = o->if_contains("exit")) {
      for (auto& rule : exit->as_array()) rule.as_object().erase("label");
    }
  }
  json::array b_nodes = std::move(b["nodes"].as_array());
  json::array a_nodes = std::move(a["nodes"].as_array());
  b.erase("nodes");
  a.erase("nodes");
  if (std::string d = FirstDifference(b, a, "$"); !d.empty()) {
    problems.push_back({"read_only", d, "",
                        "a published version is read-only: only names, descriptions and labels "
                        "may change; '" +
                            d + "' differs (create a new version to change it)"});
  }

  std::map<std::string, json::object, std::less<>> old_nodes;
  for (auto& n : b_nodes) {
    json::object o = n.as_object();
    std::string id(o["id"].as_string());
    StripLabels(o);
    old_nodes.emplace(std::move(id), std::move(o));
  }
  for (std::size_t i = 0; i < a_nodes.size(); ++i) {
    json::object o = a_nodes[i].as_object();
    std::string id(o["id"].as_string());
    std::string path = "$.nodes[" + std::to_string(i) + "]";
    StripLabels(o);
    auto it = old_nodes.find(id);
    if (it == old_nodes.end()) {
      problems.push_back({"read_only", path, id,
                          "a published version is read-only: activity '" + id +
                              "' cannot be added (create a new version to change it)"});
      continue;
    }
    if (std::string d = FirstDifference(it->second, o, path); !d.empty()) {
      problems.push_back({"read_only", d, id,
                          "a published version is read-only: only labels and descriptions of "
                          "activity '" +
                              id + "' may change; '" + d + "' differs"});
    }
    old_nodes.erase(it);
  }
  for (const auto& [id, node] : old_nodes) {
    problems.push_back({"read_only", "$.nodes", id,
                        "a published version is read-only: activity '" + id +
                            "' cannot be removed (create a new version to change it)"});
  }
  return problems;
}

}  // namespace parcours
