#include "smtp_config.hpp"

#include <cctype>
#include <stdexcept>

namespace sb_smtp {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// For error messages: never echo line breaks or other controls back.
std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 200)) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? '?' : c;
  return s.size() > 200 ? out + "..." : out;
}

bool hasControl(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

// A plain ASCII addr-spec: no spaces, controls or brackets, one local part and a domain.
void checkAddress(std::string_view address) {
  if (address.empty()) throw std::invalid_argument("the address is empty");
  for (char c : address) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80) throw std::invalid_argument("non-ASCII addresses are not supported (no SMTPUTF8)");
    if (u <= 0x20 || u == 0x7F || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';' ||
        c == '\\')
      throw std::invalid_argument("the address '" + printable(address) + "' contains a character that is not allowed");
  }
  const auto at = address.rfind('@');
  if (at == std::string_view::npos) throw std::invalid_argument("the address '" + printable(address) + "' has no @");
  if (at == 0) throw std::invalid_argument("the address '" + printable(address) + "' has no local part");
  const std::string_view domain = address.substr(at + 1);
  if (domain.empty() || domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos)
    throw std::invalid_argument("the address '" + printable(address) + "' has no valid domain");
}

std::string unquote(std::string_view name) {
  if (name.size() < 2 || name.front() != '"' || name.back() != '"') return std::string(name);
  std::string out;
  for (std::size_t i = 1; i + 1 < name.size(); ++i) {
    if (name[i] == '\\' && i + 2 < name.size()) ++i;
    out += name[i];
  }
  return out;
}

template <class E>
E oneOf(const char* key, std::string_view value,
        std::initializer_list<std::pair<const char*, E>> choices) {
  std::string names;
  for (const auto& [name, e] : choices) {
    if (value == name) return e;
    names += names.empty() ? "" : ", ";
    names += name;
  }
  throw switchboard::InvalidConfig(std::string(key) + ": '" + std::string(value) + "' is not one of " + names);
}

}  // namespace

const char* tlsModeName(TlsMode mode) {
  switch (mode) {
    case TlsMode::StartTlsRequired: return "starttls_required";
    case TlsMode::StartTlsOptional: return "starttls_optional";
    case TlsMode::Off: return "off";
    case TlsMode::Implicit: return "implicit";
  }
  return "?";
}

Mailbox parseMailbox(std::string_view text) {
  text = trim(text);
  if (hasControl(text)) throw std::invalid_argument("line breaks and control characters are not allowed");
  Mailbox m;
  const auto open = text.rfind('<');
  if (open == std::string_view::npos) {
    m.address = std::string(text);
  } else {
    if (text.back() != '>') throw std::invalid_argument("'" + printable(text) + "' has '<' without a closing '>'");
    m.name = unquote(trim(text.substr(0, open)));
    m.address = std::string(trim(text.substr(open + 1, text.size() - open - 2)));
  }
  checkAddress(m.address);
  return m;
}

Settings readSettings(const switchboard::Config& config) {
  Settings s;
  s.host = config.string("host");
  if (s.host.empty() || hasControl(s.host) || s.host.find(' ') != std::string::npos)
    throw switchboard::InvalidConfig("host: '" + s.host + "' is not a host name or address");

  s.tls = oneOf<TlsMode>("tls", config.string("tls", "starttls_required"),
                         {{"starttls_required", TlsMode::StartTlsRequired},
                          {"starttls_optional", TlsMode::StartTlsOptional},
                          {"off", TlsMode::Off},
                          {"implicit", TlsMode::Implicit}});
  // The port's default follows the TLS mode: 465 for implicit TLS, 587 (submission) otherwise.
  const int64_t port = config.integer("port", s.tls == TlsMode::Implicit ? 465 : 587);
  if (port < 1 || port > 65535) throw switchboard::InvalidConfig("port: " + std::to_string(port) + " is not a TCP port");
  s.port = static_cast<int>(port);

  s.tls_verify = config.boolean("tls_verify", true);
  s.ca_file = config.string("ca_file", "");
  s.username = config.string("username", "");
  s.password = config.string("password", "");
  if (hasControl(s.username)) throw switchboard::InvalidConfig("username: control characters are not allowed");

  const std::string auth = config.string("auth", s.username.empty() ? "none" : "plain");
  s.auth = oneOf<AuthMethod>("auth", auth,
                             {{"plain", AuthMethod::Plain}, {"login", AuthMethod::Login}, {"none", AuthMethod::None}});
  if (s.auth != AuthMethod::None && s.username.empty())
    throw switchboard::InvalidConfig("auth: '" + auth + "' needs a username (and a password)");
  if (s.auth != AuthMethod::None && s.password.empty())
    throw switchboard::InvalidConfig("auth: '" + auth + "' needs a password");

  try {
    s.from = parseMailbox(config.string("from"));
  } catch (const std::invalid_argument& e) {
    throw switchboard::InvalidConfig(std::string("from: ") + e.what());
  }
  const std::string replyTo = config.string("reply_to", "");
  if (!replyTo.empty()) {
    try {
      s.reply_to = parseMailbox(replyTo);
    } catch (const std::invalid_argument& e) {
      throw switchboard::InvalidConfig(std::string("reply_to: ") + e.what());
    }
  }

  s.timeout = config.duration("timeout", std::chrono::seconds(10));
  if (s.timeout.count() <= 0) throw switchboard::InvalidConfig("timeout: must be more than 0");
  const int64_t pool = config.integer("pool_size", 4);
  if (pool < 1 || pool > 100) throw switchboard::InvalidConfig("pool_size: must be between 1 and 100");
  s.pool_size = static_cast<int>(pool);
  s.idle_timeout = config.duration("idle_timeout", std::chrono::seconds(30));
  if (s.idle_timeout.count() < 0) throw switchboard::InvalidConfig("idle_timeout: must not be negative");

  s.helo_name = config.string("helo_name", "");
  for (char c : s.helo_name)
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F)
      throw switchboard::InvalidConfig("helo_name: '" + s.helo_name + "' is not a domain name or address literal");
  return s;
}

}  // namespace sb_smtp
