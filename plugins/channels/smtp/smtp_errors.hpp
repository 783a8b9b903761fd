// smtp_errors: what an SMTP failure means for the host. An SMTP reply code alone is not
// enough (550 to RCPT TO is the recipient's problem, 550 to MAIL FROM the sender's), so
// every failure is judged together with the phase of the dialogue it ended.
#pragma once

#include <switchboard/plugin.hpp>

#include <string>
#include <string_view>

namespace sb_smtp {

enum class Phase {
  Connect,   // TCP connect (and DNS)
  Greeting,  // the server's 220 banner
  Hello,     // EHLO / HELO
  StartTls,  // the STARTTLS command
  Tls,       // the TLS handshake and certificate check
  Auth,      // AUTH PLAIN / LOGIN
  Reset,     // RSET before reusing a connection
  MailFrom,  // MAIL FROM: the envelope sender
  RcptTo,    // RCPT TO: the recipient
  Data,      // the DATA command
  Content    // the reply after the message content
};

const char* phaseName(Phase phase);

struct Verdict {
  bool retry = true;  // false: permanent
  switchboard::Failure failure = switchboard::Failure::Provider;
};

// The rules (docs/plugins/smtp.md):
//   4xx anywhere                          -> retry
//   530, 534, 535, 538 (authentication)   -> permanent, provider
//   503 (bad sequence of commands)        -> permanent, provider
//   550 / 551 / 553 to RCPT TO or after the content -> permanent, recipient
//   other 5xx to RCPT TO                  -> permanent, recipient
//   other 5xx (sender, greeting, EHLO, AUTH, DATA, content) -> permanent, provider
//   anything else (no reply, 1xx/3xx where 2xx was due) -> retry
Verdict classifyReply(Phase phase, int code);

// Throws the switchboard::Retry or switchboard::Permanent for a reply; `where` names the
// server ("smtp.example.com:587"), `reply` is its text.
[[noreturn]] void throwForReply(const std::string& where, Phase phase, int code, std::string_view reply);

}  // namespace sb_smtp
