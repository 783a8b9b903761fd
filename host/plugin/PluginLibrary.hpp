// PluginLibrary: one dlopen()ed .so and its handshake. Shared by every Plugin it exports
// and, through them, by every instance: the library is unloaded only when the last
// instance created from it is gone (what hot reload needs to drain old copies).
#pragma once

#include <switchboard/plugin.h>

#include <cstdint>
#include <memory>
#include <string>

namespace sb::plugin {

// Which file a library was loaded from, as it was then: a file replaced since (new inode,
// size or modification time) is a new version to load beside this one.
struct FileStamp {
  uint64_t device = 0, inode = 0;
  int64_t size = 0, mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
  static FileStamp of(const std::string& path);  // all zero when the file cannot be read
};

class PluginLibrary {
 public:
  // dlopen(RTLD_NOW | RTLD_LOCAL), find the entry symbol, call it with the host's ABI
  // version, and check what it returns. Throws PluginLoadError naming the file and both
  // versions on any mismatch.
  //
  // The code is loaded from a private in-memory copy of the file (memfd), not the file
  // itself: an operator overwriting the .so in place (cp) would otherwise change code the
  // process is running, and a replaced file could not be loaded beside the old version.
  // Falls back to the file when the copy cannot be loaded (e.g. a plugin that finds its own
  // libraries through $ORIGIN).
  static std::shared_ptr<PluginLibrary> open(const std::string& path);
  ~PluginLibrary();

  PluginLibrary(const PluginLibrary&) = delete;
  PluginLibrary& operator=(const PluginLibrary&) = delete;

  const std::string& path() const { return path_; }
  const FileStamp& stamp() const { return stamp_; }
  const sb_library& library() const { return *library_; }
  std::string abiVersion() const;  // "1.0", as the library declared it

 private:
  PluginLibrary(std::string path, void* handle, const sb_library* library);
  std::string path_;
  FileStamp stamp_;
  int copy_fd_ = -1;  // the memfd the code was loaded from (-1: loaded from the file)
  void* handle_;
  const sb_library* library_;
};

}  // namespace sb::plugin
