// smtp_connection: one SMTP client connection, from TCP connect to QUIT: greeting, EHLO,
// STARTTLS or implicit TLS, AUTH PLAIN / LOGIN, then any number of transactions separated
// by RSET.
//
// Built on Poco's DialogSocket and SecureStreamSocket rather than SMTPClientSession,
// because of three defects of Poco 1.11's session (docs/plugins/smtp.md has the details):
// its multi-line reply reader loops forever, growing a string, when the connection closes
// in the middle of a multi-line reply (which a deadline, or a server going down, does);
// its AUTH LOGIN silently skips authentication unless the server's prompts read exactly
// "Username:"/"Password:" (aiosmtpd sends "User Name"); and startTLS() on a session built
// from a connected socket sends no SNI. The dialogue here is short and follows RFC 5321,
// 3207 and 4954.
#pragma once

#include "smtp_config.hpp"
#include "smtp_errors.hpp"
#include "smtp_watchdog.hpp"

#include <Poco/Net/Context.h>
#include <Poco/Net/DialogSocket.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace sb_smtp {

// The TLS context of an instance (null when tls is off): TLS 1.2 at least, the system's CAs
// plus `ca_file`, and the server certificate verified by OpenSSL itself, host name
// included, unless tls_verify is false. Poco's certificate-error callback is replaced, so
// Poco's SSLManager and its default invalid-certificate handler (which prompts on stdin)
// are never involved. Throws switchboard::InvalidConfig when ca_file cannot be loaded.
Poco::Net::Context::Ptr makeTlsContext(const Settings& settings);

class Connection {
 public:
  using Clock = std::chrono::steady_clock;

  // Connects and gets the connection ready to send: greeting, EHLO, TLS, AUTH. `deadline`
  // is armed on `watchdog` and stays armed on return. Throws switchboard::Retry or
  // switchboard::Permanent (see smtp_errors.hpp).
  static std::unique_ptr<Connection> open(const Settings& settings, const Poco::Net::Context::Ptr& tls,
                                          Watchdog& watchdog, Clock::time_point deadline);
  // Disarms; unless the connection is broken, sends QUIT and waits at most 1 s for the
  // answer; closes. Never throws.
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void arm(Clock::time_point deadline);
  // True when the armed deadline had fired: the socket is then shut down and useless.
  bool disarm();

  // RSET before reusing the connection; false (and broken) when the server does not answer
  // 250, e.g. because it closed the connection while it was idle.
  bool reset();

  // One transaction: MAIL FROM, RCPT TO, DATA and the dot-stuffed content. Returns the
  // server's final reply text. Throws switchboard::Retry or switchboard::Permanent.
  std::string deliver(const std::string& from, const std::string& to, const std::string& stuffedContent);

  bool broken() const { return broken_; }

 private:
  struct Reply {
    int code = 0;
    std::vector<std::string> lines;  // the text of each line, without code and separator
    std::string text() const;
  };

  Connection(const Settings& settings, Poco::Net::Context::Ptr tls, Watchdog& watchdog);

  void connect(Clock::time_point deadline);
  void startTls();
  void hello();
  void authenticate();
  Reply command(const std::string& line);
  Reply readReply();
  void sendAll(const std::string& data);
  [[noreturn]] void fail(const Reply& reply);
  // Runs `body` in the current phase, turning every non-SMTP failure (socket errors,
  // timeouts, TLS errors, the deadline) into Retry or Permanent and marking the connection
  // broken when it cannot be trusted any more.
  template <class F>
  auto guarded(F&& body) -> decltype(body());
  std::string where() const;

  const Settings& settings_;
  Poco::Net::Context::Ptr tls_;
  Watchdog& watchdog_;
  uint64_t token_ = 0;
  Poco::Net::DialogSocket socket_;
  int fd_ = -1;
  Phase phase_ = Phase::Connect;
  bool encrypted_ = false;
  bool broken_ = false;
  bool connected_ = false;
  std::string helo_name_;
  std::set<std::string> extensions_;       // EHLO keywords, upper case: STARTTLS, AUTH, ...
  std::set<std::string> auth_mechanisms_;  // from the AUTH line, upper case
};

}  // namespace sb_smtp
