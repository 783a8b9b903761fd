// NotificationService: the rules of accepting a notification — who and where (channels,
// addresses), whether (opt-outs, caps), when (send_at, quiet hours), what (rendered
// template or inline content) — then one durable write before the caller is answered.
#pragma once

#include "metrics/MetricsRegistry.hpp"
#include "config/Settings.hpp"
#include "core/Error.hpp"
#include "notify/notifications/AcceptWriter.hpp"
#include "notify/notifications/NotificationRepository.hpp"
#include "notify/notifications/NotificationRequest.hpp"

#include <functional>
#include <variant>

namespace sb::notify {

class UserService;
class TemplateService;
class ProviderRouter;
class InboxService;
struct Recipient;

class NotificationService {
 public:
  NotificationService(NotificationRepository& repository, UserService& users, TemplateService& templates,
                      ProviderRouter& router, const config::NotificationSettings& settings,
                      std::function<void()> onQueued, InboxService* inbox = nullptr);

  // Throws sb::Error: 422 (unknown user, nothing to send, missing template variables...),
  // 404 (unknown template), 409 (Idempotency-Key reused with another body).
  AcceptResult accept(const std::string& tenant, const NotificationRequest& request,
                      const std::string& idempotencyKey = "", const std::string& requestHash = "");

  // Each item accepted or refused on its own; the accepted ones are written in one
  // transaction. An item's error is the sb::Error it would have raised alone.
  using BatchItem = std::variant<AcceptResult, Error>;
  std::vector<BatchItem> acceptBatch(const std::string& tenant, const std::vector<NotificationRequest>& requests);

  std::optional<NotificationView> get(const std::string& tenant, const std::string& id);
  std::vector<NotificationView> list(const std::string& tenant, const NotificationFilter& filter);
  // Throws NotFound, or Conflict when nothing is left to cancel / to retry.
  int cancel(const std::string& tenant, const std::string& id);
  int retry(const std::string& tenant, const std::string& id);

  // Accepted deliveries by channel and initial status go here (none: not counted).
  void setMetrics(metrics::MetricsRegistry* metrics) { metrics_ = metrics; }

 private:
  NewNotification prepare(const std::string& tenant, const NotificationRequest& request, int64_t now);
  void planDelivery(const std::string& tenant, const Recipient& user, const NotificationRequest& request,
                    const std::string& channel, NewNotification& n, int64_t now);
  std::vector<std::string> defaultChannels(const std::string& tenant, const Recipient& user,
                                           const NotificationRequest& request);
  void applyCaps(const std::string& tenant, const std::string& user, NewDelivery& delivery, int64_t now);
  static AcceptResult summarize(const NewNotification& n, bool duplicate);
  AcceptResult replay(const std::string& tenant, const std::string& notificationId);
  bool isInApp(const std::string& channel) const;
  void announceInbox(const std::vector<NewNotification>& accepted);
  void countAccepted(const std::vector<NewNotification>& accepted);

  NotificationRepository& repository_;
  AcceptWriter writer_;
  UserService& users_;
  TemplateService& templates_;
  ProviderRouter& router_;
  config::NotificationSettings settings_;
  std::function<void()> on_queued_;
  InboxService* inbox_;  // the built-in in-app channel; null: "inapp" is routed like any channel
  metrics::MetricsRegistry* metrics_ = nullptr;
};

}  // namespace sb::notify
