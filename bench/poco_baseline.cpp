// poco_baseline: the smallest possible Poco HTTPServer (fixed 15-byte JSON reply), run
// beside switchboard by bench/http-bench so its numbers have a ceiling to compare with.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

namespace {

class Fixed final : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) override {
    response.setContentType("application/json");
    response.setContentLength(15);
    response.sendBuffer("{\"status\":\"ok\"}", 15);
  }
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new Fixed; }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: poco_baseline PORT THREADS\n";
    return 2;
  }
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int threads = std::atoi(argv[2]);
  Poco::ThreadPool pool(2, threads);
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(threads);
  params->setMaxQueued(4096);
  params->setKeepAlive(true);
  Poco::Net::ServerSocket socket(static_cast<Poco::UInt16>(std::atoi(argv[1])));
  Poco::Net::HTTPServer server(new Factory, pool, socket, params);
  server.start();
  int sig = 0;
  sigwait(&set, &sig);
  server.stop();
  return 0;
}
