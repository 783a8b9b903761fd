// EventHandlers: interaction events (/api/v1/events) and their bulk import
// (/api/v1/events/import). Service API keys; the caller's tenant.
#pragma once

#include "http/Router.hpp"

namespace sb::recommend { class EventService; }

namespace sb::http {

void addEventRoutes(Router& router, recommend::EventService& events);

}  // namespace sb::http
