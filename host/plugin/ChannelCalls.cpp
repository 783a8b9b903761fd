#include "plugin/ChannelCalls.hpp"

#include "plugin/AbiStrings.hpp"

namespace sb::plugin {
SendResult sendMessage(PluginInstance& instance, const OutboundMessage& m) {
  SendResult result;
  const sb_channel_v1* channel = instance.plugin().channel();
  if (!channel) {
    result.outcome = CallOutcome{SB_UNSUPPORTED, "instance " + instance.name() + " is not a channel", {}, 0};
    return result;
  }
  sb_message message{sizeof(sb_message), toSbStr(m.notification_id), toSbStr(m.channel), toSbStr(m.recipient), toSbStr(m.subject),
                     toSbStr(m.text), toSbStr(m.html), toSbStr(m.data_json), toSbStr(m.locale), toSbStr(m.category), toSbStr(m.priority)};
  sb_send_out out{sizeof(sb_send_out), &result,
                  [](void* data, sb_str id) { static_cast<SendResult*>(data)->provider_message_id = fromSbStr(id); },
                  [](void* data, int32_t failure) {
                    if (failure >= SB_FAILURE_PROVIDER && failure <= SB_FAILURE_RECIPIENT_OPTED_OUT)
                      static_cast<SendResult*>(data)->failure = failure;
                  }};
  result.outcome = instance.invoke("send", [&](void* h, sb_call* call) { return channel->send(h, call, &message, &out); });
  return result;
}

bool takesWebhooks(const PluginInstance& instance) {
  const sb_channel_v1* channel = instance.plugin().channel();
  return channel && channel->struct_size >= offsetof(sb_channel_v1, handle_webhook) + sizeof(void*) &&
         channel->handle_webhook;
}

WebhookResult handleWebhook(PluginInstance& instance, const WebhookCall& c) {
  WebhookResult result;
  const sb_channel_v1* channel = instance.plugin().channel();
  if (!takesWebhooks(instance)) {
    result.outcome = CallOutcome{SB_UNSUPPORTED, "instance " + instance.name() + " takes no webhooks", {}, 0};
    result.http_status = 404;
    return result;
  }
  std::vector<sb_header> headers;
  for (const auto& [k, v] : c.headers) headers.push_back(sb_header{toSbStr(k), toSbStr(v)});
  sb_webhook_request request{sizeof(sb_webhook_request), toSbStr(c.method), toSbStr(c.url), headers.data(), headers.size(),
                             sb_bytes{reinterpret_cast<const uint8_t*>(c.body.data()), c.body.size()}};
  sb_webhook_out out{sizeof(sb_webhook_out), &result,
                     [](void* data, int32_t status, sb_str type, sb_str body) {
                       auto* r = static_cast<WebhookResult*>(data);
                       r->http_status = status;
                       r->content_type = fromSbStr(type);
                       r->body = fromSbStr(body);
                     },
                     [](void* data, sb_str id, sb_str status, sb_str error) {
                       static_cast<WebhookResult*>(data)->updates.push_back({fromSbStr(id), fromSbStr(status), fromSbStr(error)});
                     }};
  result.outcome = instance.invoke("handle_webhook",
                                   [&](void* h, sb_call* call) { return channel->handle_webhook(h, call, &request, &out); });
  return result;
}

}  // namespace sb::plugin
