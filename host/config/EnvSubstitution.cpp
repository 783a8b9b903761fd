#include "config/EnvSubstitution.hpp"

#include <cctype>
#include <cstdlib>

namespace sb::config {
namespace {

bool isValidName(std::string_view name) {
  if (name.empty()) return false;
  if (std::isdigit(static_cast<unsigned char>(name.front())) != 0) return false;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_') return false;
  }
  return true;
}

// Resolves the inside of one "${...}"; appends the value or records an error.
void resolveReference(std::string_view inside, const EnvLookup& env, SubstitutionResult& out) {
  const std::size_t separator = inside.find(":-");
  const std::string_view name = inside.substr(0, separator);
  if (!isValidName(name)) {
    out.errors.push_back("invalid environment variable name '" + std::string(name) + "' in ${" +
                         std::string(inside) + "}");
    return;
  }
  std::optional<std::string> value = env(std::string(name));
  if (separator != std::string_view::npos) {
    if (!value || value->empty()) value = std::string(inside.substr(separator + 2));
  } else if (!value) {
    out.errors.push_back("environment variable " + std::string(name) + " is not set");
    return;
  }
  out.text += *value;
}

}  // namespace

std::optional<std::string> defaultEnv(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

SubstitutionResult substituteEnv(std::string_view text, const EnvLookup& env) {
  SubstitutionResult out;
  out.text.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text.compare(pos, 3, "$${") == 0) {
      out.text += "${";
      pos += 3;
    } else if (text.compare(pos, 2, "${") == 0) {
      const std::size_t close = text.find('}', pos + 2);
      if (close == std::string_view::npos) {
        out.errors.push_back("unterminated ${ (write $${ for a literal ${)");
        out.text += text.substr(pos);
        break;
      }
      resolveReference(text.substr(pos + 2, close - pos - 2), env, out);
      pos = close + 1;
    } else {
      out.text += text[pos++];
    }
  }
  return out;
}

}  // namespace sb::config
