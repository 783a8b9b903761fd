// SwitchboardServer: the real `switchboard` binary started for a test — its own folder,
// config, free port and log file — stopped with SIGTERM at the end.
#pragma once

#include "support/TempDir.hpp"

#include <Poco/JSON/Object.h>

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sb::test {

struct ServerOptions {
  std::string store_url;                    // empty = SQLite in the server's folder
  std::vector<std::string> plugin_paths;    // default: the build's bundled plugins
  std::string plugins_yaml;                 // YAML lines under `plugins:` after `paths`, e.g. instances
  std::string extra_yaml;                   // more top-level YAML
  std::string server_yaml;                  // more lines under `server:`
  std::map<std::string, std::string> env;   // extra environment variables
  bool wait_until_healthy = true;
};

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lower-cased
};

// One HTTP request to 127.0.0.1:port (no keep-alive). Headers as name/value pairs.
HttpResult httpRequest(int port, const std::string& method, const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& headers = {},
                       const std::string& body = "");

std::string switchboardBinary();

// A response body that must be a JSON object (throws otherwise).
Poco::JSON::Object::Ptr json(const std::string& body);
// Polls `condition` every 50 ms until it holds or `timeout` passes; its last value.
bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(15));

class SwitchboardServer {
 public:
  explicit SwitchboardServer(ServerOptions options = {});
  // Re-uses another server's folder (same SQLite file and admin key file): a restart.
  SwitchboardServer(ServerOptions options, const std::string& folder);
  ~SwitchboardServer();
  SwitchboardServer(const SwitchboardServer&) = delete;
  SwitchboardServer& operator=(const SwitchboardServer&) = delete;

  int port() const { return port_; }
  const std::string& folder() const;
  std::string configPath() const { return folder() + "/switchboard.yaml"; }
  std::string adminKey() const;           // from the admin key file
  std::string output() const;             // everything the process wrote so far
  bool running();
  // SIGTERM and wait; returns the exit code (128+signal if killed).
  int stop(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  pid_t pid() const { return pid_; }

  HttpResult get(const std::string& path, const std::string& key = "") const;
  HttpResult post(const std::string& path, const std::string& body, const std::string& key = "") const;

 private:
  void start(const ServerOptions& options);
  void waitHealthy();

  std::unique_ptr<TempDir> own_dir_;
  std::string folder_;
  int port_ = 0;
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

}  // namespace sb::test
