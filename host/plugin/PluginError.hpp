// PluginError: a plugin library or instance that cannot be used, naming the file and why.
#pragma once

#include <stdexcept>
#include <string>

namespace sb::plugin {

class PluginLoadError : public std::runtime_error {
 public:
  PluginLoadError(std::string file, const std::string& reason)
      : std::runtime_error(file + ": " + reason), file_(std::move(file)), reason_(reason) {}
  const std::string& file() const { return file_; }
  const std::string& reason() const { return reason_; }

 private:
  std::string file_;
  std::string reason_;
};

}  // namespace sb::plugin
