#include "notify/notifications/NotificationService.hpp"

#include "core/Clock.hpp"
#include "notify/delivery/ProviderRouter.hpp"
#include "notify/inbox/InboxService.hpp"
#include "notify/templates/TemplateService.hpp"
#include "notify/users/UserService.hpp"
#include "store/StoreError.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <sstream>

namespace sb::notify {
namespace {

std::string toJson(const Poco::JSON::Object::Ptr& object) {
  if (!object) return "";
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

Poco::JSON::Object::Ptr detail(const std::string& key, const std::string& value) {
  Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
  d->set(key, value);
  return d;
}

// The address a channel sends to; push fans out to every device.
std::vector<std::string> addressesFor(const Recipient& user, const std::string& channel) {
  if (channel == "email") return user.email.empty() ? std::vector<std::string>{} : std::vector<std::string>{user.email};
  if (channel == "sms") return user.phone.empty() ? std::vector<std::string>{} : std::vector<std::string>{user.phone};
  if (channel == "push") {
    std::vector<std::string> tokens;
    for (const auto& d : user.devices) tokens.push_back(d.token);
    return tokens;
  }
  return {user.id};  // webhook and custom channels address the user by id
}

}  // namespace

NotificationService::NotificationService(NotificationRepository& repository, UserService& users,
                                         TemplateService& templates, ProviderRouter& router,
                                         const config::NotificationSettings& settings, std::function<void()> onQueued,
                                         InboxService* inbox)
    : repository_(repository),
      writer_(repository),
      users_(users),
      templates_(templates),
      router_(router),
      settings_(settings),
      on_queued_(std::move(onQueued)),
      inbox_(inbox) {}

bool NotificationService::isInApp(const std::string& channel) const { return inbox_ && channel == kInAppChannel; }

void NotificationService::announceInbox(const std::vector<NewNotification>& accepted) {
  if (!inbox_) return;
  std::vector<InboxItem> items;
  for (const auto& n : accepted)
    if (n.inbox) items.push_back(*n.inbox);
  inbox_->announce(items);
}

AcceptResult NotificationService::accept(const std::string& tenant, const NotificationRequest& request,
                                         const std::string& idempotencyKey, const std::string& requestHash) {
  if (!idempotencyKey.empty()) {
    if (auto seen = repository_.findIdempotency(tenant, idempotencyKey)) {
      if (seen->request_hash != requestHash) {
        throw Error(ErrorKind::Conflict, "idempotency_key_reused",
                    "this Idempotency-Key was used with a different request body");
      }
      return replay(tenant, seen->notification_id);
    }
  }
  int64_t now = nowUnixMs();
  NewNotification n = prepare(tenant, request, now);
  n.idempotency_key = idempotencyKey;
  n.request_hash = requestHash;
  try {
    writer_.write({n});
  } catch (const store::StoreConflict&) {
    // The same key raced in from another request: answer as its replay.
    if (auto seen = idempotencyKey.empty() ? std::nullopt : repository_.findIdempotency(tenant, idempotencyKey)) {
      if (seen->request_hash != requestHash)
        throw Error(ErrorKind::Conflict, "idempotency_key_reused", "this Idempotency-Key was used with a different request body");
      return replay(tenant, seen->notification_id);
    }
    throw;
  }
  announceInbox({n});
  countAccepted({n});
  if (on_queued_) on_queued_();
  return summarize(n, false);
}

std::vector<NotificationService::BatchItem> NotificationService::acceptBatch(
    const std::string& tenant, const std::vector<NotificationRequest>& requests) {
  std::vector<BatchItem> results;
  std::vector<NewNotification> accepted;
  results.reserve(requests.size());
  int64_t now = nowUnixMs();
  for (const auto& r : requests) {
    try {
      accepted.push_back(prepare(tenant, r, now));
      results.emplace_back(summarize(accepted.back(), false));
    } catch (const Error& e) {
      results.emplace_back(e);
    }
  }
  // A batch is its own group: written directly, in parallel with other requests.
  repository_.insertAccepted(accepted);
  announceInbox(accepted);
  countAccepted(accepted);
  if (!accepted.empty() && on_queued_) on_queued_();
  return results;
}

NewNotification NotificationService::prepare(const std::string& tenant, const NotificationRequest& request,
                                             int64_t now) {
  auto user = users_.find(tenant, request.user_id);
  if (!user) {
    throw Error(ErrorKind::Unprocessable, "unknown_user", "no user '" + request.user_id + "' (create it with PUT /api/v1/users/{id})",
                detail("field", "user_id"));
  }
  NewNotification n;
  n.tenant_id = tenant;
  n.id = newNotificationId(now);
  n.user_id = request.user_id;
  n.template_key = request.template_key;
  n.category = request.category;
  n.priority = request.priority;
  n.data_json = toJson(request.data);
  n.send_at = request.send_at.value_or(now);
  n.expires_at = request.expires_at;
  n.created_at = now;
  if (n.expires_at && *n.expires_at <= n.send_at) {
    throw unprocessable("expires_at must be after send_at", detail("field", "expires_at"));
  }
  auto channels = request.channels.empty() ? defaultChannels(tenant, *user, request) : request.channels;
  if (channels.empty()) {
    throw Error(ErrorKind::Unprocessable, "no_channel",
                "user '" + request.user_id + "' cannot be reached on any configured channel" +
                    (request.template_key.empty() ? "" : " that template '" + request.template_key + "' has a variant for"));
  }
  // Pin the template version for every channel: a concurrent PUT must not give one
  // notification two versions (and "latest" is looked up once, not per channel).
  NotificationRequest pinned = request;
  for (const auto& channel : channels) {
    planDelivery(tenant, *user, pinned, channel, n, now);
    if (!pinned.template_key.empty() && n.template_version > 0) pinned.template_version = n.template_version;
  }
  return n;
}

std::vector<std::string> NotificationService::defaultChannels(const std::string& tenant, const Recipient& user,
                                                              const NotificationRequest& request) {
  std::vector<std::string> out;
  for (const auto& channel : router_.channels()) {
    if (isInApp(channel) || addressesFor(user, channel).empty()) continue;
    if (!request.template_key.empty() &&
        !templates_.hasVariant(tenant, request.template_key, request.template_version, channel))
      continue;
    out.push_back(channel);
  }
  // The inbox is opt-in per template: a template with an in-app variant lands there by
  // default; inline content only when the request names the channel.
  if (inbox_ && !request.template_key.empty() &&
      templates_.hasVariant(tenant, request.template_key, request.template_version, kInAppChannel))
    out.push_back(kInAppChannel);
  return out;
}

void NotificationService::planDelivery(const std::string& tenant, const Recipient& user,
                                       const NotificationRequest& request, const std::string& channel,
                                       NewNotification& n, int64_t now) {
  auto skipped = [&](const std::string& reason, const std::string& address) {
    NewDelivery d;
    d.id = newDeliveryId();
    d.channel = channel;
    d.recipient = address;
    d.status = DeliveryStatus::Skipped;
    d.reason = reason;
    d.due_at = n.send_at;
    n.deliveries.push_back(std::move(d));
  };
  const bool inapp = isInApp(channel);
  if (!inapp && !router_.hasRoute(channel)) return skipped("no_provider", "");
  auto addresses = addressesFor(user, channel);
  if (addresses.empty()) return skipped("no_address", "");
  if (!user.preferences.allows(channel, request.category)) return skipped("opted_out", addresses.front());

  DeliveryContent content;
  if (request.content) {
    content = {request.content->subject, request.content->text, request.content->html, request.content->data_json,
               request.locale.empty() ? user.locale : request.locale};
  } else {
    auto rendered = templates_.render(tenant, request.template_key, request.template_version, channel,
                                      request.locale.empty() ? user.locale : request.locale, request.data);
    content = {rendered.content.subject, rendered.content.text, rendered.content.html, rendered.content.data_json,
               rendered.locale};
    n.template_version = rendered.version;
  }

  int64_t due = n.send_at;
  std::string reason;
  // Quiet hours hold back what interrupts (email, SMS, push); the inbox interrupts no one.
  if (request.priority != Priority::Urgent && !inapp) {
    if (auto end = user.preferences.quietHoursEnd(std::max(due, now), user.timezone)) {
      due = *end;
      reason = "quiet_hours";
    }
  }
  for (const auto& address : addresses) {
    NewDelivery d;
    d.id = newDeliveryId();
    d.channel = channel;
    d.recipient = address;
    d.content = content;
    d.due_at = due;
    d.reason = reason;
    applyCaps(tenant, user.id, d, now);
    if (inapp && d.status == DeliveryStatus::Queued && d.due_at <= now) {
      // Due now: stored in the inbox by the accept transaction itself, no queue round trip.
      d.status = DeliveryStatus::Sent;
      d.provider = kInAppChannel;
      n.inbox = InboxService::itemFor(tenant, user.id, n.id, content, n.category, n.created_at);
    }
    n.deliveries.push_back(std::move(d));
  }
}

void NotificationService::applyCaps(const std::string& tenant, const std::string& user, NewDelivery& d, int64_t now) {
  for (const auto& cap : settings_.caps) {
    if (cap.channel != d.channel || d.status != DeliveryStatus::Queued) continue;
    auto window = repository_.countInWindow(tenant, cap.scope == "user" ? user : "", d.channel, now - cap.window.count());
    if (window.count < cap.limit) continue;
    if (cap.action == "skip") {
      d.status = DeliveryStatus::Skipped;
      d.reason = "capped";
    } else {
      // Due when the oldest delivery in the window leaves it.
      d.due_at = std::max(d.due_at, window.oldest.value_or(now) + cap.window.count());
      d.reason = "capped";
    }
  }
}

void NotificationService::countAccepted(const std::vector<NewNotification>& accepted) {
  if (!metrics_) return;
  for (const auto& n : accepted)
    for (const auto& d : n.deliveries)
      metrics_->counterAdd("switchboard_notifications_accepted_total",
                           "channel=" + d.channel + ",status=" + statusName(d.status), 1);
}

AcceptResult NotificationService::summarize(const NewNotification& n, bool duplicate) {
  AcceptResult r;
  r.id = n.id;
  r.duplicate = duplicate;
  for (const auto& d : n.deliveries) r.deliveries.push_back({d.channel, d.status, d.reason, d.due_at});
  return r;
}

AcceptResult NotificationService::replay(const std::string& tenant, const std::string& notificationId) {
  auto view = repository_.find(tenant, notificationId, false);
  if (!view) throw Error(ErrorKind::Internal, "internal", "idempotency record points at a missing notification");
  AcceptResult r;
  r.id = view->id;
  r.duplicate = true;
  for (const auto& d : view->deliveries) r.deliveries.push_back({d.channel, d.status, d.reason, d.due_at});
  return r;
}

std::optional<NotificationView> NotificationService::get(const std::string& tenant, const std::string& id) {
  return repository_.find(tenant, id, true);
}

std::vector<NotificationView> NotificationService::list(const std::string& tenant, const NotificationFilter& filter) {
  return repository_.list(tenant, filter);
}

int NotificationService::cancel(const std::string& tenant, const std::string& id) {
  int n = repository_.cancel(tenant, id, nowUnixMs());
  if (n < 0) throw notFound("notification " + id);
  if (n == 0) throw conflict("nothing left to cancel: every delivery of " + id + " is already sending or finished");
  return n;
}

int NotificationService::retry(const std::string& tenant, const std::string& id) {
  int n = repository_.retry(tenant, id, nowUnixMs());
  if (n < 0) throw notFound("notification " + id);
  if (n == 0) throw conflict("nothing to retry: no delivery of " + id + " has failed or is dead");
  if (on_queued_) on_queued_();
  return n;
}

}  // namespace sb::notify
