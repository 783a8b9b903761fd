// Training of itemknn: the user x item matrix of a dataset, its optional BM25 weighting,
// and each item's top-k cosine neighbours from sparse co-occurrence.
#pragma once

#include "itemknn_config.hpp"

#include "sparse_rows.hpp"

#include <switchboard/plugin.hpp>

#include <cstdint>
#include <vector>

namespace itemknn {

using sparse::SparseRows;

// One row per dataset user: the items the user interacted with (ascending), each with the
// sum of its interaction weights. Items whose sum is not positive are left out (implicit
// feedback: no signal). Throws std::out_of_range for an interaction outside the dataset.
SparseRows userItemMatrix(const switchboard::Dataset& data);

// One row per item: its neighbours, most similar first, at most settings.neighbours, with
// sim(i, j) = w_i . w_j / (|w_i| |w_j| + shrink) over the (weighted) item columns of
// `user_items`. Uses settings.threads threads when the work is large.
SparseRows itemNeighbours(const SparseRows& user_items, uint32_t item_count, const Settings& settings);

}  // namespace itemknn
