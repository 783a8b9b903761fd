#include "config/detail/LoadContext.hpp"

#include <algorithm>
#include <tuple>

#include <yaml-cpp/yaml.h>

namespace sb::config::detail {

SourceMark LoadContext::markOf(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  // yaml-cpp counts from 0; editors and people count from 1.
  return SourceMark{file_, mark.line + 1, mark.column + 1};
}

void LoadContext::report(const SourceMark& mark, std::string keyPath, std::string message) {
  problems_.push_back(ConfigProblem{file_, mark.line, mark.column, std::move(keyPath), std::move(message)});
}

void LoadContext::report(const YAML::Node& node, std::string keyPath, std::string message) {
  report(markOf(node), std::move(keyPath), std::move(message));
}

std::optional<std::string> LoadContext::scalarText(const YAML::Node& node, const std::string& keyPath) {
  SubstitutionResult result = substituteEnv(node.Scalar(), env_);
  if (result.errors.empty()) return std::move(result.text);
  for (auto& error : result.errors) report(node, keyPath, std::move(error));
  return std::nullopt;
}

std::vector<ConfigProblem> LoadContext::takeProblems() {
  // Document order reads best, whatever order the checks ran in.
  std::stable_sort(problems_.begin(), problems_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.line, a.column) < std::tie(b.line, b.column);
  });
  return std::move(problems_);
}

}  // namespace sb::config::detail
