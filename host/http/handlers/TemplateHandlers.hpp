// TemplateHandlers: versioned templates (/api/v1/templates[/{key}]) and previews
// (/api/v1/templates/{key}/preview). Service API keys; the caller's tenant.
#pragma once

#include "http/Router.hpp"

namespace sb::notify { class TemplateService; }

namespace sb::http {

void addTemplateRoutes(Router& router, notify::TemplateService& templates);

}  // namespace sb::http
