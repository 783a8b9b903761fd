// EnvSubstitution: ${VAR} and ${VAR:-default} inside YAML scalars, so secrets and
// per-machine values stay out of the file.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::config {

// Looks up one environment variable; nullopt = not set. A parameter rather than a
// direct getenv() so tests never depend on (or modify) the real environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The process environment (getenv).
std::optional<std::string> defaultEnv(const std::string& name);

struct SubstitutionResult {
  std::string text;
  std::vector<std::string> errors;  // one message per reference that could not be resolved
};

// Rules (applied to each scalar after YAML parsing, so error positions stay exact):
//   ${VAR}           the value of VAR; an error when VAR is not set
//   ${VAR:-default}  VAR's value, or `default` when VAR is unset or empty (as in POSIX sh);
//                    the default is literal text up to the first '}' (no nesting)
//   $${              a literal "${"
// VAR is [A-Za-z_][A-Za-z0-9_]*. A '$' not followed by '{' is kept as is.
SubstitutionResult substituteEnv(std::string_view text, const EnvLookup& env);

}  // namespace sb::config
