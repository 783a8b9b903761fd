#include "smtp_message.hpp"

#include <cstdio>
#include <ctime>

namespace sb_smtp {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

bool needsEncoding(std::string_view s) {
  if (s.size() > 900) return true;  // keep header lines far below the 998 limit
  if (s.find("=?") != std::string_view::npos) return true;  // would read as an encoded-word
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F) return true;
  }
  return false;
}

// Length of the UTF-8 sequence starting with `lead` (1 for stray continuation bytes).
std::size_t utf8Length(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

std::string withoutLineBreaks(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    out += (s[i] == '\r' || s[i] == '\n') ? ' ' : s[i];
  }
  return out;
}

// The characters of an RFC 5322 atom ("atext").
bool isAtext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// A display name that can go into a header without quoting: atoms separated by spaces.
bool isPlainPhrase(std::string_view name) {
  if (name.empty() || name.front() == ' ' || name.back() == ' ') return false;
  for (char c : name)
    if (c != ' ' && !isAtext(c)) return false;
  return true;
}

uint32_t fnv1a(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return h;
}

std::string hex32(uint32_t v) {
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = kHex[v & 0xF];
  return out;
}

void header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

void part(std::string& out, std::string_view contentType, std::string_view body) {
  header(out, "Content-Type", std::string(contentType) + "; charset=UTF-8");
  header(out, "Content-Transfer-Encoding", "quoted-printable");
  out += "\r\n";
  out += quotedPrintable(body);
}

}  // namespace

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    if (i + 1 < bytes.size()) v |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string encodeHeaderText(std::string_view utf8, std::size_t used) {
  const std::string text = withoutLineBreaks(utf8);
  if (!needsEncoding(text)) return text;
  // Each word is "=?UTF-8?B?" + base64 + "?=" (12 + 4 per 3 bytes) and its line, after
  // `used` characters (the first) or one space (the others), stays within 76. Never split
  // a UTF-8 sequence across two words: each word must decode on its own.
  constexpr std::size_t kLine = 76, kOverhead = 12;
  auto chunkFor = [&](std::size_t lineUsed) {
    const std::size_t room = lineUsed + kOverhead + 16 <= kLine ? kLine - lineUsed - kOverhead : 16;
    return room / 4 * 3;  // at least 12 bytes: a 4-byte character always fits
  };
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t maxChunk = chunkFor(out.empty() ? used : 1);
    std::size_t end = pos;
    while (end < text.size()) {
      std::size_t len = utf8Length(static_cast<unsigned char>(text[end]));
      if (end + len > text.size()) len = text.size() - end;
      if (end + len - pos > maxChunk) break;
      end += len;
    }
    if (end == pos) end = pos + 1;  // cannot happen (maxChunk >= 12); guards the loop anyway
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(std::string_view(text).substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string formatMailbox(const Mailbox& mailbox, std::size_t used) {
  const std::string name = withoutLineBreaks(mailbox.name);
  if (name.empty()) return mailbox.address;
  std::string phrase;
  if (needsEncoding(name)) {
    phrase = encodeHeaderText(name, used);
  } else if (isPlainPhrase(name)) {
    phrase = name;
  } else {
    phrase = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') phrase += '\\';
      phrase += c;
    }
    phrase += '"';
  }
  return phrase + " <" + mailbox.address + ">";
}

std::string quotedPrintable(std::string_view text) {
  constexpr std::size_t kMaxLine = 76;  // including a soft break's '='
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 8);
  std::size_t lineLength = 0;
  auto emit = [&](std::string_view token) {
    if (lineLength + token.size() > kMaxLine - 1) {
      out += "=\r\n";
      lineLength = 0;
    }
    out += token;
    lineLength += token.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
      lineLength = 0;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    const bool lineEnds = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
    if ((u >= 33 && u <= 126 && c != '=') || ((c == ' ' || c == '\t') && !lineEnds)) {
      emit(std::string_view(&text[i], 1));
    } else {
      const char encoded[3] = {'=', kHex[u >> 4], kHex[u & 0xF]};
      emit(std::string_view(encoded, 3));
    }
  }
  // The body's last CRLF belongs to what follows (a boundary delimiter, or the end of the
  // message), so the decoded text keeps exactly its own line breaks.
  out += "\r\n";
  return out;
}

std::string messageIdFor(std::string_view notification_id, std::string_view domain) {
  std::string local;
  for (std::size_t i = 0; i < notification_id.size(); ++i) {
    const char c = notification_id[i];
    const bool dotOk = c == '.' && i > 0 && i + 1 < notification_id.size() && notification_id[i - 1] != '.';
    if ((isAtext(c) && c != '=') || dotOk) {
      local += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      local += '=';
      local += kHex[u >> 4];
      local += kHex[u & 0xF];
    }
  }
  return local + "@" + std::string(domain);
}

std::string rfc5322Date(int64_t unix_ms) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm t{};
  gmtime_r(&seconds, &t);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[t.tm_wday % 7], t.tm_mday,
                kMonths[t.tm_mon % 12], t.tm_year + 1900, t.tm_hour, t.tm_min, t.tm_sec);
  return buffer;
}

std::string buildMessage(const MailContent& mail) {
  std::string out;
  header(out, "Date", rfc5322Date(mail.date_unix_ms));
  header(out, "From", formatMailbox(mail.from, 6));
  header(out, "To", formatMailbox(mail.to, 4));
  if (mail.reply_to) header(out, "Reply-To", formatMailbox(*mail.reply_to, 10));
  header(out, "Subject", encodeHeaderText(mail.subject, 9));
  header(out, "Message-ID", "<" + mail.message_id + ">");
  header(out, "MIME-Version", "1.0");
  if (mail.html.empty()) {
    part(out, "text/plain", mail.text);
  } else if (mail.text.empty()) {
    part(out, "text/html", mail.html);
  } else {
    // "=_" never occurs in quoted-printable output, so the boundary cannot clash with a body.
    const std::string boundary = "=_sb_" + hex32(fnv1a(mail.message_id));
    header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
    out += "\r\nThis is a multi-part message in MIME format.\r\n";
    out += "--" + boundary + "\r\n";
    part(out, "text/plain", mail.text);
    out += "--" + boundary + "\r\n";
    part(out, "text/html", mail.html);
    out += "--" + boundary + "--\r\n";
  }
  return out;
}

std::string dotStuff(std::string_view message) {
  std::string out;
  out.reserve(message.size() + 64);
  bool lineStart = true;
  for (char c : message) {
    if (lineStart && c == '.') out += '.';
    out += c;
    lineStart = c == '\n';
  }
  if (!lineStart) out += "\r\n";
  out += ".\r\n";
  return out;
}

}  // namespace sb_smtp
