#include "integration/InboxSocket.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>

#include <sstream>

namespace sb::test {

InboxSocket::InboxSocket(int port, const InboxSocketOptions& options)
    : session_("127.0.0.1", static_cast<Poco::UInt16>(port)), answer_pings_(options.answer_pings) {
  std::string path = "/api/v1/ws";
  std::string query;
  if (options.token_in == InboxSocketOptions::TokenIn::Query) query = "access_token=" + options.token;
  if (!options.since.empty()) query += (query.empty() ? "" : "&") + std::string("since=") + options.since;
  if (!query.empty()) path += "?" + query;
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path, Poco::Net::HTTPRequest::HTTP_1_1);
  if (options.token_in == InboxSocketOptions::TokenIn::Header) request.set("Authorization", "Bearer " + options.token);
  if (options.token_in == InboxSocketOptions::TokenIn::Protocol)
    request.set("Sec-WebSocket-Protocol", "switchboard.v1, bearer." + options.token);
  Poco::Net::HTTPResponse response;
  socket_ = std::make_unique<Poco::Net::WebSocket>(session_, request, response);
  protocol_ = response.get("Sec-WebSocket-Protocol", "");
}

InboxSocket::~InboxSocket() {
  try {
    socket_->shutdown();
  } catch (...) {
  }
}

Poco::JSON::Object::Ptr InboxSocket::next(std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!closed_) {
    auto left = std::chrono::duration_cast<std::chrono::microseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) return nullptr;
    socket_->setReceiveTimeout(Poco::Timespan(left.count()));
    Poco::Buffer<char> buffer(0);
    int flags = 0;
    int n = 0;
    try {
      n = socket_->receiveFrame(buffer, flags);
    } catch (const Poco::TimeoutException&) {
      return nullptr;
    } catch (const Poco::Exception&) {
      closed_ = true;
      return nullptr;
    }
    int opcode = flags & Poco::Net::WebSocket::FRAME_OP_BITMASK;
    if (n == 0 && flags == 0) {
      closed_ = true;
      return nullptr;
    }
    if (opcode == Poco::Net::WebSocket::FRAME_OP_CLOSE) {
      closed_ = true;
      return nullptr;
    }
    if (opcode == Poco::Net::WebSocket::FRAME_OP_PING) {
      try {
        if (answer_pings_)
          socket_->sendFrame(buffer.begin(), n,
                             static_cast<int>(Poco::Net::WebSocket::FRAME_FLAG_FIN) |
                                 static_cast<int>(Poco::Net::WebSocket::FRAME_OP_PONG));
      } catch (const Poco::Exception&) {
        closed_ = true;
        return nullptr;
      }
      continue;
    }
    if (opcode != Poco::Net::WebSocket::FRAME_OP_TEXT) continue;
    Poco::JSON::Parser parser;
    return parser.parse(std::string(buffer.begin(), static_cast<size_t>(n))).extract<Poco::JSON::Object::Ptr>();
  }
  return nullptr;
}

Poco::JSON::Object::Ptr InboxSocket::nextOfType(const std::string& type, std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    auto message = next(std::max(left, std::chrono::milliseconds(1)));
    if (!message) return nullptr;
    if (message->getValue<std::string>("type") == type) return message;
    skipped_.push_back(message);
  }
}

bool InboxSocket::waitForUnread(int64_t count, std::chrono::milliseconds timeout) {
  // The latest count may already have been read past (skipped) by nextOfType.
  for (auto it = skipped_.rbegin(); it != skipped_.rend(); ++it) {
    if ((*it)->getValue<std::string>("type") != "unread_count") continue;
    bool latestMatches = (*it)->getValue<Poco::Int64>("count") == count;
    skipped_.clear();
    if (latestMatches) return true;
    break;
  }
  auto until = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    auto message = nextOfType("unread_count", std::max(left, std::chrono::milliseconds(1)));
    if (!message) return false;
    if (message->getValue<Poco::Int64>("count") == count) return true;
  }
}

void InboxSocket::send(const std::string& json) {
  socket_->sendFrame(json.data(), static_cast<int>(json.size()), Poco::Net::WebSocket::FRAME_TEXT);
}

bool InboxSocket::closedWithin(std::chrono::milliseconds timeout) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!closed_ && std::chrono::steady_clock::now() < until) {
    auto message = next(std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()));
    if (message) skipped_.push_back(message);
  }
  return closed_;
}

// Raw HTTP: Poco's client session would replace the Connection: Upgrade header.
UpgradeAnswer tryUpgrade(int port, const std::string& pathAndQuery,
                         const std::vector<std::pair<std::string, std::string>>& headers) {
  Poco::Net::StreamSocket socket;
  socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), Poco::Timespan(5, 0));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  std::string request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
                        "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  std::string reply;
  char buffer[4096];
  UpgradeAnswer answer;
  for (;;) {
    int n = socket.receiveBytes(buffer, sizeof buffer);
    if (n <= 0) break;
    reply.append(buffer, static_cast<size_t>(n));
    auto end = reply.find("\r\n\r\n");
    if (end == std::string::npos) continue;
    answer.status = std::stoi(reply.substr(9, 3));
    if (answer.status == 101) break;
    auto lengthAt = Poco::toLower(reply.substr(0, end)).find("content-length:");
    size_t length = lengthAt == std::string::npos ? 0 : std::stoul(reply.substr(lengthAt + 15));
    if (reply.size() >= end + 4 + length) {
      answer.body = reply.substr(end + 4, length);
      break;
    }
  }
  return answer;
}

}  // namespace sb::test
