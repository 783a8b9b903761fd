// dl_library.hpp — a plugin library opened with dlopen() and read through its entry
// symbol, as the host's loader would (without its checks).
#pragma once

#include <switchboard/plugin.h>

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <cstring>
#include <string>
#include <utility>

namespace sbtest {

class Library {
 public:
  explicit Library(const std::string& path) : handle_(dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
    if (handle_ == nullptr) ADD_FAILURE() << dlerror();
  }
  Library(Library&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  ~Library() {
    if (handle_ != nullptr) dlclose(handle_);
  }
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  sb_library_entry_fn entry() const {
    return handle_ != nullptr ? reinterpret_cast<sb_library_entry_fn>(dlsym(handle_, SB_ENTRY_SYMBOL)) : nullptr;
  }
  const sb_library& library() const {
    sb_library_entry_fn fn = entry();
    EXPECT_NE(fn, nullptr);
    const sb_library* lib = fn(SB_ABI_MAJOR, SB_ABI_MINOR);
    EXPECT_NE(lib, nullptr);
    return *lib;
  }
  const sb_plugin_descriptor& plugin(const char* id) const {
    const sb_library& lib = library();
    for (size_t i = 0; i < lib.plugin_count; ++i)
      if (lib.plugins[i]->id != nullptr && std::strcmp(lib.plugins[i]->id, id) == 0) return *lib.plugins[i];
    ADD_FAILURE() << "no plugin " << id;
    return *lib.plugins[0];
  }

 private:
  void* handle_ = nullptr;
};

}  // namespace sbtest
