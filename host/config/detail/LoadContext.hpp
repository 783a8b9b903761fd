// LoadContext (internal to config/): what every step of loading one YAML text shares —
// the file name, the environment and the problems found so far.
#pragma once

#include "config/ConfigError.hpp"
#include "config/EnvSubstitution.hpp"
#include "config/Settings.hpp"

#include <optional>
#include <string>
#include <vector>

namespace YAML { class Node; }  // keeps yaml-cpp out of every includer but our .cpp files

namespace sb::config::detail {

class LoadContext {
 public:
  LoadContext(std::string file, EnvLookup env) : file_(std::move(file)), env_(std::move(env)) {}

  const std::string& file() const { return file_; }

  // 1-based position of a node. Only call on nodes that exist in the document:
  // yaml-cpp throws for a missing key's node (report its parent instead).
  SourceMark markOf(const YAML::Node& node) const;

  void report(const SourceMark& mark, std::string keyPath, std::string message);
  void report(const YAML::Node& node, std::string keyPath, std::string message);

  // The scalar's text after ${VAR} substitution; nullopt (problems reported at the node)
  // when a reference cannot be resolved.
  std::optional<std::string> scalarText(const YAML::Node& node, const std::string& keyPath);

  std::vector<ConfigProblem> takeProblems();

 private:
  std::string file_;
  EnvLookup env_;
  std::vector<ConfigProblem> problems_;
};

}  // namespace sb::config::detail
