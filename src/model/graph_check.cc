// The graph of paths: references, duplicate ids, reachability from `start`, cycles.
#include <unordered_map>

#include "model/validate_internal.h"

namespace parcours::model {

void Validator::CheckGraph() {
  const auto& nodes = definition_.nodes;
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto [it, inserted] = index.emplace(nodes[i].id, i);
    if (!inserted) {
      Error("duplicate_id", "$.nodes[" + std::to_string(i) + "].id", nodes[i].id,
            "activity id '" + nodes[i].id + "' is already used by $.nodes[" +
                std::to_string(it->second) + "]");
    }
  }

  // Edges by node index, unknown targets reported once each.
  struct Edge {
    std::size_t to;
    std::string path;
  };
  std::vector<std::vector<Edge>> edges(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (index.at(nodes[i].id) != i) continue;  // a duplicate: its paths are not followed
    std::string base = "$.nodes[" + std::to_string(i) + "].";
    for (const Path& p : PathsOf(nodes[i])) {
      if (p.target.empty()) continue;
      auto it = index.find(p.target);
      if (it == index.end()) {
        Error("unknown_node", base + p.field, nodes[i].id,
              "'" + p.target + "' is not an activity of this journey");
        continue;
      }
      edges[i].push_back({it->second, base + p.field});
    }
  }

  auto start = index.find(definition_.start);
  if (start == index.end()) {
    Error("unknown_node", "$.start", "",
          "start '" + definition_.start + "' is not an activity of this journey");
  }

  // Reachability and cycles in one iterative depth-first walk from `start`.
  enum class Mark { kUnseen, kOnPath, kDone };
  std::vector<Mark> mark(nodes.size(), Mark::kUnseen);
  if (start != index.end()) {
    struct Frame {
      std::size_t node;
      std::size_t next_edge;
    };
    std::vector<Frame> stack{{start->second, 0}};
    mark[start->second] = Mark::kOnPath;
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next_edge == edges[top.node].size()) {
        mark[top.node] = Mark::kDone;
        stack.pop_back();
        continue;
      }
      const Edge& e = edges[top.node][top.next_edge++];
      if (mark[e.to] == Mark::kOnPath) {
        std::string loop = nodes[e.to].id;
        std::size_t from = top.node;
        std::vector<std::string> chain;
        for (std::size_t k = stack.size(); k-- > 0;) {
          chain.push_back(nodes[stack[k].node].id);
          if (stack[k].node == e.to) break;
        }
        std::string text;
        for (std::size_t k = chain.size(); k-- > 0;) text += chain[k] + " -> ";
        text += loop;
        Error("cycle", e.path, nodes[from].id,
              "this path loops back (" + text + "); journeys cannot contain cycles");
      } else if (mark[e.to] == Mark::kUnseen) {
        mark[e.to] = Mark::kOnPath;
        stack.push_back({e.to, 0});
      }
    }
  }

  if (start == index.end()) return;  // everything would be unreachable: one error is enough
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (mark[i] != Mark::kUnseen || index.at(nodes[i].id) != i) continue;
    std::string path = "$.nodes[" + std::to_string(i) + "]";
    if (nodes[i].type() == NodeType::kEnd) {
      Warn("unreachable_end", path, nodes[i].id,
           "end tag '" + nodes[i].id + "' is on no path from start");
    } else {
      Error("unreachable_node", path, nodes[i].id,
            "activity '" + nodes[i].id + "' cannot be reached from start '" + definition_.start +
                "'");
    }
  }
}

}  // namespace parcours::model
