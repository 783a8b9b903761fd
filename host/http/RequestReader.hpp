// RequestReader: copies a Poco request into an ApiRequest (within the body limit) and
// writes an ApiResponse back — the only code that touches Poco's HTTP message types.
#pragma once

#include "http/ApiRequest.hpp"

#include <cstdint>

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
}  // namespace Poco::Net

namespace sb::http {

// Throws sb::Error PayloadTooLarge (413) or InvalidInput (400, bad URI).
void readRequest(Poco::Net::HTTPServerRequest& in, int64_t maxBodyBytes, ApiRequest& out);
void writeResponse(const ApiResponse& response, bool headOnly, Poco::Net::HTTPServerResponse& out);

// After answering early (413), reads and drops what the client is still sending, up to a
// bound: closing a socket with unread data makes the kernel send RST, and the client would
// see "connection reset" instead of our answer.
void discardUnreadBody(Poco::Net::HTTPServerRequest& in);

// A request id from the client's X-Request-Id when it is sane, else a new one.
std::string requestIdFor(const std::string& fromClient);

}  // namespace sb::http
