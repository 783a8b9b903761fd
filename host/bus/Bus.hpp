// Bus: publish/subscribe between the parts of Switchboard that push to connected clients,
// in one process or (with Redis) across every instance.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace sb::bus {

struct BusHealth {
  bool ok = true;
  std::string detail;  // why degraded, e.g. "redis 127.0.0.1:6379/0: connection refused (since 12 s)"; never a password
};

// Threading: every member may be called from any thread.
class Bus {
 public:
  using Handler = std::function<void(const std::string& payload)>;
  virtual ~Bus() = default;

  // Register before start(). (A Redis bus also accepts channels added later: local delivery
  // at once, from other instances within about 250 ms.) Handlers for a channel run on the
  // bus's own thread (Redis) or on the publisher's thread (in-process, and the local copy
  // of a Redis publish); they must be quick and thread-safe. A handler that throws is
  // logged and does not keep the message from the other handlers.
  virtual void subscribe(const std::string& channel, Handler handler) = 0;

  // Delivers to this instance's handlers at once (synchronously, before returning) and,
  // with Redis, to every other instance's handlers. Never throws for transport trouble:
  // while Redis is down only local handlers get it (and the failure is logged at most once
  // per outage, not per message).
  virtual void publish(const std::string& channel, const std::string& payload) = 0;

  // Listener called (on the bus thread) each time the subscription is re-established after
  // an outage, so users of the bus can resynchronise what they may have missed. Not called
  // when the very first connection attempt after start() succeeds.
  virtual void onReconnect(std::function<void()> listener) = 0;

  // Redis: starts the background threads; does not fail if Redis is down (degraded, keeps
  // retrying).
  virtual void start() = 0;
  // Joins the threads promptly (< 1 s even while Redis is unreachable); idempotent.
  virtual void stop() = 0;

  virtual BusHealth health() const = 0;
  // "in-process" or "redis 127.0.0.1:6379/0" (never the password).
  virtual std::string describe() const = 0;
};

std::unique_ptr<Bus> makeInProcessBus();

struct RedisOptions {
  // redis://[:password@]host[:port][/db]; rediss:// is refused (TLS not supported).
  std::string url;
  // Channel on Redis = key_prefix + ":" + channel (just the channel when empty).
  std::string key_prefix = "switchboard";
  // Bounds the TCP connect, and also each reply Redis owes us (a hung server).
  std::chrono::milliseconds connect_timeout{2000};
  // Backoff between reconnect attempts doubles up to reconnect_max, with jitter.
  std::chrono::milliseconds reconnect_initial{100};
  std::chrono::milliseconds reconnect_max{5000};
  // Identifies this process; its own messages coming back from Redis are skipped (they
  // were already delivered locally). Empty: a random id is generated.
  std::string instance_id;
};

// Throws std::invalid_argument for a malformed url or options.
std::unique_ptr<Bus> makeRedisBus(const RedisOptions& options);

}  // namespace sb::bus
