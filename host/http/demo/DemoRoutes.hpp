// DemoRoutes: public demo pages served from the binary. They hold no data themselves: the
// inbox page asks the user for an end-user token and talks to the API like any client.
#pragma once

#include "http/Router.hpp"

namespace sb::http {

// GET /demo/inbox: the in-app inbox demo (Access::Public).
void addDemoRoutes(Router& router);

}  // namespace sb::http
