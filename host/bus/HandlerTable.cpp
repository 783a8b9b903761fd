#include "bus/HandlerTable.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <stdexcept>

namespace sb::bus {

void HandlerTable::add(const std::string& channel, Bus::Handler handler) {
  if (!handler) throw std::invalid_argument("bus: empty handler for channel '" + channel + "'");
  std::lock_guard lock(mutex_);
  std::shared_ptr<const Handlers>& slot = byChannel_[channel];
  auto next = slot ? std::make_shared<Handlers>(*slot) : std::make_shared<Handlers>();
  next->push_back(std::move(handler));
  slot = std::move(next);
}

std::size_t HandlerTable::deliver(const std::string& channel, const std::string& payload) const {
  std::shared_ptr<const Handlers> handlers;
  {
    std::lock_guard lock(mutex_);
    const auto found = byChannel_.find(channel);
    if (found == byChannel_.end()) return 0;
    handlers = found->second;
  }
  for (const Bus::Handler& handler : *handlers) {
    // One faulty consumer must not starve the others, nor unwind into a publisher's request
    // thread or kill the bus thread.
    try {
      handler(payload);
    } catch (const std::exception& e) {
      spdlog::error("bus: a handler for channel '{}' threw: {}", channel, e.what());
    } catch (...) {
      spdlog::error("bus: a handler for channel '{}' threw a non-standard exception", channel);
    }
  }
  return handlers->size();
}

std::vector<std::string> HandlerTable::channels() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  names.reserve(byChannel_.size());
  for (const auto& [name, handlers] : byChannel_) names.push_back(name);
  return names;
}

}  // namespace sb::bus
