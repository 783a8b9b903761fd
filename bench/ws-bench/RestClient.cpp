#include "RestClient.hpp"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

namespace wsb {

RestClient::RestClient(const std::string& baseUrl, std::string apiKey) : key_(std::move(apiKey)) {
  Poco::URI uri(baseUrl);
  if (uri.getScheme() != "http") throw std::invalid_argument("only http:// URLs are supported: " + baseUrl);
  session_.setHost(uri.getHost());
  session_.setPort(uri.getPort());
  session_.setKeepAlive(true);
  session_.setTimeout(Poco::Timespan(120, 0));
}

RestClient::Reply RestClient::send(const std::string& method, const std::string& path, const std::string& body) {
  Reply reply;
  try {
    Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setKeepAlive(true);
    req.set("Authorization", "Bearer " + key_);
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    session_.sendRequest(req) << body;
    Poco::Net::HTTPResponse resp;
    auto& in = session_.receiveResponse(resp);
    Poco::StreamCopier::copyToString(in, reply.body);
    reply.status = resp.getStatus();
  } catch (const Poco::Exception& e) {
    session_.reset();
    reply.status = 0;
    reply.body = e.displayText();
  }
  return reply;
}

}  // namespace wsb
