// PluginLibrary: one dlopen()ed .so and its handshake. Shared by every Plugin it exports
// and, through them, by every instance: the library is unloaded only when the last
// instance created from it is gone (what hot reload needs to drain old copies).
#pragma once

#include <switchboard/plugin.h>

#include <memory>
#include <string>

namespace sb::plugin {

class PluginLibrary {
 public:
  // dlopen(RTLD_NOW | RTLD_LOCAL), find the entry symbol, call it with the host's ABI
  // version, and check what it returns. Throws PluginLoadError naming the file and both
  // versions on any mismatch.
  static std::shared_ptr<PluginLibrary> open(const std::string& path);
  ~PluginLibrary();

  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  const std::string& path() const { return path_; }
  const sb_library& library() const { return *library_; }
  std::string abiVersion() const;  // "1.0", as the library declared it

 private:
  PluginLibrary(std::string path, void* handle, const sb_library* library);
  std::string path_;
  void* handle_;
  const sb_library* library_;
};

}  // namespace sb::plugin
