// ReceiptService: provider callbacks (delivery receipts). The channel plugin named in the
// URL verifies the request (signature) and says which message reached which state; this
// service applies that to the delivery the provider sent.
#pragma once

#include "plugin/ChannelCalls.hpp"

#include <string>

namespace sb::plugin { class PluginRegistry; }

namespace sb::notify {

class DeliveryQueue;

struct ReceiptResponse {
  int http_status = 200;
  std::string content_type;
  std::string body;
  int applied = 0;  // deliveries updated
};

class ReceiptService {
 public:
  ReceiptService(plugin::PluginRegistry& plugins, DeliveryQueue& queue) : plugins_(plugins), queue_(queue) {}

  // Throws sb::Error NotFound for an unknown instance or one that takes no callbacks.
  ReceiptResponse handle(const std::string& instanceName, const plugin::WebhookCall& call);

 private:
  plugin::PluginRegistry& plugins_;
  DeliveryQueue& queue_;
};

}  // namespace sb::notify
