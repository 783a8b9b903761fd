#include "plugin/HttpClientService.hpp"

#include "plugin/AbiStrings.hpp"
#include "plugin/DeadlineWatchdog.hpp"

#include <Poco/Net/AcceptCertificateHandler.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/URI.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <memory>
#include <mutex>

namespace sb::plugin {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;


sb_status fail(sb_call* call, sb_status status, const std::string& message) {
  if (call && call->set_error) call->set_error(call->host_data, sb_str{message.data(), message.size()});
  return status;
}

struct TlsContexts {
  Poco::Net::Context::Ptr verifying;
  Poco::Net::Context::Ptr trusting;
};

TlsContexts& contexts() {
  static TlsContexts c;
  return c;
}

Poco::Net::Context::Ptr makeContext(Poco::Net::Context::VerificationMode mode, const std::string& caFile) {
  Poco::Net::Context::Params params;
  params.verificationMode = mode;
  params.loadDefaultCAs = mode != Poco::Net::Context::VERIFY_NONE;
  params.caLocation = caFile;
  params.cipherList = "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH";
  return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
}

Poco::Net::Context::Ptr tlsContext(bool verify) {
  initializeTlsClient();  // no-op after the first call
  return verify ? contexts().verifying : contexts().trusting;
}

milliseconds orDefault(int64_t value, milliseconds fallback) {
  return value > 0 ? milliseconds(value) : fallback;
}

Poco::Timespan span(milliseconds ms) { return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000); }

// Poco checks the chain but not, on an attached socket, that the certificate names the host
// we connected to; OpenSSL's own matcher does (DNS names with wildcards, or an IP address).
bool certificateMatchesHost(Poco::Net::SecureStreamSocket& socket, const std::string& host) {
  Poco::Net::X509Certificate certificate = socket.peerCertificate();
  X509* x509 = const_cast<X509*>(certificate.certificate());
  if (!x509) return false;
  Poco::Net::IPAddress address;
  if (Poco::Net::IPAddress::tryParse(host, address)) return X509_check_ip_asc(x509, host.c_str(), 0) == 1;
  return X509_check_host(x509, host.c_str(), host.size(), 0, nullptr) == 1;
}

}  // namespace

void initializeTlsClient(const std::string& caFile) {
  static std::once_flag once;
  std::call_once(once, [&] {
    Poco::Net::initializeSSL();
    contexts().verifying = makeContext(Poco::Net::Context::VERIFY_RELAXED, caFile);
    contexts().trusting = makeContext(Poco::Net::Context::VERIFY_NONE, "");
    Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject = new Poco::Net::RejectCertificateHandler(false);
    Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, contexts().verifying);
  });
}

sb_status performHttpRequest(const HttpClientDefaults& defaults, sb_call* call, const sb_http_request* req,
                             const sb_http_response_out* out) {
  if (!req || req->struct_size < offsetof(sb_http_request, verify_tls) + sizeof(req->verify_tls) || !out)
    return fail(call, SB_PERMANENT, "malformed sb_http_request");
  Poco::URI uri;
  try {
    uri = Poco::URI(fromSbStr(req->url));
  } catch (const Poco::Exception& e) {
    return fail(call, SB_PERMANENT, "bad URL: " + e.message());
  }
  bool https = uri.getScheme() == "https";
  if (!https && uri.getScheme() != "http") return fail(call, SB_PERMANENT, "URL scheme must be http or https");

  auto connectTimeout = orDefault(req->connect_timeout_ms, defaults.connect_timeout);
  auto ioTimeout = orDefault(req->io_timeout_ms, defaults.io_timeout);
  auto budget = orDefault(req->deadline_ms, defaults.deadline);
  auto deadline = Clock::now() + budget;
  if (call && call->deadline_unix_ms > 0) {
    auto remaining = milliseconds(call->deadline_unix_ms) -
                     std::chrono::duration_cast<milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    deadline = std::min(deadline, Clock::now() + std::max(remaining, milliseconds(0)));
  }

  try {
    Poco::Net::SocketAddress address(uri.getHost(), uri.getPort());
    Poco::Net::StreamSocket tcp;
    tcp.connect(address, span(std::min(connectTimeout, std::chrono::duration_cast<milliseconds>(deadline - Clock::now()))));
    // Declared before the guard so the guard is disarmed before the socket closes.
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    // From here the watchdog bounds everything, the TLS handshake included.
    DeadlineWatchdog::Guard guard(tcp.impl()->sockfd(), deadline);
    try {
      if (https) {
        auto secure = Poco::Net::SecureStreamSocket::attach(tcp, uri.getHost(), tlsContext(req->verify_tls != 0));
        if (req->verify_tls != 0 && !certificateMatchesHost(secure, uri.getHost())) {
          return fail(call, SB_RETRY, "TLS error: the certificate of " + uri.getHost() + " is not issued for that name");
        }
        // A plain HTTPClientSession over the TLS socket: HTTPSClientSession's constructor
        // sets port 443 and throws on an already connected socket.
        session = std::make_unique<Poco::Net::HTTPClientSession>(secure);
      } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(tcp);
      }
      session->setTimeout(span(connectTimeout), span(ioTimeout), span(ioTimeout));

      Poco::Net::HTTPRequest request(fromSbStr(req->method), uri.getPathAndQuery(), Poco::Net::HTTPMessage::HTTP_1_1);
      request.setHost(uri.getHost(), uri.getPort());
      for (size_t i = 0; i < req->header_count; ++i) request.set(fromSbStr(req->headers[i].name), fromSbStr(req->headers[i].value));
      request.setContentLength64(static_cast<Poco::Int64>(req->body.len));
      request.setKeepAlive(false);
      auto& body = session->sendRequest(request);
      if (req->body.len) body.write(reinterpret_cast<const char*>(req->body.ptr), static_cast<std::streamsize>(req->body.len));

      Poco::Net::HTTPResponse response;
      auto& in = session->receiveResponse(response);
      if (out->on_status) out->on_status(out->plugin_data, static_cast<int32_t>(response.getStatus()));
      if (out->on_header) {
        for (const auto& [name, value] : response)
          out->on_header(out->plugin_data, sb_str{name.data(), name.size()}, sb_str{value.data(), value.size()});
      }
      char buffer[16384];
      while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        if (out->on_body)
          out->on_body(out->plugin_data, sb_bytes{reinterpret_cast<const uint8_t*>(buffer), static_cast<size_t>(in.gcount())});
      }
      if (guard.fired()) return fail(call, SB_RETRY, "deadline of " + std::to_string(budget.count()) + " ms exceeded");
      return SB_OK;
    } catch (const Poco::Exception&) {
      if (guard.fired()) return fail(call, SB_RETRY, "deadline of " + std::to_string(budget.count()) + " ms exceeded");
      throw;
    }
  } catch (const Poco::Net::SSLException& e) {
    return fail(call, SB_RETRY, "TLS error: " + e.displayText());
  } catch (const Poco::TimeoutException& e) {
    return fail(call, SB_RETRY, "timeout: " + e.displayText());
  } catch (const Poco::Exception& e) {
    return fail(call, SB_RETRY, "HTTP request failed: " + e.displayText());
  } catch (const std::exception& e) {
    return fail(call, SB_RETRY, std::string("HTTP request failed: ") + e.what());
  }
}

}  // namespace sb::plugin
