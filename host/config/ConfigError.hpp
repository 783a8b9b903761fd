// ConfigError: every problem found in a configuration file, each with its position.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace sb::config {

struct ConfigProblem {
  std::string file;
  int line = 0;    // 1-based; 0 = the whole file (e.g. it cannot be read)
  int column = 0;  // 1-based
  std::string key_path;  // "plugins.instances[1].config.host"; empty for syntax errors
  std::string message;

  // "FILE:LINE:COLUMN: KEY_PATH: MESSAGE" — the form editors and CI logs link to.
  // Parts that are unknown (line 0, empty key path) are left out.
  std::string format() const;

  bool operator==(const ConfigProblem&) const = default;
};

// Thrown once per load with everything that was wrong, so an operator fixes a file in
// one pass instead of one error per restart.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<ConfigProblem> problems);

  const std::vector<ConfigProblem>& problems() const { return problems_; }

 private:
  std::vector<ConfigProblem> problems_;
};

}  // namespace sb::config
