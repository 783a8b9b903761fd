#include "http/HttpServer.hpp"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>
#include <spdlog/spdlog.h>

#include <future>
#include <thread>

namespace sb::http {
namespace {

Poco::ThreadPool& serverThreadPool(int maxThreads) {
  // Poco's default pool has 16 threads; one thread serves one keep-alive connection for
  // its whole life, so the pool must be as large as the connections we promise to serve.
  static Poco::ThreadPool pool("http", 2, maxThreads, 60, 256 * 1024);
  return pool;
}

}  // namespace

HttpServer::HttpServer(const config::ServerSettings& s, Poco::Net::HTTPRequestHandlerFactory::Ptr factory) {
  Poco::Net::SocketAddress address(s.host, static_cast<Poco::UInt16>(s.port));
  Poco::Net::ServerSocket socket;
  socket.bind(address, /*reuseAddress=*/true);
  socket.listen(std::max(64, std::min(s.queue, 4096)));
  port_ = socket.address().port();

  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(s.threads);
  params->setMaxQueued(s.queue);
  params->setKeepAlive(s.keep_alive);
  params->setKeepAliveTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(s.keep_alive_timeout.count()) * 1000));
  params->setMaxKeepAliveRequests(s.max_keep_alive_requests);
  params->setTimeout(Poco::Timespan(60, 0));
  params->setServerName("switchboard");
  server_ = std::make_unique<Poco::Net::HTTPServer>(factory, serverThreadPool(s.threads), socket, params);
}

HttpServer::~HttpServer() = default;

void HttpServer::start() { server_->start(); }

int HttpServer::port() const { return port_; }

void HttpServer::stop(std::chrono::milliseconds grace) {
  // stopAll(false): stop accepting, close idle keep-alive connections, and wait for each
  // connection's in-flight request to finish. Bounded by `grace`: past it, abort.
  auto graceful = std::async(std::launch::async, [this] { server_->stopAll(false); });
  if (graceful.wait_for(grace) == std::future_status::timeout) {
    spdlog::warn("requests still running after {} ms; aborting their connections", grace.count());
    server_->stopAll(true);
    graceful.wait();
  }
}

}  // namespace sb::http
