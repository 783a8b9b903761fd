#include "recommend/eval/Metrics.hpp"

#include <algorithm>
#include <cmath>

namespace sb::recommend::eval {

UserScore scoreUser(const std::vector<uint32_t>& recommended, const std::vector<uint32_t>& relevant, uint32_t k) {
  UserScore s;
  if (k == 0 || relevant.empty()) return s;
  const std::size_t n = std::min<std::size_t>(k, recommended.size());
  std::unordered_set<uint32_t> counted;  // an item listed twice is one hit
  double hits = 0, dcg = 0, idcg = 0;
  for (std::size_t r = 0; r < n; ++r) {
    if (!std::binary_search(relevant.begin(), relevant.end(), recommended[r])) continue;
    if (!counted.insert(recommended[r]).second) continue;
    hits += 1;
    dcg += 1.0 / std::log2(static_cast<double>(r) + 2.0);
  }
  const std::size_t ideal = std::min<std::size_t>(k, relevant.size());
  for (std::size_t r = 0; r < ideal; ++r) idcg += 1.0 / std::log2(static_cast<double>(r) + 2.0);
  s.precision = hits / k;
  s.recall = hits / static_cast<double>(relevant.size());
  s.ndcg = dcg / idcg;
  return s;
}

void MetricAccumulator::add(const UserScore& score, const std::vector<uint32_t>& recommended) {
  precision_ += score.precision;
  recall_ += score.recall;
  ndcg_ += score.ndcg;
  ++users_;
  const std::size_t n = std::min<std::size_t>(k_, recommended.size());
  recommended_.insert(recommended.begin(), recommended.begin() + static_cast<std::ptrdiff_t>(n));
}

void MetricAccumulator::merge(const MetricAccumulator& other) {
  precision_ += other.precision_;
  recall_ += other.recall_;
  ndcg_ += other.ndcg_;
  users_ += other.users_;
  recommended_.insert(other.recommended_.begin(), other.recommended_.end());
}

MetricTotals MetricAccumulator::totals() const {
  MetricTotals t;
  t.users = users_;
  if (users_ > 0) {
    const auto n = static_cast<double>(users_);
    t.precision = precision_ / n;
    t.recall = recall_ / n;
    t.ndcg = ndcg_ / n;
  }
  if (catalogue_ > 0) t.coverage = static_cast<double>(recommended_.size()) / static_cast<double>(catalogue_);
  return t;
}

}  // namespace sb::recommend::eval
