#include "notify/delivery/ProviderRouter.hpp"

#include "plugin/PluginRegistry.hpp"

namespace sb::notify {

ProviderRouter::ProviderRouter(const config::NotificationSettings& settings)
    : declared_(settings.routes),
      breaker_failures_(settings.breaker_failures),
      breaker_cool_down_(settings.breaker_cool_down) {
  for (const auto& r : settings.routes) routes_[r.channel] = r.providers;
}

std::vector<config::ConfigProblem> ProviderRouter::validate(const plugin::PluginRegistry& registry) const {
  std::vector<config::ConfigProblem> problems;
  std::shared_lock lock(routes_mutex_);
  for (size_t i = 0; i < declared_.size(); ++i) {
    const auto& route = declared_[i];
    for (size_t j = 0; j < route.providers.size(); ++j) {
      const auto& name = route.providers[j];
      std::string key = "notifications.routes[" + std::to_string(i) + "].providers[" + std::to_string(j) + "]";
      auto instance = registry.instance(name);
      if (!instance) {
        problems.push_back({route.mark.file, route.mark.line, route.mark.column, key,
                            "no plugin instance named '" + name + "' (see plugins.instances)"});
      } else if (!instance->plugin().channel()) {
        problems.push_back({route.mark.file, route.mark.line, route.mark.column, key,
                            "instance '" + name + "' is a " + instance->plugin().kind() + " plugin, not a channel"});
      }
    }
  }
  return problems;
}

bool ProviderRouter::hasRoute(const std::string& channel) const {
  std::shared_lock lock(routes_mutex_);
  auto it = routes_.find(channel);
  return it != routes_.end() && !it->second.empty();
}

std::vector<std::string> ProviderRouter::providers(const std::string& channel) const {
  std::shared_lock lock(routes_mutex_);
  auto it = routes_.find(channel);
  return it == routes_.end() ? std::vector<std::string>{} : it->second;
}

void ProviderRouter::replaceRoutes(const std::vector<config::ChannelRouteSettings>& routes) {
  std::map<std::string, std::vector<std::string>> next;
  for (const auto& r : routes) next[r.channel] = r.providers;
  std::unique_lock lock(routes_mutex_);
  routes_ = std::move(next);
  declared_ = routes;
}

std::vector<std::string> ProviderRouter::channels() const {
  std::shared_lock lock(routes_mutex_);
  std::vector<std::string> out;
  for (const auto& [channel, providers] : routes_)
    if (!providers.empty()) out.push_back(channel);
  return out;
}

CircuitBreaker& ProviderRouter::breaker(const std::string& provider) {
  std::lock_guard lock(mutex_);
  auto& slot = breakers_[provider];
  if (!slot) slot = std::make_unique<CircuitBreaker>(breaker_failures_, breaker_cool_down_);
  return *slot;
}

std::map<std::string, std::string> ProviderRouter::breakerStates() {
  std::lock_guard lock(mutex_);
  std::map<std::string, std::string> out;
  for (const auto& [name, b] : breakers_) out[name] = breakerStateName(b->state());
  return out;
}

}  // namespace sb::notify
