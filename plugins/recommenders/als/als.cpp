// als: implicit-feedback matrix factorisation (Hu, Koren, Volinsky 2008) trained by
// alternating least squares. fit() builds a new model aside on `threads` workers and swaps
// it in; recommend() and similar() read whichever model is current, so they run meanwhile.
#include "als_config.hpp"
#include "als_model.hpp"
#include "als_training.hpp"

#include <switchboard/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

using switchboard::Unsupported;

class AlsRecommender final : public switchboard::RecommenderPlugin {
 public:
  static constexpr const char* id = "als";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description =
      "Collaborative filtering: implicit-feedback matrix factorisation trained by alternating least squares.";
  // The model is immutable and swapped under a mutex; fit() works on its own data. Not
  // SB_FLAG_BLOCKING: nothing waits on I/O, and recommend() takes well under a millisecond.
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;
  static constexpr sb_config_field schema[] = {
      switchboard::option::integer("factors", "Latent factors per user and item.").withDefault("64"),
      switchboard::option::integer("iterations", "Alternating passes (users, then items) per fit.").withDefault("15"),
      switchboard::option::number("regularization",
                                  "L2 penalty lambda, multiplied by each user's (item's) interaction count.")
          .withDefault("0.1"),
      switchboard::option::number("alpha", "Confidence slope: c = 1 + alpha * summed interaction weight.")
          .withDefault("1.0"),
      switchboard::option::integer("cg_steps",
                                   "Conjugate-gradient steps per row solve while fitting; 0 = exact Cholesky solve.")
          .withDefault("3"),
      switchboard::option::integer("seed", "Seed of the random initial item factors.").withDefault("42"),
      switchboard::option::integer("threads", "Worker threads for fit(); 0 = one per hardware thread.")
          .withDefault("0"),
  };

  AlsRecommender(const switchboard::Host& host, const switchboard::Config& config)
      : host_(host), options_(als::readSettings(config)) {}

  void fit(const switchboard::Dataset& data) override {
    const int64_t deadline = switchboard::currentDeadlineMs();
    auto checkpoint = [&] {
      if (deadline != 0 && host_.nowMs() > deadline)
        throw switchboard::Retry("als fit ran past its deadline; the previous model stays in use");
    };
    auto model = std::make_shared<const als::Model>(train(data, checkpoint));
    std::lock_guard<std::mutex> lock(mutex_);
    model_ = std::move(model);
  }

  std::vector<switchboard::Candidate> recommend(const switchboard::RecommendRequest& request) override {
    const auto model = current();
    std::vector<float> folded;
    const float* user = nullptr;
    if (auto known = model->user(request.user_id)) {
      user = model->userFactors(*known);
    } else {
      folded = model->foldIn(historyEntries(*model, request.history));
      user = folded.data();
    }
    std::optional<uint32_t> category;
    if (!request.category.empty()) {
      category = model->category(request.category);
      if (!category) return {};  // no trained item in that category
    }
    std::vector<char> blocked;
    if (request.exclude.size() != 0) {
      blocked.assign(model->parts().item_ids.size(), 0);
      for (std::string_view excluded : request.exclude)
        if (auto item = model->item(excluded)) blocked[*item] = 1;
    }
    return candidates(*model, model->recommend(user, request.limit, blocked, category));
  }

  std::vector<switchboard::Candidate> similar(std::string_view item_id, uint32_t limit) override {
    const auto model = current();
    auto item = model->item(item_id);
    if (!item) throw Unsupported("item '" + std::string(item_id) + "' has no interactions in the als model");
    return candidates(*model, model->similar(*item, limit));
  }

  std::string save() override { return current()->serialize(); }

  void load(std::string_view bytes) override {
    std::shared_ptr<const als::Model> model;
    try {
      model = std::make_shared<const als::Model>(als::Model::deserialize(bytes));
    } catch (const als::FormatError& e) {
      throw Unsupported(e.what());
    }
    std::lock_guard<std::mutex> lock(mutex_);
    model_ = std::move(model);
  }

 private:
  std::shared_ptr<const als::Model> current() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!model_) throw Unsupported("the als model is not trained yet");
    return model_;
  }

  // Users and items without a positive interaction get no factors: they carry no signal.
  als::Model train(const switchboard::Dataset& data, const std::function<void()>& checkpoint) const {
    const switchboard::StrList users = data.users();
    const switchboard::Items items = data.items();
    std::vector<als::SparseRows::Triplet> triplets;
    triplets.reserve(data.interactions().size());
    data.interactions().forEach([&](const switchboard::Interaction& i) {
      if (i.user < users.size() && i.item < items.size() && std::isfinite(i.weight))
        triplets.push_back({i.user, i.item, i.weight});
    });
    const auto all = als::SparseRows::fromTriplets(static_cast<uint32_t>(users.size()),
                                                   static_cast<uint32_t>(items.size()), std::move(triplets));
    // Renumber to the users and items that kept an interaction.
    constexpr uint32_t kNone = UINT32_MAX;
    std::vector<uint32_t> user_row(all.rows, kNone), item_row(all.columns, kNone);
    als::Model::Parts parts;
    parts.alpha = options_.alpha;
    parts.regularization = options_.regularization;
    std::vector<als::SparseRows::Triplet> kept;
    kept.reserve(all.entries.size());
    for (uint32_t u = 0; u < all.rows; ++u) {
      if (all.count(u) == 0) continue;
      user_row[u] = static_cast<uint32_t>(parts.user_ids.size());
      parts.user_ids.emplace_back(users[u]);
      for (uint32_t k = all.start[u]; k < all.start[u + 1]; ++k) {
        const als::Entry& e = all.entries[k];
        if (item_row[e.column] == kNone) item_row[e.column] = 0;  // mark; numbered below
        kept.push_back({user_row[u], e.column, e.weight});
      }
    }
    std::unordered_map<std::string, uint32_t> category_index;
    for (uint32_t i = 0; i < all.columns; ++i) {
      if (item_row[i] == kNone) continue;
      item_row[i] = static_cast<uint32_t>(parts.item_ids.size());
      const switchboard::Item item = items[i];
      parts.item_ids.emplace_back(item.id);
      auto [it, added] = category_index.emplace(std::string(item.category), parts.categories.size());
      if (added) parts.categories.emplace_back(item.category);
      parts.item_category.push_back(it->second);
    }
    for (auto& t : kept) t.column = item_row[t.column];
    const auto observed = als::SparseRows::fromTriplets(static_cast<uint32_t>(parts.user_ids.size()),
                                                        static_cast<uint32_t>(parts.item_ids.size()), std::move(kept));
    als::TrainedFactors factors = als::train(observed, options_, checkpoint);
    parts.users = std::move(factors.users);
    parts.items = std::move(factors.items);
    return als::Model(std::move(parts));
  }

  // A request's history as model entries (weights of repeated items summed, unknown items
  // skipped); Unsupported when nothing is left to fold in.
  static std::vector<als::Entry> historyEntries(const als::Model& model, const switchboard::History& history) {
    std::unordered_map<uint32_t, double> weights;
    for (const switchboard::UserEvent& event : history)
      if (auto item = model.item(event.item_id); item && std::isfinite(event.weight)) weights[*item] += event.weight;
    std::vector<als::Entry> entries;
    for (const auto& [item, weight] : weights)
      if (weight > 0) entries.push_back({item, static_cast<float>(weight)});
    if (entries.empty()) throw Unsupported("user unknown to the als model and no history with known items");
    std::sort(entries.begin(), entries.end(), [](const als::Entry& a, const als::Entry& b) { return a.column < b.column; });
    return entries;
  }

  static std::vector<switchboard::Candidate> candidates(const als::Model& model, const std::vector<als::Scored>& top) {
    std::vector<switchboard::Candidate> out;
    out.reserve(top.size());
    for (const als::Scored& s : top) out.push_back({model.itemId(s.item), static_cast<double>(s.score)});
    return out;
  }

  const switchboard::Host& host_;  // outlives this object
  const als::TrainingOptions options_;
  mutable std::mutex mutex_;
  std::shared_ptr<const als::Model> model_;  // null until fit() or load()
};

}  // namespace

SWITCHBOARD_PLUGIN(AlsRecommender);
