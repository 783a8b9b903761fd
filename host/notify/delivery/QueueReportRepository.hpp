// QueueReportRepository: the read-only SQL behind the queue report. Both queries read only
// unfinished statuses through the status indexes, so their cost follows the queue and the
// failures, not the delivery history.
#pragma once

#include "notify/delivery/QueueReport.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb::store { class Database; }

namespace sb::notify {

class QueueReportRepository {
 public:
  explicit QueueReportRepository(store::Database& db) : db_(db) {}

  // Counts per (channel, status) of queued, sending, failed and dead deliveries, of one
  // tenant or (no tenant) of all tenants.
  std::vector<QueueCount> depth(const std::optional<std::string>& tenant, int64_t asOf);
  // The tenant's failed and dead deliveries and queued ones carrying an error (retrying),
  // most recently changed first.
  std::vector<FailingDelivery> recentFailures(const std::string& tenant, int limit);

 private:
  store::Database& db_;
};

}  // namespace sb::notify
