#include "recommend/eval/Evaluator.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace sb::recommend::eval {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

constexpr uint32_t kUnknownItem = UINT32_MAX;

}  // namespace

Evaluator::Evaluator(const TrainTestSplit& split, EvaluationOptions options) : split_(split), options_(options) {
  const auto& train = split.train;
  for (uint32_t i = 0; i < train.items.size(); ++i) item_index_.emplace(train.items[i].id, i);
  // Timestamps of the training pairs, for the history's events.
  std::vector<std::unordered_map<uint32_t, int64_t>> when(train.user_ids.size());
  for (const auto& x : train.interactions) when[x.user][x.item] = x.timestamp;
  for (uint32_t u = 0; u < split.test.size(); ++u) {
    if (split.test[u].empty()) continue;
    test_users_.push_back(u);
    plugin::RecommendQuery q;
    q.user_id = train.user_ids[u];
    q.limit = options_.k;
    for (uint32_t item : split.history[u]) {
      const std::string& id = train.items[item].id;
      q.exclude.push_back(id);
      q.history.push_back(plugin::UserEvent{id, 1.0f, when[u][item]});
    }
    queries_.push_back(std::move(q));
  }
}

Evaluator::UserRun Evaluator::runUser(plugin::PluginInstance& instance, std::size_t slot) const {
  UserRun run;
  const uint32_t user = test_users_[slot];
  auto result = plugin::recommend(instance, queries_[slot]);
  if (!result.outcome.ok()) {
    if (result.outcome.status != SB_UNSUPPORTED) {
      run.failed = true;
      run.failure = std::string(plugin::statusName(result.outcome.status)) + ": " + result.outcome.error;
    }
  } else {
    run.served = !result.items.empty();
    const auto& history = split_.history[user];
    for (const auto& scored : result.items) {
      if (run.recommended.size() == options_.k) break;
      auto it = item_index_.find(scored.item_id);
      if (it == item_index_.end()) {
        ++run.unknown;
        run.recommended.push_back(kUnknownItem);
        continue;
      }
      if (std::find(history.begin(), history.end(), it->second) != history.end()) ++run.excluded;
      run.recommended.push_back(it->second);
    }
  }
  run.score = scoreUser(run.recommended, split_.test[user], options_.k);
  std::erase(run.recommended, kUnknownItem);  // not part of the catalogue's coverage
  return run;
}

RecommenderResult Evaluator::evaluate(plugin::PluginInstance& instance) const {
  RecommenderResult r;
  r.instance = instance.name();
  r.plugin = instance.plugin().id() + " " + instance.plugin().version();
  r.users_scored = test_users_.size();

  const auto fitStart = std::chrono::steady_clock::now();
  const auto fit = plugin::fitRecommender(instance, split_.train, options_.fit_timeout);
  r.fit_seconds = secondsSince(fitStart);
  if (!fit.ok()) {
    r.error = std::string("fit failed (") + plugin::statusName(fit.status) + "): " + fit.error;
    return r;
  }
  r.fitted = true;

  // Per-user results land in their slot and are summed in user order afterwards, so the
  // numbers do not depend on the thread count or scheduling.
  std::vector<UserRun> runs(test_users_.size());
  r.threads = instance.plugin().reentrant() ? std::max(1u, std::min<unsigned>(options_.threads, runs.size())) : 1u;
  const auto evalStart = std::chrono::steady_clock::now();
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t slot; (slot = next.fetch_add(1)) < runs.size();) runs[slot] = runUser(instance, slot);
  };
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < r.threads; ++t) helpers.emplace_back(work);
  work();
  for (auto& h : helpers) h.join();
  r.eval_seconds = secondsSince(evalStart);

  MetricAccumulator total(split_.train.items.size(), options_.k);
  for (const auto& run : runs) {
    total.add(run.score, run.recommended);
    if (run.served) ++r.users_served;
    if (run.failed && r.users_failed++ == 0) r.first_failure = run.failure;
    r.unknown_items += run.unknown;
    r.excluded_returned += run.excluded;
  }
  r.metrics = total.totals();
  return r;
}

}  // namespace sb::recommend::eval
