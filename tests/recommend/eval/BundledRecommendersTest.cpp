// The bundled recommenders (popularity, itemknn, als, content) on MovieLens-100K-sized
// synthetic data with planted communities: the collaborative ones must beat popularity by a
// clear margin. Prints the evaluation table. Loads the .so files of this build.
#include "config/ConfigLoader.hpp"
#include "recommend/eval/EvaluationReport.hpp"
#include "recommend/eval/Evaluator.hpp"
#include "recommend/eval/RecommenderSet.hpp"
#include "recommend/eval/SyntheticData.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

using namespace sb;
using namespace sb::recommend::eval;

namespace {

const std::vector<std::string> kBundled = {"popularity", "itemknn", "als", "content"};

std::string bundledConfig() {
  std::string yaml = "plugins:\n  paths: [\"" SB_BUNDLED_PLUGIN_DIR "\"]\n  instances:\n";
  for (const auto& id : kBundled) yaml += "    - name: " + id + "\n      plugin: " + id + "\n";
  return yaml;
}

// Expected Precision@k of k random unseen items: the mean of |test| / |unseen| over test users.
double randomPrecision(const TrainTestSplit& split, uint32_t k) {
  double sum = 0;
  std::size_t users = 0;
  for (std::size_t u = 0; u < split.test.size(); ++u) {
    if (split.test[u].empty()) continue;
    const double unseen = static_cast<double>(split.train.items.size() - split.history[u].size());
    sum += std::min(1.0, static_cast<double>(split.test[u].size()) / unseen) * std::min<double>(k, unseen) / k;
    ++users;
  }
  return users ? sum / static_cast<double>(users) : 0;
}

}  // namespace

TEST(BundledRecommenders, LearnedModelsBeatPopularityOnSyntheticCommunities) {
  for (const auto& id : kBundled) {
    const auto file = std::filesystem::path(SB_BUNDLED_PLUGIN_DIR) / (id + ".so");
    ASSERT_TRUE(std::filesystem::exists(file))
        << file << " is missing: build the bundled plugins first (cmake --build <build> --target " << id << ")";
  }
  std::unique_ptr<RecommenderSet> set;
  try {
    set = std::make_unique<RecommenderSet>(config::loadConfigString(bundledConfig(), "<bundled>").plugins);
  } catch (const config::ConfigError& e) {
    for (const auto& p : e.problems()) ADD_FAILURE() << p.format();
    return;
  }

  const EvalData data = generateSynthetic({});  // MovieLens-100K-sized, seed 42
  const TrainTestSplit split = splitInteractions(data, 42);
  const Evaluator evaluator(split, EvaluationOptions{10, 2, std::chrono::minutes(30)});
  EvaluationReport report = makeReport(data, split, 10);
  std::map<std::string, RecommenderResult> by;
  for (const auto& instance : set->instances()) {
    report.results.push_back(evaluator.evaluate(*instance));
    by[instance->name()] = report.results.back();
  }
  std::cout << "\n" << formatTable(report) << std::endl;

  for (const auto& [name, r] : by) {
    EXPECT_TRUE(r.fitted) << name << ": " << r.error;
    EXPECT_EQ(r.users_failed, 0u) << name << ": " << r.first_failure;
    EXPECT_EQ(r.excluded_returned, 0u) << name << " returned training items";
  }
  const double popularity = by["popularity"].metrics.precision;
  EXPECT_GT(popularity, 0.05) << "popularity should find the popular items";
  EXPECT_GE(by["itemknn"].metrics.precision, 1.3 * popularity);
  EXPECT_GE(by["als"].metrics.precision, 1.3 * popularity);
  // Content knows nothing of popularity; it must still beat random lists several times over.
  EXPECT_GE(by["content"].metrics.precision, 3 * randomPrecision(split, 10));
}
