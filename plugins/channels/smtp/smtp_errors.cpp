#include "smtp_errors.hpp"

namespace sb_smtp {

const char* phaseName(Phase phase) {
  switch (phase) {
    case Phase::Connect: return "connect";
    case Phase::Greeting: return "greeting";
    case Phase::Hello: return "EHLO";
    case Phase::StartTls: return "STARTTLS";
    case Phase::Tls: return "TLS handshake";
    case Phase::Auth: return "AUTH";
    case Phase::Reset: return "RSET";
    case Phase::MailFrom: return "MAIL FROM";
    case Phase::RcptTo: return "RCPT TO";
    case Phase::Data: return "DATA";
    case Phase::Content: return "message content";
  }
  return "?";
}

Verdict classifyReply(Phase phase, int code) {
  using switchboard::Failure;
  if (code >= 400 && code < 500) return {true, Failure::Provider};
  if (code < 500 || code >= 600) return {true, Failure::Provider};  // no reply or an unexpected one
  if (code == 530 || code == 534 || code == 535 || code == 538) return {false, Failure::Provider};
  if (code == 503) return {false, Failure::Provider};  // bad sequence of commands: not the address's fault
  if (phase == Phase::RcptTo) return {false, Failure::Recipient};
  if (phase == Phase::Content && (code == 550 || code == 551 || code == 553)) return {false, Failure::Recipient};
  return {false, Failure::Provider};
}

void throwForReply(const std::string& where, Phase phase, int code, std::string_view reply) {
  std::string message = "SMTP " + where + ": " + phaseName(phase);
  message += code > 0 ? " answered " + std::to_string(code) : std::string(" got no valid reply");
  if (!reply.empty()) message.append(": ").append(reply);
  const Verdict verdict = classifyReply(phase, code);
  if (verdict.retry) throw switchboard::Retry(message);
  throw switchboard::Permanent(message, verdict.failure);
}

}  // namespace sb_smtp
