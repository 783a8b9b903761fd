// NotificationHandlers: /api/v1/notifications (accept, batch, read, list, retry, cancel)
// and the provider callbacks at /webhooks/{instance}.
#pragma once

#include "http/Router.hpp"

namespace sb::notify {
class NotificationService;
class ReceiptService;
}  // namespace sb::notify

namespace sb::http {

void addNotificationRoutes(Router& router, notify::NotificationService& notifications, int batchLimit);
// `publicUrl` (server.public_url) rebuilds the URL the provider called, for signatures;
// empty = from the Host header.
void addWebhookRoutes(Router& router, notify::ReceiptService& receipts, std::string publicUrl);

}  // namespace sb::http
