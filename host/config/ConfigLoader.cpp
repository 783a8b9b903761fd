#include "config/ConfigLoader.hpp"

#include "config/ConfigError.hpp"
#include "config/detail/LoadContext.hpp"
#include "config/detail/SettingsReader.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace sb::config {
namespace {

[[noreturn]] void throwWholeFileProblem(const std::string& path, const std::string& message) {
  throw ConfigError({ConfigProblem{path, 0, 0, "", message}});
}

}  // namespace

Settings loadConfigFile(const std::string& path, EnvLookup env) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) throwWholeFileProblem(path, "cannot read: is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throwWholeFileProblem(path, std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throwWholeFileProblem(path, std::string("cannot read: ") + std::strerror(errno));
  return loadConfigString(text.str(), path, std::move(env));
}

Settings loadConfigString(const std::string& yaml, const std::string& sourceName, EnvLookup env) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::ParserException& e) {
    // The parser stops at the first syntax error, so this is the only problem we can know.
    throw ConfigError({ConfigProblem{sourceName, e.mark.line + 1, e.mark.column + 1, "",
                                     "YAML syntax error: " + e.msg}});
  }
  detail::LoadContext context(sourceName, std::move(env));
  Settings settings;
  settings.source_file = sourceName;
  detail::readSettings(root, settings, context);
  if (auto problems = context.takeProblems(); !problems.empty()) throw ConfigError(std::move(problems));
  return settings;
}

}  // namespace sb::config
