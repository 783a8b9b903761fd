#include "plugin/PluginLibrary.hpp"

#include "plugin/PluginError.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace sb::plugin {
namespace {

std::string version(unsigned major, unsigned minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

const std::string kHostAbi = version(SB_ABI_MAJOR, SB_ABI_MINOR);

std::string copyPath(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

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

// dlopen() of a private copy: a memfd holding the file's bytes, loaded through
// /proc/self/fd/N. The descriptor stays open while the library is loaded: glibc knows an
// object by the name it was opened with, and a reused N would hand back the old copy.
struct Copy {
  void* handle = nullptr;
  int fd = -1;
};

Copy openCopy(const std::string& path) {
  Copy out;
  int source = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (source < 0) return out;
  struct stat st {};
  std::string name = "switchboard-plugin:" + std::filesystem::path(path).filename().string();
  int copy = fstat(source, &st) == 0 ? memfd_create(name.c_str(), MFD_CLOEXEC) : -1;
  if (copy >= 0) {
    off_t offset = 0;
    bool copied = true;
    while (offset < st.st_size) {
      ssize_t n = sendfile(copy, source, &offset, static_cast<size_t>(st.st_size - offset));
      if (n <= 0) {
        copied = false;
        break;
      }
    }
    // RTLD_LOCAL: two plugins may bundle different versions of the same library.
    if (copied) out.handle = dlopen(copyPath(copy).c_str(), RTLD_NOW | RTLD_LOCAL);
    if (out.handle) {
      out.fd = copy;
    } else {
      dlerror();
      ::close(copy);
    }
  }
  ::close(source);
  return out;
}

}  // namespace

FileStamp FileStamp::of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino), static_cast<int64_t>(st.st_size),
          static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

std::shared_ptr<PluginLibrary> PluginLibrary::open(const std::string& path) {
  FileStamp stamp = FileStamp::of(path);
  Copy copy = openCopy(path);
  void* handle = copy.handle ? copy.handle : dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
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
  auto library = std::shared_ptr<PluginLibrary>(new PluginLibrary(path, handle, lib));
  library->stamp_ = stamp;
  library->copy_fd_ = copy.fd;
  return library;
}

PluginLibrary::PluginLibrary(std::string path, void* handle, const sb_library* library)
    : path_(std::move(path)), handle_(handle), library_(library) {}

PluginLibrary::~PluginLibrary() {
  if (handle_) dlclose(handle_);
  if (copy_fd_ < 0) return;
  // A library glibc cannot unload (C++ code with STB_GNU_UNIQUE symbols is common) stays
  // loaded under its /proc/self/fd/N name: keep N taken so no later copy gets that name.
  if (void* still = dlopen(copyPath(copy_fd_).c_str(), RTLD_LAZY | RTLD_NOLOAD)) {
    dlclose(still);
    return;
  }
  ::close(copy_fd_);
}

std::string PluginLibrary::abiVersion() const { return version(library_->abi_major, library_->abi_minor); }

}  // namespace sb::plugin
