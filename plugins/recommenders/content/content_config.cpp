#include "content_config.hpp"

#include <cmath>
#include <string>

namespace content {
namespace {

double boost(const switchboard::Config& config, const char* key) {
  double v = config.number(key);
  if (!std::isfinite(v) || v < 0) throw switchboard::InvalidConfig(std::string(key) + " must be a number >= 0");
  return v;
}

}  // namespace

Settings readSettings(const switchboard::Config& config) {
  Settings s;
  s.title_weight = boost(config, "title_weight");
  s.tag_weight = boost(config, "tag_weight");
  s.category_weight = boost(config, "category_weight");
  if (s.title_weight == 0 && s.tag_weight == 0 && s.category_weight == 0)
    throw switchboard::InvalidConfig("title_weight, tag_weight and category_weight cannot all be 0");
  s.history_half_life = config.duration("history_half_life");
  if (s.history_half_life.count() < 0)
    throw switchboard::InvalidConfig("history_half_life must not be negative (0s = no decay)");
  return s;
}

}  // namespace content
