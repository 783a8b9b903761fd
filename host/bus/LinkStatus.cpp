#include "bus/LinkStatus.hpp"

#include <spdlog/spdlog.h>

namespace sb::bus {

LinkStatus::LinkStatus(std::string name, std::string impact)
    : name_(std::move(name)), impact_(std::move(impact)) {
  state_.reason = "connecting";
  state_.since = std::chrono::steady_clock::now();
}

void LinkStatus::down(const std::string& reason) {
  std::lock_guard lock(mutex_);
  if (state_.ok) state_.since = std::chrono::steady_clock::now();
  state_.ok = false;
  state_.reason = reason;
  if (!inOutage_) {
    inOutage_ = true;
    spdlog::warn("{}: {} ({} until it reconnects); retrying in the background", name_, reason, impact_);
  }
}

void LinkStatus::up() {
  std::lock_guard lock(mutex_);
  if (inOutage_) {
    const auto lasted = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                                         state_.since);
    spdlog::info("{}: connected again after {} s", name_, lasted.count());
  } else if (!everConnected_) {
    spdlog::info("{}: connected", name_);
  }
  state_ = Snapshot{true, {}, {}};
  inOutage_ = false;
  everConnected_ = true;
}

LinkStatus::Snapshot LinkStatus::snapshot() const {
  std::lock_guard lock(mutex_);
  return state_;
}

}  // namespace sb::bus
