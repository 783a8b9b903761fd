// SmtpServer: a real SMTP server (Python's aiosmtpd, tests/support/smtp_server.py) on a
// private port, for integration tests of SMTP clients.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/Subprocess.hpp"
#include "support/TempDir.hpp"

namespace sb::test {

struct SmtpServerOptions {
  enum class Tls {
    StartTls,  // plain listener offering STARTTLS
    Implicit,  // TLS from the first byte (like port 465)
    None       // no TLS at all (STARTTLS not offered)
  };
  Tls tls = Tls::StartTls;
  bool requireStartTls = false;  // with StartTls: 530 to everything but EHLO/STARTTLS/QUIT before TLS
  // With a user, AUTH PLAIN and LOGIN accept exactly this user and password, and MAIL needs
  // AUTH (530 otherwise). With STARTTLS, AUTH is offered only after it.
  std::string user;
  std::string password;
  // The certificate's subjectAltName; change it to test host name verification.
  std::string certificateNames = "DNS:localhost,IP:127.0.0.1";
};

// One message as the server received it, parsed by Python's email package.
struct ReceivedMail {
  std::string mailFrom;             // envelope sender
  std::vector<std::string> rcptTo;  // envelope recipients
  std::string raw;                  // the message after DATA (CRLF line ends, dots unstuffed)
  bool tls = false;                 // received over TLS (STARTTLS or implicit)
  std::string authUser;             // the authenticated user, "" without AUTH
  // "header.subject" (decoded), "header.message-id", "content_type", "part.count",
  // "part.0.content_type", "part.0.body" (decoded)... see smtp_server.py.
  std::multimap<std::string, std::string> fields;

  // The first value of `key`, or "" when there is none.
  std::string field(const std::string& key) const;
};

// Usage:
//   std::string why;
//   if (!SmtpServer::available(&why)) GTEST_SKIP() << why;
//   SmtpServer server({.tls = SmtpServerOptions::Tls::StartTls, .user = "u", .password = "p"});
//   ... connect to 127.0.0.1:server.port() (or localhost), trust server.caFile() ...
//   auto mails = server.messages();
//
// RCPT TO bad*@... answers 550, later*@... answers 451; MAIL FROM bad*@... answers 553.
// Each server has its own self-signed certificate (CN localhost, subjectAltName localhost
// and 127.0.0.1 unless told otherwise), made with openssl in its temp folder. The destructor kills the server; it
// also exits by itself when the test process dies (its stdin closes).
class SmtpServer {
 public:
  // False (with the reason) when /usr/bin/python3 cannot import aiosmtpd or openssl is
  // missing (scripts/install-deps installs both: python3-aiosmtpd, openssl).
  static bool available(std::string* why = nullptr);

  // Starts the server; throws std::runtime_error (with its log) when it does not come up.
  explicit SmtpServer(SmtpServerOptions options = {});
  ~SmtpServer();
  SmtpServer(const SmtpServer&) = delete;
  SmtpServer& operator=(const SmtpServer&) = delete;

  int port() const { return port_; }
  // The server's certificate (PEM): pass it as the client's CA file.
  std::string caFile() const { return dir_.file("cert.pem"); }
  // Messages received so far, in order.
  std::vector<ReceivedMail> messages() const;
  // TCP connections accepted so far.
  int connectionCount() const;
  // How many times the server received `verb` so far; counted: "RSET", "QUIT".
  int commandCount(const std::string& verb) const;
  // Kills the server now; its port then refuses connections. Idempotent.
  void stop();
  // The server's own output, for failure messages.
  std::string log() const;

 private:
  bool tryStart(std::string* failure);

  SmtpServerOptions options_;
  TempDir dir_{"sb-smtp"};
  std::string outDir_;
  int port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace sb::test
