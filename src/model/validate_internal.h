// The validator's working state, shared by validate.cc (values) and graph_check.cc (paths).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parcours/expr.h"
#include "parcours/journey.h"
#include "parcours/validation.h"

namespace parcours::model {

class Validator {
 public:
  explicit Validator(const JourneyDefinition& definition) : definition_(definition) {}
  ValidationReport Run();

 private:
  void Error(std::string code, std::string path, std::string node, std::string message);
  void Warn(std::string code, std::string path, std::string node, std::string message);

  void CheckTop();
  void CheckEntry();
  void CheckNode(const Node& node, const std::string& path);
  void CheckBranches(const std::vector<Branch>& branches, bool split, const std::string& path,
                     const std::string& node);
  void CheckAction(const ActionActivity& action, const std::string& path, const std::string& node);
  void CheckGraph();  // graph_check.cc

  void CheckExpression(const std::string& text, const std::string& path, const std::string& node);
  void CheckTemplate(const std::string& text, const std::string& path, const std::string& node);
  void CheckJsonTemplates(const boost::json::value& value, const std::string& path,
                          const std::string& node);
  void AddExprErrors(const std::vector<expr::ExprError>& errors, std::string_view what,
                     const std::string& text, const std::string& path, const std::string& node);
  std::optional<Duration> CheckDuration(const std::string& text, const std::string& path,
                                        const std::string& node);
  std::optional<Time> CheckTime(const std::string& text, const std::string& path,
                                const std::string& node);
  void CheckLongerThanGlobalTimeout(Duration d, const std::string& what, const std::string& path,
                                    const std::string& node);

  const JourneyDefinition& definition_;
  ValidationReport report_;
  Duration global_timeout_ = kDefaultGlobalTimeout;
};

}  // namespace parcours::model
