// EvalData: an implicit-feedback data set for offline evaluation, in the same shape the host
// hands to a recommender's fit() (plugin::Dataset), plus where it came from.
#pragma once

#include "plugin/RecommenderCalls.hpp"

#include <cstddef>
#include <string>

namespace sb::recommend::eval {

struct EvalData {
  std::string source;     // "synthetic (seed 42)", "movielens u.data: /path/u.data"
  plugin::Dataset data;   // distinct (user, item) pairs, every weight 1
};

// Counts for the report's data-set line.
struct DataSummary {
  std::string source;
  std::size_t users = 0;
  std::size_t items = 0;
  std::size_t interactions = 0;
  double density = 0;  // interactions / (users * items)
};

DataSummary summarize(const EvalData& data);

}  // namespace sb::recommend::eval
