// HealthHandlers: liveness (the process answers) and readiness (store reachable, plugins loaded).
#pragma once

#include "http/Router.hpp"

#include <functional>

namespace sb::app { class ReadinessProbe; }

namespace sb::http {

void addHealthRoutes(Router& router, std::function<Poco::JSON::Object::Ptr()> readinessProblems);

}  // namespace sb::http
