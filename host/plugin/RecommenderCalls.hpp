// RecommenderCalls / rule calls: typed calls into recommender and rule instances, building
// the C structs (switchboard.recommender/1, switchboard.rule/1) from host types, so callers
// never touch the ABI directly.
#pragma once

#include "plugin/PluginInstance.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sb::plugin {

struct CatalogItem {
  std::string id;
  std::string title;
  std::string category;
  std::vector<std::string> tags;
  std::string attributes_json;  // JSON object or empty
  int64_t created_at = 0;       // Unix ms
};

// One weighted interaction; user and item index the dataset's arrays.
struct Interaction {
  uint32_t user = 0;
  uint32_t item = 0;
  float weight = 1.0f;
  int64_t timestamp = 0;  // Unix ms
};

// A training snapshot (borrowed for the call).
struct Dataset {
  std::vector<std::string> user_ids;
  std::vector<CatalogItem> items;
  std::vector<Interaction> interactions;
  int64_t now = 0;
};

struct UserEvent {
  std::string item_id;
  float weight = 1.0f;
  int64_t timestamp = 0;
};

struct RecommendQuery {
  std::string user_id;
  uint32_t limit = 10;
  std::vector<std::string> exclude;  // never return these
  std::vector<UserEvent> history;    // newest first
  std::string category;              // restrict; empty = any
  std::string context_json;          // JSON object or empty
};

struct ScoredItem {
  std::string item_id;
  double score = 0;
};

struct ScoredResult {
  CallOutcome outcome;
  std::vector<ScoredItem> items;  // best first
};

bool isRecommender(const PluginInstance& instance);
bool hasSimilar(const PluginInstance& instance);

// fit() may take minutes: `timeout` is what the call is allowed.
CallOutcome fitRecommender(PluginInstance& instance, const Dataset& data,
                           std::chrono::milliseconds timeout = std::chrono::hours(1));
ScoredResult recommend(PluginInstance& instance, const RecommendQuery& query);
ScoredResult similarItems(PluginInstance& instance, const std::string& itemId, uint32_t limit);

struct SavedModel {
  CallOutcome outcome;
  std::string bytes;
};
SavedModel saveModel(PluginInstance& instance);
CallOutcome loadModel(PluginInstance& instance, std::string_view bytes);

// ---- rules

struct RuleCandidate {
  std::string item_id;
  double score = 0;
  std::string category;
  std::vector<std::string> tags;
  std::string attributes_json;
  int64_t created_at = 0;
};

struct RuleRequest {
  std::string user_id;
  std::string user_attributes_json;
  std::vector<UserEvent> history;  // newest first
  std::string context_json;
  std::vector<RuleCandidate> candidates;  // best first
  uint32_t limit = 10;
  int64_t now = 0;
};

struct RuleKept {
  size_t index = 0;  // into RuleRequest::candidates
  double score = 0;
};

struct RuleResult {
  CallOutcome outcome;
  std::vector<RuleKept> kept;  // in the new order
};

bool isRule(const PluginInstance& instance);
RuleResult applyRule(PluginInstance& instance, const RuleRequest& request);

}  // namespace sb::plugin
