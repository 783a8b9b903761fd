// DeliveryProcessor: one round of one delivery — walk the channel's provider chain
// (skipping providers whose breaker is open), send, and decide: sent, failed at once
// (recipient-side), next provider (provider-side or retryable), or back to the queue with
// backoff; dead after max attempts or past expires_at.
#pragma once

#include "notify/delivery/Backoff.hpp"
#include "notify/delivery/DeliveryQueue.hpp"
#include "notify/delivery/ProviderRouter.hpp"
#include "notify/delivery/RecipientFeedback.hpp"

namespace sb::metrics { class MetricsRegistry; }
namespace sb::plugin { class PluginRegistry; }

namespace sb::notify {

class InboxService;

class DeliveryProcessor {
 public:
  DeliveryProcessor(ProviderRouter& router, plugin::PluginRegistry& plugins, RecipientFeedback* feedback,
                    BackoffPolicy backoff, int maxAttempts, metrics::MetricsRegistry& metrics,
                    InboxService* inbox = nullptr);

  DeliveryOutcome process(const ClaimedDelivery& delivery, int64_t nowMs);

 private:
  DeliveryOutcome finish(const ClaimedDelivery& d, DeliveryOutcome outcome);
  DeliveryOutcome deliverInApp(const ClaimedDelivery& d, DeliveryOutcome out, int64_t nowMs);

  ProviderRouter& router_;
  plugin::PluginRegistry& plugins_;
  RecipientFeedback* feedback_;
  BackoffPolicy backoff_;
  int max_attempts_;
  metrics::MetricsRegistry& metrics_;
  InboxService* inbox_;  // the built-in in-app channel
};

}  // namespace sb::notify
