// Shared by a recommender plugin's tests: the plugin's real .so loaded through the host's
// registry, driven with the host's typed calls (RecommenderCalls) exactly as the server
// does; small hand-built datasets; and a synthetic one for measurements.
// (Shared by the tests of popularity, itemknn and content.)
#pragma once

// GCC 12 at -O2 reports a false -Wmaybe-uninitialized inside instanceSettings() (a fresh
// PluginConfigEntry) once it is inlined here; the code there is fine.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include "plugins/channels/SinglePluginHost.hpp"
#pragma GCC diagnostic pop
#include "plugin/RecommenderCalls.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace sb::test {

inline constexpr int64_t kDay = 86'400'000;
inline constexpr int64_t kNow = 1'750'000'000'000;  // the training snapshot's "now"

// A dataset named by ids: items first, then events of users on them.
class DatasetBuilder {
 public:
  DatasetBuilder& item(const std::string& id, const std::string& category = "", std::vector<std::string> tags = {},
                       const std::string& title = "") {
    items_[id] = data_.items.size();
    data_.items.push_back({id, title, category, std::move(tags), "", kNow - 100 * kDay});
    return *this;
  }
  // `age` before kNow; an unknown item is added bare (as the host does for items with
  // events but no catalog entry).
  DatasetBuilder& event(const std::string& user, const std::string& item, float weight = 1.0f, int64_t age = 0) {
    if (!items_.count(item)) this->item(item);
    auto [it, added] = users_.emplace(user, data_.user_ids.size());
    if (added) data_.user_ids.push_back(user);
    data_.interactions.push_back({static_cast<uint32_t>(it->second), static_cast<uint32_t>(items_[item]), weight,
                                  kNow - age});
    return *this;
  }
  plugin::Dataset build() const {
    plugin::Dataset d = data_;
    d.now = kNow;
    return d;
  }

 private:
  plugin::Dataset data_;
  std::map<std::string, std::size_t> items_;
  std::map<std::string, std::size_t> users_;
};

inline std::vector<std::string> ids(const plugin::ScoredResult& result) {
  std::vector<std::string> out;
  for (const auto& i : result.items) out.push_back(i.item_id);
  return out;
}

inline std::vector<plugin::UserEvent> history(const std::vector<std::string>& items, int64_t at = kNow) {
  std::vector<plugin::UserEvent> out;
  for (const auto& i : items) out.push_back({i, 1.0f, at});
  return out;
}

class RecommenderTest : public ::testing::Test {
 protected:
  explicit RecommenderTest(std::string plugin) : plugin_(std::move(plugin)), host_(plugin_, "https://sb.example.com") {}

  plugin::PluginInstance& start(const std::vector<ConfigValue>& config = {}) {
    return host_.start("recs", plugin_, config);
  }
  // Why the instance refused to start ("" when it started).
  std::string refusal(const std::vector<ConfigValue>& config) {
    auto report = host_.load({instanceSettings("recs", plugin_, config)});
    EXPECT_EQ(host_.instance("recs"), nullptr);
    return report.problems.empty() ? std::string() : report.problems[0].format();
  }
  // A new instance with the configured one's config, as the server makes to load a model.
  std::shared_ptr<plugin::PluginInstance> fresh(const std::string& name = "recs-fresh") {
    std::string why;
    auto instance = host_.registry().spawn("recs", name, &why);
    EXPECT_NE(instance, nullptr) << why;
    return instance;
  }
  static void fit(plugin::PluginInstance& instance, const plugin::Dataset& data) {
    auto outcome = plugin::fitRecommender(instance, data);
    ASSERT_EQ(outcome.status, SB_OK) << outcome.error;
  }

  std::string plugin_;
  SinglePluginHost host_;
};

// ~100,000 interactions of 5,000 users on 1,700 items in 17 categories: each user leans to
// two categories, popularity is skewed within each, a few users are very active.
struct SyntheticData {
  plugin::Dataset data;
  std::vector<std::vector<plugin::UserEvent>> histories;  // per user, newest first
};

inline SyntheticData syntheticData(std::size_t interactions = 100'000) {
  constexpr int kItems = 1700, kCategories = 17, kUsers = 5000, kTagsPerCategory = 20, kWords = 500;
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  auto pick = [&](int n, double skew) { return std::min(n - 1, static_cast<int>(n * std::pow(unit(rng), skew))); };
  SyntheticData s;
  for (int i = 0; i < kItems; ++i) {
    plugin::CatalogItem item;
    item.id = "item-" + std::to_string(i);
    item.category = "category-" + std::to_string(i % kCategories);
    for (int t = 0; t < 3; ++t)
      item.tags.push_back("tag-" + std::to_string((i % kCategories) * kTagsPerCategory + pick(kTagsPerCategory, 1.5)));
    for (int w = 0; w < 4; ++w) item.title += "word" + std::to_string(pick(kWords, 2.0)) + " ";
    item.created_at = kNow - 365 * kDay;
    s.data.items.push_back(std::move(item));
  }
  for (int u = 0; u < kUsers; ++u) s.data.user_ids.push_back("user-" + std::to_string(u));
  s.histories.resize(kUsers);
  for (std::size_t k = 0; k < interactions; ++k) {
    int user = pick(kUsers, 2.0);
    int category = unit(rng) < 0.8 ? (user % kCategories + (unit(rng) < 0.5 ? 0 : 5)) % kCategories : pick(kCategories, 1.0);
    int item = pick(kItems / kCategories, 2.5) * kCategories + category;
    float weight = unit(rng) < 0.2 ? 3.0f : 1.0f;
    int64_t at = kNow - static_cast<int64_t>(unit(rng) * 90 * kDay);
    s.data.interactions.push_back({static_cast<uint32_t>(user), static_cast<uint32_t>(item), weight, at});
    s.histories[static_cast<std::size_t>(user)].push_back({s.data.items[static_cast<std::size_t>(item)].id, weight, at});
  }
  for (auto& h : s.histories)
    std::sort(h.begin(), h.end(), [](const plugin::UserEvent& a, const plugin::UserEvent& b) { return a.timestamp > b.timestamp; });
  s.data.now = kNow;
  return s;
}

// Fits on the synthetic set and times 2,000 top-10 requests (history: the user's newest 50
// events, excluded from the answer). Prints the figures; asserts only that it served.
inline void measure(const std::string& plugin, plugin::PluginInstance& instance) {
  SyntheticData s = syntheticData();
  auto start = std::chrono::steady_clock::now();
  auto outcome = plugin::fitRecommender(instance, s.data);
  double fit_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(outcome.status, SB_OK) << outcome.error;
  auto saved = plugin::saveModel(instance);
  ASSERT_EQ(saved.outcome.status, SB_OK) << saved.outcome.error;

  std::vector<double> micros;
  std::size_t served = 0;
  std::mt19937 rng(7);
  for (int r = 0; r < 2000; ++r) {
    const auto& events = s.histories[rng() % s.histories.size()];
    plugin::RecommendQuery q;
    q.user_id = "user-x";
    q.limit = 10;
    q.history.assign(events.begin(), events.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(50, events.size())));
    for (const auto& e : q.history) q.exclude.push_back(e.item_id);
    auto t0 = std::chrono::steady_clock::now();
    auto result = plugin::recommend(instance, q);
    micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    if (result.outcome.ok() && !result.items.empty()) ++served;
  }
  std::sort(micros.begin(), micros.end());
  double mean = 0;
  for (double m : micros) mean += m;
  mean /= static_cast<double>(micros.size());
  std::cout << "[ measure  ] " << plugin << ": fit " << s.data.interactions.size() << " interactions, "
            << s.data.items.size() << " items, " << s.data.user_ids.size() << " users: " << fit_ms
            << " ms; model " << saved.bytes.size() / 1024 << " KiB; recommend top-10 (host call included): mean "
            << mean << " us, p50 " << micros[micros.size() / 2] << " us, p99 " << micros[micros.size() * 99 / 100]
            << " us; served " << served << "/" << micros.size() << std::endl;
  EXPECT_GT(served, micros.size() / 2);
}

}  // namespace sb::test
