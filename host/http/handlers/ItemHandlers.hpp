// ItemHandlers: the recommendation catalog (/api/v1/items). Service API keys; the caller's tenant.
#pragma once

#include "http/Router.hpp"

namespace sb::recommend { class ItemService; }

namespace sb::http {

void addItemRoutes(Router& router, recommend::ItemService& items);

}  // namespace sb::http
