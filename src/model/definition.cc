#include <type_traits>

#include "parcours/journey.h"

namespace parcours {

bool IsValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

const char* NodeTypeName(NodeType type) {
  switch (type) {
    case NodeType::kCondition:
      return "condition";
    case NodeType::kSplit:
      return "split";
    case NodeType::kWait:
      return "wait";
    case NodeType::kWaitForEvent:
      return "waitForEvent";
    case NodeType::kAction:
      return "action";
    case NodeType::kUpdateProfile:
      return "updateProfile";
    case NodeType::kJump:
      return "jump";
    case NodeType::kEnd:
      return "end";
  }
  return "unknown";
}

std::vector<Path> PathsOf(const Node& node) {
  std::vector<Path> paths;
  auto branches = [&](const std::vector<Branch>& list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      paths.push_back({"branches[" + std::to_string(i) + "].next", list[i].next, true});
    }
  };
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, ConditionActivity>) {
          branches(a.branches);
          paths.push_back({"otherwise", a.otherwise, false});
        } else if constexpr (std::is_same_v<T, SplitActivity>) {
          branches(a.branches);
        } else if constexpr (std::is_same_v<T, WaitActivity> ||
                             std::is_same_v<T, UpdateProfileActivity>) {
          paths.push_back({"next", a.next, true});
        } else if constexpr (std::is_same_v<T, WaitForEventActivity>) {
          paths.push_back({"next", a.next, true});
          paths.push_back({"onTimeout", a.on_timeout, false});
        } else if constexpr (std::is_same_v<T, ActionActivity>) {
          paths.push_back({"next", a.next, true});
          paths.push_back({"onError", a.on_error, false});
          paths.push_back({"onTimeout", a.on_timeout, false});
        }
      },
      node.activity);
  return paths;
}

const Node* JourneyDefinition::FindNode(std::string_view node_id) const {
  for (const Node& n : nodes) {
    if (n.id == node_id) return &n;
  }
  return nullptr;
}

}  // namespace parcours
