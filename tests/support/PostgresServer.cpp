#include "support/PostgresServer.hpp"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/FreePort.hpp"

namespace sb::test {
namespace {

constexpr auto kToolTimeout = std::chrono::seconds(90);
constexpr int kStartAttempts = 5;  // a free port may be taken before the server binds it

// Runs detached from our process group with our pipe on stdin: when this process goes
// away, even by SIGKILL, stdin reaches EOF and the watchdog stops the server and removes
// its folder. Paths come in as positional parameters, never spliced into the script.
constexpr const char* kWatchdogScript = R"sh(
exec >/dev/null 2>&1
trap '' INT TERM HUP
cat
pid=$(head -n 1 "$1/postmaster.pid")
if [ -n "$pid" ]; then kill -QUIT "$pid"; sleep 1; kill -KILL "$pid"; fi
rm -rf "$2"
)sh";

bool isRoot() { return geteuid() == 0; }

std::string binDir() {
  const char* fromEnv = std::getenv("SB_PG_BINDIR");
  return fromEnv != nullptr && *fromEnv != '\0' ? fromEnv : "/usr/lib/postgresql/15/bin";
}

bool executable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

std::string findRunuser() {
  for (const char* path : {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"})
    if (executable(path)) return path;
  return {};
}

std::string readPid(const std::string& pidFile) {
  std::ifstream in(pidFile);
  std::string pid;
  std::getline(in, pid);
  return pid;
}

}  // namespace

bool PostgresServer::available(std::string* why) {
  auto no = [why](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return false;
  };
  const std::string bin = binDir();
  for (const char* tool : {"initdb", "pg_ctl", "postgres", "createdb"})
    if (!executable(bin + "/" + tool))
      return no("PostgreSQL server binaries not found in " + bin +
                " (install postgresql-15, or set SB_PG_BINDIR)");
  if (isRoot() && findRunuser().empty())
    return no("running as root needs runuser to start PostgreSQL as the postgres user");
  if (isRoot() && getpwnam("postgres") == nullptr)
    return no("running as root needs a 'postgres' user to run PostgreSQL (initdb refuses root)");
  return true;
}

PostgresServer& PostgresServer::shared() {
  static PostgresServer server;
  return server;
}

PostgresServer::PostgresServer()
    : bin_(binDir()), dir_("sb-pg"), dataDir_(dir_.file("data")), logFile_(dir_.file("server.log")) {
  std::string why;
  if (!available(&why)) throw std::runtime_error(why);
  if (isRoot()) dir_.chownTo("postgres");
  try {
    const ProcessResult init = run({bin_ + "/initdb", "-D", dataDir_, "-U", "postgres", "-A", "trust", "-E",
                                    "UTF8", "--locale=C", "--no-sync"});
    if (init.exitCode != 0) throw std::runtime_error("initdb failed:\n" + init.output);
    std::ofstream(dataDir_ + "/postgresql.conf", std::ios::app) << "\ninclude = 'switchboard-test.conf'\n";

    watchdog_ = std::make_unique<Subprocess>(
        std::vector<std::string>{"/bin/sh", "-c", kWatchdogScript, "sb-pg-watchdog", dataDir_, dir_.path()},
        ProcessOptions{.workDir = {}, .pipeStdin = true, .newSession = true});

    std::string failure;
    for (int attempt = 0; attempt < kStartAttempts && !running_; ++attempt) {
      port_ = freeTcpPort();
      writeConfig();
      running_ = tryStart(&failure);
      if (!running_ && logTail().find("already in use") == std::string::npos) break;
    }
    if (!running_)
      throw std::runtime_error("PostgreSQL did not start:\n" + failure + "\nserver log:\n" + logTail());
    createDatabase("switchboard");
  } catch (...) {
    stop();
    throw;
  }
}

PostgresServer::~PostgresServer() { stop(); }

ProcessResult PostgresServer::run(std::vector<std::string> argv) {
  if (isRoot()) argv.insert(argv.begin(), {findRunuser(), "-u", "postgres", "--"});
  // Work in our own folder: the caller's may be unreadable for the postgres user.
  return runProcess(std::move(argv), kToolTimeout, ProcessOptions{.workDir = dir_.path()});
}

void PostgresServer::writeConfig() {
  std::ofstream conf(dataDir_ + "/switchboard-test.conf", std::ios::trunc);
  conf << "listen_addresses = '127.0.0.1'\n"
       << "port = " << port_ << "\n"
       << "unix_socket_directories = '" << dir_.path() << "'\n"
       << "shared_buffers = 32MB\n"
       << "max_connections = 100\n";
  // A test database is disposable: trade durability for speed.
  conf << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
  if (!conf) throw std::runtime_error("cannot write the PostgreSQL test configuration");
}

bool PostgresServer::tryStart(std::string* failure) {
  (void)truncate(logFile_.c_str(), 0);  // keep only this attempt's log (absent the first time)
  const ProcessResult start =
      run({bin_ + "/pg_ctl", "-D", dataDir_, "-l", logFile_, "-w", "-t", "60", "start"});
  *failure = start.output;
  return start.exitCode == 0;
}

void PostgresServer::stop() noexcept {
  const std::string pidFile = dataDir_ + "/postmaster.pid";
  if (running_ || access(pidFile.c_str(), F_OK) == 0) {
    try {
      const ProcessResult result =
          run({bin_ + "/pg_ctl", "-D", dataDir_, "-m", "fast", "-w", "-t", "30", "stop"});
      if (result.exitCode != 0) {
        const std::string pid = readPid(pidFile);
        if (!pid.empty()) kill(std::stoi(pid), SIGKILL);
      }
    } catch (...) {
      // Destructor path; the watchdog below still kills whatever postmaster.pid names.
    }
    running_ = false;
  }
  if (watchdog_) {
    watchdog_->closeStdin();
    try {
      watchdog_->wait(std::chrono::seconds(15));
    } catch (...) {
      // It was killed on timeout; TempDir removes the folder anyway.
    }
    watchdog_.reset();
  }
}

std::string PostgresServer::createDatabase(std::string name) {
  if (name.empty()) name = "db" + std::to_string(nextDatabase_++);
  const bool valid = std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!valid) throw std::invalid_argument("database names are [a-z0-9_]: " + name);
  const ProcessResult result =
      run({bin_ + "/createdb", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U", "postgres", name});
  if (result.exitCode != 0) throw std::runtime_error("createdb " + name + " failed:\n" + result.output);
  return urlFor(name);
}

std::string PostgresServer::urlFor(const std::string& database) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::logTail() const {
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
