// Split: the offline protocol's train/test division of a data set.
//
// Protocol: every interaction (a distinct user-item pair) is one unit. The interactions are
// shuffled with SeededRandom(seed) (Fisher-Yates from the back) and the first
// round(train_share * n) go to training, the rest to test. So a user's test items are about
// 20% of their items, chosen at random, not by time. Users keep their ids and items their
// catalogue entries in the training set even when all their pairs went to test; users with
// no test item are not scored.
#pragma once

#include "recommend/eval/EvalData.hpp"

#include <cstdint>
#include <vector>

namespace sb::recommend::eval {

struct TrainTestSplit {
  plugin::Dataset train;                       // all users and items, training pairs only
  std::vector<std::vector<uint32_t>> test;     // per user index: held-out item indexes (sorted)
  std::vector<std::vector<uint32_t>> history;  // per user index: training item indexes, newest first
  uint64_t seed = 0;
  double train_share = 0.8;

  std::size_t testInteractions() const;
  std::size_t testUsers() const;  // users with at least one test item
};

// Throws std::invalid_argument when train_share is outside (0, 1).
TrainTestSplit splitInteractions(const EvalData& data, uint64_t seed, double trainShare = 0.8);

}  // namespace sb::recommend::eval
