#include "notify/delivery/QueueReport.hpp"

#include <algorithm>

namespace sb::notify {

int64_t QueueDepth::waiting() const {
  int64_t total = 0;
  for (const auto& c : counts)
    if (c.status == DeliveryStatus::Queued || c.status == DeliveryStatus::Sending) total += c.count;
  return total;
}

int64_t QueueDepth::dueNow() const {
  int64_t total = 0;
  for (const auto& c : counts)
    if (c.status == DeliveryStatus::Queued) total += c.due;
  return total;
}

std::optional<int64_t> QueueDepth::oldestDueAgeMs() const {
  std::optional<int64_t> oldest;
  for (const auto& c : counts) {
    if (c.status != DeliveryStatus::Queued || !c.oldest_due_at) continue;
    oldest = oldest ? std::min(*oldest, *c.oldest_due_at) : *c.oldest_due_at;
  }
  if (!oldest) return std::nullopt;
  return std::max<int64_t>(0, as_of - *oldest);
}

}  // namespace sb::notify
