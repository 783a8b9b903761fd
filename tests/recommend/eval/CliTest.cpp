// switchboard-eval: arguments, exit codes and output, run as a process.
#include "recommend/eval/EvalFixtures.hpp"

#include "support/Subprocess.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <fstream>

using sb::test::ProcessResult;
using sb::test::TempDir;
using sb::test::eval::fixtureConfig;

namespace {

ProcessResult eval(std::vector<std::string> args) {
  args.insert(args.begin(), SB_EVAL_CLI);
  return sb::test::runProcess(args, std::chrono::minutes(2));
}

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir.file(name)) << text;
  return dir.file(name);
}

const char* kInstances =
    "    - name: pop\n      plugin: test_popularity\n"
    "    - name: cooc\n      plugin: test_cooccurrence\n";

}  // namespace

TEST(EvalCli, PrintsHelpAndExitsZero) {
  auto r = eval({"--help"});
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.output.find("usage: switchboard-eval"), std::string::npos);
}

TEST(EvalCli, MisuseExitsTwo) {
  EXPECT_EQ(eval({}).exitCode, 2);
  EXPECT_EQ(eval({"--config", "x.yaml"}).exitCode, 2);  // neither --data nor --synthetic
  EXPECT_EQ(eval({"--config", "x.yaml", "--synthetic", "--k", "zero"}).exitCode, 2);
  EXPECT_EQ(eval({"--config", "x.yaml", "--synthetic", "--bogus"}).exitCode, 2);
}

TEST(EvalCli, ConfigErrorsExitSeventyEightWithTheirPosition) {
  TempDir dir("sb-eval");
  const auto config = write(dir, "eval.yaml", fixtureConfig("    - name: pop\n      plugin: no_such_plugin\n"));
  auto r = eval({"--config", config, "--synthetic"});
  EXPECT_EQ(r.exitCode, 78) << r.output;
  EXPECT_NE(r.output.find("eval.yaml:4:7: plugins.instances[0].plugin"), std::string::npos) << r.output;
  EXPECT_EQ(eval({"--config", dir.file("missing.yaml"), "--synthetic"}).exitCode, 78);
}

TEST(EvalCli, PrintsTheTableForSyntheticData) {
  TempDir dir("sb-eval");
  const auto config = write(dir, "eval.yaml", fixtureConfig(kInstances));
  auto r = eval({"--config", config, "--synthetic", "--users", "150", "--items", "200", "--interactions", "4000"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  for (const char* expected : {"synthetic (seed 42", "150 users, 200 items", "random 80/20 split", "P@10",
                               "NDCG@10", "users served", "\npop ", "\ncooc "})
    EXPECT_NE(r.output.find(expected), std::string::npos) << expected << " in\n" << r.output;
}

TEST(EvalCli, WritesJsonForTheChosenRecommenders) {
  TempDir dir("sb-eval");
  const auto config = write(dir, "eval.yaml", fixtureConfig(kInstances));
  const auto data = write(dir, "u.data", "1\t1\t5\t100\n1\t2\t5\t101\n1\t3\t5\t102\n2\t1\t5\t103\n2\t2\t5\t104\n"
                                         "2\t4\t5\t105\n3\t1\t5\t106\n3\t3\t5\t107\n3\t4\t5\t108\n3\t5\t5\t109\n");
  auto r = eval({"--config", config, "--data", data, "--recommenders", "pop", "--k", "3", "--json"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  auto root = Poco::JSON::Parser().parse(r.output).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(root->getObject("data")->getValue<int>("interactions"), 10);
  EXPECT_EQ(root->getValue<int>("k"), 3);
  auto results = root->getArray("results");
  ASSERT_EQ(results->size(), 1u);
  EXPECT_EQ(results->getObject(0)->getValue<std::string>("instance"), "pop");
}

TEST(EvalCli, AMissingDataFileExitsOne) {
  TempDir dir("sb-eval");
  const auto config = write(dir, "eval.yaml", fixtureConfig(kInstances));
  auto r = eval({"--config", config, "--data", dir.file("u.data")});
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_NE(r.output.find("cannot open"), std::string::npos) << r.output;
}
