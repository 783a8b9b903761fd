#include "itemknn_model.hpp"

#include <algorithm>
#include <cmath>

namespace itemknn {
namespace {

constexpr const char* kMagic = "SBKN";
constexpr uint32_t kFormatVersion = 1;

void saveRows(model_io::Writer& out, const SparseRows& rows) {
  for (uint32_t r = 0; r < rows.rows(); ++r) {
    out.u32(rows.end(r) - rows.begin(r));
    for (uint32_t k = rows.begin(r); k < rows.end(r); ++k) {
      out.u32(rows.columns[k]);
      out.f32(rows.values[k]);
    }
  }
}

SparseRows loadRows(model_io::Reader& in, uint32_t rows, uint32_t columns) {
  SparseRows m;
  m.offsets.reserve(rows + 1);
  for (uint32_t r = 0; r < rows; ++r) {
    uint32_t n = in.count(8);
    for (uint32_t k = 0; k < n; ++k) {
      m.columns.push_back(in.index(columns));
      m.values.push_back(in.f32());
    }
    m.offsets.push_back(static_cast<uint32_t>(m.columns.size()));
  }
  return m;
}

}  // namespace

ItemKnnModel::ItemKnnModel(catalog::Catalog catalog, SparseRows neighbours, std::vector<std::string> user_ids,
                           SparseRows user_items, bool normalize)
    : catalog_(std::move(catalog)), neighbours_(std::move(neighbours)), user_ids_(std::move(user_ids)),
      user_items_(std::move(user_items)), normalize_(normalize) {
  user_index_.reserve(user_ids_.size());
  for (uint32_t u = 0; u < user_ids_.size(); ++u) user_index_.emplace(user_ids_[u], u);  // a repeated id keeps its first row
}

ItemKnnModel ItemKnnModel::fit(const switchboard::Dataset& data, const Settings& settings) {
  catalog::Catalog catalog = catalog::Catalog::fromItems(data.items());
  SparseRows user_items = userItemMatrix(data);
  SparseRows neighbours = itemNeighbours(user_items, catalog.size(), settings);
  std::vector<std::string> user_ids;
  user_ids.reserve(data.users().size());
  for (std::string_view id : data.users()) user_ids.emplace_back(id);
  return ItemKnnModel(std::move(catalog), std::move(neighbours), std::move(user_ids), std::move(user_items),
                      settings.normalize);
}

std::string ItemKnnModel::save() const {
  model_io::Writer out(kMagic, kFormatVersion);
  catalog_.save(out);
  saveRows(out, neighbours_);
  out.u32(static_cast<uint32_t>(user_ids_.size()));
  for (const std::string& id : user_ids_) out.str(id);
  saveRows(out, user_items_);
  return out.take();
}

ItemKnnModel ItemKnnModel::load(std::string_view bytes, bool normalize) {
  model_io::Reader in(bytes, kMagic, kFormatVersion, "itemknn");
  catalog::Catalog catalog = catalog::Catalog::load(in);
  SparseRows neighbours = loadRows(in, catalog.size(), catalog.size());
  uint32_t users = in.count(8);
  std::vector<std::string> user_ids;
  user_ids.reserve(users);
  for (uint32_t u = 0; u < users; ++u) user_ids.push_back(in.str());
  SparseRows user_items = loadRows(in, users, catalog.size());
  in.finish();
  return ItemKnnModel(std::move(catalog), std::move(neighbours), std::move(user_ids), std::move(user_items), normalize);
}

std::vector<ItemKnnModel::Weighted> ItemKnnModel::profileOf(const switchboard::RecommendRequest& request) const {
  std::vector<Weighted> profile;
  for (switchboard::UserEvent e : request.history)
    if (auto item = catalog_.item(e.item_id)) profile.push_back({*item, e.weight});
  if (profile.empty()) {
    if (auto user = catalog::find(user_index_, request.user_id))
      for (uint32_t k = user_items_.begin(*user); k < user_items_.end(*user); ++k)
        profile.push_back({user_items_.columns[k], user_items_.values[k]});
  }
  // Repeated events of one item add up.
  std::sort(profile.begin(), profile.end(), [](const Weighted& a, const Weighted& b) { return a.item < b.item; });
  std::vector<Weighted> merged;
  for (const Weighted& w : profile) {
    if (!merged.empty() && merged.back().item == w.item) merged.back().weight += w.weight;
    else merged.push_back(w);
  }
  return merged;
}

std::vector<switchboard::Candidate> ItemKnnModel::recommend(const switchboard::RecommendRequest& request) const {
  const std::vector<Weighted> profile = profileOf(request);
  if (profile.empty())
    throw switchboard::Unsupported("itemknn knows no item of user '" + std::string(request.user_id) + "'");
  catalog::Filter filter(catalog_, request);
  if (filter.matchesNothing()) return {};

  const uint32_t n = catalog_.size();
  std::vector<double> score(n, 0.0);
  std::vector<double> sim_sum(normalize_ ? n : 0, 0.0);
  std::vector<uint8_t> seen(n, 0);
  std::vector<uint32_t> touched;
  for (const Weighted& h : profile) {
    for (uint32_t k = neighbours_.begin(h.item); k < neighbours_.end(h.item); ++k) {
      const uint32_t j = neighbours_.columns[k];
      if (!seen[j]) {
        seen[j] = 1;
        touched.push_back(j);
      }
      score[j] += neighbours_.values[k] * h.weight;
      if (normalize_) sim_sum[j] += neighbours_.values[k];
    }
  }
  std::vector<catalog::Scored> scored;
  scored.reserve(touched.size());
  for (uint32_t j : touched) {
    double s = normalize_ ? score[j] / sim_sum[j] : score[j];
    if (s > 0 && filter.allows(j)) scored.push_back({j, s});
  }
  return catalog::best(catalog_, scored, request.limit);
}

std::vector<switchboard::Candidate> ItemKnnModel::similar(std::string_view item, uint32_t limit) const {
  auto index = catalog_.item(item);
  if (!index) throw switchboard::Unsupported("unknown item '" + std::string(item) + "'");
  std::vector<catalog::Scored> scored;
  for (uint32_t k = neighbours_.begin(*index); k < neighbours_.end(*index); ++k)
    scored.push_back({neighbours_.columns[k], neighbours_.values[k]});
  return catalog::best(catalog_, scored, limit);
}

}  // namespace itemknn
