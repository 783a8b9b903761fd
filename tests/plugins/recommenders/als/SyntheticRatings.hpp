// SyntheticRatings: a MovieLens-100K-sized implicit data set with planted taste groups and
// a popularity skew, plus the project's offline protocol (seeded 80/20 split, training
// items excluded, Precision@10 over test users). Plain C++: no host or plugin types.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <unordered_set>
#include <vector>

namespace sb::test::als {

struct Rating {
  uint32_t user;
  uint32_t item;
};

struct SyntheticRatings {
  uint32_t users = 0;
  uint32_t items = 0;
  uint32_t groups = 0;
  std::vector<uint32_t> user_group;  // the taste group each user was drawn from
  std::vector<uint32_t> item_group;  // the group each item belongs to
  std::vector<Rating> ratings;       // distinct (user, item) pairs, each of weight 1
};

// Each user belongs to one group and draws `share_own` of their items from it (by item
// popularity), the rest from the whole catalogue by popularity. Activity is long-tailed
// with at least 20 items, like MovieLens; popularity is Zipf-like.
inline SyntheticRatings makeSyntheticRatings(uint32_t users = 943, uint32_t items = 1682, uint32_t groups = 24,
                                             double share_own = 0.7, uint64_t seed = 7) {
  SyntheticRatings d;
  d.users = users;
  d.items = items;
  d.groups = groups;
  std::mt19937_64 rng(seed);
  std::vector<double> popularity(items);
  std::vector<uint32_t> order(items);
  for (uint32_t i = 0; i < items; ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);
  for (uint32_t rank = 0; rank < items; ++rank) popularity[order[rank]] = 1.0 / std::pow(rank + 5.0, 0.9);
  d.item_group.resize(items);
  std::vector<std::vector<uint32_t>> members(groups);
  for (uint32_t i = 0; i < items; ++i) {
    d.item_group[i] = i % groups;
    members[i % groups].push_back(i);
  }
  std::discrete_distribution<uint32_t> global(popularity.begin(), popularity.end());
  std::vector<std::discrete_distribution<std::size_t>> within;
  for (const auto& m : members) {
    std::vector<double> w;
    for (uint32_t i : m) w.push_back(popularity[i]);
    within.emplace_back(w.begin(), w.end());
  }
  std::exponential_distribution<double> extra(1.0 / 92.0);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  d.user_group.resize(users);
  for (uint32_t u = 0; u < users; ++u) {
    const uint32_t g = static_cast<uint32_t>(rng() % groups);
    d.user_group[u] = g;
    const std::size_t want = std::min<std::size_t>(20 + static_cast<std::size_t>(extra(rng)), items / 3);
    std::unordered_set<uint32_t> seen;
    for (int attempts = 0; seen.size() < want && attempts < 50 * static_cast<int>(want); ++attempts) {
      const uint32_t item = coin(rng) < share_own ? members[g][within[g](rng)] : global(rng);
      if (seen.insert(item).second) d.ratings.push_back({u, item});
    }
  }
  return d;
}

struct Split {
  std::vector<Rating> train;
  std::vector<Rating> test;
};

// The offline protocol's seeded random 80/20 split of all ratings.
inline Split splitRatings(std::vector<Rating> ratings, uint64_t seed = 1, double train_share = 0.8) {
  std::mt19937_64 rng(seed);
  std::shuffle(ratings.begin(), ratings.end(), rng);
  const auto cut = static_cast<std::ptrdiff_t>(static_cast<double>(ratings.size()) * train_share);
  return Split{{ratings.begin(), ratings.begin() + cut}, {ratings.begin() + cut, ratings.end()}};
}

// Precision@k over users with at least one test rating. `top(user, train_items)` returns
// the recommended items, training items already excluded.
inline double precisionAtK(
    const Split& split, uint32_t users, uint32_t k,
    const std::function<std::vector<uint32_t>(uint32_t, const std::vector<uint32_t>&)>& top) {
  std::vector<std::vector<uint32_t>> train(users), test(users);
  for (const Rating& r : split.train) train[r.user].push_back(r.item);
  for (const Rating& r : split.test) test[r.user].push_back(r.item);
  double sum = 0;
  uint32_t evaluated = 0;
  for (uint32_t u = 0; u < users; ++u) {
    if (test[u].empty()) continue;
    std::unordered_set<uint32_t> relevant(test[u].begin(), test[u].end());
    uint32_t hits = 0;
    for (uint32_t item : top(u, train[u]))
      if (relevant.count(item)) ++hits;
    sum += static_cast<double>(hits) / k;
    ++evaluated;
  }
  return evaluated == 0 ? 0.0 : sum / evaluated;
}

// The popularity baseline: the most rated training items the user has not rated.
class PopularityBaseline {
 public:
  PopularityBaseline(const std::vector<Rating>& train, uint32_t items) : order_(items) {
    std::vector<uint32_t> count(items, 0);
    for (const Rating& r : train) ++count[r.item];
    for (uint32_t i = 0; i < items; ++i) order_[i] = i;
    std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) { return count[a] > count[b]; });
  }
  std::vector<uint32_t> top(const std::vector<uint32_t>& exclude, uint32_t k) const {
    std::unordered_set<uint32_t> skip(exclude.begin(), exclude.end());
    std::vector<uint32_t> out;
    for (uint32_t i : order_) {
      if (out.size() == k) break;
      if (!skip.count(i)) out.push_back(i);
    }
    return out;
  }

 private:
  std::vector<uint32_t> order_;
};

}  // namespace sb::test::als
