// ReloadResult: what a configuration reload did, or why it was refused — shared by the
// reloader (app) and the admin endpoint that reports it (http).
#pragma once

#include "config/ConfigError.hpp"

#include <string>
#include <vector>

namespace sb::config {

struct ReloadResult {
  bool applied = false;
  std::string source;                    // the file read ("<embedded>" for the built-in config)
  std::vector<ConfigProblem> problems;   // why it was refused
  std::vector<std::string> changes;      // what changed ("instance sms-b: replaced (its config changed)")
  std::vector<std::string> restart_required;  // sections that changed but apply only on restart
};

}  // namespace sb::config
