#include "cli/validate_command.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include "parcours/journey.h"
#include "parcours/validation.h"

namespace parcours::cli {
namespace {

std::optional<std::string> ReadAll(const std::string& file, std::string& why) {
  if (file == "-") {
    std::ostringstream s;
    s << std::cin.rdbuf();
    return s.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    why = "cannot open '" + file + "'";
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    why = "cannot read '" + file + "'";
    return std::nullopt;
  }
  return text;
}

boost::json::array ProblemsToJson(const std::vector<Problem>& problems) {
  boost::json::array out;
  for (const Problem& p : problems) {
    boost::json::object o;
    o["code"] = p.code;
    o["path"] = p.path;
    if (p.node.empty()) {
      o["node"] = nullptr;
    } else {
      o["node"] = p.node;
    }
    o["message"] = p.message;
    out.push_back(std::move(o));
  }
  return out;
}

void PrintProblems(std::ostream& out, std::string_view severity,
                   const std::vector<Problem>& problems) {
  for (const Problem& p : problems) {
    out << "  " << severity << " " << p.code << " at " << p.path;
    if (!p.node.empty()) out << " (activity '" << p.node << "')";
    out << ": " << p.message << "\n";
  }
}

std::string Count(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

}  // namespace

int RunValidate(const ValidateOptions& options, std::ostream& out, std::ostream& err) {
  std::string why;
  std::optional<std::string> text = ReadAll(options.file, why);
  if (!text) {
    err << "parcours validate: " << why << "\n";
    return 2;
  }
  ValidationReport report;
  auto definition = ParseDefinition(*text);
  if (!definition) {
    report.errors = definition.error().problems();
  } else {
    Normalize(*definition);
    report = Validate(*definition);
  }
  if (options.json) {
    boost::json::object o;
    o["valid"] = report.valid();
    o["errors"] = ProblemsToJson(report.errors);
    o["warnings"] = ProblemsToJson(report.warnings);
    out << boost::json::serialize(o) << "\n";
  } else {
    std::string name = options.file == "-" ? "<stdin>" : options.file;
    out << name << ": " << (report.valid() ? "valid" : (definition ? "invalid" : "malformed"))
        << " (" << Count(report.errors.size(), "error") << ", "
        << Count(report.warnings.size(), "warning") << ")\n";
    PrintProblems(out, "error  ", report.errors);
    PrintProblems(out, "warning", report.warnings);
  }
  return report.valid() ? 0 : 1;
}

}  // namespace parcours::cli
