#include "itemknn_training.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

namespace itemknn {
namespace {

struct Entry {
  uint32_t user;
  uint32_t item;
  float weight;
};

struct Neighbour {
  uint32_t item;
  float sim;
};

// BM25 over the item columns, as implicit's bm25_weight on the item x user matrix: each
// item is a document whose terms are its users; heavy users weigh less (idf), and an
// item's entries are damped by its total weight against the average (length norm).
std::vector<float> bm25Weights(const SparseRows& m, uint32_t item_count, double k1, double b) {
  std::vector<double> length(item_count, 0.0);
  for (std::size_t k = 0; k < m.columns.size(); ++k) length[m.columns[k]] += m.values[k];
  double items_with_entries = 0, total = 0;
  for (double l : length) {
    if (l <= 0) continue;
    ++items_with_entries;
    total += l;
  }
  const double average = items_with_entries > 0 ? total / items_with_entries : 1.0;

  std::vector<float> out(m.values.size());
  for (uint32_t u = 0; u < m.rows(); ++u) {
    double df = m.end(u) - m.begin(u);
    // Lucene's idf: positive even for a user who consumed every item.
    double idf = std::log(1.0 + (items_with_entries - df + 0.5) / (df + 0.5));
    for (uint32_t k = m.begin(u); k < m.end(u); ++k) {
      double x = m.values[k];
      double norm = 1.0 - b + b * length[m.columns[k]] / average;
      out[k] = static_cast<float>(x * (k1 + 1.0) / (x + k1 * norm) * idf);
    }
  }
  return out;
}

// Computes the neighbours of a range of items at a time; one per thread.
class NeighbourFinder {
 public:
  NeighbourFinder(const SparseRows& users, const std::vector<float>& user_values, const SparseRows& items,
                  const std::vector<double>& norms, const Settings& settings)
      : users_(users), user_values_(user_values), items_(items), norms_(norms), settings_(settings),
        dot_(items.rows(), 0.0), seen_(items.rows(), 0) {}

  std::vector<Neighbour> of(uint32_t i) {
    touched_.clear();
    for (uint32_t k = items_.begin(i); k < items_.end(i); ++k) {
      const uint32_t u = items_.columns[k];
      const double w_ui = items_.values[k];
      for (uint32_t l = users_.begin(u); l < users_.end(u); ++l) {
        const uint32_t j = users_.columns[l];
        if (j == i) continue;
        if (!seen_[j]) {
          seen_[j] = 1;
          touched_.push_back(j);
        }
        dot_[j] += w_ui * user_values_[l];
      }
    }
    std::vector<Neighbour> out;
    out.reserve(touched_.size());
    for (uint32_t j : touched_) {
      double sim = dot_[j] / (norms_[i] * norms_[j] + settings_.shrink);
      if (sim > 0) out.push_back({j, static_cast<float>(sim)});
      dot_[j] = 0;
      seen_[j] = 0;
    }
    auto closer = [](const Neighbour& a, const Neighbour& b) { return a.sim > b.sim || (a.sim == b.sim && a.item < b.item); };
    if (out.size() > settings_.neighbours) {
      std::nth_element(out.begin(), out.begin() + settings_.neighbours, out.end(), closer);
      out.resize(settings_.neighbours);
    }
    std::sort(out.begin(), out.end(), closer);
    return out;
  }

 private:
  const SparseRows& users_;
  const std::vector<float>& user_values_;
  const SparseRows& items_;
  const std::vector<double>& norms_;
  const Settings& settings_;
  std::vector<double> dot_;     // per item, zero between calls
  std::vector<uint8_t> seen_;   // per item, zero between calls
  std::vector<uint32_t> touched_;
};

// Below this many multiply-adds one thread finishes in a few milliseconds.
constexpr double kParallelWork = 2e6;

unsigned threadsFor(const SparseRows& user_items, uint32_t item_count, const Settings& settings) {
  double work = 0;
  for (uint32_t u = 0; u < user_items.rows(); ++u) {
    double n = user_items.end(u) - user_items.begin(u);
    work += n * n;
  }
  if (work < kParallelWork) return 1;
  unsigned threads = settings.threads != 0 ? settings.threads : std::max(1u, std::thread::hardware_concurrency());
  return std::max(1u, std::min(threads, item_count / 64 + 1));
}

}  // namespace

SparseRows userItemMatrix(const switchboard::Dataset& data) {
  const auto user_count = static_cast<uint32_t>(data.users().size());
  const auto item_count = static_cast<uint32_t>(data.items().size());
  const switchboard::Interactions interactions = data.interactions();
  std::vector<Entry> entries;
  entries.reserve(interactions.size());
  for (std::size_t k = 0; k < interactions.size(); ++k) {
    switchboard::Interaction x = interactions[k];
    if (x.user >= user_count || x.item >= item_count)
      throw std::out_of_range("interaction " + std::to_string(k) + " names user " + std::to_string(x.user) +
                              ", item " + std::to_string(x.item) + " of a dataset with " + std::to_string(user_count) +
                              " users, " + std::to_string(item_count) + " items");
    entries.push_back({x.user, x.item, x.weight});
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.user < b.user || (a.user == b.user && a.item < b.item); });

  SparseRows m;
  m.offsets.assign(user_count + 1, 0);
  for (std::size_t k = 0; k < entries.size();) {
    const Entry& first = entries[k];
    double sum = 0;
    for (; k < entries.size() && entries[k].user == first.user && entries[k].item == first.item; ++k)
      sum += entries[k].weight;
    if (sum <= 0) continue;
    m.columns.push_back(first.item);
    m.values.push_back(static_cast<float>(sum));
    ++m.offsets[first.user + 1];
  }
  for (uint32_t u = 0; u < user_count; ++u) m.offsets[u + 1] += m.offsets[u];
  return m;
}

SparseRows itemNeighbours(const SparseRows& user_items, uint32_t item_count, const Settings& settings) {
  const std::vector<float> weighted = settings.weighting == Weighting::Bm25
                                          ? bm25Weights(user_items, item_count, settings.bm25_k1, settings.bm25_b)
                                          : user_items.values;
  const SparseRows item_users = sparse::transpose(user_items, weighted, item_count);
  std::vector<double> norms(item_count, 0.0);
  for (uint32_t i = 0; i < item_count; ++i)
    for (uint32_t k = item_users.begin(i); k < item_users.end(i); ++k)
      norms[i] += static_cast<double>(item_users.values[k]) * item_users.values[k];
  for (double& n : norms) n = std::sqrt(n);

  // Items are handed out in blocks from a shared counter: popular items cost far more than
  // the rest, so static ranges would leave a thread idle.
  std::vector<std::vector<Neighbour>> lists(item_count);
  std::atomic<uint32_t> next{0};
  constexpr uint32_t kBlock = 32;
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    try {
      NeighbourFinder finder(user_items, weighted, item_users, norms, settings);
      for (uint32_t start; (start = next.fetch_add(kBlock)) < item_count;)
        for (uint32_t i = start; i < std::min(item_count, start + kBlock); ++i) lists[i] = finder.of(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = item_count;  // the others stop at their next block
    }
  };
  const unsigned threads = threadsFor(user_items, item_count, settings);
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running share the work, same result
    }
  }
  work();
  for (std::thread& t : helpers) t.join();
  if (failure) std::rethrow_exception(failure);

  SparseRows out;
  out.offsets.reserve(item_count + 1);
  for (const auto& list : lists) {
    for (const Neighbour& n : list) {
      out.columns.push_back(n.item);
      out.values.push_back(n.sim);
    }
    out.offsets.push_back(static_cast<uint32_t>(out.columns.size()));
  }
  return out;
}

}  // namespace itemknn
