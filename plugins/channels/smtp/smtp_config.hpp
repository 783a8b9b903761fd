// smtp_config: the smtp plugin's settings, read once from the validated instance config,
// plus the mailbox ("Name <local@domain>") parser that the settings and send() share.
#pragma once

#include <switchboard/plugin.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sb_smtp {

enum class TlsMode {
  StartTlsRequired,  // STARTTLS or nothing is sent
  StartTlsOptional,  // STARTTLS when the server offers it, plain text otherwise
  Off,               // plain text (a local relay)
  Implicit           // TLS from the first byte (port 465, "SMTPS")
};

enum class AuthMethod { None, Plain, Login };

const char* tlsModeName(TlsMode mode);

// One address, optionally with a display name: "Name <local@domain>" or "local@domain".
struct Mailbox {
  std::string name;     // display name, UTF-8, may be empty
  std::string address;  // addr-spec, ASCII: local@domain
  std::string domain() const { return address.substr(address.rfind('@') + 1); }
};

// Parses "Name <local@domain>", "\"Last, First\" <local@domain>" or "local@domain".
// Throws std::invalid_argument saying what is wrong. Only ASCII addresses (no SMTPUTF8);
// display names may be any UTF-8 without control characters.
Mailbox parseMailbox(std::string_view text);

struct Settings {
  std::string host;
  int port = 587;
  TlsMode tls = TlsMode::StartTlsRequired;
  bool tls_verify = true;
  std::string ca_file;  // PEM, trusted besides the system's CAs
  std::string username;
  std::string password;
  AuthMethod auth = AuthMethod::None;
  Mailbox from;
  std::optional<Mailbox> reply_to;
  std::chrono::milliseconds timeout{10000};       // budget of one send: connect, TLS, AUTH, transaction
  int pool_size = 4;                              // most connections open at once
  std::chrono::milliseconds idle_timeout{30000};  // an idle connection is closed after this; 0 = never kept
  std::string helo_name;                          // empty = host name if fully qualified, else [address literal]
};

// Reads and checks the instance config; throws switchboard::InvalidConfig naming the key.
Settings readSettings(const switchboard::Config& config);

}  // namespace sb_smtp
