#include "notify/receipts/ReceiptService.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "notify/delivery/DeliveryQueue.hpp"
#include "plugin/PluginRegistry.hpp"

#include <spdlog/spdlog.h>

namespace sb::notify {
namespace {

// Provider vocabulary to ours; "sent" and unknown words change nothing.
std::optional<DeliveryStatus> statusFromReceipt(const std::string& status) {
  if (status == "delivered") return DeliveryStatus::Delivered;
  if (status == "failed" || status == "undelivered") return DeliveryStatus::Failed;
  return std::nullopt;
}

}  // namespace

ReceiptResponse ReceiptService::handle(const std::string& instanceName, const plugin::WebhookCall& call) {
  auto instance = plugins_.instance(instanceName);
  if (!instance || !instance->plugin().channel()) throw notFound("provider instance " + instanceName);
  if (!plugin::takesWebhooks(*instance)) throw notFound("webhook handler of " + instanceName);
  auto result = plugin::handleWebhook(*instance, call);
  ReceiptResponse response{result.http_status, result.content_type, result.body, 0};
  if (!result.outcome.ok()) {
    spdlog::warn("webhook for {} refused ({}): {}", instanceName, plugin::statusName(result.outcome.status),
                 result.outcome.error);
    if (response.http_status < 400) response.http_status = result.outcome.status == SB_PERMANENT ? 403 : 500;
    return response;
  }
  int64_t now = nowUnixMs();
  for (const auto& update : result.updates) {
    auto status = statusFromReceipt(update.status);
    if (!status) continue;
    if (queue_.applyReceipt(instanceName, update.provider_message_id, *status, update.error, now)) ++response.applied;
  }
  return response;
}

}  // namespace sb::notify
