// ProviderRouter: for each channel, the provider instances in failover order, and one
// circuit breaker per provider instance (shared by every worker of this process).
#pragma once

#include "config/ConfigError.hpp"
#include "config/Settings.hpp"
#include "notify/delivery/CircuitBreaker.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sb::plugin { class PluginRegistry; }

namespace sb::notify {

class ProviderRouter {
 public:
  explicit ProviderRouter(const config::NotificationSettings& settings);

  // Problems (file:line:column) for routes naming instances that do not exist or are not
  // channel plugins.
  std::vector<config::ConfigProblem> validate(const plugin::PluginRegistry& registry) const;

  bool hasRoute(const std::string& channel) const;
  const std::vector<std::string>& providers(const std::string& channel) const;
  std::vector<std::string> channels() const;
  CircuitBreaker& breaker(const std::string& provider);
  // provider -> breaker state, for metrics and the API.
  std::map<std::string, std::string> breakerStates();

 private:
  std::map<std::string, std::vector<std::string>> routes_;
  std::vector<config::ChannelRouteSettings> declared_;
  int breaker_failures_;
  std::chrono::milliseconds breaker_cool_down_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<CircuitBreaker>> breakers_;
};

}  // namespace sb::notify
