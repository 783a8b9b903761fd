// HealthHandlers: liveness (the process answers) and readiness (store reachable, plugins
// loaded). Degradations (e.g. Redis down: this instance still serves its own sockets) are
// reported by readiness as 200 {"status":"degraded","details":{...}}.
#pragma once

#include "http/Router.hpp"

#include <functional>

namespace sb::http {

void addHealthRoutes(Router& router, std::function<Poco::JSON::Object::Ptr()> readinessProblems,
                     std::function<Poco::JSON::Object::Ptr()> degradations = {});

}  // namespace sb::http
