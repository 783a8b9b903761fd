#include "http/RequestReader.hpp"

#include "core/Error.hpp"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <random>

namespace sb::http {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool saneRequestId(const std::string& id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

Error tooLarge(int64_t limit) {
  return Error(ErrorKind::PayloadTooLarge, "payload_too_large",
               "request body exceeds the limit of " + std::to_string(limit) + " bytes");
}

}  // namespace

std::string requestIdFor(const std::string& fromClient) {
  if (saneRequestId(fromClient)) return fromClient;
  // Not a secret: a fast per-thread generator is enough for correlation ids.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t a = rng(), b = rng();
  std::string id(32, '0');
  for (int i = 0; i < 16; ++i) {
    id[i] = kHex[(a >> (i * 4)) & 0xF];
    id[16 + i] = kHex[(b >> (i * 4)) & 0xF];
  }
  return id;
}

void readRequest(Poco::Net::HTTPServerRequest& in, int64_t maxBodyBytes, ApiRequest& out) {
  out.method = in.getMethod();
  out.request_id = requestIdFor(in.get("X-Request-Id", ""));
  out.remote = in.clientAddress().host().toString();
  for (const auto& [name, value] : in) out.headers.emplace_back(lower(name), value);
  try {
    out.uri = in.getURI();
    Poco::URI uri(out.uri);
    out.path = uri.getPath();
    for (auto& kv : uri.getQueryParameters()) out.query.push_back(std::move(kv));
  } catch (const Poco::Exception& e) {
    throw Error(ErrorKind::InvalidInput, "invalid_uri", "malformed request URI: " + e.message());
  }
  if (in.hasContentLength() && in.getContentLength64() > maxBodyBytes) throw tooLarge(maxBodyBytes);
  if (in.hasContentLength() || in.getChunkedTransferEncoding()) {
    auto& stream = in.stream();
    char buffer[8192];
    while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
      out.body.append(buffer, static_cast<size_t>(stream.gcount()));
      if (static_cast<int64_t>(out.body.size()) > maxBodyBytes) throw tooLarge(maxBodyBytes);
    }
  }
}

void discardUnreadBody(Poco::Net::HTTPServerRequest& in) {
  constexpr std::streamsize kLingerBytes = 4 << 20;
  try {
    in.stream().ignore(kLingerBytes);
  } catch (const std::exception&) {
    // The client went away: nothing left to protect.
  }
}

void writeResponse(const ApiResponse& response, bool headOnly, Poco::Net::HTTPServerResponse& out) {
  out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));  // "404 Not Found", not "404 OK"
  for (const auto& [name, value] : response.headers) out.set(name, value);
  if (response.status == 204) {
    out.setContentLength(0);
    out.send();
    return;
  }
  if (!response.content_type.empty()) out.setContentType(response.content_type);
  out.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
  if (headOnly) {
    out.send();
    return;
  }
  out.sendBuffer(response.body.data(), response.body.size());
}

}  // namespace sb::http
