#include "plugin/RecommenderCalls.hpp"

#include "plugin/AbiStrings.hpp"

#include <memory>

namespace sb::plugin {
namespace {

CallOutcome notA(const PluginInstance& instance, const char* what) {
  return CallOutcome{SB_UNSUPPORTED, "instance " + instance.name() + " is not a " + what, {}, 0};
}

// Tag arrays outlive the sb_item / sb_candidate structs that point into them.
struct StrArrays {
  std::vector<std::vector<sb_str>> lists;
  const sb_str* add(const std::vector<std::string>& values) {
    lists.emplace_back();
    for (const auto& v : values) lists.back().push_back(toSbStr(v));
    return lists.back().data();
  }
};

std::vector<sb_user_event> eventsOf(const std::vector<UserEvent>& history) {
  std::vector<sb_user_event> out;
  out.reserve(history.size());
  for (const auto& e : history) out.push_back(sb_user_event{toSbStr(e.item_id), e.weight, e.timestamp});
  return out;
}

sb_candidates_out candidateSink(ScoredResult& result) {
  return sb_candidates_out{sizeof(sb_candidates_out), &result, [](void* data, sb_str id, double score) {
                             static_cast<ScoredResult*>(data)->items.push_back({fromSbStr(id), score});
                           }};
}

}  // namespace

bool isRecommender(const PluginInstance& instance) { return instance.plugin().recommender() != nullptr; }

bool hasSimilar(const PluginInstance& instance) {
  const sb_recommender_v1* r = instance.plugin().recommender();
  return r && r->struct_size >= offsetof(sb_recommender_v1, similar) + sizeof(void*) && r->similar;
}

CallOutcome fitRecommender(PluginInstance& instance, const Dataset& data, std::chrono::milliseconds timeout) {
  const sb_recommender_v1* r = instance.plugin().recommender();
  if (!r) return notA(instance, "recommender");
  std::vector<sb_str> users;
  users.reserve(data.user_ids.size());
  for (const auto& u : data.user_ids) users.push_back(toSbStr(u));
  StrArrays tags;
  tags.lists.reserve(data.items.size());
  std::vector<sb_item> items;
  items.reserve(data.items.size());
  for (const auto& i : data.items)
    items.push_back(sb_item{sizeof(sb_item), toSbStr(i.id), toSbStr(i.title), toSbStr(i.category), tags.add(i.tags),
                            i.tags.size(), toSbStr(i.attributes_json), i.created_at});
  std::vector<const sb_item*> itemPointers;
  itemPointers.reserve(items.size());
  for (const auto& i : items) itemPointers.push_back(&i);
  std::vector<sb_interaction> interactions;
  interactions.reserve(data.interactions.size());
  for (const auto& x : data.interactions) interactions.push_back(sb_interaction{x.user, x.item, x.weight, x.timestamp});
  sb_dataset dataset{sizeof(sb_dataset), users.data(), users.size(), itemPointers.data(), itemPointers.size(),
                     interactions.data(), interactions.size(), sizeof(sb_interaction), data.now};
  return instance.invoke("fit", [&](void* h, sb_call* call) { return r->fit(h, call, &dataset); }, timeout);
}

ScoredResult recommend(PluginInstance& instance, const RecommendQuery& q) {
  ScoredResult result;
  const sb_recommender_v1* r = instance.plugin().recommender();
  if (!r) {
    result.outcome = notA(instance, "recommender");
    return result;
  }
  std::vector<sb_str> exclude;
  exclude.reserve(q.exclude.size());
  for (const auto& e : q.exclude) exclude.push_back(toSbStr(e));
  auto history = eventsOf(q.history);
  sb_recommend_request request{sizeof(sb_recommend_request), toSbStr(q.user_id), q.limit, exclude.data(), exclude.size(),
                               history.data(), history.size(), toSbStr(q.category), toSbStr(q.context_json)};
  auto sink = candidateSink(result);
  result.outcome = instance.invoke("recommend", [&](void* h, sb_call* call) { return r->recommend(h, call, &request, &sink); });
  if (result.outcome.status != SB_OK) result.items.clear();
  return result;
}

ScoredResult similarItems(PluginInstance& instance, const std::string& itemId, uint32_t limit) {
  ScoredResult result;
  if (!hasSimilar(instance)) {
    result.outcome = CallOutcome{SB_UNSUPPORTED, "instance " + instance.name() + " has no similar-items", {}, 0};
    return result;
  }
  const sb_recommender_v1* r = instance.plugin().recommender();
  auto sink = candidateSink(result);
  result.outcome = instance.invoke(
      "similar", [&](void* h, sb_call* call) { return r->similar(h, call, toSbStr(itemId), limit, &sink); });
  if (result.outcome.status != SB_OK) result.items.clear();
  return result;
}

SavedModel saveModel(PluginInstance& instance) {
  SavedModel saved;
  const sb_recommender_v1* r = instance.plugin().recommender();
  if (!r || !r->save) {
    saved.outcome = notA(instance, "recommender that saves models");
    return saved;
  }
  sb_bytes_out out{sizeof(sb_bytes_out), &saved, [](void* data, sb_bytes chunk) {
                     static_cast<SavedModel*>(data)->bytes.append(reinterpret_cast<const char*>(chunk.ptr), chunk.len);
                   }};
  saved.outcome = instance.invoke("save", [&](void* h, sb_call* call) { return r->save(h, call, &out); },
                                  std::chrono::minutes(10));
  return saved;
}

CallOutcome loadModel(PluginInstance& instance, std::string_view bytes) {
  const sb_recommender_v1* r = instance.plugin().recommender();
  if (!r || !r->load) return notA(instance, "recommender that loads models");
  sb_bytes model{reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()};
  return instance.invoke("load", [&](void* h, sb_call* call) { return r->load(h, call, model); },
                         std::chrono::minutes(10));
}

bool isRule(const PluginInstance& instance) { return instance.plugin().rule() != nullptr; }

RuleResult applyRule(PluginInstance& instance, const RuleRequest& q) {
  RuleResult result;
  const sb_rule_v1* rule = instance.plugin().rule();
  if (!rule) {
    result.outcome = notA(instance, "rule");
    return result;
  }
  StrArrays tags;
  tags.lists.reserve(q.candidates.size());
  std::vector<sb_candidate> candidates;
  candidates.reserve(q.candidates.size());
  for (const auto& c : q.candidates)
    candidates.push_back(sb_candidate{sizeof(sb_candidate), toSbStr(c.item_id), c.score, toSbStr(c.category),
                                      tags.add(c.tags), c.tags.size(), toSbStr(c.attributes_json), c.created_at});
  std::vector<const sb_candidate*> pointers;
  pointers.reserve(candidates.size());
  for (const auto& c : candidates) pointers.push_back(&c);
  auto history = eventsOf(q.history);
  sb_rule_input input{sizeof(sb_rule_input), toSbStr(q.user_id), toSbStr(q.user_attributes_json), history.data(),
                      history.size(), toSbStr(q.context_json), pointers.data(), pointers.size(), q.limit, q.now};
  const size_t count = q.candidates.size();
  struct Sink {
    RuleResult* result;
    size_t count;
  } sink{&result, count};
  sb_rule_out out{sizeof(sb_rule_out), &sink, [](void* data, size_t index, double score) {
                    auto* s = static_cast<Sink*>(data);
                    if (index < s->count) s->result->kept.push_back({index, score});  // ignore out-of-range indexes
                  }};
  result.outcome = instance.invoke("apply", [&](void* h, sb_call* call) { return rule->apply(h, call, &input, &out); });
  if (result.outcome.status != SB_OK) result.kept.clear();
  return result;
}

}  // namespace sb::plugin
