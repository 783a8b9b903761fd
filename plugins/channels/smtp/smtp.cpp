// smtp: delivers notifications as e-mail through an SMTP server — STARTTLS or implicit TLS
// with certificate verification, AUTH PLAIN / LOGIN, text + HTML as multipart/alternative,
// UTF-8 headers, a Message-ID derived from the notification id, and a small pool of
// authenticated connections reused across sends. docs/plugins/smtp.md is the operator's
// reference (every key, an example, the error mapping).
#include <switchboard/plugin.hpp>

#include "smtp_config.hpp"
#include "smtp_connection.hpp"
#include "smtp_message.hpp"
#include "smtp_pool.hpp"
#include "smtp_watchdog.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <stdexcept>
#include <string>

namespace {

using namespace sb_smtp;
using Clock = std::chrono::steady_clock;

std::chrono::milliseconds reapPeriod(std::chrono::milliseconds idle_timeout) {
  if (idle_timeout.count() == 0) return std::chrono::seconds(1);
  return std::clamp(idle_timeout / 4, std::chrono::milliseconds(50), std::chrono::milliseconds(1000));
}

std::string randomId() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device random;
  std::string out;
  for (int i = 0; i < 4; ++i) {
    uint32_t v = random();
    for (int j = 0; j < 8; ++j, v >>= 4) out += kHex[v & 0xF];
  }
  return out;
}

int64_t systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class SmtpChannel final : public switchboard::ChannelPlugin {
 public:
  static constexpr const char* id = "smtp";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description =
      "E-mail through an SMTP server: STARTTLS or implicit TLS, AUTH PLAIN/LOGIN, text + HTML, pooled connections.";
  // send() shares only the pool (locked) and state fixed in the constructor.
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;
  static constexpr uint32_t flags = SB_FLAG_BLOCKING;
  static constexpr sb_config_field schema[] = {
      switchboard::option::string("host", "SMTP server: host name or IP address.").required(),
      switchboard::option::integer("port", "TCP port. Default: 465 with tls: implicit, 587 otherwise."),
      switchboard::option::string("tls",
                                  "starttls_required (STARTTLS or no delivery), starttls_optional (STARTTLS when "
                                  "offered), off (plain text), implicit (TLS from the start, port 465).")
          .withDefault("starttls_required"),
      switchboard::option::boolean("tls_verify", "Verify the server's certificate chain and host name.")
          .withDefault("true"),
      switchboard::option::string("ca_file", "PEM file of CA certificates trusted besides the system's."),
      switchboard::option::string("username", "User name for AUTH."),
      switchboard::option::string("password", "Password for AUTH.").secret(),
      switchboard::option::string("auth", "plain, login or none. Default: plain when username is set, else none."),
      switchboard::option::string("from",
                                  "Sender, \"Name <address>\" or an address: the From header, the envelope sender "
                                  "and the domain of each Message-ID.")
          .required(),
      switchboard::option::string("reply_to", "Reply-To header, \"Name <address>\" or an address."),
      switchboard::option::duration("timeout", "Budget of one send: connect, TLS, AUTH and the transaction.")
          .withDefault("10s"),
      switchboard::option::integer("pool_size", "Most connections open at once; further sends wait for one.")
          .withDefault("4"),
      switchboard::option::duration("idle_timeout", "An idle connection is closed after this; 0s = never keep one.")
          .withDefault("30s"),
      switchboard::option::string("helo_name",
                                  "Name sent with EHLO. Default: this machine's name if fully qualified, else its "
                                  "address literal ([192.0.2.1])."),
  };

  SmtpChannel(const switchboard::Host& host, const switchboard::Config& config)
      : host_(host),
        settings_(readSettings(config)),
        tls_(makeTlsContext(settings_)),
        pool_(settings_.pool_size, settings_.idle_timeout),
        watchdog_([this] { pool_.reapIdle(); }, reapPeriod(settings_.idle_timeout)) {
    if (settings_.auth != AuthMethod::None && settings_.tls == TlsMode::Off)
      host_.warn("auth is set with tls: off: the password travels in plain text");
    if (settings_.tls == TlsMode::Off && !settings_.ca_file.empty()) host_.warn("ca_file is ignored with tls: off");
    if (settings_.auth == AuthMethod::None && !settings_.username.empty())
      host_.warn("username is ignored with auth: none");
  }

  ~SmtpChannel() override {
    SigpipeBlock noSigpipe;
    watchdog_.stop();  // first: its thread reaps the pool
    pool_.closeAll();
  }

  switchboard::SendResult send(const switchboard::Message& message) override {
    SigpipeBlock noSigpipe;
    MailContent mail;
    try {
      mail.to = parseMailbox(message.recipient);
    } catch (const std::invalid_argument& e) {
      throw switchboard::Permanent("invalid recipient: " + std::string(e.what()), switchboard::Failure::Recipient);
    }
    mail.from = settings_.from;
    mail.reply_to = settings_.reply_to;
    mail.subject = std::string(message.subject);
    mail.text = std::string(message.text);
    mail.html = std::string(message.html);
    // The same notification keeps its Message-ID on every retry.
    const std::string notificationId =
        message.notification_id.empty() ? randomId() : std::string(message.notification_id);
    mail.message_id = messageIdFor(notificationId, settings_.from.domain());
    mail.date_unix_ms = host_.nowMs();
    deliver(mail.to.address, dotStuff(buildMessage(mail)), deadline());
    return {mail.message_id};
  }

 private:
  // The earlier of `timeout` from now and the host's deadline for this call.
  Clock::time_point deadline() const {
    const auto now = Clock::now();
    auto at = now + settings_.timeout;
    const int64_t hostDeadline = switchboard::currentDeadlineMs();
    if (hostDeadline > 0) {
      const int64_t left = hostDeadline - systemNowMs();
      if (left <= 0) throw switchboard::Retry("SMTP: the call's deadline passed before sending");
      at = std::min(at, now + std::chrono::milliseconds(left));
    }
    return at;
  }

  void deliver(const std::string& to, const std::string& stuffed, Clock::time_point deadline) {
    ConnectionPool::Lease lease = pool_.acquire(deadline);
    std::unique_ptr<Connection>& connection = lease.connection();
    if (connection != nullptr) {
      connection->arm(deadline);
      if (connection->reset()) {
        host_.metrics().counter("connections_reused_total");
      } else {
        connection.reset();  // closed while idle: replace it in the same slot
      }
    }
    if (connection == nullptr) {
      host_.metrics().counter("connections_opened_total");
      connection = Connection::open(settings_, tls_, watchdog_, deadline);
    }
    connection->deliver(settings_.from.address, to, stuffed);
    if (!connection->disarm()) lease.keep();  // any failure above threw: the lease closes it
  }

  const switchboard::Host& host_;
  const Settings settings_;
  const Poco::Net::Context::Ptr tls_;
  ConnectionPool pool_;
  Watchdog watchdog_;  // after pool_: its thread uses the pool, and stops first
};

}  // namespace

SWITCHBOARD_PLUGIN(SmtpChannel);
