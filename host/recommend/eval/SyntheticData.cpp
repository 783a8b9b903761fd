#include "recommend/eval/SyntheticData.hpp"

#include "recommend/eval/SeededRandom.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <unordered_set>

namespace sb::recommend::eval {
namespace {

constexpr int64_t kStartMs = 1'600'000'000'000;  // 2020-09-13, an arbitrary fixed origin
constexpr int64_t kDayMs = 86'400'000;

std::string padded(const char* prefix, uint64_t n, int width) {
  std::string digits = std::to_string(n);
  if (static_cast<int>(digits.size()) < width) digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
  return prefix + digits;
}

std::string shortNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

void check(const SyntheticOptions& o) {
  auto share = [](double v) { return v >= 0.0 && v <= 1.0; };
  if (o.users == 0 || o.items == 0) throw std::invalid_argument("synthetic data needs users and items");
  if (o.communities == 0 || o.communities > o.items)
    throw std::invalid_argument("synthetic data needs 1..items communities");
  if (!share(o.noise_share) || !share(o.category_noise) || !share(o.tag_noise))
    throw std::invalid_argument("synthetic shares must lie in [0, 1]");
  if (o.taste_concentration <= 0 || o.popularity_skew < 0)
    throw std::invalid_argument("synthetic taste_concentration must be > 0 and popularity_skew >= 0");
}

// Per-user item counts: min_per_user plus an exponential tail scaled to the target total.
std::vector<uint32_t> activity(const SyntheticOptions& o, SeededRandom& random) {
  const uint32_t cap = std::max<uint32_t>(1, o.items / 2);
  const uint32_t floor = std::min(o.min_per_user, cap);
  std::vector<double> tail(o.users);
  double sum = 0;
  for (double& t : tail) sum += t = random.exponential();
  const double spare = std::max(0.0, static_cast<double>(o.interactions) - static_cast<double>(floor) * o.users);
  std::vector<uint32_t> counts(o.users);
  for (uint32_t u = 0; u < o.users; ++u)
    counts[u] = std::min<uint32_t>(cap, floor + static_cast<uint32_t>(std::lround(tail[u] / sum * spare)));
  return counts;
}

}  // namespace

EvalData generateSynthetic(const SyntheticOptions& o) {
  check(o);
  SeededRandom random(o.seed);
  EvalData out;
  out.source = "synthetic (seed " + std::to_string(o.seed) + ", " + std::to_string(o.communities) +
               " communities, popularity skew " + shortNumber(o.popularity_skew) + ", noise share " +
               shortNumber(o.noise_share) + ", taste concentration " + shortNumber(o.taste_concentration) + ")";
  plugin::Dataset& d = out.data;
  d.now = kStartMs + 365 * kDayMs;

  // Items: popularity over a shuffled rank order; community by a shuffled round robin.
  std::vector<uint32_t> order(o.items), community(o.items);
  for (uint32_t i = 0; i < o.items; ++i) order[i] = i;
  random.shuffle(order);
  std::vector<double> popularity(o.items);
  for (uint32_t rank = 0; rank < o.items; ++rank)
    popularity[order[rank]] = 1.0 / std::pow(rank + 10.0, o.popularity_skew);
  for (uint32_t i = 0; i < o.items; ++i) community[i] = i % o.communities;
  random.shuffle(community);

  std::vector<std::vector<uint32_t>> members(o.communities);
  for (uint32_t i = 0; i < o.items; ++i) members[community[i]].push_back(i);
  std::vector<WeightedPicker> within(o.communities);
  for (uint32_t c = 0; c < o.communities; ++c) {
    std::vector<double> w;
    for (uint32_t i : members[c]) w.push_back(popularity[i]);
    within[c] = WeightedPicker(w);
  }
  const WeightedPicker global(popularity);

  const uint32_t tagPool = o.communities * o.tags_per_community;
  d.items.resize(o.items);
  for (uint32_t i = 0; i < o.items; ++i) {
    plugin::CatalogItem& item = d.items[i];
    item.id = padded("i", i + 1, 4);
    item.title = "Synthetic item " + std::to_string(i + 1);
    const uint32_t c = community[i];
    const uint32_t shown = random.uniform() < o.category_noise ? static_cast<uint32_t>(random.below(o.communities)) : c;
    item.category = padded("genre-", shown, 2);
    std::unordered_set<uint32_t> tags;
    for (uint32_t t = 0; t < o.tags_per_item * 4 && tags.size() < o.tags_per_item; ++t) {
      const uint32_t tag = random.uniform() < o.tag_noise
                               ? static_cast<uint32_t>(random.below(tagPool))
                               : c * o.tags_per_community + static_cast<uint32_t>(random.below(o.tags_per_community));
      if (tags.insert(tag).second) item.tags.push_back(padded("tag-", tag, 3));
    }
    item.created_at = kStartMs - static_cast<int64_t>(random.below(3650)) * kDayMs;
  }

  // Users: a sparse taste over communities, then distinct items.
  const std::vector<uint32_t> counts = activity(o, random);
  d.user_ids.resize(o.users);
  for (uint32_t u = 0; u < o.users; ++u) {
    d.user_ids[u] = padded("u", u + 1, 4);
    std::vector<double> taste(o.communities);
    for (double& t : taste) t = random.gamma(o.taste_concentration);
    if (*std::max_element(taste.begin(), taste.end()) <= 0) taste[random.below(o.communities)] = 1;
    const WeightedPicker tastes(taste);
    std::unordered_set<uint32_t> seen;
    int64_t at = kStartMs + static_cast<int64_t>(random.below(300)) * kDayMs;
    // Repeats are redrawn; a user who has seen most of their communities fills up from the noise draws.
    for (uint64_t attempt = 0; seen.size() < counts[u] && attempt < 50ull * counts[u]; ++attempt) {
      uint32_t item;
      if (random.uniform() < o.noise_share) {
        item = static_cast<uint32_t>(global.pick(random));
      } else {
        const std::size_t c = tastes.pick(random);
        item = members[c][within[c].pick(random)];
      }
      if (!seen.insert(item).second) continue;
      at += 1 + static_cast<int64_t>(random.below(kDayMs / 4));
      d.interactions.push_back(plugin::Interaction{u, item, 1.0f, at});
    }
  }
  return out;
}

}  // namespace sb::recommend::eval
