#include "content_model.hpp"

#include "content_features.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace content {
namespace {

constexpr const char* kMagic = "SBCT";
constexpr uint32_t kFormatVersion = 1;

}  // namespace

ContentModel::ContentModel(catalog::Catalog catalog, uint32_t term_count, SparseRows item_terms,
                           std::chrono::milliseconds history_half_life)
    : catalog_(std::move(catalog)), term_count_(term_count), item_terms_(std::move(item_terms)),
      term_items_(sparse::transpose(item_terms_, term_count_)), history_half_life_(history_half_life) {}

ContentModel ContentModel::fit(const switchboard::Dataset& data, const Settings& settings) {
  catalog::Catalog catalog = catalog::Catalog::fromItems(data.items());
  catalog::IdIndex term_index;
  std::vector<std::string> terms;
  std::vector<uint32_t> document_frequency;
  SparseRows rows;
  std::vector<std::string_view> tags;
  for (switchboard::Item item : data.items()) {
    tags.assign(item.tags.begin(), item.tags.end());
    for (auto& [term, count] : itemTerms(item.title, tags, item.category, settings)) {
      uint32_t t = catalog::intern(term_index, terms, term);
      if (t == document_frequency.size()) document_frequency.push_back(0);
      ++document_frequency[t];
      rows.columns.push_back(t);
      rows.values.push_back(static_cast<float>(count));
    }
    rows.offsets.push_back(static_cast<uint32_t>(rows.columns.size()));
  }
  // Smoothed idf (as scikit-learn): a term in every item still weighs 1, never 0.
  const double n = rows.rows();
  for (uint32_t i = 0; i < rows.rows(); ++i) {
    double norm = 0;
    for (uint32_t k = rows.begin(i); k < rows.end(i); ++k) {
      double idf = std::log((1.0 + n) / (1.0 + document_frequency[rows.columns[k]])) + 1.0;
      rows.values[k] = static_cast<float>(rows.values[k] * idf);
      norm += static_cast<double>(rows.values[k]) * rows.values[k];
    }
    norm = std::sqrt(norm);
    for (uint32_t k = rows.begin(i); k < rows.end(i); ++k) rows.values[k] = static_cast<float>(rows.values[k] / norm);
  }
  // Term ids are in first-seen order and each item's terms come sorted by text, so
  // re-sort each row by id for the profile merge.
  for (uint32_t i = 0; i < rows.rows(); ++i) {
    std::vector<std::pair<uint32_t, float>> row;
    for (uint32_t k = rows.begin(i); k < rows.end(i); ++k) row.emplace_back(rows.columns[k], rows.values[k]);
    std::sort(row.begin(), row.end());
    for (uint32_t k = rows.begin(i); k < rows.end(i); ++k) {
      rows.columns[k] = row[k - rows.begin(i)].first;
      rows.values[k] = row[k - rows.begin(i)].second;
    }
  }
  return ContentModel(std::move(catalog), static_cast<uint32_t>(terms.size()), std::move(rows),
                      settings.history_half_life);
}

std::string ContentModel::save() const {
  model_io::Writer out(kMagic, kFormatVersion);
  catalog_.save(out);
  out.u32(term_count_);
  for (uint32_t i = 0; i < item_terms_.rows(); ++i) {
    out.u32(item_terms_.end(i) - item_terms_.begin(i));
    for (uint32_t k = item_terms_.begin(i); k < item_terms_.end(i); ++k) {
      out.u32(item_terms_.columns[k]);
      out.f32(item_terms_.values[k]);
    }
  }
  return out.take();
}

ContentModel ContentModel::load(std::string_view bytes, std::chrono::milliseconds history_half_life) {
  model_io::Reader in(bytes, kMagic, kFormatVersion, "content");
  catalog::Catalog catalog = catalog::Catalog::load(in);
  uint32_t term_count = in.u32();
  SparseRows rows;
  rows.offsets.reserve(catalog.size() + 1);
  for (uint32_t i = 0; i < catalog.size(); ++i) {
    uint32_t n = in.count(8);
    for (uint32_t k = 0; k < n; ++k) {
      rows.columns.push_back(in.index(term_count));
      rows.values.push_back(in.f32());
    }
    rows.offsets.push_back(static_cast<uint32_t>(rows.columns.size()));
  }
  in.finish();
  // Every term comes from some item: a larger count is garbage, and would be allocated.
  if (term_count > rows.columns.size()) throw switchboard::Unsupported("corrupt content model: too many terms");
  return ContentModel(std::move(catalog), term_count, std::move(rows), history_half_life);
}

std::vector<switchboard::Candidate> ContentModel::recommend(const switchboard::RecommendRequest& request) const {
  // The decay is relative to the newest event: a factor common to all events would not
  // change a cosine, so "now" need not be known.
  int64_t newest = std::numeric_limits<int64_t>::min();
  for (switchboard::UserEvent e : request.history) newest = std::max(newest, e.timestamp_ms);
  const double half_life = static_cast<double>(history_half_life_.count());

  std::vector<Weighted> profile;
  bool known = false;
  for (switchboard::UserEvent e : request.history) {
    auto item = catalog_.item(e.item_id);
    if (!item) continue;  // not in the catalog at training: no vector (see docs)
    known = true;
    double weight = e.weight;
    if (half_life > 0) weight *= std::exp2(-static_cast<double>(newest - e.timestamp_ms) / half_life);
    for (uint32_t k = item_terms_.begin(*item); k < item_terms_.end(*item); ++k)
      profile.push_back({item_terms_.columns[k], weight * item_terms_.values[k]});
  }
  if (!known)
    throw switchboard::Unsupported("content knows no item in the history of user '" + std::string(request.user_id) + "'");
  std::sort(profile.begin(), profile.end(), [](const Weighted& a, const Weighted& b) { return a.index < b.index; });
  std::vector<Weighted> merged;
  for (const Weighted& w : profile) {
    if (!merged.empty() && merged.back().index == w.index) merged.back().weight += w.weight;
    else merged.push_back(w);
  }
  catalog::Filter filter(catalog_, request);
  if (filter.matchesNothing()) return {};
  return rank(merged, filter, request.limit);
}

std::vector<switchboard::Candidate> ContentModel::similar(std::string_view item, uint32_t limit) const {
  auto index = catalog_.item(item);
  if (!index) throw switchboard::Unsupported("unknown item '" + std::string(item) + "'");
  std::vector<Weighted> profile;
  for (uint32_t k = item_terms_.begin(*index); k < item_terms_.end(*index); ++k)
    profile.push_back({item_terms_.columns[k], item_terms_.values[k]});
  return rank(profile, catalog::Filter(catalog_, *index), limit);
}

std::vector<switchboard::Candidate> ContentModel::rank(const std::vector<Weighted>& profile,
                                                       const catalog::Filter& filter, uint32_t limit) const {
  double norm = 0;
  for (const Weighted& p : profile) norm += p.weight * p.weight;
  norm = std::sqrt(norm);
  if (norm == 0) return {};

  std::vector<double> dot(catalog_.size(), 0.0);
  std::vector<uint8_t> seen(catalog_.size(), 0);
  std::vector<uint32_t> touched;
  for (const Weighted& p : profile)
    for (uint32_t k = term_items_.begin(p.index); k < term_items_.end(p.index); ++k) {
      const uint32_t item = term_items_.columns[k];
      if (!seen[item]) {
        seen[item] = 1;
        touched.push_back(item);
      }
      dot[item] += p.weight * term_items_.values[k];
    }
  std::vector<catalog::Scored> scored;
  scored.reserve(touched.size());
  for (uint32_t item : touched) {
    double cosine = dot[item] / norm;  // item vectors have unit length
    if (cosine > 0 && filter.allows(item)) scored.push_back({item, cosine});
  }
  return catalog::best(catalog_, scored, limit);
}

}  // namespace content
