// UserHandlers: recipients (/api/v1/users/{user_id}) and their push devices
// (/api/v1/users/{user_id}/devices). Service API keys; the caller's tenant.
#pragma once

#include "http/Router.hpp"

namespace sb::notify { class UserService; }

namespace sb::http {

void addUserRoutes(Router& router, notify::UserService& users);

}  // namespace sb::http
