// ConsoleRoutes: the admin console, a public static page served from the binary. It holds no
// data itself: it asks for an admin API key and reads the REST API like any client.
#pragma once

#include "http/Router.hpp"

namespace sb::http {

// GET /console (Access::Public).
void addConsoleRoutes(Router& router);

}  // namespace sb::http
