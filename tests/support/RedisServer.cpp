#include "support/RedisServer.hpp"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/FreePort.hpp"

namespace sb::test {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(15);
constexpr int kStartAttempts = 5;  // a free port may be taken before the server binds it

// Runs detached from our process group with our pipe on stdin: when this process goes
// away, even by SIGKILL, stdin reaches EOF and the watchdog kills the server (whatever pid
// the pid file names at that moment: restart() changes it) and removes its folder. Paths
// come in as positional parameters, never spliced into the script.
constexpr const char* kWatchdogScript = R"sh(
exec >/dev/null 2>&1
trap '' INT TERM HUP
cat
pid=$(head -n 1 "$1")
if [ -n "$pid" ]; then kill -KILL "$pid"; fi
rm -rf "$2"
)sh";

std::string binary() {
  const char* fromEnv = std::getenv("SB_REDIS_SERVER");
  return fromEnv != nullptr && *fromEnv != '\0' ? fromEnv : "/usr/bin/redis-server";
}

// True once the child has exited (a zombie: Subprocess reaps it later) or is gone.
bool exited(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return true;
  const std::size_t close = text.rfind(')');
  return close == std::string::npos || close + 2 >= text.size() || text[close + 2] == 'Z';
}

std::string percentEncode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

bool RedisServer::available(std::string* why) {
  if (access(binary().c_str(), X_OK) == 0) return true;
  if (why != nullptr) *why = "redis-server not found at " + binary() + " (install redis-server, or set SB_REDIS_SERVER)";
  return false;
}

RedisServer& RedisServer::shared() {
  static RedisServer server;
  return server;
}

RedisServer::RedisServer(RedisServerOptions options)
    : options_(std::move(options)),
      bin_(binary()),
      dir_("sb-redis"),
      logFile_(dir_.file("redis.log")),
      pidFile_(dir_.file("redis.pid")) {
  std::string why;
  if (!available(&why)) throw std::runtime_error(why);
  watchdog_ = std::make_unique<Subprocess>(
      std::vector<std::string>{"/bin/sh", "-c", kWatchdogScript, "sb-redis-watchdog", pidFile_, dir_.path()},
      ProcessOptions{.workDir = {}, .pipeStdin = true, .newSession = true});
  std::string failure;
  bool started = false;
  for (int attempt = 0; attempt < kStartAttempts && !started; ++attempt) {
    port_ = freeTcpPort();
    started = tryStart(&failure);
    if (!started && !logContains("already in use")) break;
  }
  if (!started) {
    stop();
    throw std::runtime_error("redis-server did not start: " + failure + "\nserver log:\n" + logTail());
  }
}

RedisServer::~RedisServer() {
  stop();
  if (watchdog_) {
    watchdog_->closeStdin();
    try {
      watchdog_->wait(std::chrono::seconds(15));
    } catch (...) {
      // It was killed on timeout; TempDir removes the folder anyway.
    }
  }
}

std::string RedisServer::urlWithPassword(const std::string& password) const {
  const std::string auth = password.empty() ? "" : ":" + percentEncode(password) + "@";
  return "redis://" + auth + "127.0.0.1:" + std::to_string(port_) + "/0";
}

void RedisServer::stop() {
  process_.reset();  // SIGKILL and waitpid
  // A stale pid file could make the watchdog kill an unrelated process that reused the pid.
  unlink(pidFile_.c_str());
}

void RedisServer::restart() {
  stop();
  // The port was ours a moment ago; give whoever might hold it briefly a few chances.
  std::string failure;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    if (tryStart(&failure)) return;
    if (!logContains("already in use")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  throw std::runtime_error("redis-server did not restart on port " + std::to_string(port_) + ": " + failure +
                           "\nserver log:\n" + logTail());
}

bool RedisServer::tryStart(std::string* failure) {
  (void)truncate(logFile_.c_str(), 0);  // keep only this attempt's log
  std::vector<std::string> argv = {bin_,         "--port",        std::to_string(port_), "--bind", "127.0.0.1",
                                   "--save",     "",              "--appendonly",        "no",     "--dir",
                                   dir_.path(),  "--logfile",     logFile_,              "--pidfile", pidFile_,
                                   "--daemonize", "no"};
  if (!options_.password.empty()) argv.insert(argv.end(), {"--requirepass", options_.password});
  process_ = std::make_unique<Subprocess>(argv, ProcessOptions{.workDir = dir_.path()});
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    // Both: the PING could otherwise reach a server that took the port before ours bound it.
    if (answersPing() && logContains("Ready to accept connections")) return true;
    if (exited(process_->pid())) {
      *failure = "redis-server exited";
      process_.reset();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  *failure = "no answer to PING within " + std::to_string(kStartTimeout.count()) + " s";
  process_.reset();
  return false;
}

// "+PONG", or "-NOAUTH" when a password is set: either way it serves.
bool RedisServer::answersPing() const {
  try {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_)),
                   Poco::Timespan(0, 500 * 1000));
    socket.setReceiveTimeout(Poco::Timespan(1, 0));
    const std::string ping = "PING\r\n";
    socket.sendBytes(ping.data(), static_cast<int>(ping.size()));
    char buffer[64];
    const int n = socket.receiveBytes(buffer, sizeof buffer);
    const std::string answer(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
    return answer.rfind("+PONG", 0) == 0 || answer.rfind("-NOAUTH", 0) == 0;
  } catch (const Poco::Exception&) {
    return false;  // not listening yet
  }
}

bool RedisServer::logContains(const std::string& text) const {
  std::ifstream in(logFile_);
  const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return log.find(text) != std::string::npos;
}

std::string RedisServer::logTail() const {
  std::ifstream in(logFile_);
  std::deque<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
    if (lines.size() > 40) lines.pop_front();
  }
  std::ostringstream out;
  for (const std::string& line : lines) out << line << '\n';
  return out.str();
}

}  // namespace sb::test
