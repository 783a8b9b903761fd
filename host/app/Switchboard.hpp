// Switchboard: the running server — every subsystem built once from Settings, in
// dependency order, and torn down in reverse.
#pragma once

#include "config/ReloadResult.hpp"
#include "config/Settings.hpp"

#include <memory>
#include <string>
#include <vector>

namespace sb::app {

class Switchboard {
 public:
  // Opens the store (migrating), bootstraps the admin key, loads plugins and binds the
  // port. Throws std::runtime_error (or config::ConfigError for plugin config problems)
  // before anything listens.
  explicit Switchboard(config::Settings settings);
  ~Switchboard();

  void start();
  // Graceful: stop accepting, finish in-flight requests (bounded by server.shutdown_grace).
  void stop();
  int port() const;
  // Re-reads the config file and the plugin folders (SIGHUP); see Reloader.
  config::ReloadResult reload();
  // Set when this start created the bootstrap admin key (printed once by the caller).
  const std::string& newAdminKey() const;

  // A route the router serves: method, pattern ("/api/v1/users/{user_id}") and the access
  // it needs ("public", "any", "key", "admin"). The WebSocket endpoint (http::kWebSocketPath)
  // is not a route: it owns its socket.
  struct RouteInfo {
    std::string method;
    std::string pattern;
    std::string access;
  };
  // Every registered route (the OpenAPI document must list each one; a test checks).
  std::vector<RouteInfo> routes() const;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace sb::app
