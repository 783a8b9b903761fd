#include "recommend/eval/Split.hpp"

#include "recommend/eval/SeededRandom.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace sb::recommend::eval {

std::size_t TrainTestSplit::testInteractions() const {
  std::size_t n = 0;
  for (const auto& items : test) n += items.size();
  return n;
}

std::size_t TrainTestSplit::testUsers() const {
  return static_cast<std::size_t>(std::count_if(test.begin(), test.end(), [](const auto& t) { return !t.empty(); }));
}

TrainTestSplit splitInteractions(const EvalData& data, uint64_t seed, double trainShare) {
  if (!(trainShare > 0.0 && trainShare < 1.0)) throw std::invalid_argument("train share must lie in (0, 1)");
  const auto& all = data.data.interactions;
  for (const auto& x : all)
    if (x.user >= data.data.user_ids.size() || x.item >= data.data.items.size())
      throw std::invalid_argument("an interaction names a user or item index outside the data set");
  std::vector<std::size_t> order(all.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  SeededRandom random(seed);
  random.shuffle(order);
  const auto trainCount = static_cast<std::size_t>(std::llround(trainShare * static_cast<double>(all.size())));

  TrainTestSplit split;
  split.seed = seed;
  split.train_share = trainShare;
  split.train.user_ids = data.data.user_ids;
  split.train.items = data.data.items;
  split.train.now = data.data.now;
  const std::size_t users = data.data.user_ids.size();
  split.test.resize(users);
  split.history.resize(users);
  // Training pairs keep their original order, so fit() sees the data as the server would.
  std::vector<bool> inTrain(all.size(), false);
  for (std::size_t k = 0; k < trainCount; ++k) inTrain[order[k]] = true;
  std::vector<std::vector<std::pair<int64_t, uint32_t>>> dated(users);
  for (std::size_t k = 0; k < all.size(); ++k) {
    const auto& x = all[k];
    if (inTrain[k]) {
      split.train.interactions.push_back(x);
      dated[x.user].emplace_back(x.timestamp, x.item);
    } else {
      split.test[x.user].push_back(x.item);
    }
  }
  for (std::size_t u = 0; u < users; ++u) {
    std::sort(split.test[u].begin(), split.test[u].end());
    std::stable_sort(dated[u].begin(), dated[u].end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [at, item] : dated[u]) split.history[u].push_back(item);
  }
  return split;
}

}  // namespace sb::recommend::eval
