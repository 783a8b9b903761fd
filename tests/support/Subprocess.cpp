#include "support/Subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace sb::test {
namespace {

std::string errorText(const std::string& what, int error) { return what + ": " + std::strerror(error); }

int decodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// posix_spawn file actions and attributes, released on every path.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
  }
};

void closeFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

}  // namespace

Subprocess::Subprocess(std::vector<std::string> argv, ProcessOptions options) : argv_(std::move(argv)) {
  if (argv_.empty()) throw std::invalid_argument("Subprocess: empty argv");
  // O_CLOEXEC everywhere: no other child (nor a server it daemonises) may inherit our
  // pipe ends, or EOF would never come.
  int output[2];
  if (pipe2(output, O_CLOEXEC) != 0) throw std::runtime_error(errorText("pipe", errno));
  int input[2] = {-1, -1};
  if (options.pipeStdin && pipe2(input, O_CLOEXEC) != 0) {
    close(output[0]);
    close(output[1]);
    throw std::runtime_error(errorText("pipe", errno));
  }

  SpawnSetup setup;
  posix_spawn_file_actions_adddup2(&setup.actions, output[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, output[1], STDERR_FILENO);
  if (options.pipeStdin)
    posix_spawn_file_actions_adddup2(&setup.actions, input[0], STDIN_FILENO);
  else
    posix_spawn_file_actions_addopen(&setup.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (!options.workDir.empty()) posix_spawn_file_actions_addchdir_np(&setup.actions, options.workDir.c_str());
  if (options.newSession) posix_spawnattr_setflags(&setup.attributes, POSIX_SPAWN_SETSID);

  std::vector<char*> args;
  for (std::string& arg : argv_) args.push_back(arg.data());
  args.push_back(nullptr);
  const int rc = posix_spawnp(&pid_, args[0], &setup.actions, &setup.attributes, args.data(), environ);

  close(output[1]);
  if (input[0] >= 0) close(input[0]);
  outputFd_ = output[0];
  stdinFd_ = input[1];
  if (rc != 0) {
    closeFd(outputFd_);
    closeFd(stdinFd_);
    reaped_ = true;
    throw std::runtime_error(errorText("cannot run " + argv_[0], rc));
  }
  fcntl(outputFd_, F_SETFL, fcntl(outputFd_, F_GETFL) | O_NONBLOCK);
}

Subprocess::~Subprocess() {
  closeFd(stdinFd_);
  closeFd(outputFd_);
  if (!reaped_) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

void Subprocess::closeStdin() { closeFd(stdinFd_); }

ProcessResult Subprocess::wait(std::chrono::milliseconds timeout) {
  if (reaped_) throw std::logic_error("Subprocess::wait called twice");
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  ProcessResult result;
  char buffer[4096];
  auto drain = [&] {
    ssize_t n = -1;
    while (outputFd_ >= 0 && (n = read(outputFd_, buffer, sizeof buffer)) > 0)
      result.output.append(buffer, n);
    if (n == 0) closeFd(outputFd_);  // EOF
  };
  for (;;) {
    if (outputFd_ >= 0) {
      pollfd fd{outputFd_, POLLIN, 0};
      poll(&fd, 1, 20);
      drain();
    } else {
      usleep(20 * 1000);
    }
    // Do not wait for EOF alone: a grandchild may hold the pipe open after the child exits.
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      drain();
      result.exitCode = decodeStatus(status);
      return result;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
      reaped_ = true;
      throw std::runtime_error(argv_[0] + " did not finish within " + std::to_string(timeout.count()) +
                               " ms; output so far:\n" + result.output);
    }
  }
}

ProcessResult runProcess(std::vector<std::string> argv, std::chrono::milliseconds timeout,
                         ProcessOptions options) {
  return Subprocess(std::move(argv), std::move(options)).wait(timeout);
}

}  // namespace sb::test
