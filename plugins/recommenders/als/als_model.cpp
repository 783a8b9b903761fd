// The ALS model: ranking by dot product (or cosine for similar items) with a bounded heap,
// and the little-endian binary format (layout in docs/plugins/als.md).
#include "als_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace als {

namespace {

constexpr char kMagic[8] = {'S', 'B', 'A', 'L', 'S', 'M', 'D', 'L'};
constexpr uint32_t kFormatVersion = 1;
constexpr uint32_t kMaxDim = 4096;

float dot(const float* a, const float* b, uint32_t n) {
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  uint32_t k = 0;
  for (; k + 4 <= n; k += 4) {
    s0 += a[k] * b[k];
    s1 += a[k + 1] * b[k + 1];
    s2 += a[k + 2] * b[k + 2];
    s3 += a[k + 3] * b[k + 3];
  }
  for (; k < n; ++k) s0 += a[k] * b[k];
  return (s0 + s1) + (s2 + s3);
}

// Keeps the `limit` best of what it is offered; ties go to the lower item index so that
// results are deterministic.
class TopK {
 public:
  explicit TopK(uint32_t limit) : limit_(limit) { heap_.reserve(limit); }
  void offer(uint32_t item, float score) {
    if (limit_ == 0) return;
    Scored s{item, score};
    if (heap_.size() < limit_) {
      heap_.push_back(s);
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else if (better(s, heap_.front())) {  // front = the worst kept
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = s;
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
  }
  std::vector<Scored> best() && {
    std::sort_heap(heap_.begin(), heap_.end(), better);
    return std::move(heap_);
  }

 private:
  static bool better(const Scored& a, const Scored& b) {
    return a.score > b.score || (a.score == b.score && a.item < b.item);
  }
  uint32_t limit_;
  std::vector<Scored> heap_;
};

// ---- the binary format

// FNV-1a, 64 bits: catches a model damaged in storage (not an adversary).
uint64_t checksum(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

class Writer {
 public:
  void bytes(const void* data, std::size_t size) { out_.append(static_cast<const char*>(data), size); }
  void u32(uint32_t v) {
    for (int shift = 0; shift < 32; shift += 8) out_.push_back(static_cast<char>((v >> shift) & 0xFF));
  }
  void u64(uint64_t v) {
    u32(static_cast<uint32_t>(v));
    u32(static_cast<uint32_t>(v >> 32));
  }
  void f32(float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    u32(bits);
  }
  void f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    u64(bits);
  }
  void str(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    bytes(s.data(), s.size());
  }
  std::string take() && { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::string_view bytes(std::size_t size) {
    if (size > in_.size() - pos_) throw FormatError("als model is truncated");
    std::string_view out = in_.substr(pos_, size);
    pos_ += size;
    return out;
  }
  uint32_t u32() {
    std::string_view b = bytes(4);
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[static_cast<std::size_t>(i)]);
    return v;
  }
  uint64_t u64() {
    const uint64_t low = u32();
    return low | (static_cast<uint64_t>(u32()) << 32);
  }
  float f32() {
    const uint32_t bits = u32();
    float v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  double f64() {
    const uint64_t bits = u64();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  // A count of things each taking at least `min_bytes`: refuses counts the rest cannot hold,
  // so that garbage never makes us allocate gigabytes.
  uint32_t count(uint64_t min_bytes) {
    const uint32_t n = u32();
    if (static_cast<uint64_t>(n) * min_bytes > remaining()) throw FormatError("als model is truncated");
    return n;
  }
  std::vector<std::string> strings() {
    std::vector<std::string> out(count(4));
    for (std::string& s : out) s = std::string(bytes(u32()));
    return out;
  }
  FactorMatrix<float> factors(uint32_t rows, uint32_t dim) {
    if (static_cast<uint64_t>(rows) * dim * 4 > remaining()) throw FormatError("als model is truncated");
    FactorMatrix<float> m(rows, dim);
    for (float& v : m.values) v = f32();
    return m;
  }
  uint64_t remaining() const { return in_.size() - pos_; }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace

Model::Model(Parts parts) : parts_(std::move(parts)) {
  const uint32_t dim = parts_.items.dim;
  if (dim == 0 || dim > kMaxDim || parts_.users.dim != dim) throw FormatError("als model has invalid dimensions");
  if (parts_.users.rows != parts_.user_ids.size() || parts_.items.rows != parts_.item_ids.size() ||
      parts_.item_category.size() != parts_.item_ids.size())
    throw FormatError("als model's ids and factors do not match");
  if (!(std::isfinite(parts_.alpha) && parts_.alpha >= 0) ||
      !(std::isfinite(parts_.regularization) && parts_.regularization > 0))
    throw FormatError("als model has invalid hyperparameters");
  auto finite = [](const FactorMatrix<float>& m) {
    return std::all_of(m.values.begin(), m.values.end(), [](float v) { return std::isfinite(v); });
  };
  if (!finite(parts_.users) || !finite(parts_.items)) throw FormatError("als model has non-finite factors");
  auto build = [](const std::vector<std::string>& ids, Index& index, const char* what) {
    index.reserve(ids.size());
    for (uint32_t i = 0; i < ids.size(); ++i)
      if (!index.emplace(ids[i], i).second) throw FormatError(std::string("als model repeats a ") + what + " id");
  };
  build(parts_.user_ids, user_index_, "user");
  build(parts_.item_ids, item_index_, "item");
  build(parts_.categories, category_index_, "category");
  for (uint32_t c : parts_.item_category)
    if (c >= parts_.categories.size()) throw FormatError("als model has an item with an unknown category");
  item_norms_.resize(parts_.items.rows);
  for (uint32_t i = 0; i < parts_.items.rows; ++i)
    item_norms_[i] = std::sqrt(dot(parts_.items.row(i), parts_.items.row(i), dim));
  gram_ = gramian(parts_.items);
}

std::vector<float> Model::foldIn(const std::vector<Entry>& events) const {
  return solveRow(parts_.items, gram_, events, parts_.alpha, parts_.regularization);
}

std::vector<Scored> Model::recommend(const float* user, uint32_t limit, const std::vector<char>& blocked,
                                     std::optional<uint32_t> category) const {
  TopK top(limit);
  const uint32_t dim = this->dim();
  for (uint32_t i = 0; i < parts_.items.rows; ++i) {
    if (!blocked.empty() && blocked[i]) continue;
    if (category && parts_.item_category[i] != *category) continue;
    top.offer(i, dot(user, parts_.items.row(i), dim));
  }
  return std::move(top).best();
}

std::vector<Scored> Model::similar(uint32_t item, uint32_t limit) const {
  TopK top(limit);
  const float norm = item_norms_[item];
  if (norm == 0) return {};  // no signal for this item
  const float* y = parts_.items.row(item);
  for (uint32_t i = 0; i < parts_.items.rows; ++i) {
    if (i == item || item_norms_[i] == 0) continue;
    top.offer(i, dot(y, parts_.items.row(i), dim()) / (norm * item_norms_[i]));
  }
  return std::move(top).best();
}

std::string Model::serialize() const {
  Writer w;
  w.bytes(kMagic, sizeof kMagic);
  w.u32(kFormatVersion);
  w.u32(dim());
  w.f64(parts_.alpha);
  w.f64(parts_.regularization);
  for (const auto* ids : {&parts_.user_ids, &parts_.item_ids, &parts_.categories}) {
    w.u32(static_cast<uint32_t>(ids->size()));
    for (const std::string& id : *ids) w.str(id);
  }
  for (uint32_t c : parts_.item_category) w.u32(c);
  for (float v : parts_.users.values) w.f32(v);
  for (float v : parts_.items.values) w.f32(v);
  std::string bytes = std::move(w).take();
  Writer sum;
  sum.u64(checksum(bytes));
  return bytes + std::move(sum).take();
}

Model Model::deserialize(std::string_view bytes) {
  if (bytes.size() < sizeof kMagic + 4 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    throw FormatError("not an als model");
  Reader header(bytes);
  header.bytes(sizeof kMagic);
  const uint32_t version = header.u32();
  if (version != kFormatVersion)
    throw FormatError("als model format " + std::to_string(version) + " is not readable by this plugin (reads " +
                      std::to_string(kFormatVersion) + ")");
  if (bytes.size() < sizeof kMagic + 4 + 8) throw FormatError("als model is truncated");
  const std::string_view body = bytes.substr(0, bytes.size() - 8);
  if (Reader(bytes.substr(body.size())).u64() != checksum(body))
    throw FormatError("als model is damaged (checksum mismatch)");
  Reader r(body);
  r.bytes(sizeof kMagic + 4);
  Parts p;
  const uint32_t dim = r.u32();
  if (dim == 0 || dim > kMaxDim) throw FormatError("als model has invalid dimensions");
  p.alpha = r.f64();
  p.regularization = r.f64();
  p.user_ids = r.strings();
  p.item_ids = r.strings();
  p.categories = r.strings();
  p.item_category.resize(p.item_ids.size());
  if (static_cast<uint64_t>(p.item_ids.size()) * 4 > r.remaining()) throw FormatError("als model is truncated");
  for (uint32_t& c : p.item_category) c = r.u32();
  p.users = r.factors(static_cast<uint32_t>(p.user_ids.size()), dim);
  p.items = r.factors(static_cast<uint32_t>(p.item_ids.size()), dim);
  if (r.remaining() != 0) throw FormatError("als model has trailing bytes");
  return Model(std::move(p));
}

}  // namespace als
