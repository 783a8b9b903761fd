#include "support/HttpPeer.hpp"

#include "support/FreePort.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <cctype>
#include <thread>

namespace sb::test {

namespace {

class PeerHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit PeerHandler(std::function<PeerResponse(const RecordedRequest&)> handle) : handle_(std::move(handle)) {}
  void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
    RecordedRequest r;
    r.method = in.getMethod();
    r.uri = in.getURI();
    for (const auto& [k, v] : in) {
      std::string name = k;
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      r.headers[name] = v;
    }
    Poco::StreamCopier::copyToString(in.stream(), r.body);
    PeerResponse response = handle_(r);
    if (response.delay.count() > 0) std::this_thread::sleep_for(response.delay);
    out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
    for (const auto& [k, v] : response.headers) out.set(k, v);
    out.setContentType(response.content_type);
    out.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
    out.sendBuffer(response.body.data(), response.body.size());
  }

 private:
  std::function<PeerResponse(const RecordedRequest&)> handle_;
};

class PeerFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit PeerFactory(std::function<PeerResponse(const RecordedRequest&)> handle) : handle_(std::move(handle)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new PeerHandler(handle_);
  }

 private:
  std::function<PeerResponse(const RecordedRequest&)> handle_;
};

}  // namespace

struct HttpPeer::Server {
  Poco::ThreadPool pool{2, 64};
  std::unique_ptr<Poco::Net::HTTPServer> http;
};

HttpPeer::HttpPeer(Handler handler) : port_(freeTcpPort()), handler_(std::move(handler)) { start(); }

HttpPeer::~HttpPeer() { stop(); }

void HttpPeer::start() {
  if (server_) return;
  auto server = std::make_unique<Server>();
  Poco::Net::ServerSocket socket;
  socket.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_)), true);
  socket.listen(256);
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(64);
  params->setKeepAlive(true);
  server->http = std::make_unique<Poco::Net::HTTPServer>(
      new PeerFactory([this](const RecordedRequest& r) { return handle(r); }), server->pool, socket, params);
  server->http->start();
  server_ = std::move(server);
}

void HttpPeer::stop() {
  if (!server_) return;
  server_->http->stopAll(true);
  server_->pool.joinAll();
  server_.reset();
}

PeerResponse HttpPeer::handle(const RecordedRequest& request) {
  Handler handler;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    handler = handler_;
  }
  return handler(request);
}

void HttpPeer::setHandler(Handler handler) {
  std::lock_guard lock(mutex_);
  handler_ = std::move(handler);
}

std::vector<RecordedRequest> HttpPeer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

size_t HttpPeer::requestCount() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

void HttpPeer::clearRequests() {
  std::lock_guard lock(mutex_);
  requests_.clear();
}

}  // namespace sb::test
