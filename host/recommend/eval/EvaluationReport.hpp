// EvaluationReport: what an evaluation run found, as the table people read and the JSON
// that scripts read.
#pragma once

#include "recommend/eval/EvalData.hpp"
#include "recommend/eval/Evaluator.hpp"

#include <string>
#include <vector>

namespace sb::recommend::eval {

struct EvaluationReport {
  DataSummary data;
  std::string protocol;  // protocolLine()
  uint32_t k = 10;
  std::size_t train_interactions = 0;
  std::size_t test_interactions = 0;
  std::size_t test_users = 0;
  std::vector<RecommenderResult> results;
};

EvaluationReport makeReport(const EvalData& data, const TrainTestSplit& split, uint32_t k);

// "random 80/20 split of interactions (seed 42); top-10 per test user, training items excluded; ..."
std::string protocolLine(const TrainTestSplit& split, uint32_t k);

// Data set and protocol lines, then one row per recommender; notes (unserved users,
// failures) follow the table.
std::string formatTable(const EvaluationReport& report);

std::string toJson(const EvaluationReport& report);

}  // namespace sb::recommend::eval
