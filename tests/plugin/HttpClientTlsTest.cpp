// The host's HTTP client for plugins over real TLS: certificates are verified against the
// system CAs plus http_client.ca_file, host names are checked, and verify_tls=0 opts out.
#include "plugin/HttpClientService.hpp"
#include "support/Subprocess.hpp"
#include "support/TempDir.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <gtest/gtest.h>

#include <memory>

namespace sb::plugin {
namespace {

class Hello final : public Poco::Net::HTTPRequestHandler {
 public:
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& out) override {
    out.setContentType("text/plain");
    out.sendBuffer("hello", 5);
  }
};
class HelloFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new Hello; }
};

struct Result {
  sb_status status = SB_INTERNAL;
  int http = 0;
  std::string body;
  std::string error;
};

Result get(const std::string& url, bool verify) {
  Result r;
  sb_call call{sizeof(sb_call), &r,
               [](void* d, sb_str m) { static_cast<Result*>(d)->error.assign(m.ptr ? m.ptr : "", m.len); },
               [](void*, int64_t) {}, 0};
  std::string method = "GET";
  sb_http_request request{sizeof(sb_http_request), {method.data(), method.size()}, {url.data(), url.size()},
                          nullptr, 0, {nullptr, 0}, 2000, 2000, 5000, verify ? 1 : 0};
  sb_http_response_out out{sizeof(sb_http_response_out), &r,
                           [](void* d, int32_t s) { static_cast<Result*>(d)->http = s; },
                           [](void*, sb_str, sb_str) {},
                           [](void* d, sb_bytes b) {
                             static_cast<Result*>(d)->body.append(reinterpret_cast<const char*>(b.ptr), b.len);
                           }};
  r.status = performHttpRequest(HttpClientDefaults{}, &call, &request, &out);
  return r;
}

class HttpClientTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = std::make_unique<test::TempDir>("sb-tls");
    // A certificate for the address 127.0.0.1 only: "localhost" in a URL must then fail the
    // host-name check even though it resolves to that address.
    auto made = test::runProcess({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                                  "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                                  dir->file("key.pem"), "-out", dir->file("cert.pem")});
    ASSERT_EQ(made.exitCode, 0) << made.output;
    initializeTlsClient(dir->file("cert.pem"));  // the CA file: trust this self-signed certificate
    Poco::Net::Context::Params params;
    params.privateKeyFile = dir->file("key.pem");
    params.certificateFile = dir->file("cert.pem");
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::SERVER_USE, params);
    Poco::Net::SecureServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, context);
    port = socket.address().port();
    server = std::make_unique<Poco::Net::HTTPServer>(new HelloFactory, socket, new Poco::Net::HTTPServerParams);
    server->start();
  }
  static void TearDownTestSuite() {
    server->stopAll(true);
    server.reset();
    dir.reset();
  }
  static inline std::unique_ptr<test::TempDir> dir;
  static inline std::unique_ptr<Poco::Net::HTTPServer> server;
  static inline int port = 0;
};

TEST_F(HttpClientTls, TrustsACertificateFromTheConfiguredCaFile) {
  auto r = get("https://127.0.0.1:" + std::to_string(port) + "/", true);
  EXPECT_EQ(r.status, SB_OK) << r.error;
  EXPECT_EQ(r.http, 200);
  EXPECT_EQ(r.body, "hello");
}

TEST_F(HttpClientTls, RefusesACertificateIssuedForAnotherHostName) {
  auto r = get("https://localhost:" + std::to_string(port) + "/", true);
  EXPECT_EQ(r.status, SB_RETRY);
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ(r.http, 0);  // nothing was sent
}

TEST_F(HttpClientTls, VerifyTlsOffAcceptsItAnyway) {
  auto r = get("https://localhost:" + std::to_string(port) + "/", false);
  EXPECT_EQ(r.status, SB_OK) << r.error;
  EXPECT_EQ(r.body, "hello");
}

}  // namespace
}  // namespace sb::plugin
