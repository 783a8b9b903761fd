// Metrics: top-K accuracy of one user's list against their held-out items, and the average
// over users. Binary relevance: an item is relevant when it is in the user's test set.
//   Precision@K = hits in the first K / K  (K, not the list length: a short list is penalised)
//   Recall@K    = hits in the first K / |test items|
//   NDCG@K      = DCG / IDCG, DCG = sum over hits at 0-based rank r < K of 1 / log2(r + 2),
//                 IDCG = the same sum over ranks 0 .. min(K, |test items|) - 1
//   coverage    = distinct items recommended (first K, all scored users) / catalogue size
// Averages are over users with at least one test item; a user the recommender could not
// serve counts with zeros.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_set>
#include <vector>

namespace sb::recommend::eval {

struct UserScore {
  double precision = 0;
  double recall = 0;
  double ndcg = 0;
};

// `recommended` best first (only the first k count); `relevant` sorted ascending.
UserScore scoreUser(const std::vector<uint32_t>& recommended, const std::vector<uint32_t>& relevant, uint32_t k);

struct MetricTotals {
  double precision = 0;  // means over scored users
  double recall = 0;
  double ndcg = 0;
  double coverage = 0;
  std::size_t users = 0;  // scored
};

// Sums per-user scores; not thread-safe (give each thread its own and merge()).
class MetricAccumulator {
 public:
  explicit MetricAccumulator(std::size_t catalogueSize, uint32_t k) : catalogue_(catalogueSize), k_(k) {}
  void add(const UserScore& score, const std::vector<uint32_t>& recommended);
  void merge(const MetricAccumulator& other);
  MetricTotals totals() const;

 private:
  std::size_t catalogue_;
  uint32_t k_;
  double precision_ = 0, recall_ = 0, ndcg_ = 0;
  std::size_t users_ = 0;
  std::unordered_set<uint32_t> recommended_;
};

}  // namespace sb::recommend::eval
