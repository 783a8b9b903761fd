#include "itemknn_config.hpp"

#include <cmath>
#include <string>

namespace itemknn {
namespace {

double finiteAtLeastZero(const switchboard::Config& config, const char* key) {
  double v = config.number(key);
  if (!std::isfinite(v) || v < 0) throw switchboard::InvalidConfig(std::string(key) + " must be a number >= 0");
  return v;
}

}  // namespace

Settings readSettings(const switchboard::Config& config) {
  Settings s;
  std::string weighting = config.string("weighting");
  if (weighting == "none") s.weighting = Weighting::None;
  else if (weighting == "bm25") s.weighting = Weighting::Bm25;
  else throw switchboard::InvalidConfig("weighting must be none or bm25, got \"" + weighting + "\"");

  s.bm25_k1 = finiteAtLeastZero(config, "bm25_k1");
  s.bm25_b = finiteAtLeastZero(config, "bm25_b");
  if (s.bm25_b > 1) throw switchboard::InvalidConfig("bm25_b must be between 0 and 1");
  s.shrink = finiteAtLeastZero(config, "shrink");

  int64_t neighbours = config.integer("neighbours");
  if (neighbours < 1 || neighbours > 10000) throw switchboard::InvalidConfig("neighbours must be between 1 and 10000");
  s.neighbours = static_cast<uint32_t>(neighbours);

  s.normalize = config.boolean("normalize");

  int64_t threads = config.integer("threads");
  if (threads < 0 || threads > 256) throw switchboard::InvalidConfig("threads must be between 0 (every core) and 256");
  s.threads = static_cast<unsigned>(threads);
  return s;
}

}  // namespace itemknn
