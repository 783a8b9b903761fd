#include "recommend/serving/RecommendationService.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "core/JsonEscape.hpp"
#include "plugin/PluginRegistry.hpp"
#include "recommend/jobs/JobRunner.hpp"
#include "recommend/serving/CatalogReader.hpp"
#include "recommend/serving/ImpressionLog.hpp"
#include "recommend/serving/ResultCache.hpp"

#include <chrono>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace sb::recommend {
namespace {

constexpr int kMaxLimit = 500;

std::string contextJson(const std::map<std::string, std::string>& context,
                        const std::unordered_map<std::string, double>& historyCategories) {
  Poco::JSON::Object out;
  for (const auto& [k, v] : context) out.set(k, v);
  Poco::JSON::Object::Ptr categories = new Poco::JSON::Object;
  for (const auto& [c, w] : historyCategories) categories->set(c, w);
  out.set("history_categories", categories);
  std::ostringstream text;
  out.stringify(text);
  return text.str();
}

}  // namespace

RecommendationService::RecommendationService(const RecommendationSetup& setup, CandidateSource& candidates,
                                             CatalogReader& catalog, plugin::PluginRegistry& plugins,
                                             ResultCache& cache, int historyLimit, ImpressionLog* impressions)
    : setup_(setup),
      candidates_(candidates),
      catalog_(catalog),
      plugins_(plugins),
      cache_(cache),
      history_limit_(historyLimit),
      impressions_(impressions) {}

RecommendationService::Plan RecommendationService::plan(const RecommendationRequest& r) const {
  Plan p;
  if (!r.experiment.empty()) {
    const ExperimentSpec* experiment = setup_.experiment(r.experiment);
    if (!experiment) throw notFound("experiment " + r.experiment);
    const VariantSpec* variant = RecommendationSetup::assign(*experiment, r.tenant, r.user);
    if (!variant) throw Error(ErrorKind::Unavailable, "experiment_empty", "experiment " + r.experiment + " has no variants");
    p.experiment = experiment->name;
    p.variant = variant->name;
    p.pipeline = setup_.pipeline(variant->pipeline);
  } else if (!r.pipeline.empty()) {
    p.pipeline = setup_.pipeline(r.pipeline);
    if (!p.pipeline) throw notFound("pipeline " + r.pipeline);
  } else {
    p.pipeline = setup_.defaultPipeline();
  }
  if (!p.pipeline && r.recommender.empty())
    throw Error(ErrorKind::Unavailable, "not_configured",
                "no recommendation pipeline is configured (recommendations.pipelines)");
  p.recommender = !r.recommender.empty() ? r.recommender : p.pipeline->recommender;
  if (!setup_.recommender(p.recommender)) throw notFound("recommender " + p.recommender);
  return p;
}

std::string RecommendationService::cacheKey(const RecommendationRequest& r, const Plan& p) const {
  std::string key = (p.pipeline ? p.pipeline->name : "") + '|' + p.recommender + '|' + std::to_string(r.limit) + '|' +
                    r.category + '|' + p.experiment + '|' + p.variant;
  for (const auto& [k, v] : r.context) key += '|' + k + '=' + v;
  return key;
}

RecommendationResult RecommendationService::recommend(const RecommendationRequest& r) {
  if (r.limit < 1 || r.limit > kMaxLimit) throw unprocessable("limit must be between 1 and " + std::to_string(kMaxLimit));
  auto started = std::chrono::steady_clock::now();
  Plan p = plan(r);
  const std::string key = cacheKey(r, p);
  RecommendationResult result;
  if (auto hit = cache_.get(r.tenant, r.user, key)) {
    result = decodeResult(*hit);
    result.cached = true;
  } else {
    result = compute(r, p);
    cache_.put(r.tenant, r.user, key, encodeResult(result));
  }
  if (impressions_ && !result.experiment.empty()) impressions_->record(r.tenant, r.user, result);
  if (metrics_) {
    const char* cache = result.cached ? "hit" : "miss";
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    metrics_->counterAdd("switchboard_recommendation_cache_total", std::string("result=") + cache, 1);
    metrics_->histogramObserve("switchboard_recommendation_duration_seconds",
                               "recommender=" + p.recommender + ",cache=" + cache, seconds);
  }
  return result;
}

RecommendationResult RecommendationService::refresh(const RecommendationRequest& r) {
  Plan p = plan(r);
  auto result = compute(r, p);
  cache_.put(r.tenant, r.user, cacheKey(r, p), encodeResult(result));
  return result;
}

RecommendationResult RecommendationService::compute(const RecommendationRequest& r, const Plan& p) {
  RecommendationResult result;
  result.pipeline = p.pipeline ? p.pipeline->name : "";
  result.experiment = p.experiment;
  result.variant = p.variant;

  const RecommenderSpec* spec = setup_.recommender(p.recommender);
  auto history = catalog_.history(r.tenant, r.user, history_limit_);
  plugin::RecommendQuery query;
  query.user_id = r.user;
  query.history = history;
  query.category = r.category;
  if (spec->exclude_consumed) {
    std::unordered_set<std::string> seen;
    for (const auto& e : history)
      if (seen.insert(e.item_id).second) query.exclude.push_back(e.item_id);
  }
  int wanted = p.pipeline && p.pipeline->candidates > 0 ? p.pipeline->candidates : std::max(50, 4 * r.limit);
  query.limit = static_cast<uint32_t>(std::max(wanted, r.limit));
  auto found = candidates_.fetch(r.tenant, p.recommender, query);
  result.recommender = found.recommender;
  result.model_version = found.model_version;
  result.fallbacks = found.skipped;
  if (found.items.empty()) return result;

  // One catalog read for the candidates and the history: rules see item attributes, the
  // history's categories, and deleted items drop out before they are served.
  std::vector<std::string> ids;
  for (const auto& c : found.items) ids.push_back(c.item_id);
  for (const auto& e : history) ids.push_back(e.item_id);
  std::unordered_map<std::string, plugin::CatalogItem> items;
  for (auto& item : catalog_.items(r.tenant, ids)) items.emplace(item.id, std::move(item));
  std::unordered_map<std::string, double> historyCategories;
  for (const auto& e : history)
    if (auto it = items.find(e.item_id); it != items.end() && !it->second.category.empty())
      historyCategories[it->second.category] += e.weight;

  plugin::RuleRequest rules;
  rules.user_id = r.user;
  rules.user_attributes_json = catalog_.userAttributes(r.tenant, r.user);
  rules.history = history;
  rules.context_json = contextJson(r.context, historyCategories);
  rules.limit = static_cast<uint32_t>(r.limit);
  rules.now = nowUnixMs();
  for (const auto& c : found.items) {
    auto it = items.find(c.item_id);
    if (it == items.end()) continue;  // not (or no longer) in the catalog
    rules.candidates.push_back({c.item_id, c.score, it->second.category, it->second.tags, it->second.attributes_json,
                                it->second.created_at});
  }
  if (p.pipeline) {
    for (const auto& ruleName : p.pipeline->rules) {
      auto instance = plugins_.instance(ruleName);
      if (!instance) continue;
      auto applied = plugin::applyRule(*instance, rules);
      if (!applied.outcome.ok()) {
        // A failing rule is skipped (the plugin layer disables one that keeps faulting).
        spdlog::warn("rule {} failed ({}); skipped for this request", ruleName, applied.outcome.error);
        continue;
      }
      std::vector<plugin::RuleCandidate> next;
      next.reserve(applied.kept.size());
      for (const auto& kept : applied.kept) {
        next.push_back(rules.candidates[kept.index]);
        next.back().score = kept.score;
      }
      rules.candidates = std::move(next);
    }
  }
  for (const auto& c : rules.candidates) {
    if (static_cast<int>(result.items.size()) >= r.limit) break;
    result.items.push_back({c.item_id, c.score});
  }
  return result;
}

Job RecommendationService::refreshLater(const RecommendationRequest& r, JobRunner& jobs) {
  if (r.limit < 1 || r.limit > kMaxLimit) throw unprocessable("limit must be between 1 and " + std::to_string(kMaxLimit));
  plan(r);  // unknown pipeline / recommender / experiment: answered now, not in the job
  invalidateUser(r.tenant, r.user);
  return jobs.submit(r.tenant, "refresh", r.user, [this, r] {
    auto result = refresh(r);
    return "{\"items\":" + std::to_string(result.items.size()) + ",\"recommender\":\"" + result.recommender + "\"}";
  });
}

std::vector<plugin::ScoredItem> RecommendationService::similar(const std::string& tenant, const std::string& item,
                                                               const std::string& recommender, int limit) {
  if (limit < 1 || limit > kMaxLimit) throw unprocessable("limit must be between 1 and " + std::to_string(kMaxLimit));
  std::string name = recommender;
  if (name.empty()) {
    const PipelineSpec* p = setup_.defaultPipeline();
    if (!p) throw Error(ErrorKind::Unavailable, "not_configured", "no recommendation pipeline is configured");
    name = p->recommender;
  }
  const RecommenderSpec* spec = setup_.recommender(name);
  if (!spec) throw notFound("recommender " + name);
  if (spec->hybrid() && !spec->blend.empty()) name = spec->blend.front().recommender;
  auto result = candidates_.similar(tenant, name, item, static_cast<uint32_t>(limit) * 2);
  if (!result.outcome.ok()) {
    throw Error(ErrorKind::Unavailable, "not_available", "recommender " + name + " cannot answer similar items: " + result.outcome.error);
  }
  std::vector<std::string> ids;
  for (const auto& c : result.items) ids.push_back(c.item_id);
  std::unordered_set<std::string> known;
  for (const auto& i : catalog_.items(tenant, ids)) known.insert(i.id);
  std::vector<plugin::ScoredItem> out;
  for (const auto& c : result.items)
    if (known.count(c.item_id) && c.item_id != item && static_cast<int>(out.size()) < limit) out.push_back(c);
  return out;
}

void RecommendationService::invalidateUser(const std::string& tenant, const std::string& user) {
  cache_.invalidateUser(tenant, user);
}

std::string encodeResult(const RecommendationResult& r) {
  Poco::JSON::Object out;
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& i : r.items) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("id", i.item_id);
    o->set("score", i.score);
    items->add(o);
  }
  out.set("items", items);
  out.set("pipeline", r.pipeline);
  out.set("recommender", r.recommender);
  out.set("model_version", r.model_version);
  out.set("experiment", r.experiment);
  out.set("variant", r.variant);
  Poco::JSON::Array::Ptr fallbacks = new Poco::JSON::Array;
  for (const auto& f : r.fallbacks) fallbacks->add(f);
  out.set("fallbacks", fallbacks);
  std::ostringstream text;
  out.stringify(text);
  return text.str();
}

RecommendationResult decodeResult(const std::string& json) {
  auto o = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
  RecommendationResult r;
  auto items = o->getArray("items");
  for (size_t i = 0; items && i < items->size(); ++i) {
    auto item = items->getObject(static_cast<unsigned>(i));
    r.items.push_back({item->getValue<std::string>("id"), item->getValue<double>("score")});
  }
  r.pipeline = o->optValue<std::string>("pipeline", "");
  r.recommender = o->optValue<std::string>("recommender", "");
  r.model_version = o->optValue<int>("model_version", 0);
  r.experiment = o->optValue<std::string>("experiment", "");
  r.variant = o->optValue<std::string>("variant", "");
  auto fallbacks = o->getArray("fallbacks");
  for (size_t i = 0; fallbacks && i < fallbacks->size(); ++i)
    r.fallbacks.push_back(fallbacks->getElement<std::string>(static_cast<unsigned>(i)));
  return r;
}

}  // namespace sb::recommend
