#include "config/ConfigError.hpp"

namespace sb::config {
namespace {

std::string joinFormatted(const std::vector<ConfigProblem>& problems) {
  std::string text;
  for (const auto& problem : problems) {
    if (!text.empty()) text += '\n';
    text += problem.format();
  }
  return text;
}

}  // namespace

std::string ConfigProblem::format() const {
  std::string text = file;
  if (line > 0) text += ':' + std::to_string(line) + ':' + std::to_string(column);
  text += ": ";
  if (!key_path.empty()) text += key_path + ": ";
  return text + message;
}

ConfigError::ConfigError(std::vector<ConfigProblem> problems)
    : std::runtime_error(joinFormatted(problems)), problems_(std::move(problems)) {}

}  // namespace sb::config
