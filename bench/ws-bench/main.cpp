// ws_bench: WebSocket load generator for Switchboard (see README.md beside this file).
#include "Modes.hpp"

#include <Poco/Exception.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <iomanip>
#include <iostream>
#include <thread>

extern char** environ;

namespace wsb {
namespace {

constexpr const char* kUsage = R"(usage: ws_bench MODE [options]

  connections --url ws://HOST:PORT [--url ...] --secret S [--tenant T] [--conns 10000]
              [--users N] [--server-pid PID] [--hold 10s] [--wave 500] [--prefix u] [--ignore-pings]
      Opens --conns sockets (user i % users), waits until each is synced (first unread_count),
      holds them, then reports the server's RSS per connection (VmRSS of --server-pid).
  fanout      --url ws://... [--url ...] --http http://HOST:PORT --key KEY --secret S
              [--tenant T] [--users 5000] [--batch 100] [--http-conns 2] [--post-url http://...]
              [--timeout 30s] [--channel inapp] [--prefix u] [--read] [--grace 300ms]
      One socket per user, then one notification per user through the batch API; reports
      202 -> receipt and send -> receipt latency, and what went missing. --read answers each
      notification with {"type":"read","ids":[id]}.
  users       --http http://HOST:PORT --key KEY [--users N] [--prefix u] [--parallel 4]
      Creates users prefix0..prefixN-1 (PUT /api/v1/users/{id} with body {}).
  mock-server --secret S [--port 18180] [--ping-interval 2s]
  self-test   [--conns 2000] [--users 1000]   runs both benchmarks against the mock server

common: --auth query|header|protocol (where the token goes), --query k=v (extra query),
        --tenant-claim tenant, --issuer switchboard, --audience switchboard (empty: no claim),
        --token-ttl 7200, --sync-timeout 30s.
The last line of every mode is a one-line JSON summary.
)";

int runWith(int (*mode)(const Args&), std::vector<std::string> words) {
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  return mode(Args(static_cast<int>(argv.size()), argv.data(), 0));
}

bool portAccepts(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

int runSelfTest(const Args& args, const char* self) {
  const std::string port = args.str("port", "18180"), secret = "self-test-secret";
  const std::string conns = args.str("conns", "2000"), users = args.str("users", "1000");
  std::vector<std::string> words = {self, "mock-server", "--port", port, "--secret", secret, "--ping-interval", "1s"};
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t child = 0;
  if (posix_spawn(&child, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) != 0) {
    std::cerr << "self-test: cannot start the mock server\n";
    return 1;
  }
  for (int i = 0; i < 100 && !portAccepts(static_cast<uint16_t>(std::stoi(port))); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const std::string ws = "ws://127.0.0.1:" + port, http = "http://127.0.0.1:" + port;
  const int a = runWith(runConnections, {"--url", ws, "--secret", secret, "--conns", conns, "--server-pid",
                                         std::to_string(child), "--hold", "3s", "--auth", args.str("auth", "query")});
  const int b = runWith(runFanout, {"--url", ws, "--http", http, "--key", "k", "--secret", secret, "--users", users,
                                    "--batch", "100", "--http-conns", "2"});
  kill(child, SIGTERM);
  int status = 0;
  waitpid(child, &status, 0);
  std::cout << "self-test: connections " << (a == 0 ? "ok" : "FAILED") << ", fanout " << (b == 0 ? "ok" : "FAILED") << "\n";
  return a == 0 && b == 0 ? 0 : 1;
}

}  // namespace wsb

int main(int argc, char** argv) {
  using namespace wsb;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h") {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  signal(SIGPIPE, SIG_IGN);
  std::cout << std::fixed << std::setprecision(2);
  const std::string mode = argv[1];
  try {
    const Args args(argc, argv, 2);
    if (mode == "connections") return runConnections(args);
    if (mode == "fanout") return runFanout(args);
    if (mode == "users") return runUsers(args);
    if (mode == "mock-server") return runMockServer(args);
    if (mode == "self-test") return runSelfTest(args, argv[0]);
    std::cerr << "ws_bench: unknown mode '" << mode << "'\n" << kUsage;
    return 2;
  } catch (const Poco::Exception& e) {
    std::cerr << "ws_bench " << mode << ": " << e.displayText() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ws_bench " << mode << ": " << e.what() << "\n";
    return 2;
  }
}
