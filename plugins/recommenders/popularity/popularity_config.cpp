#include "popularity_config.hpp"

namespace popularity {

Settings readSettings(const switchboard::Config& config) {
  Settings s;
  s.half_life = config.duration("half_life");
  if (s.half_life.count() < 0) throw switchboard::InvalidConfig("half_life must not be negative (0s = no decay)");
  s.per_category = config.boolean("per_category");
  return s;
}

}  // namespace popularity
