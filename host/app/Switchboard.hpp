// Switchboard: the running server — every subsystem built once from Settings, in
// dependency order, and torn down in reverse.
#pragma once

#include "config/Settings.hpp"

#include <memory>
#include <string>

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
  // Set when this start created the bootstrap admin key (printed once by the caller).
  const std::string& newAdminKey() const;

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace sb::app
