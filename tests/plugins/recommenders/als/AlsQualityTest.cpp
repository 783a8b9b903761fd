// The als plugin with its default configuration on a MovieLens-100K-sized synthetic set
// (943 users, 1,682 items, ~100k ratings, 24 planted taste groups, popularity skew), under
// the project's offline protocol. Prints fit and recommend times; asserts none (the build
// machine is shared), only that ALS clearly beats the popularity baseline.
#include "AlsTestSupport.hpp"

#include <chrono>
#include <ctime>
#include <cstdio>

namespace sb::test {
namespace {

using Clock = std::chrono::steady_clock;

double millisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

class AlsQualityTest : public AlsTest {
 protected:
  static void SetUpTestSuite() { ratings = new als::SyntheticRatings(als::makeSyntheticRatings()); }
  static void TearDownTestSuite() {
    delete ratings;
    ratings = nullptr;
  }
  static als::SyntheticRatings* ratings;
};

als::SyntheticRatings* AlsQualityTest::ratings = nullptr;

TEST_F(AlsQualityTest, BeatsPopularityByAClearMarginOnPlantedTastes) {
  const auto& d = *ratings;
  const auto split = als::splitRatings(d.ratings);
  auto& instance = start({{"threads", "2"}});
  auto started = Clock::now();
  auto outcome = plugin::fitRecommender(instance, toDataset(d.users, d.items, split.train));
  const double fit_ms = millisSince(started);
  ASSERT_TRUE(outcome.ok()) << outcome.error;

  double recommend_ms = 0;
  uint32_t calls = 0;
  const double als_precision = als::precisionAtK(split, d.users, 10, [&](uint32_t u, const std::vector<uint32_t>& train) {
    auto q = query(userId(u), 10);
    for (uint32_t i : train) q.exclude.push_back(itemId(i));
    auto t = Clock::now();
    auto result = plugin::recommend(instance, q);
    recommend_ms += millisSince(t);
    ++calls;
    EXPECT_TRUE(result.outcome.ok()) << result.outcome.error;
    std::vector<uint32_t> top;
    for (const auto& item : result.items) top.push_back(itemIndex(item.item_id));
    return top;
  });
  // The same users as strangers whose training events arrive with the request (fold-in).
  double fold_in_ms = 0;
  const double fold_in_precision = als::precisionAtK(split, d.users, 10, [&](uint32_t u, const std::vector<uint32_t>& train) {
    auto q = query("stranger-" + userId(u), 10);
    for (uint32_t i : train) {
      q.exclude.push_back(itemId(i));
      q.history.push_back({itemId(i), 1.0f, 0});
    }
    auto t = Clock::now();
    auto result = plugin::recommend(instance, q);
    fold_in_ms += millisSince(t);
    EXPECT_TRUE(result.outcome.ok()) << result.outcome.error;
    std::vector<uint32_t> top;
    for (const auto& item : result.items) top.push_back(itemIndex(item.item_id));
    return top;
  });
  const als::PopularityBaseline popular(split.train, d.items);
  const double popularity_precision = als::precisionAtK(
      split, d.users, 10, [&](uint32_t, const std::vector<uint32_t>& train) { return popular.top(train, 10); });

  std::printf("[ als ] %zu training ratings, defaults (64 factors, 15 iterations, 2 threads): fit %.0f ms\n",
              split.train.size(), fit_ms);
  std::printf("[ als ] recommend top-10 of %u items via the host, ~%zu exclusions: %.3f ms per call (%u calls)\n",
              d.items, split.train.size() / d.users, recommend_ms / calls, calls);
  std::printf("[ als ] the same with fold-in of the history: %.3f ms per call\n", fold_in_ms / calls);
  std::printf("[ als ] Precision@10: als %.4f, als with every user folded in %.4f, popularity %.4f (x%.2f)\n",
              als_precision, fold_in_precision, popularity_precision, als_precision / popularity_precision);
  EXPECT_GE(als_precision, 1.5 * popularity_precision);
  EXPECT_GE(fold_in_precision, 1.5 * popularity_precision);
}

TEST_F(AlsQualityTest, ReportsTheFitTimeOnAHundredThousandInteractions) {
  const auto& d = *ratings;
  for (const char* threads : {"1", "2"}) {
    host.load({instanceSettings(std::string("timing-") + threads, "als", {{"threads", threads}})});
    auto instance = host.instance(std::string("timing-") + threads);
    ASSERT_NE(instance, nullptr);
    const auto dataset = toDataset(d.users, d.items, d.ratings);
    const std::clock_t cpu_started = std::clock();
    const auto started = Clock::now();
    auto outcome = plugin::fitRecommender(*instance, dataset);
    const double fit_ms = millisSince(started);
    const double cpu_ms = 1000.0 * static_cast<double>(std::clock() - cpu_started) / CLOCKS_PER_SEC;
    ASSERT_TRUE(outcome.ok()) << outcome.error;
    std::printf("[ als ] fit on %zu interactions (%u users x %u items), 64 factors, 15 iterations, %s thread(s): "
                "%.0f ms wall, %.0f ms CPU\n",
                d.ratings.size(), d.users, d.items, threads, fit_ms, cpu_ms);
  }
}

}  // namespace
}  // namespace sb::test
