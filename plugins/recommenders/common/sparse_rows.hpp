// SparseRows: compressed sparse rows (row r holds columns[offsets[r] .. offsets[r+1]) with
// their values) and its transpose. Header-only, shared by itemknn and content.
#pragma once

#include <cstdint>
#include <vector>

namespace sparse {

struct SparseRows {
  std::vector<uint32_t> offsets{0};
  std::vector<uint32_t> columns;
  std::vector<float> values;

  uint32_t rows() const noexcept { return static_cast<uint32_t>(offsets.size() - 1); }
  uint32_t begin(uint32_t row) const { return offsets[row]; }
  uint32_t end(uint32_t row) const { return offsets[row + 1]; }
};

// The transpose of `m` (with `columns` columns), carrying `values` (one per entry of m, in
// m's order) in place of m.values.
inline SparseRows transpose(const SparseRows& m, const std::vector<float>& values, uint32_t columns) {
  SparseRows t;
  t.offsets.assign(columns + 1, 0);
  for (uint32_t c : m.columns) ++t.offsets[c + 1];
  for (uint32_t c = 0; c < columns; ++c) t.offsets[c + 1] += t.offsets[c];
  t.columns.resize(m.columns.size());
  t.values.resize(m.columns.size());
  std::vector<uint32_t> fill(t.offsets.begin(), t.offsets.end() - 1);
  for (uint32_t r = 0; r < m.rows(); ++r)
    for (uint32_t k = m.begin(r); k < m.end(r); ++k) {
      uint32_t at = fill[m.columns[k]]++;
      t.columns[at] = r;
      t.values[at] = values[k];
    }
  return t;
}

inline SparseRows transpose(const SparseRows& m, uint32_t columns) { return transpose(m, m.values, columns); }

}  // namespace sparse
