#include "app/AdminKeyFile.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace sb::app {

void writeAdminKeyFile(const std::string& path, const std::string& key) {
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  // O_CREAT with 0600 and an explicit fchmod: the umask cannot widen it, and an existing
  // file (from an earlier store) is tightened too.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write admin key file " + path + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  std::string line = key + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ok = (::fsync(fd) == 0) && ok;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write admin key file " + path + ": " + std::strerror(errno));
}

}  // namespace sb::app
