// PluginHandlers: GET /api/v1/plugins — loaded plugins, their instances (secrets redacted)
// and health, and the libraries that were refused.
#pragma once

#include "http/Router.hpp"

namespace sb::plugin { class PluginRegistry; }

namespace sb::http {

void addPluginRoutes(Router& router, plugin::PluginRegistry& registry);

}  // namespace sb::http
