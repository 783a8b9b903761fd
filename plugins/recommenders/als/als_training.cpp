// Implicit ALS with the YtY trick: each row solve costs O(n_u f^2 + f^3) for n_u observed
// entries, never O(columns f^2). Rows are independent given the other side, so a half-
// iteration splits its rows across threads and the result does not depend on the split.
#include "als_training.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <random>
#include <thread>

namespace als {

SparseRows SparseRows::fromTriplets(uint32_t rows, uint32_t columns, std::vector<Triplet> triplets) {
  std::sort(triplets.begin(), triplets.end(), [](const Triplet& a, const Triplet& b) {
    return a.row != b.row ? a.row < b.row : a.column < b.column;
  });
  SparseRows m;
  m.rows = rows;
  m.columns = columns;
  m.start.assign(rows + 1, 0);
  // Sum repeated pairs in double, then keep the positive ones.
  std::size_t i = 0;
  while (i < triplets.size()) {
    const Triplet& first = triplets[i];
    double sum = 0;
    std::size_t j = i;
    for (; j < triplets.size() && triplets[j].row == first.row && triplets[j].column == first.column; ++j)
      sum += triplets[j].weight;
    if (sum > 0) {
      m.entries.push_back(Entry{first.column, static_cast<float>(sum)});
      ++m.start[first.row + 1];
    }
    i = j;
  }
  for (uint32_t r = 0; r < rows; ++r) m.start[r + 1] += m.start[r];
  return m;
}

SparseRows SparseRows::transposed() const {
  SparseRows t;
  t.rows = columns;
  t.columns = rows;
  t.start.assign(columns + 1, 0);
  for (const Entry& e : entries) ++t.start[e.column + 1];
  for (uint32_t c = 0; c < columns; ++c) t.start[c + 1] += t.start[c];
  t.entries.resize(entries.size());
  std::vector<uint32_t> next(t.start.begin(), t.start.end() - 1);
  for (uint32_t r = 0; r < rows; ++r)
    for (uint32_t k = start[r]; k < start[r + 1]; ++k) t.entries[next[entries[k].column]++] = Entry{r, entries[k].weight};
  return t;
}

namespace {

// Small dense kernels. Four independent accumulators break the add-latency chain (and let
// GCC's -O2 SLP vectoriser pair them), which matters more than anything else here.
template <class T>
double dot(const double* a, const T* b, uint32_t n) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  uint32_t k = 0;
  for (; k + 4 <= n; k += 4) {
    s0 += a[k] * static_cast<double>(b[k]);
    s1 += a[k + 1] * static_cast<double>(b[k + 1]);
    s2 += a[k + 2] * static_cast<double>(b[k + 2]);
    s3 += a[k + 3] * static_cast<double>(b[k + 3]);
  }
  for (; k < n; ++k) s0 += a[k] * static_cast<double>(b[k]);
  return (s0 + s1) + (s2 + s3);
}

// y += a x
template <class T>
void axpy(double* y, double a, const T* x, uint32_t n) {
  uint32_t k = 0;
  for (; k + 4 <= n; k += 4) {
    y[k] += a * static_cast<double>(x[k]);
    y[k + 1] += a * static_cast<double>(x[k + 1]);
    y[k + 2] += a * static_cast<double>(x[k + 2]);
    y[k + 3] += a * static_cast<double>(x[k + 3]);
  }
  for (; k < n; ++k) y[k] += a * static_cast<double>(x[k]);
}

// Solves one row's normal equations
//   (G + sum (c-1) y y^T + lambda n I) x = sum c y   over the row's n observed entries,
// with G = Y^T Y and c = 1 + alpha r. Holds the scratch so that a worker allocates once.
class RowSolver {
 public:
  explicit RowSolver(uint32_t dim)
      : dim_(dim), a_(static_cast<std::size_t>(dim) * dim), b_(dim), r_(dim), p_(dim), ap_(dim) {}

  // Exact: forms the matrix and factors it (Cholesky). O(n f^2 + f^3).
  template <class T, class Out>
  void solveExact(const FactorMatrix<T>& fixed, const double* gram, const Entry* observed, std::size_t count,
                  double alpha, double regularization, Out* x) {
    const uint32_t f = dim_;
    double* a = a_.data();
    double* b = b_.data();
    std::copy(gram, gram + static_cast<std::size_t>(f) * f, a);
    std::fill(b, b + f, 0.0);
    const double lambda = penalty(regularization, count);
    for (uint32_t j = 0; j < f; ++j) a[static_cast<std::size_t>(j) * f + j] += lambda;
    for (std::size_t n = 0; n < count; ++n) {
      const T* y = fixed.row(observed[n].column);
      const double c = 1.0 + alpha * observed[n].weight;
      for (uint32_t j = 0; j < f; ++j) {
        const double yj = static_cast<double>(y[j]);
        axpy(a + static_cast<std::size_t>(j) * f, (c - 1.0) * yj, y, j + 1);  // lower triangle
      }
      axpy(b, c, y, f);
    }
    choleskySolve();
    for (uint32_t j = 0; j < f; ++j) x[j] = static_cast<Out>(b[j]);
  }

  // Approximate: `steps` conjugate-gradient steps from the current x (Takacs et al. 2011),
  // never forming the matrix. O(steps (n f + f^2)).
  void solveConjugateGradient(const FactorMatrix<double>& fixed, const double* gram, const Entry* observed,
                              std::size_t count, double alpha, double regularization, uint32_t steps, double* x) {
    const uint32_t f = dim_;
    double* r = r_.data();
    double* p = p_.data();
    double* ap = ap_.data();
    const double lambda = penalty(regularization, count);
    // r = b - A x = sum (c - (c-1) y.x) y - (G + lambda I) x
    for (uint32_t j = 0; j < f; ++j) r[j] = -dot(gram + static_cast<std::size_t>(j) * f, x, f) - lambda * x[j];
    for (std::size_t n = 0; n < count; ++n) {
      const double* y = fixed.row(observed[n].column);
      const double c = 1.0 + alpha * observed[n].weight;
      axpy(r, c - (c - 1.0) * dot(y, x, f), y, f);
    }
    std::copy(r, r + f, p);
    double rs = dot(r, r, f);
    for (uint32_t step = 0; step < steps && rs > 1e-20; ++step) {
      // ap = A p
      for (uint32_t j = 0; j < f; ++j) ap[j] = dot(gram + static_cast<std::size_t>(j) * f, p, f) + lambda * p[j];
      for (std::size_t n = 0; n < count; ++n) {
        const double* y = fixed.row(observed[n].column);
        const double c = 1.0 + alpha * observed[n].weight;
        axpy(ap, (c - 1.0) * dot(y, p, f), y, f);
      }
      const double pap = dot(p, ap, f);
      if (!(pap > 0)) break;
      const double step_size = rs / pap;
      axpy(x, step_size, p, f);
      axpy(r, -step_size, ap, f);
      const double rs_next = dot(r, r, f);
      const double beta = rs_next / rs;
      for (uint32_t j = 0; j < f; ++j) p[j] = r[j] + beta * p[j];
      rs = rs_next;
    }
  }

 private:
  // Weighted-lambda: the penalty grows with the row's observed count (as in ALS-WR), so
  // heavy users and popular items are not under-regularised relative to light ones.
  static double penalty(double regularization, std::size_t count) {
    return regularization * static_cast<double>(std::max<std::size_t>(count, 1));
  }

  // In-place Cholesky of the lower triangle of a_, then b_ <- A^-1 b_.
  void choleskySolve() {
    const uint32_t f = dim_;
    double* a = a_.data();
    double* b = b_.data();
    for (uint32_t j = 0; j < f; ++j) {
      double* lj = a + static_cast<std::size_t>(j) * f;
      // A is positive definite in exact arithmetic (lambda > 0); guard against round-off.
      const double d = std::sqrt(std::max(lj[j] - dot(lj, lj, j), 1e-12));
      lj[j] = d;
      const double inv = 1.0 / d;
      for (uint32_t i = j + 1; i < f; ++i) {
        double* li = a + static_cast<std::size_t>(i) * f;
        li[j] = (li[j] - dot(li, lj, j)) * inv;
      }
    }
    for (uint32_t i = 0; i < f; ++i) {  // L z = b
      const double* li = a + static_cast<std::size_t>(i) * f;
      b[i] = (b[i] - dot(li, b, i)) / li[i];
    }
    for (uint32_t i = f; i-- > 0;) {  // L^T x = z
      double s = b[i];
      for (uint32_t k = i + 1; k < f; ++k) s -= a[static_cast<std::size_t>(k) * f + i] * b[k];
      b[i] = s / a[static_cast<std::size_t>(i) * f + i];
    }
  }

  uint32_t dim_;
  std::vector<double> a_, b_, r_, p_, ap_;
};

template <class T>
std::vector<double> gramOf(const FactorMatrix<T>& m) {
  const uint32_t f = m.dim;
  std::vector<double> g(static_cast<std::size_t>(f) * f, 0.0);
  for (uint32_t r = 0; r < m.rows; ++r) {
    const T* y = m.row(r);
    for (uint32_t j = 0; j < f; ++j) axpy(g.data() + static_cast<std::size_t>(j) * f, static_cast<double>(y[j]), y, j + 1);
  }
  for (uint32_t j = 0; j < f; ++j)
    for (uint32_t k = 0; k < j; ++k) g[static_cast<std::size_t>(k) * f + j] = g[static_cast<std::size_t>(j) * f + k];
  return g;
}

// Runs body(worker, row) for every row, rows handed out in small chunks to `threads` workers.
template <class Body>
void parallelRows(uint32_t rows, unsigned threads, Body&& body) {
  constexpr uint32_t kChunk = 16;
  std::atomic<uint32_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&](unsigned worker) {
    try {
      for (uint32_t begin; (begin = next.fetch_add(kChunk)) < rows;)
        for (uint32_t r = begin; r < std::min(rows, begin + kChunk); ++r) body(worker, r);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = rows;
    }
  };
  const unsigned n = std::max(1u, std::min<unsigned>(threads, (rows + kChunk - 1) / kChunk));
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < n; ++w) pool.emplace_back(work, w);
  work(0);
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

// One half-iteration: every row of `target` solved against `fixed`.
void solveSide(const SparseRows& observed, const FactorMatrix<double>& fixed, FactorMatrix<double>& target,
               const TrainingOptions& options) {
  const std::vector<double> gram = gramOf(fixed);
  std::vector<RowSolver> solvers(std::max(1u, options.threads), RowSolver(fixed.dim));
  parallelRows(target.rows, options.threads, [&](unsigned worker, uint32_t r) {
    double* x = target.row(r);
    if (observed.count(r) == 0) {
      std::fill(x, x + target.dim, 0.0);  // nothing observed: no signal, no factors
      return;
    }
    const Entry* entries = observed.entries.data() + observed.start[r];
    if (options.cg_steps == 0)
      solvers[worker].solveExact(fixed, gram.data(), entries, observed.count(r), options.alpha,
                                 options.regularization, x);
    else
      solvers[worker].solveConjugateGradient(fixed, gram.data(), entries, observed.count(r), options.alpha,
                                             options.regularization, options.cg_steps, x);
  });
}

FactorMatrix<float> toFloat(const FactorMatrix<double>& m) {
  FactorMatrix<float> out(m.rows, m.dim);
  std::transform(m.values.begin(), m.values.end(), out.values.begin(), [](double v) { return static_cast<float>(v); });
  return out;
}

}  // namespace

TrainedFactors train(const SparseRows& byUser, const TrainingOptions& options,
                     const std::function<void()>& checkpoint) {
  const SparseRows byItem = byUser.transposed();
  FactorMatrix<double> users(byUser.rows, options.factors);
  FactorMatrix<double> items(byUser.columns, options.factors);
  // Small positive random item factors (as the `implicit` library does); users are solved first.
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> uniform(0.0, 0.01);
  for (double& v : items.values) v = uniform(rng);
  for (uint32_t it = 0; it < options.iterations; ++it) {
    solveSide(byUser, items, users, options);
    if (checkpoint) checkpoint();
    solveSide(byItem, users, items, options);
    if (checkpoint) checkpoint();
  }
  return TrainedFactors{toFloat(users), toFloat(items)};
}

std::vector<double> gramian(const FactorMatrix<float>& fixed) { return gramOf(fixed); }

std::vector<float> solveRow(const FactorMatrix<float>& fixed, const std::vector<double>& gram,
                            const std::vector<Entry>& observed, double alpha, double regularization) {
  std::vector<float> x(fixed.dim, 0.0f);
  if (observed.empty()) return x;
  RowSolver solver(fixed.dim);
  solver.solveExact(fixed, gram.data(), observed.data(), observed.size(), alpha, regularization, x.data());
  return x;
}

}  // namespace als
