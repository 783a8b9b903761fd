#include "smtp_connection.hpp"

#include "smtp_message.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/DNS.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace sb_smtp {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kResetTimeout{2000};
constexpr std::chrono::milliseconds kQuitTimeout{1000};

bool isIpLiteral(const std::string& host) {
  Poco::Net::IPAddress ip;
  return Poco::Net::IPAddress::tryParse(host, ip);
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Poco::Timespan timespan(std::chrono::milliseconds ms) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(ms.count()) * 1000);
}

// RFC 5321 4.1.4: a fully qualified name, else the address literal of our end.
std::string defaultHeloName(const Poco::Net::SocketAddress& local) {
  std::string name;
  try {
    name = Poco::Net::DNS::hostName();
  } catch (const Poco::Exception&) {
  }
  const bool fqdn = name.find('.') != std::string::npos && name.front() != '.' && name.back() != '.' &&
                    std::all_of(name.begin(), name.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
                    });
  if (fqdn) return name;
  const Poco::Net::IPAddress host = local.host();
  if (host.family() == Poco::Net::IPAddress::IPv6) return "[IPv6:" + host.toString() + "]";
  return "[" + host.toString() + "]";
}

// A dropped connection during the handshake is a network problem; anything else the TLS
// layer refuses (certificate, protocol version, plain text on a TLS port) is configuration.
bool transientTlsFailure(const Poco::Net::SSLException& e) {
  if (dynamic_cast<const Poco::Net::SSLConnectionUnexpectedlyClosedException*>(&e) != nullptr) return true;
  const std::string text = e.displayText();
  return text.find("unexpectedly closed") != std::string::npos || text.find("Connection reset") != std::string::npos ||
         text.find("BIO reported an error") != std::string::npos;
}

}  // namespace

Poco::Net::Context::Ptr makeTlsContext(const Settings& settings) {
  using Poco::Net::Context;
  if (settings.tls == TlsMode::Off) return nullptr;
  Context::Params params;
  params.verificationMode = settings.tls_verify ? Context::VERIFY_RELAXED : Context::VERIFY_NONE;
  params.loadDefaultCAs = true;
  params.caLocation = settings.ca_file;
  Context::Ptr context;
  try {
    context = new Context(Context::TLS_CLIENT_USE, params);
  } catch (const Poco::Exception& e) {
    if (!settings.ca_file.empty())
      throw switchboard::InvalidConfig("ca_file: cannot load '" + settings.ca_file + "': " + e.displayText());
    throw switchboard::InvalidConfig("cannot set up TLS: " + e.displayText());
  }
  context->requireMinimumProtocol(Context::PROTO_TLSV1_2);
  // Poco's own host name check (X509Certificate::verify) is skipped for loopback peers and
  // may resolve names; OpenSSL's, configured below, is exact.
  context->enableExtendedCertificateVerification(false);
  SSL_CTX* raw = context->sslContext();
  if (settings.tls_verify) {
    // No callback: OpenSSL's verdict stands. Poco's callback would ask SSLManager's
    // invalid-certificate handler, whose default prompts on stdin.
    SSL_CTX_set_verify(raw, SSL_VERIFY_PEER, nullptr);
    X509_VERIFY_PARAM* param = SSL_CTX_get0_param(raw);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int ok = isIpLiteral(settings.host) ? X509_VERIFY_PARAM_set1_ip_asc(param, settings.host.c_str())
                                              : X509_VERIFY_PARAM_set1_host(param, settings.host.c_str(), 0);
    if (ok != 1) throw switchboard::InvalidConfig("host: cannot verify TLS certificates for '" + settings.host + "'");
  } else {
    SSL_CTX_set_verify(raw, SSL_VERIFY_NONE, nullptr);
  }
  return context;
}

std::string Connection::Reply::text() const {
  std::string out;
  for (const std::string& line : lines) {
    if (!out.empty()) out += ' ';
    out += line;
  }
  return out;
}

Connection::Connection(const Settings& settings, Poco::Net::Context::Ptr tls, Watchdog& watchdog)
    : settings_(settings), tls_(std::move(tls)), watchdog_(watchdog) {}

std::unique_ptr<Connection> Connection::open(const Settings& settings, const Poco::Net::Context::Ptr& tls,
                                             Watchdog& watchdog, Clock::time_point deadline) {
  std::unique_ptr<Connection> connection(new Connection(settings, tls, watchdog));
  connection->connect(deadline);
  return connection;
}

Connection::~Connection() {
  disarm();
  if (connected_ && !broken_) {
    // Wait (briefly) for the 221: a server that reads QUIT together with the end of the
    // connection may drop it unread and log a lost connection instead of a clean one.
    try {
      socket_.setReceiveTimeout(timespan(std::min(settings_.timeout, kQuitTimeout)));
      command("QUIT");
    } catch (...) {
    }
  }
  try {
    socket_.close();
  } catch (...) {
  }
}

void Connection::arm(Clock::time_point deadline) {
  disarm();
  if (fd_ >= 0) token_ = watchdog_.arm(fd_, deadline);
}

bool Connection::disarm() {
  if (token_ == 0) return false;
  const bool fired = watchdog_.disarm(token_);
  token_ = 0;
  if (fired) broken_ = true;
  return fired;
}

std::string Connection::where() const { return settings_.host + ":" + std::to_string(settings_.port); }

template <class F>
auto Connection::guarded(F&& body) -> decltype(body()) {
  auto deadlinePassed = [this] { return token_ != 0 && watchdog_.fired(token_); };
  auto timedOut = [this] {
    return switchboard::Retry("SMTP " + where() + ": no answer within the timeout (" +
                              std::to_string(settings_.timeout.count()) + " ms) during " + phaseName(phase_));
  };
  try {
    return body();
  } catch (const switchboard::Error&) {
    throw;  // an SMTP reply, already judged
  } catch (const Poco::Net::SSLException& e) {
    broken_ = true;
    if (deadlinePassed()) throw timedOut();
    std::string message = "SMTP " + where() + ": " + phaseName(phase_) + " failed: " + e.displayText();
    if (phase_ != Phase::Tls || transientTlsFailure(e)) throw switchboard::Retry(message);
    if (message.find("certificate verify failed") != std::string::npos)
      message += " (the server's certificate is not signed by a trusted CA, or not issued for '" + settings_.host +
                 "': set ca_file to the CA that signed it, or tls_verify: false)";
    throw switchboard::Permanent(message, switchboard::Failure::Provider);
  } catch (const Poco::TimeoutException&) {
    broken_ = true;
    throw timedOut();
  } catch (const Poco::Exception& e) {
    broken_ = true;
    if (deadlinePassed()) throw timedOut();
    throw switchboard::Retry("SMTP " + where() + ": " + phaseName(phase_) + " failed: " + e.displayText());
  } catch (const std::exception& e) {
    broken_ = true;
    if (deadlinePassed()) throw timedOut();
    throw switchboard::Retry("SMTP " + where() + ": " + phaseName(phase_) + " failed: " + e.what());
  }
}

void Connection::connect(Clock::time_point deadline) {
  guarded([&] {
    phase_ = Phase::Connect;
    const Poco::Net::SocketAddress address(settings_.host, static_cast<Poco::UInt16>(settings_.port));
    // The socket belongs to this object from the start: the watchdog may shut it down until
    // the destructor disarms, so its descriptor must not be closed (and reused) before that.
    socket_ = Poco::Net::StreamSocket(address.family());
    fd_ = socket_.impl()->sockfd();
    arm(deadline);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    socket_.connect(address, timespan(std::clamp(left, std::chrono::milliseconds(1), settings_.timeout)));
    socket_.setNoDelay(true);
    socket_.setReceiveTimeout(timespan(settings_.timeout));
    socket_.setSendTimeout(timespan(settings_.timeout));
    helo_name_ = settings_.helo_name.empty() ? defaultHeloName(socket_.address()) : settings_.helo_name;
    connected_ = true;

    if (settings_.tls == TlsMode::Implicit) startTls();
    phase_ = Phase::Greeting;
    Reply greeting = readReply();
    if (greeting.code != 220) fail(greeting);
    hello();

    const bool wantStartTls = settings_.tls == TlsMode::StartTlsRequired || settings_.tls == TlsMode::StartTlsOptional;
    if (wantStartTls && extensions_.count("STARTTLS") != 0) {
      phase_ = Phase::StartTls;
      Reply reply = command("STARTTLS");
      if (reply.code != 220) fail(reply);
      startTls();
      hello();  // RFC 3207: forget what was learnt before TLS and ask again
    } else if (settings_.tls == TlsMode::StartTlsRequired) {
      phase_ = Phase::StartTls;
      throw switchboard::Permanent("SMTP " + where() + ": the server does not offer STARTTLS, and tls is "
                                   "starttls_required (use starttls_optional or off to send without TLS)",
                                   switchboard::Failure::Provider);
    }
    authenticate();
  });
}

void Connection::startTls() {
  phase_ = Phase::Tls;
  // SNI and certificate checks need the name; an IP literal is not sent as SNI (RFC 6066).
  const std::string peerName = isIpLiteral(settings_.host) ? std::string() : settings_.host;
  Poco::Net::SecureStreamSocket secure = Poco::Net::SecureStreamSocket::attach(socket_, peerName, tls_);
  secure.setReceiveTimeout(timespan(settings_.timeout));
  secure.setSendTimeout(timespan(settings_.timeout));
  socket_ = secure;  // also empties DialogSocket's read buffer, as RFC 3207 requires
  encrypted_ = true;
}

void Connection::hello() {
  phase_ = Phase::Hello;
  extensions_.clear();
  auth_mechanisms_.clear();
  Reply reply = command("EHLO " + helo_name_);
  if (reply.code >= 500 && reply.code < 600) {
    reply = command("HELO " + helo_name_);  // a server without ESMTP: no extensions at all
    if (reply.code != 250) fail(reply);
    return;
  }
  if (reply.code != 250) fail(reply);
  for (std::size_t i = 1; i < reply.lines.size(); ++i) {
    std::istringstream words(upper(reply.lines[i]));
    std::string keyword;
    words >> keyword;
    if (keyword.rfind("AUTH=", 0) == 0) {  // the pre-RFC 4954 form some servers still send
      auth_mechanisms_.insert(keyword.substr(5));
      keyword = "AUTH";
    }
    extensions_.insert(keyword);
    if (keyword == "AUTH")
      for (std::string mechanism; words >> mechanism;) auth_mechanisms_.insert(mechanism);
  }
}

void Connection::authenticate() {
  if (settings_.auth == AuthMethod::None) return;
  phase_ = Phase::Auth;
  const char* mechanism = settings_.auth == AuthMethod::Plain ? "PLAIN" : "LOGIN";
  if (auth_mechanisms_.count(mechanism) == 0) {
    std::string offered;
    for (const std::string& m : auth_mechanisms_) offered += (offered.empty() ? "" : " ") + m;
    std::string why = offered.empty() ? std::string("the server offers no AUTH") +
                                            (encrypted_ ? "" : " (many servers offer it only over TLS)")
                                      : "the server offers AUTH " + offered;
    throw switchboard::Permanent("SMTP " + where() + ": cannot authenticate with " + mechanism + ": " + why,
                                 switchboard::Failure::Provider);
  }
  Reply reply;
  if (settings_.auth == AuthMethod::Plain) {
    // RFC 4616: authzid NUL authcid NUL passwd, with an empty authzid.
    const std::string credentials = base64(std::string(1, '\0') + settings_.username + '\0' + settings_.password);
    reply = command("AUTH PLAIN " + credentials);
    if (reply.code == 334) reply = command(credentials);  // a server that ignores the initial response
  } else {
    // RFC 4954 / draft-murchison-sasl-login: whatever the prompts say, the first 334 asks
    // for the user name and the second for the password.
    reply = command("AUTH LOGIN");
    if (reply.code == 334) reply = command(base64(settings_.username));
    if (reply.code == 334) reply = command(base64(settings_.password));
  }
  if (reply.code != 235) fail(reply);
}

bool Connection::reset() {
  if (broken_ || !connected_) return false;
  try {
    phase_ = Phase::Reset;
    // A connection that died silently while idle (a NAT or firewall forgot it) must not eat
    // the whole budget: give RSET a short while, then open a fresh connection instead.
    socket_.setReceiveTimeout(timespan(std::min(settings_.timeout, kResetTimeout)));
    const bool ok = command("RSET").code == 250;
    socket_.setReceiveTimeout(timespan(settings_.timeout));
    if (ok) return true;
  } catch (...) {
  }
  broken_ = true;
  return false;
}

std::string Connection::deliver(const std::string& from, const std::string& to, const std::string& stuffedContent) {
  return guarded([&] {
    phase_ = Phase::MailFrom;
    Reply reply = command("MAIL FROM:<" + from + ">");
    if (reply.code != 250) fail(reply);
    phase_ = Phase::RcptTo;
    reply = command("RCPT TO:<" + to + ">");
    if (reply.code != 250 && reply.code != 251) fail(reply);
    phase_ = Phase::Data;
    reply = command("DATA");
    if (reply.code != 354) fail(reply);
    phase_ = Phase::Content;
    sendAll(stuffedContent);
    reply = readReply();
    if (reply.code != 250) fail(reply);
    return reply.text();
  });
}

Connection::Reply Connection::command(const std::string& line) {
  sendAll(line + "\r\n");
  return readReply();
}

Connection::Reply Connection::readReply() {
  // RFC 5321 4.2.1: "250-first", "250-middle", "250 last"; every line carries the code.
  Reply reply;
  std::string line;
  for (std::size_t n = 0;; ++n) {
    line.clear();
    if (!socket_.receiveMessage(line))
      throw Poco::Net::ConnectionResetException("the server closed the connection");
    const bool wellFormed = line.size() >= 3 && std::isdigit(static_cast<unsigned char>(line[0])) &&
                            std::isdigit(static_cast<unsigned char>(line[1])) &&
                            std::isdigit(static_cast<unsigned char>(line[2])) &&
                            (line.size() == 3 || line[3] == ' ' || line[3] == '-');
    if (!wellFormed) throw Poco::Net::SMTPException("malformed reply", line.substr(0, 200));
    const int code = std::stoi(line.substr(0, 3));
    if (n == 0) reply.code = code;
    else if (code != reply.code) throw Poco::Net::SMTPException("malformed multi-line reply", line.substr(0, 200));
    reply.lines.push_back(line.size() > 4 ? line.substr(4) : std::string());
    if (line.size() == 3 || line[3] == ' ') return reply;
    if (n >= 500) throw Poco::Net::SMTPException("reply longer than 500 lines");
  }
}

void Connection::sendAll(const std::string& data) {
  const char* at = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    const int chunk = static_cast<int>(std::min<std::size_t>(left, 1 << 20));
    const int sent = socket_.sendBytes(at, chunk);
    if (sent <= 0) throw Poco::Net::ConnectionResetException("the server closed the connection");
    at += sent;
    left -= static_cast<std::size_t>(sent);
  }
}

void Connection::fail(const Reply& reply) { throwForReply(where(), phase_, reply.code, reply.text()); }

}  // namespace sb_smtp
