// AdminHandlers: /api/v1/admin/... — the operational views the admin console reads that no
// other endpoint gives: queue depth (GET /api/v1/admin/queue) and recent delivery failures
// (GET /api/v1/admin/failures). Admin keys only.
#pragma once

#include "http/Router.hpp"

namespace sb::notify { class QueueReportService; }

namespace sb::http {

void addAdminRoutes(Router& router, notify::QueueReportService& queue);

}  // namespace sb::http
