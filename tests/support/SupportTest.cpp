// The harness's own contract: folders go away, subprocesses never outlive their owner.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>

#include "support/FreePort.hpp"
#include "support/Subprocess.hpp"
#include "support/TempDir.hpp"

using namespace sb::test;
using namespace std::chrono_literals;

TEST(TempDir, IsRemovedWithItsContents) {
  std::string path;
  {
    TempDir dir("sb-support");
    path = dir.path();
    EXPECT_EQ(path.rfind("/tmp/sb-support-", 0), 0u);
    std::filesystem::create_directories(dir.file("a/b"));
    std::ofstream(dir.file("a/b/c.txt")) << "x";
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(Subprocess, CapturesOutputAndExitCodeWithoutAShell) {
  const ProcessResult result =
      runProcess({"/bin/sh", "-c", "echo \"$1\"; echo err >&2; exit 3", "sh", "$(id)"});
  EXPECT_EQ(result.exitCode, 3);
  EXPECT_EQ(result.output, "$(id)\nerr\n");  // the argument reached the program untouched
}

TEST(Subprocess, RunsInTheGivenFolder) {
  TempDir dir;
  EXPECT_EQ(runProcess({"pwd"}, 10s, ProcessOptions{.workDir = dir.path()}).output, dir.path() + "\n");
}

TEST(Subprocess, KillsAChildThatOutlivesItsTimeout) {
  EXPECT_THROW(runProcess({"sleep", "30"}, 100ms), std::runtime_error);
}

TEST(Subprocess, DestructionKillsARunningChild) {
  pid_t pid = 0;
  {
    Subprocess sleeper({"sleep", "30"});
    pid = sleeper.pid();
    EXPECT_EQ(kill(pid, 0), 0);
  }
  EXPECT_NE(kill(pid, 0), 0);  // reaped: the pid no longer exists
}

TEST(Subprocess, ClosingStdinSendsEndOfFile) {
  ProcessOptions options;
  options.pipeStdin = true;
  Subprocess cat({"cat"}, options);
  cat.closeStdin();
  EXPECT_EQ(cat.wait(5s).exitCode, 0);
}

TEST(Subprocess, ReportsAProgramThatDoesNotExist) {
  EXPECT_THROW(Subprocess({"/no/such/program"}), std::runtime_error);
}

TEST(FreePort, ReturnsAnUnprivilegedPort) {
  const int port = freeTcpPort();
  EXPECT_GT(port, 1024);
  EXPECT_LT(port, 65536);
}
