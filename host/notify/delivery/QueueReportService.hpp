// QueueReportService: the queue as the admin console sees it. Tenants stay apart: queue
// depth covers every tenant only for the operator tenant's admins, and failures are always
// the caller's own tenant's.
#pragma once

#include "auth/Principal.hpp"
#include "notify/delivery/QueueReport.hpp"

namespace sb::notify {

class QueueReportRepository;
class ProviderRouter;

class QueueReportService {
 public:
  QueueReportService(QueueReportRepository& repository, ProviderRouter& router)
      : repository_(repository), router_(router) {}

  QueueDepth depth(const auth::Principal& caller);
  // At most `limit` (1..200; sb::Error InvalidInput otherwise).
  std::vector<FailingDelivery> recentFailures(const auth::Principal& caller, int limit);

 private:
  QueueReportRepository& repository_;
  ProviderRouter& router_;
};

}  // namespace sb::notify
