#include "integration/SwitchboardServer.hpp"

#include <Poco/JSON/Parser.h>

#include "support/FreePort.hpp"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sb::test {

Poco::JSON::Object::Ptr json(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

std::string switchboardBinary() { return std::string(SB_BINARY_DIR) + "/bin/switchboard"; }

HttpResult httpRequest(int port, const std::string& method, const std::string& path,
                       const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [k, v] : headers) request.set(k, v);
  if (!body.empty() || method == "POST" || method == "PUT") {
    request.setContentLength64(static_cast<Poco::Int64>(body.size()));
    if (!request.has("Content-Type")) request.setContentType("application/json");
  }
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  auto& in = session.receiveResponse(response);
  HttpResult result;
  result.status = response.getStatus();
  Poco::StreamCopier::copyToString(in, result.body);
  for (const auto& [k, v] : response) {
    std::string name = k;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    result.headers[name] = v;
  }
  return result;
}

SwitchboardServer::SwitchboardServer(ServerOptions options) : own_dir_(std::make_unique<TempDir>("sb-server")) {
  folder_ = own_dir_->path();
  start(options);
}

SwitchboardServer::SwitchboardServer(ServerOptions options, const std::string& folder) : folder_(folder) {
  start(options);
}

const std::string& SwitchboardServer::folder() const { return folder_; }

void SwitchboardServer::start(const ServerOptions& o) {
  port_ = freeTcpPort();
  std::ostringstream yaml;
  yaml << "server:\n  host: 127.0.0.1\n  port: " << port_ << "\n  threads: 32\n  shutdown_grace: 10s\n" << o.server_yaml
       << "log:\n  level: info\n  format: json\n"
       << "store:\n  url: " << (o.store_url.empty() ? "sqlite:" + folder_ + "/switchboard.db" : o.store_url) << "\n"
       << "auth:\n  admin_key_file: " << folder_ << "/admin.key\n"
       << "  jwt:\n    hs256_secret: integration-test-secret-0123456789abcdef\n"
       << "plugins:\n  paths:\n";
  auto paths = o.plugin_paths;
  if (paths.empty()) paths.push_back(std::string(SB_BINARY_DIR) + "/plugins");
  for (const auto& p : paths) yaml << "    - " << p << "\n";
  yaml << o.plugins_yaml << o.extra_yaml;
  std::ofstream(configPath()) << yaml.str();

  std::string logPath = folder_ + "/server.log";
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    if (chdir(folder_.c_str()) != 0) _exit(127);
    for (const auto& [k, v] : o.env) setenv(k.c_str(), v.c_str(), 1);
    std::string bin = switchboardBinary(), config = configPath();
    execl(bin.c_str(), bin.c_str(), "--config", config.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (o.wait_until_healthy) waitHealthy();
}

void SwitchboardServer::waitHealthy() {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    if (!running()) throw std::runtime_error("switchboard exited with " + std::to_string(exit_code_) + ":\n" + output());
    try {
      if (httpRequest(port_, "GET", "/health").status == 200) return;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("switchboard did not become healthy in 30 s:\n" + output());
}

bool SwitchboardServer::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == 0) return true;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  pid_ = -1;
  return false;
}

int SwitchboardServer::stop(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return exit_code_;
  kill(pid_, SIGTERM);
  auto until = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() > until) {
      kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
      exit_code_ = 128 + SIGKILL;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return exit_code_;
}

SwitchboardServer::~SwitchboardServer() { stop(); }

std::string SwitchboardServer::adminKey() const {
  std::ifstream in(folder_ + "/admin.key");
  std::string key;
  std::getline(in, key);
  return key;
}

std::string SwitchboardServer::output() const {
  std::ifstream in(folder_ + "/server.log");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

HttpResult SwitchboardServer::get(const std::string& path, const std::string& key) const {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!key.empty()) headers.emplace_back("Authorization", "Bearer " + key);
  return httpRequest(port_, "GET", path, headers);
}

HttpResult SwitchboardServer::post(const std::string& path, const std::string& body, const std::string& key) const {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!key.empty()) headers.emplace_back("Authorization", "Bearer " + key);
  return httpRequest(port_, "POST", path, headers, body);
}

}  // namespace sb::test
