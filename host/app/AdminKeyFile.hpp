// AdminKeyFile: writes the bootstrap admin key where the config says, readable by the
// service user only (0600), creating the folder if needed.
#pragma once

#include <string>

namespace sb::app {

// Throws std::runtime_error naming the path when the file cannot be written.
void writeAdminKeyFile(const std::string& path, const std::string& key);

}  // namespace sb::app
