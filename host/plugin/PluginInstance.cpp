#include "plugin/PluginInstance.hpp"

#include "metrics/MetricsRegistry.hpp"

#include <spdlog/spdlog.h>

namespace sb::plugin {
namespace {

struct CallState {
  CallOutcome* outcome;
};

void setError(void* data, sb_str message) {
  static_cast<CallState*>(data)->outcome->error.assign(message.ptr ? message.ptr : "", message.len);
}

void setRetryAfter(void* data, int64_t millis) {
  static_cast<CallState*>(data)->outcome->retry_after_ms = millis < 0 ? 0 : millis;
}

int64_t unixMsIn(std::chrono::milliseconds timeout) {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch() + timeout).count();
}

}  // namespace

const char* statusName(sb_status status) {
  switch (status) {
    case SB_OK: return "ok";
    case SB_RETRY: return "retry";
    case SB_PERMANENT: return "permanent";
    case SB_INVALID_CONFIG: return "invalid_config";
    case SB_UNSUPPORTED: return "unsupported";
    case SB_INTERNAL: return "internal";
  }
  return "unknown";
}

PluginInstance::PluginInstance(std::shared_ptr<const Plugin> plugin, std::string name,
                               std::unique_ptr<InstanceConfig> config, metrics::MetricsRegistry& metrics,
                               HttpClientDefaults httpDefaults, int faultsBeforeDisable)
    : plugin_(std::move(plugin)),
      name_(std::move(name)),
      config_(std::move(config)),
      services_(plugin_->id(), name_, metrics, httpDefaults,
                httpDefaults.public_url.empty() ? std::string() : httpDefaults.public_url + "/webhooks/" + name_),
      metrics_(metrics),
      faults_before_disable_(faultsBeforeDisable) {
  health_.state = InstanceState::Failed;
  health_.reason = "not started";
}

PluginInstance::~PluginInstance() {
  if (!handle_) return;
  try {
    plugin_->descriptor().destroy(handle_);
  } catch (...) {
    spdlog::error("plugin instance {}: destroy() threw; ignored", name_);
  }
}

CallOutcome PluginInstance::start() {
  CallOutcome outcome;
  CallState state{&outcome};
  sb_call call{sizeof(sb_call), &state, &setError, &setRetryAfter, unixMsIn(std::chrono::seconds(30))};
  void* handle = nullptr;
  try {
    outcome.status = plugin_->descriptor().create(services_.host(), &config_->view(), &call, &handle);
  } catch (...) {
    outcome.status = SB_INTERNAL;
    outcome.error = "create() let an exception escape the C boundary";
  }
  std::lock_guard lock(state_mutex_);
  if (outcome.ok() && handle) {
    handle_ = handle;
    health_.state = InstanceState::Running;
    health_.reason.clear();
  } else {
    if (outcome.ok()) {
      outcome.status = SB_INTERNAL;
      outcome.error = "create() returned OK without an instance";
    }
    health_.state = InstanceState::Failed;
    health_.reason = std::string(statusName(outcome.status)) + ": " + outcome.error;
  }
  return outcome;
}

bool PluginInstance::usable() const {
  std::lock_guard lock(state_mutex_);
  return health_.state == InstanceState::Running;
}

CallOutcome PluginInstance::invoke(const char* operation, const Call& fn, std::chrono::milliseconds timeout) {
  CallOutcome outcome;
  {
    std::lock_guard lock(state_mutex_);
    if (health_.state != InstanceState::Running) {
      outcome.status = SB_UNSUPPORTED;
      outcome.error = "instance " + name_ + " is " + (health_.state == InstanceState::Disabled ? "disabled" : "not running") +
                      ": " + health_.reason;
      return outcome;
    }
  }
  CallState state{&outcome};
  sb_call call{sizeof(sb_call), &state, &setError, &setRetryAfter, unixMsIn(timeout)};
  auto started = std::chrono::steady_clock::now();
  {
    std::unique_lock<std::mutex> serial(call_mutex_, std::defer_lock);
    if (!plugin_->reentrant()) serial.lock();
    try {
      outcome.status = fn(handle_, &call);
    } catch (...) {
      // Only a plugin that ignores the SDK can get here; treat it as a fault.
      outcome.status = SB_INTERNAL;
      outcome.error = std::string(operation) + "() let an exception escape the C boundary";
    }
  }
  outcome.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (outcome.status < SB_OK || outcome.status > SB_INTERNAL) {
    outcome.error = "unknown status " + std::to_string(outcome.status) + (outcome.error.empty() ? "" : ": " + outcome.error);
    outcome.status = SB_INTERNAL;
  }
  recordOutcome(operation, outcome);
  return outcome;
}

void PluginInstance::recordOutcome(const char* operation, const CallOutcome& outcome) {
  std::string labels = "plugin=" + plugin_->id() + ",instance=" + name_ + ",operation=" + operation;
  metrics_.counterAdd("switchboard_plugin_calls_total", labels + ",status=" + statusName(outcome.status), 1);
  metrics_.histogramObserve("switchboard_plugin_call_seconds", labels, outcome.duration_ms / 1000.0);
  if (!outcome.ok()) metrics_.counterAdd("switchboard_plugin_errors_total", labels, 1);
  std::string disableReason;
  {
    std::lock_guard lock(state_mutex_);
    health_.calls++;
    if (!outcome.ok()) health_.errors++;
    if (outcome.status == SB_INTERNAL) {
      health_.faults++;
      if (++consecutive_faults_ >= faults_before_disable_ && health_.state == InstanceState::Running) {
        disableReason = std::to_string(consecutive_faults_) + " consecutive faults; last in " + operation + ": " + outcome.error;
      }
    } else {
      consecutive_faults_ = 0;
    }
  }
  if (outcome.status == SB_INTERNAL) {
    spdlog::warn("plugin instance {} ({}): {} faulted: {}", name_, plugin_->id(), operation, outcome.error);
  }
  if (!disableReason.empty()) disable(disableReason);
}

void PluginInstance::disable(const std::string& reason) {
  {
    std::lock_guard lock(state_mutex_);
    health_.state = InstanceState::Disabled;
    health_.reason = reason;
  }
  spdlog::error("plugin instance {} ({}) disabled: {}", name_, plugin_->id(), reason);
}

CallOutcome PluginInstance::checkHealth() {
  if (!plugin_->hasHealth() || !usable()) {
    CallOutcome outcome;
    std::lock_guard lock(state_mutex_);
    outcome.status = health_.state == InstanceState::Running ? SB_OK : SB_UNSUPPORTED;
    outcome.error = health_.reason;
    return outcome;
  }
  auto health = plugin_->descriptor().health;
  auto outcome = invoke("health", [health](void* h, sb_call* c) { return health(h, c); }, std::chrono::seconds(5));
  std::lock_guard lock(state_mutex_);
  health_.last_health = outcome.status;
  if (!outcome.ok() && health_.state == InstanceState::Running) health_.reason = outcome.error;
  if (outcome.ok() && health_.state == InstanceState::Running) health_.reason.clear();
  return outcome;
}

InstanceHealth PluginInstance::health() const {
  std::lock_guard lock(state_mutex_);
  return health_;
}

}  // namespace sb::plugin
