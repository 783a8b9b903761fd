// Subprocess: runs a program (no shell, so no injection), captures its output, never leaves it running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace sb::test {

struct ProcessResult {
  int exitCode = -1;   // the exit status, or 128 + signal number when killed by a signal
  std::string output;  // stdout and stderr, interleaved
};

struct ProcessOptions {
  std::string workDir;      // empty = the caller's working directory
  bool pipeStdin = false;   // keep a pipe to the child's stdin (closeStdin() sends EOF);
                            // otherwise stdin is /dev/null
  bool newSession = false;  // setsid(): signals to the caller's process group miss it
};

class Subprocess {
 public:
  // argv[0] is a path, or a name looked up in PATH. Throws std::runtime_error when it
  // cannot be started.
  explicit Subprocess(std::vector<std::string> argv, ProcessOptions options = {});
  // Kills (SIGKILL) and reaps the child if it is still running.
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  void closeStdin();
  // Waits for the child to exit, collecting its output. After `timeout` it kills the child
  // and throws std::runtime_error (with the output so far).
  ProcessResult wait(std::chrono::milliseconds timeout);

 private:
  std::vector<std::string> argv_;
  pid_t pid_ = -1;
  int outputFd_ = -1;
  int stdinFd_ = -1;
  bool reaped_ = false;
};

// Starts argv and waits for it: Subprocess(argv, options).wait(timeout).
ProcessResult runProcess(std::vector<std::string> argv,
                         std::chrono::milliseconds timeout = std::chrono::minutes(2),
                         ProcessOptions options = {});

}  // namespace sb::test
