#include "support/TempDir.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace sb::test {

TempDir::TempDir(std::string_view prefix) {
  std::string pattern = "/tmp/" + std::string(prefix) + "-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr)
    throw std::runtime_error("mkdtemp " + pattern + ": " + std::strerror(errno));
  path_ = buffer.data();
}

TempDir::~TempDir() {
  std::error_code ignored;  // a destructor must not throw; a leftover /tmp folder is harmless
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::file(std::string_view name) const { return path_ + "/" + std::string(name); }

void TempDir::chownTo(const std::string& user) {
  const passwd* entry = getpwnam(user.c_str());
  if (entry == nullptr) throw std::runtime_error("no such user: " + user);
  if (chown(path_.c_str(), entry->pw_uid, entry->pw_gid) != 0)
    throw std::runtime_error("chown " + path_ + " to " + user + ": " + std::strerror(errno));
}

}  // namespace sb::test
