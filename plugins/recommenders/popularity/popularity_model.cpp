#include "popularity_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace popularity {
namespace {

constexpr const char* kMagic = "SBPP";
constexpr uint32_t kFormatVersion = 1;

}  // namespace

PopularityModel::PopularityModel(catalog::Catalog catalog, std::vector<double> scores, bool per_category)
    : catalog_(std::move(catalog)), scores_(std::move(scores)) {
  for (uint32_t i = 0; i < catalog_.size(); ++i)
    if (scores_[i] > 0) ranking_.push_back(i);
  std::sort(ranking_.begin(), ranking_.end(),
            [&](uint32_t a, uint32_t b) { return scores_[a] > scores_[b] || (scores_[a] == scores_[b] && a < b); });
  if (per_category) {
    category_rankings_.resize(catalog_.categoryCount());
    for (uint32_t item : ranking_) category_rankings_[catalog_.category(item)].push_back(item);
  }
}

PopularityModel PopularityModel::fit(const switchboard::Dataset& data, const Settings& settings) {
  catalog::Catalog catalog = catalog::Catalog::fromItems(data.items());
  std::vector<double> scores(catalog.size(), 0.0);
  const double half_life = static_cast<double>(settings.half_life.count());
  const int64_t now = data.nowMs();
  data.interactions().forEach([&](const switchboard::Interaction& x) {
    if (x.item >= scores.size()) throw std::out_of_range("interaction names item " + std::to_string(x.item) +
                                                         " of a dataset with " + std::to_string(scores.size()));
    double weight = x.weight;
    if (half_life > 0) {
      // A timestamp after `now` (clock skew) counts as fresh, never as more than fresh.
      double age = static_cast<double>(std::max<int64_t>(0, now - x.timestamp_ms));
      weight *= std::exp2(-age / half_life);
    }
    scores[x.item] += weight;
  });
  return PopularityModel(std::move(catalog), std::move(scores), settings.per_category);
}

std::string PopularityModel::save() const {
  model_io::Writer out(kMagic, kFormatVersion);
  catalog_.save(out);
  for (double s : scores_) out.f64(s);
  return out.take();
}

PopularityModel PopularityModel::load(std::string_view bytes, bool per_category) {
  model_io::Reader in(bytes, kMagic, kFormatVersion, "popularity");
  catalog::Catalog catalog = catalog::Catalog::load(in);
  std::vector<double> scores(catalog.size());
  for (double& s : scores) s = in.f64();
  in.finish();
  return PopularityModel(std::move(catalog), std::move(scores), per_category);
}

const std::vector<uint32_t>& PopularityModel::rankingFor(std::optional<uint32_t> category) const {
  if (category && !category_rankings_.empty()) return category_rankings_[*category];
  return ranking_;  // filtered on the way
}

std::vector<switchboard::Candidate> PopularityModel::firstAllowed(const std::vector<uint32_t>& ranking,
                                                                  const catalog::Filter& filter,
                                                                  uint32_t limit) const {
  std::vector<switchboard::Candidate> out;
  for (uint32_t item : ranking) {
    if (limit != 0 && out.size() >= limit) break;
    if (filter.allows(item)) out.push_back({catalog_.id(item), scores_[item]});
  }
  return out;
}

std::vector<switchboard::Candidate> PopularityModel::top(const switchboard::RecommendRequest& request) const {
  catalog::Filter filter(catalog_, request);
  if (filter.matchesNothing()) return {};
  return firstAllowed(rankingFor(filter.category()), filter, request.limit);
}

std::vector<switchboard::Candidate> PopularityModel::similar(std::string_view item, uint32_t limit) const {
  auto index = catalog_.item(item);
  if (!index) throw switchboard::Unsupported("unknown item '" + std::string(item) + "'");
  catalog::Filter filter(catalog_, *index);
  if (category_rankings_.empty()) return firstAllowed(ranking_, filter, limit);
  return firstAllowed(category_rankings_[catalog_.category(*index)], filter, limit);
}

}  // namespace popularity
