// One keep-alive HTTP connection to the REST API, authenticated with an API key.
#pragma once

#include <Poco/Net/HTTPClientSession.h>

#include <string>

namespace wsb {

class RestClient {
 public:
  RestClient(const std::string& baseUrl, std::string apiKey);

  struct Reply {
    int status = 0;  // 0 when the request failed below HTTP (the error is in body)
    std::string body;
  };
  Reply send(const std::string& method, const std::string& path, const std::string& body);

 private:
  Poco::Net::HTTPClientSession session_;
  std::string key_;
};

}  // namespace wsb
