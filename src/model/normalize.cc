// Normalization: every open path gets an end tag (DESIGN.md, "End tags").
#include <set>
#include <type_traits>

#include "parcours/journey.h"

namespace parcours {
namespace {

// Calls fn(target, gets_end_tag, id_suffix) for each outgoing path of `node`, by reference.
template <typename Fn>
void ForEachTarget(Node& node, Fn&& fn) {
  auto branches = [&](std::vector<Branch>& list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      fn(list[i].next, true, "-branch" + std::to_string(i + 1) + "-end");
    }
  };
  std::visit(
      [&](auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, ConditionActivity>) {
          branches(a.branches);
          fn(a.otherwise, false, "");
        } else if constexpr (std::is_same_v<T, SplitActivity>) {
          branches(a.branches);
        } else if constexpr (std::is_same_v<T, WaitActivity> ||
                             std::is_same_v<T, UpdateProfileActivity>) {
          fn(a.next, true, "-end");
        } else if constexpr (std::is_same_v<T, WaitForEventActivity>) {
          fn(a.next, true, "-end");
          fn(a.on_timeout, false, "");
        } else if constexpr (std::is_same_v<T, ActionActivity>) {
          fn(a.next, true, "-end");
          fn(a.on_error, false, "");
          fn(a.on_timeout, false, "");
        }
      },
      node.activity);
}

constexpr std::size_t kMaxBaseLength = 48;  // leaves room for the suffix within 64 characters

}  // namespace

void Normalize(JourneyDefinition& definition, const JourneyDefinition* previous) {
  std::set<std::string, std::less<>> ids;
  for (const Node& n : definition.nodes) ids.insert(n.id);

  // End nodes restored or added while a node's targets are visited go to `into`, appended to
  // definition.nodes only after the visit: the node visited lives in that vector.
  auto restore = [&](const std::string& target, std::vector<Node>& into) {
    if (previous == nullptr || target.empty() || ids.contains(target)) return;
    const Node* old = previous->FindNode(target);
    if (old == nullptr || old->type() != NodeType::kEnd) return;
    ids.insert(target);
    into.push_back(*old);
  };
  std::vector<Node> restored;
  restore(definition.start, restored);
  for (Node& n : restored) definition.nodes.push_back(std::move(n));

  // Index-based: end nodes appended here need no end tag themselves.
  for (std::size_t i = 0; i < definition.nodes.size(); ++i) {
    std::vector<Node> added;
    std::string base = definition.nodes[i].id.substr(0, kMaxBaseLength);
    ForEachTarget(definition.nodes[i],
                  [&](std::string& target, bool gets_end_tag, const std::string& suffix) {
                    if (!target.empty()) {
                      restore(target, added);
                      return;
                    }
                    if (!gets_end_tag) return;
                    std::string id = base + suffix;
                    for (int k = 2; ids.contains(id); ++k)
                      id = base + suffix + "-" + std::to_string(k);
                    ids.insert(id);
                    target = id;
                    added.push_back(Node{id, std::string("End"), std::nullopt, EndActivity{}});
                  });
    for (Node& n : added) definition.nodes.push_back(std::move(n));
  }
}

}  // namespace parcours
