// ReloadHandlers: POST /api/v1/admin/reload — re-read the config file and the plugin
// folders (the same as SIGHUP). 200 with what changed, or 422 with the problems when the
// new config is refused (the running one is kept). Operator admins only: it affects every
// tenant.
#pragma once

#include "config/ReloadResult.hpp"
#include "http/Router.hpp"

#include <functional>

namespace sb::http {

void addReloadRoutes(Router& router, std::function<config::ReloadResult()> reload);

}  // namespace sb::http
