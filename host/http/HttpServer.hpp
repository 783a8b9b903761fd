// HttpServer: Poco's HTTPServer sized from ServerSettings, with a graceful stop.
#pragma once

#include "config/Settings.hpp"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <chrono>
#include <memory>
#include <string>

namespace Poco::Net { class HTTPServer; }

namespace sb::http {

class HttpServer {
 public:
  // Binds the listening socket now (so a taken port fails before anything else starts).
  HttpServer(const config::ServerSettings& settings, Poco::Net::HTTPRequestHandlerFactory::Ptr factory);
  ~HttpServer();

  void start();
  // Stops accepting, lets in-flight requests finish (idle keep-alive connections are
  // closed), then returns. Connections still busy after `grace` are aborted.
  void stop(std::chrono::milliseconds grace);
  int port() const;

 private:
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  int port_ = 0;
};

}  // namespace sb::http
