// TempDir: a private temporary folder for one test, removed with everything in it on destruction.
#pragma once

#include <string>
#include <string_view>

namespace sb::test {

class TempDir {
 public:
  // Creates /tmp/<prefix>-XXXXXX (mode 0700). Throws std::runtime_error on failure.
  explicit TempDir(std::string_view prefix = "sb-test");
  ~TempDir();  // removes the folder recursively; never throws
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string file(std::string_view name) const;
  // Hands the folder to another user (e.g. "postgres", for servers that refuse to run as
  // root). Throws std::runtime_error when the user does not exist or chown fails.
  void chownTo(const std::string& user);

 private:
  std::string path_;
};

}  // namespace sb::test
