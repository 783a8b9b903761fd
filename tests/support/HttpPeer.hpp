// HttpPeer: a real HTTP server on 127.0.0.1 for tests that need a provider to talk to
// (Twilio, FCM, webhook receivers). It records every request and answers with whatever
// the test's handler says; it can be stopped and restarted on the same port to play a
// provider that is down.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sb::test {

struct RecordedRequest {
  std::string method;
  std::string uri;                             // path and query, as sent
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
};

struct PeerResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};  // wait before answering (timeouts, slow providers)
};

class HttpPeer {
 public:
  using Handler = std::function<PeerResponse(const RecordedRequest&)>;

  explicit HttpPeer(Handler handler);
  ~HttpPeer();
  HttpPeer(const HttpPeer&) = delete;
  HttpPeer& operator=(const HttpPeer&) = delete;

  int port() const { return port_; }
  std::string baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void setHandler(Handler handler);
  std::vector<RecordedRequest> requests() const;
  size_t requestCount() const;
  void clearRequests();

  // Stop listening (connections are refused) / listen again on the same port.
  void stop();
  void start();

 private:
  struct Server;
  PeerResponse handle(const RecordedRequest& request);

  int port_ = 0;
  mutable std::mutex mutex_;
  Handler handler_;
  std::vector<RecordedRequest> requests_;
  std::unique_ptr<Server> server_;
};

}  // namespace sb::test
