// SyntheticData: a seeded generator of implicit feedback with planted taste communities, so
// that a recommender's offline quality can be measured without downloading a data set.
//
// The model (documented in docs/evaluation.md):
//   - Items have a Zipf-like popularity (weight 1 / (rank + 10)^popularity_skew over a
//     shuffled order) and each belongs to one community; a community's items get the
//     community's category and mostly its tags (category_noise of them a random category,
//     tag_noise of their tags random), so content-based models have signal too.
//   - Users mix communities: a taste vector from a sparse Dirichlet (concentration
//     taste_concentration per community), so most users lean on one to three communities.
//   - A user's item count is min_per_user plus a long exponential tail, scaled so the total
//     is about `interactions` (capped at half the catalogue).
//   - Each interaction is, with probability noise_share, an item drawn from global popularity;
//     otherwise a community drawn from the user's taste, then an item of that community by
//     popularity. Pairs are distinct; every weight is 1; timestamps increase per user.
// Deterministic for a seed on every platform: it uses its own draws, not the standard
// library's (implementation-defined) distributions.
#pragma once

#include "recommend/eval/EvalData.hpp"

#include <cstdint>

namespace sb::recommend::eval {

struct SyntheticOptions {
  uint32_t users = 943;            // MovieLens-100K's shape by default
  uint32_t items = 1682;
  uint64_t interactions = 100000;  // target total (approximate)
  uint32_t communities = 18;
  uint32_t min_per_user = 20;
  double popularity_skew = 1.0;    // Zipf exponent of item popularity
  double taste_concentration = 0.08;  // Dirichlet alpha per community: smaller = purer tastes
  double noise_share = 0.2;        // interactions drawn from global popularity, not taste
  double category_noise = 0.1;     // items whose category is not their community's
  double tag_noise = 0.25;         // tags drawn from the whole tag pool
  uint32_t tags_per_item = 3;
  uint32_t tags_per_community = 6;
  uint64_t seed = 42;
};

// Throws std::invalid_argument for options that cannot produce a data set (no users, no
// items, no communities, shares outside [0, 1]).
EvalData generateSynthetic(const SyntheticOptions& options);

}  // namespace sb::recommend::eval
