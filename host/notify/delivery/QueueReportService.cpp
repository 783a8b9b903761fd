#include "notify/delivery/QueueReportService.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "notify/delivery/ProviderRouter.hpp"
#include "notify/delivery/QueueReportRepository.hpp"

namespace sb::notify {

QueueDepth QueueReportService::depth(const auth::Principal& caller) {
  QueueDepth report;
  report.all_tenants = caller.operator_tenant;
  report.as_of = nowUnixMs();
  auto tenant = caller.operator_tenant ? std::nullopt : std::optional<std::string>(caller.tenant_id);
  report.counts = repository_.depth(tenant, report.as_of);
  report.breakers = router_.breakerStates();
  return report;
}

std::vector<FailingDelivery> QueueReportService::recentFailures(const auth::Principal& caller, int limit) {
  if (limit < 1 || limit > 200) throw invalidInput("limit must be between 1 and 200");
  return repository_.recentFailures(caller.tenant_id, limit);
}

}  // namespace sb::notify
