// InboxHandlers: /api/v1/users/{user_id}/inbox... — with a service key for any user of the
// tenant, or with an end-user token for that user's own inbox only.
#pragma once

#include "http/Router.hpp"

namespace sb::notify { class InboxService; }

namespace sb::http {

void addInboxRoutes(Router& router, notify::InboxService& inbox);

}  // namespace sb::http
