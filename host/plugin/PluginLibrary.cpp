#include "plugin/PluginLibrary.hpp"

#include "plugin/PluginError.hpp"

#include <dlfcn.h>

namespace sb::plugin {
namespace {

std::string version(unsigned major, unsigned minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

const std::string kHostAbi = version(SB_ABI_MAJOR, SB_ABI_MINOR);

void checkHandshake(const std::string& path, const sb_library* lib) {
  if (lib == nullptr) throw PluginLoadError(path, "the library declined to load into host ABI " + kHostAbi);
  if (lib->struct_size < offsetof(sb_library, plugin_count) + sizeof(lib->plugin_count)) {
    throw PluginLoadError(path, "library descriptor too small (struct_size " + std::to_string(lib->struct_size) +
                                    "); is it built against switchboard/plugin.h?");
  }
  if (lib->abi_major != SB_ABI_MAJOR) {
    throw PluginLoadError(path, "plugin ABI " + version(lib->abi_major, lib->abi_minor) +
                                    " is not compatible with host ABI " + kHostAbi + " (major versions differ)");
  }
  if (lib->min_host_minor > SB_ABI_MINOR) {
    throw PluginLoadError(path, "plugin needs host ABI " + version(SB_ABI_MAJOR, lib->min_host_minor) +
                                    " or later, this host is " + kHostAbi);
  }
  if (lib->plugin_count == 0 || lib->plugins == nullptr) throw PluginLoadError(path, "library exports no plugins");
}

}  // namespace

std::shared_ptr<PluginLibrary> PluginLibrary::open(const std::string& path) {
  // RTLD_LOCAL: two plugins may bundle different versions of the same library.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* err = dlerror();
    throw PluginLoadError(path, std::string("cannot load: ") + (err ? err : "unknown dlopen error"));
  }
  dlerror();
  void* symbol = dlsym(handle, SB_ENTRY_SYMBOL);
  if (!symbol) {
    dlclose(handle);
    throw PluginLoadError(path, std::string("not a Switchboard plugin: missing entry symbol ") + SB_ENTRY_SYMBOL +
                                    " (host ABI " + kHostAbi + ")");
  }
  auto entry = reinterpret_cast<sb_library_entry_fn>(symbol);
  const sb_library* lib = entry(SB_ABI_MAJOR, SB_ABI_MINOR);
  try {
    checkHandshake(path, lib);
  } catch (...) {
    dlclose(handle);
    throw;
  }
  return std::shared_ptr<PluginLibrary>(new PluginLibrary(path, handle, lib));
}

PluginLibrary::PluginLibrary(std::string path, void* handle, const sb_library* library)
    : path_(std::move(path)), handle_(handle), library_(library) {}

PluginLibrary::~PluginLibrary() {
  if (handle_) dlclose(handle_);
}

std::string PluginLibrary::abiVersion() const { return version(library_->abi_major, library_->abi_minor); }

}  // namespace sb::plugin
