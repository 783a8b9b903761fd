// Implicit-feedback alternating least squares (Hu, Koren, Volinsky 2008): the solver,
// free of the plugin SDK so that it can be reasoned about (and benchmarked) on its own.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace als {

struct TrainingOptions {
  uint32_t factors = 64;
  uint32_t iterations = 15;
  double regularization = 0.01;  // lambda, multiplied by each row's observed-pair count
  double alpha = 40.0;           // confidence c = 1 + alpha * r
  uint64_t seed = 42;
  uint32_t cg_steps = 3;          // conjugate-gradient steps per row solve; 0 = exact (Cholesky)
  unsigned threads = 1;          // workers per half-iteration; results do not depend on it
};

// One observed (row, column) pair with its summed weight r.
struct Entry {
  uint32_t column;
  float weight;
};

// A sparse matrix in compressed rows: the entries of row r are entries[start[r], start[r+1]).
struct SparseRows {
  uint32_t rows = 0;
  uint32_t columns = 0;
  std::vector<uint32_t> start;  // rows + 1 offsets
  std::vector<Entry> entries;

  // Built from unordered (row, column, weight) triplets: weights of a repeated pair are summed
  // and pairs whose sum is not positive are dropped.
  struct Triplet {
    uint32_t row;
    uint32_t column;
    float weight;
  };
  static SparseRows fromTriplets(uint32_t rows, uint32_t columns, std::vector<Triplet> triplets);
  SparseRows transposed() const;
  uint32_t count(uint32_t row) const { return start[row + 1] - start[row]; }
};

// A dense row-major matrix of factor vectors.
template <class T>
struct FactorMatrix {
  uint32_t rows = 0;
  uint32_t dim = 0;
  std::vector<T> values;

  FactorMatrix() = default;
  FactorMatrix(uint32_t r, uint32_t d) : rows(r), dim(d), values(static_cast<std::size_t>(r) * d) {}
  T* row(uint32_t r) { return values.data() + static_cast<std::size_t>(r) * dim; }
  const T* row(uint32_t r) const { return values.data() + static_cast<std::size_t>(r) * dim; }
};

struct TrainedFactors {
  FactorMatrix<float> users;
  FactorMatrix<float> items;
};

// Alternates user and item solves `options.iterations` times. `checkpoint` runs on the
// calling thread between half-iterations; it may throw to abandon the fit (deadline).
TrainedFactors train(const SparseRows& byUser, const TrainingOptions& options,
                     const std::function<void()>& checkpoint = {});

// Y^T Y of `fixed` (dim x dim, row-major, both triangles), in double.
std::vector<double> gramian(const FactorMatrix<float>& fixed);

// The least-squares factors of one row against fixed factors (fold-in):
// (YtY + Yt (C - I) Y + lambda n I) x = Yt C p over the row's observed entries.
std::vector<float> solveRow(const FactorMatrix<float>& fixed, const std::vector<double>& gram,
                            const std::vector<Entry>& observed, double alpha, double regularization);

}  // namespace als
