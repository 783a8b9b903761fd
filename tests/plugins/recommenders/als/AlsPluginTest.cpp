// The als plugin as the server calls it: fit, recommend (known users, fold-in, filters),
// similar items, and saving and loading its model.
#include "AlsTestSupport.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

namespace sb::test {
namespace {

class AlsPluginTest : public AlsTest {
 protected:
  void SetUp() override { data = plantedGroups(); }

  plugin::PluginInstance& fitted(std::vector<ConfigValue> extra = {}) {
    auto& instance = start(smallConfig(std::move(extra)));
    auto outcome = plugin::fitRecommender(instance, toDataset(data.users, data.items, data.ratings));
    EXPECT_TRUE(outcome.ok()) << outcome.error;
    return instance;
  }

  std::vector<std::string> rated(uint32_t user) const {
    std::vector<std::string> out;
    for (const auto& r : data.ratings)
      if (r.user == user) out.push_back(itemId(r.item));
    return out;
  }

  als::SyntheticRatings data;
};

TEST_F(AlsPluginTest, RecommendsTheItemsOfTheUsersTasteGroup) {
  auto& instance = fitted();
  std::size_t total = 0, in_group = 0;
  for (uint32_t u = 0; u < data.users; ++u) {
    auto q = query(userId(u), 5);
    q.exclude = rated(u);
    auto result = plugin::recommend(instance, q);
    ASSERT_TRUE(result.outcome.ok()) << result.outcome.error;
    ASSERT_EQ(result.items.size(), 5u);
    for (const auto& item : result.items) {
      ++total;
      if (data.item_group[itemIndex(item.item_id)] == data.user_group[u]) ++in_group;
    }
  }
  EXPECT_GE(static_cast<double>(in_group) / static_cast<double>(total), 0.95) << in_group << " of " << total;
}

TEST_F(AlsPluginTest, ReturnsBestFirstWithinTheLimit) {
  auto& instance = fitted();
  auto result = plugin::recommend(instance, query("u1", 7));
  ASSERT_TRUE(result.outcome.ok()) << result.outcome.error;
  ASSERT_EQ(result.items.size(), 7u);
  for (std::size_t k = 1; k < result.items.size(); ++k) EXPECT_GE(result.items[k - 1].score, result.items[k].score);
  std::set<std::string> distinct;
  for (const auto& item : result.items) distinct.insert(item.item_id);
  EXPECT_EQ(distinct.size(), 7u);
}

TEST_F(AlsPluginTest, NeverReturnsExcludedItems) {
  auto& instance = fitted();
  auto first = plugin::recommend(instance, query("u2", 5));
  ASSERT_TRUE(first.outcome.ok()) << first.outcome.error;
  auto q = query("u2", 5);
  for (const auto& item : first.items) q.exclude.push_back(item.item_id);
  q.exclude.push_back("not-in-the-catalogue");
  auto second = plugin::recommend(instance, q);
  ASSERT_TRUE(second.outcome.ok()) << second.outcome.error;
  ASSERT_EQ(second.items.size(), 5u);
  for (const auto& item : second.items)
    EXPECT_EQ(std::count(q.exclude.begin(), q.exclude.end(), item.item_id), 0) << item.item_id;
}

TEST_F(AlsPluginTest, KeepsToTheRequestedCategory) {
  auto& instance = fitted();
  auto q = query("u3", 10);
  q.category = "films";
  auto result = plugin::recommend(instance, q);
  ASSERT_TRUE(result.outcome.ok()) << result.outcome.error;
  ASSERT_EQ(result.items.size(), 10u);
  for (const auto& item : result.items) EXPECT_EQ(categoryOf(itemIndex(item.item_id)), "films") << item.item_id;

  q.category = "no-such-category";
  result = plugin::recommend(instance, q);
  EXPECT_TRUE(result.items.empty());
}

TEST_F(AlsPluginTest, FoldsInAnUnknownUserFromTheRequestHistory) {
  auto& instance = fitted();
  // Five items of group 2, as events of a user the model never saw.
  auto q = query("newcomer", 8);
  for (uint32_t i = 2, n = 0; n < 5; i += data.groups, ++n) {
    q.history.push_back({itemId(i), 1.0f, 0});
    q.exclude.push_back(itemId(i));
  }
  q.history.push_back({"unknown-item", 1.0f, 0});  // ignored
  auto result = plugin::recommend(instance, q);
  ASSERT_TRUE(result.outcome.ok()) << result.outcome.error;
  ASSERT_EQ(result.items.size(), 8u);
  for (const auto& item : result.items) EXPECT_EQ(data.item_group[itemIndex(item.item_id)], 2u) << item.item_id;
}

TEST_F(AlsPluginTest, AnUnknownUserWithoutUsableHistoryIsUnsupported) {
  auto& instance = fitted();
  auto result = plugin::recommend(instance, query("stranger"));
  EXPECT_EQ(result.outcome.status, SB_UNSUPPORTED) << result.outcome.error;
  EXPECT_TRUE(result.items.empty());

  auto q = query("stranger");
  q.history.push_back({"unknown-item", 1.0f, 0});
  q.history.push_back({itemId(0), 0.0f, 0});  // no positive weight
  result = plugin::recommend(instance, q);
  EXPECT_EQ(result.outcome.status, SB_UNSUPPORTED) << result.outcome.error;
}

TEST_F(AlsPluginTest, AnUntrainedInstanceIsUnsupported) {
  auto& instance = start(smallConfig());
  EXPECT_EQ(plugin::recommend(instance, query("u1")).outcome.status, SB_UNSUPPORTED);
  EXPECT_EQ(plugin::similarItems(instance, "i1", 5).outcome.status, SB_UNSUPPORTED);
  EXPECT_EQ(plugin::saveModel(instance).outcome.status, SB_UNSUPPORTED);
}

TEST_F(AlsPluginTest, AModelFittedOnNoInteractionsServesNobody) {
  auto& instance = start(smallConfig());
  auto outcome = plugin::fitRecommender(instance, toDataset(3, 5, {}));
  ASSERT_TRUE(outcome.ok()) << outcome.error;
  auto q = query("u1");
  q.history.push_back({itemId(1), 1.0f, 0});
  EXPECT_EQ(plugin::recommend(instance, q).outcome.status, SB_UNSUPPORTED);
  EXPECT_EQ(plugin::similarItems(instance, itemId(1), 5).outcome.status, SB_UNSUPPORTED);
}

TEST_F(AlsPluginTest, SimilarItemsShareTheTasteGroup) {
  auto& instance = fitted();
  for (uint32_t item : {0u, 5u, 14u, 27u}) {
    auto result = plugin::similarItems(instance, itemId(item), 6);
    ASSERT_TRUE(result.outcome.ok()) << result.outcome.error;
    ASSERT_EQ(result.items.size(), 6u);
    for (const auto& s : result.items) {
      EXPECT_NE(s.item_id, itemId(item));
      EXPECT_EQ(data.item_group[itemIndex(s.item_id)], data.item_group[item]) << s.item_id;
      EXPECT_LE(s.score, 1.0 + 1e-6);
    }
    for (std::size_t k = 1; k < result.items.size(); ++k) EXPECT_GE(result.items[k - 1].score, result.items[k].score);
  }
  EXPECT_EQ(plugin::similarItems(instance, "unknown-item", 5).outcome.status, SB_UNSUPPORTED);
}

TEST_F(AlsPluginTest, ASavedModelLoadsIntoAFreshInstanceWithIdenticalScores) {
  auto& trained = fitted();
  auto saved = plugin::saveModel(trained);
  ASSERT_TRUE(saved.outcome.ok()) << saved.outcome.error;
  // 200 users + 120 items of 8 float32 factors, plus ids: compact.
  EXPECT_LT(saved.bytes.size(), 320u * 8 * 4 + 4000);

  auto fresh = host.registry().spawn("als-main", "als-fresh");
  ASSERT_NE(fresh, nullptr);
  auto loaded = plugin::loadModel(*fresh, saved.bytes);
  ASSERT_TRUE(loaded.ok()) << loaded.error;

  auto folded = query("newcomer", 10);
  folded.history = {{itemId(1), 1.0f, 0}, {itemId(5), 2.0f, 0}};
  for (const auto& q : {query("u0"), query("u17"), query("u199"), folded}) {
    auto before = plugin::recommend(trained, q);
    auto after = plugin::recommend(*fresh, q);
    ASSERT_TRUE(after.outcome.ok()) << after.outcome.error;
    ASSERT_EQ(before.items.size(), after.items.size());
    for (std::size_t k = 0; k < before.items.size(); ++k) {
      EXPECT_EQ(before.items[k].item_id, after.items[k].item_id);
      EXPECT_EQ(before.items[k].score, after.items[k].score);
    }
  }
  EXPECT_EQ(plugin::saveModel(*fresh).bytes, saved.bytes);
}

TEST_F(AlsPluginTest, RefusesModelsItCannotRead) {
  auto& trained = fitted();
  const std::string good = plugin::saveModel(trained).bytes;
  auto fresh = host.registry().spawn("als-main", "als-fresh");
  ASSERT_NE(fresh, nullptr);

  auto outcome = plugin::loadModel(*fresh, "definitely not a model");
  EXPECT_EQ(outcome.status, SB_UNSUPPORTED) << outcome.error;

  std::string other_version = good;
  other_version[8] = 2;  // the format version follows the 8-byte magic
  outcome = plugin::loadModel(*fresh, other_version);
  EXPECT_EQ(outcome.status, SB_UNSUPPORTED);
  EXPECT_NE(outcome.error.find("format 2"), std::string::npos) << outcome.error;

  for (std::size_t cut : {std::size_t{12}, good.size() / 2, good.size() - 1}) {
    outcome = plugin::loadModel(*fresh, std::string_view(good).substr(0, cut));
    EXPECT_EQ(outcome.status, SB_UNSUPPORTED) << "cut at " << cut;
  }
  outcome = plugin::loadModel(*fresh, good + "x");
  EXPECT_EQ(outcome.status, SB_UNSUPPORTED);

  std::string damaged = good;
  damaged[good.size() - 100] ^= 0x40;  // a bit of an item factor
  outcome = plugin::loadModel(*fresh, damaged);
  EXPECT_EQ(outcome.status, SB_UNSUPPORTED);
  EXPECT_NE(outcome.error.find("checksum"), std::string::npos) << outcome.error;

  // A refused load leaves the instance as it was: still untrained here.
  EXPECT_EQ(plugin::recommend(*fresh, query("u1")).outcome.status, SB_UNSUPPORTED);
}

TEST_F(AlsPluginTest, TrainingIsDeterministicForASeedWhateverTheThreadCount) {
  const auto dataset = toDataset(data.users, data.items, data.ratings);
  auto model = [&](const std::string& name, const std::vector<ConfigValue>& extra) {
    host.load({instanceSettings(name, "als", smallConfig(extra))});
    auto instance = host.instance(name);
    EXPECT_NE(instance, nullptr);
    EXPECT_TRUE(plugin::fitRecommender(*instance, dataset).ok());
    return plugin::saveModel(*instance).bytes;
  };
  const std::string one = model("a", {{"threads", "1"}, {"seed", "7"}});
  EXPECT_EQ(model("b", {{"threads", "1"}, {"seed", "7"}}), one);
  EXPECT_EQ(model("c", {{"threads", "2"}, {"seed", "7"}}), one);
  EXPECT_NE(model("d", {{"threads", "1"}, {"seed", "8"}}), one);
}

TEST_F(AlsPluginTest, AFitPastItsDeadlineGivesUpAndKeepsTheCurrentModel) {
  auto& instance = start(smallConfig({{"iterations", "1000"}}));
  std::vector<als::Rating> few(data.ratings.begin(), data.ratings.begin() + 24);  // two users: quick
  ASSERT_TRUE(plugin::fitRecommender(instance, toDataset(data.users, data.items, few)).ok());
  const std::string before = plugin::saveModel(instance).bytes;
  auto outcome = plugin::fitRecommender(instance, toDataset(data.users, data.items, data.ratings),
                                        std::chrono::milliseconds(20));
  EXPECT_EQ(outcome.status, SB_RETRY) << outcome.error;
  EXPECT_NE(outcome.error.find("deadline"), std::string::npos) << outcome.error;
  EXPECT_EQ(plugin::saveModel(instance).bytes, before);
}

TEST_F(AlsPluginTest, TheExactSolverLearnsTheGroupsToo) {
  auto& instance = fitted({{"cg_steps", "0"}});
  auto q = query("u3", 5);
  q.exclude = rated(3);
  auto result = plugin::recommend(instance, q);
  ASSERT_TRUE(result.outcome.ok()) << result.outcome.error;
  for (const auto& item : result.items) EXPECT_EQ(data.item_group[itemIndex(item.item_id)], data.user_group[3]);
}

TEST_F(AlsPluginTest, ServesTheOldModelWhileTheNextOneTrains) {
  auto& instance = fitted({{"iterations", "200"}});  // a refit long enough to overlap
  const auto before = plugin::recommend(instance, query("u4", 5));
  ASSERT_TRUE(before.outcome.ok());
  // Refit on data where u4 moved to group 1; recommend keeps answering meanwhile.
  auto moved = data;
  for (auto& r : moved.ratings)
    if (r.user == 4) r.item = (r.item / data.groups) * data.groups + 1;
  std::atomic<bool> done{false};
  std::thread fit([&] {
    EXPECT_TRUE(plugin::fitRecommender(instance, toDataset(moved.users, moved.items, moved.ratings)).ok());
    done = true;
  });
  int answered = 0;
  do {
    auto r = plugin::recommend(instance, query("u4", 5));
    EXPECT_TRUE(r.outcome.ok()) << r.outcome.error;
    EXPECT_EQ(r.items.size(), 5u);
    ++answered;
  } while (!done);
  fit.join();
  std::printf("[ als ] %d recommendations served during a refit\n", answered);
  auto after = plugin::recommend(instance, query("u4", 5));
  for (const auto& item : after.items) EXPECT_EQ(data.item_group[itemIndex(item.item_id)], 1u);
}

}  // namespace
}  // namespace sb::test
