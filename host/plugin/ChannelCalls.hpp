// ChannelCalls: typed calls into a channel instance (send, webhook), building the C structs
// from host types so callers never touch the ABI directly.
#pragma once

#include "plugin/PluginInstance.hpp"

#include <string>
#include <vector>

namespace sb::plugin {

struct OutboundMessage {
  std::string notification_id;
  std::string channel;
  std::string recipient;
  std::string subject;
  std::string text;
  std::string html;
  std::string data_json;
  std::string locale;
  std::string category;
  std::string priority = "normal";
};

struct SendResult {
  CallOutcome outcome;
  std::string provider_message_id;
  int32_t failure = SB_FAILURE_PROVIDER;  // with SB_PERMANENT: whose fault (SB_FAILURE_*)
};

SendResult sendMessage(PluginInstance& instance, const OutboundMessage& message);

struct WebhookCall {
  std::string method;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct DeliveryUpdate {
  std::string provider_message_id;
  std::string status;
  std::string error;
};

struct WebhookResult {
  CallOutcome outcome;
  int http_status = 200;
  std::string content_type;
  std::string body;
  std::vector<DeliveryUpdate> updates;
};

// Does this instance's plugin handle provider callbacks?
bool takesWebhooks(const PluginInstance& instance);

// SB_UNSUPPORTED when the plugin has no webhook handler (see takesWebhooks).
WebhookResult handleWebhook(PluginInstance& instance, const WebhookCall& call);

}  // namespace sb::plugin
