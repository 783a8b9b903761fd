#include "notify/delivery/DeliveryProcessor.hpp"

#include "core/Clock.hpp"
#include "metrics/MetricsRegistry.hpp"
#include "notify/inbox/InboxService.hpp"
#include "plugin/ChannelCalls.hpp"
#include "plugin/PluginRegistry.hpp"

#include <spdlog/spdlog.h>

namespace sb::notify {
namespace {

plugin::OutboundMessage messageFor(const ClaimedDelivery& d) {
  plugin::OutboundMessage m;
  m.notification_id = d.notification_id;
  m.channel = d.channel;
  m.recipient = d.recipient;
  m.subject = d.content.subject;
  m.text = d.content.text;
  m.html = d.content.html;
  m.data_json = d.content.data_json;
  m.locale = d.content.locale;
  m.category = d.category;
  m.priority = priorityName(d.priority);
  return m;
}

const char* recipientReason(int32_t failure) {
  switch (failure) {
    case SB_FAILURE_RECIPIENT_GONE: return "recipient_gone";
    case SB_FAILURE_RECIPIENT_OPTED_OUT: return "opted_out";
    default: return "invalid_recipient";
  }
}

int64_t toUnixMs(CircuitBreaker::Clock::time_point at, int64_t nowMs) {
  auto delta = std::chrono::duration_cast<std::chrono::milliseconds>(at - CircuitBreaker::Clock::now()).count();
  return nowMs + std::max<int64_t>(delta, 0);
}

}  // namespace

DeliveryProcessor::DeliveryProcessor(ProviderRouter& router, plugin::PluginRegistry& plugins,
                                     RecipientFeedback* feedback, BackoffPolicy backoff, int maxAttempts,
                                     metrics::MetricsRegistry& metrics, InboxService* inbox)
    : router_(router),
      plugins_(plugins),
      feedback_(feedback),
      backoff_(backoff),
      max_attempts_(maxAttempts),
      metrics_(metrics),
      inbox_(inbox) {}

// A queued in-app delivery (scheduled, capped or retried): into the inbox. A store failure
// comes back with backoff like a provider's.
DeliveryOutcome DeliveryProcessor::deliverInApp(const ClaimedDelivery& d, DeliveryOutcome out, int64_t nowMs) {
  out.provider = kInAppChannel;
  try {
    inbox_->deliver(InboxService::itemFor(d.tenant_id, d.user_id, d.notification_id, d.content, d.category, nowMs));
    out.kind = DeliveryOutcome::Kind::Sent;
  } catch (const std::exception& e) {
    out.error = std::string("inbox: ") + e.what();
    out.kind = d.attempts >= max_attempts_ ? DeliveryOutcome::Kind::Final : DeliveryOutcome::Kind::Reschedule;
    out.status = DeliveryStatus::Dead;
    out.reason = "max_attempts";
    out.due_at = nowMs + retryDelay(backoff_, d.attempts, uniform01(), std::nullopt).count();
  }
  return finish(d, std::move(out));
}

DeliveryOutcome DeliveryProcessor::process(const ClaimedDelivery& d, int64_t nowMs) {
  DeliveryOutcome out;
  out.delivery_id = d.id;
  if (d.expires_at && nowMs > *d.expires_at) {
    out.kind = DeliveryOutcome::Kind::Final;
    out.status = DeliveryStatus::Dead;
    out.reason = "expired";
    return finish(d, std::move(out));
  }
  if (inbox_ && d.channel == kInAppChannel) return deliverInApp(d, std::move(out), nowMs);
  const auto& chain = router_.providers(d.channel);
  if (chain.empty()) {
    out.kind = DeliveryOutcome::Kind::Final;
    out.status = DeliveryStatus::Failed;
    out.reason = "no_provider";
    out.error = "no provider is configured for channel " + d.channel;
    return finish(d, std::move(out));
  }

  auto message = messageFor(d);
  std::optional<int64_t> retryAfter;
  std::optional<CircuitBreaker::Clock::time_point> reopens;
  bool triedAny = false, retryable = false;
  for (const auto& provider : chain) {
    // An instance that is not running is skipped before its breaker is asked, so it never
    // takes (and strands) the breaker's half-open probe.
    auto instance = plugins_.instance(provider);
    if (!instance || !instance->usable()) {
      out.error = "provider " + provider + " is not running";
      retryable = true;
      continue;
    }
    auto& breaker = router_.breaker(provider);
    if (!breaker.allow()) {
      auto at = breaker.reopensAt();
      if (!reopens || at < *reopens) reopens = at;
      continue;
    }
    triedAny = true;
    int64_t started = nowUnixMs();
    auto result = plugin::sendMessage(*instance, message);
    out.attempts.push_back({d.id, d.tenant_id, d.attempts, provider, started, result.outcome.duration_ms,
                            plugin::statusName(result.outcome.status), result.outcome.error});
    switch (result.outcome.status) {
      case SB_OK:
        breaker.recordSuccess();
        out.kind = DeliveryOutcome::Kind::Sent;
        out.provider = provider;
        out.provider_message_id = result.provider_message_id;
        return finish(d, std::move(out));
      case SB_PERMANENT:
        breaker.recordSuccess();  // the provider answered; it is up
        if (result.failure != SB_FAILURE_PROVIDER) {
          if (feedback_ && result.failure == SB_FAILURE_RECIPIENT_GONE)
            feedback_->addressGone(d.tenant_id, d.user_id, d.channel, d.recipient);
          if (feedback_ && result.failure == SB_FAILURE_RECIPIENT_OPTED_OUT)
            feedback_->optedOut(d.tenant_id, d.user_id, d.channel);
          out.kind = DeliveryOutcome::Kind::Final;
          out.status = DeliveryStatus::Failed;
          out.reason = recipientReason(result.failure);
          out.error = result.outcome.error;
          out.provider = provider;
          return finish(d, std::move(out));
        }
        out.error = provider + ": " + result.outcome.error;  // this provider cannot: try the next
        break;
      case SB_INVALID_CONFIG:
        out.error = provider + ": " + result.outcome.error;
        break;
      case SB_UNSUPPORTED:
        out.error = provider + ": " + result.outcome.error;
        retryable = true;
        break;
      default:  // SB_RETRY, SB_INTERNAL
        breaker.recordFailure();
        retryable = true;
        out.error = provider + ": " + result.outcome.error;
        if (result.outcome.retry_after_ms) retryAfter = std::max(retryAfter.value_or(0), *result.outcome.retry_after_ms);
        break;
    }
  }

  if (!triedAny && reopens && !retryable) {
    // Every provider's breaker is open: come back when the first one lets a probe through,
    // without spending an attempt on a round that reached no provider.
    out.kind = DeliveryOutcome::Kind::Reschedule;
    out.count_attempt = false;
    out.due_at = toUnixMs(*reopens, nowMs);
    if (out.error.empty()) out.error = "every provider's circuit breaker is open";
    return finish(d, std::move(out));
  }
  if (triedAny && !retryable && !reopens) {
    out.kind = DeliveryOutcome::Kind::Final;
    out.status = DeliveryStatus::Failed;
    out.reason = "providers_rejected";
    return finish(d, std::move(out));
  }
  if (d.attempts >= max_attempts_) {
    out.kind = DeliveryOutcome::Kind::Final;
    out.status = DeliveryStatus::Dead;
    out.reason = "max_attempts";
    return finish(d, std::move(out));
  }
  auto delay = retryDelay(backoff_, d.attempts, uniform01(), retryAfter);
  out.kind = DeliveryOutcome::Kind::Reschedule;
  out.due_at = nowMs + delay.count();
  if (d.expires_at && out.due_at > *d.expires_at) {
    out.kind = DeliveryOutcome::Kind::Final;
    out.status = DeliveryStatus::Dead;
    out.reason = "expired";
  }
  return finish(d, std::move(out));
}

DeliveryOutcome DeliveryProcessor::finish(const ClaimedDelivery& d, DeliveryOutcome out) {
  std::string labels = "channel=" + d.channel + ",provider=" + (out.provider.empty() ? "none" : out.provider);
  switch (out.kind) {
    case DeliveryOutcome::Kind::Sent:
      metrics_.counterAdd("switchboard_notifications_sent_total", labels, 1);
      break;
    case DeliveryOutcome::Kind::Final:
      metrics_.counterAdd(std::string("switchboard_notifications_") + statusName(out.status) + "_total", labels, 1);
      if (out.status == DeliveryStatus::Dead)
        spdlog::warn("delivery {} of notification {} is dead ({}): {}", d.id, d.notification_id, out.reason, out.error);
      break;
    case DeliveryOutcome::Kind::Reschedule:
      metrics_.counterAdd("switchboard_notifications_retried_total", "channel=" + d.channel, 1);
      break;
  }
  return out;
}

}  // namespace sb::notify
