// smtp_message: builds the RFC 5322 / MIME message that goes after DATA. The output is
// 7-bit clean with CRLF line ends: UTF-8 headers become RFC 2047 encoded-words, bodies are
// quoted-printable. Pure functions, no I/O.
#pragma once

#include "smtp_config.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb_smtp {

struct MailContent {
  Mailbox from;
  std::optional<Mailbox> reply_to;
  Mailbox to;
  std::string subject;     // UTF-8
  std::string text;        // UTF-8, any line ends
  std::string html;        // UTF-8; empty = a text-only message
  std::string message_id;  // without the angle brackets: "id@domain"
  int64_t date_unix_ms = 0;
};

// The whole message: headers, a blank line, the body. Text and HTML become a
// multipart/alternative (text first, so clients prefer the HTML); only one of them, a
// single part.
std::string buildMessage(const MailContent& mail);

// "<local>@<domain>" for Message-ID: the same notification always gets the same id, so a
// retry is recognisable. Characters not allowed in a msg-id are escaped as =XX (and '='
// itself), so different notification ids never share a Message-ID.
std::string messageIdFor(std::string_view notification_id, std::string_view domain);

// A header value: as is when it is short printable ASCII, otherwise RFC 2047 "B"
// encoded-words, folded with CRLF SP so that no line exceeds 76 characters; `used` is
// what the first line already holds ("Subject: " = 9). Line breaks become spaces.
std::string encodeHeaderText(std::string_view utf8, std::size_t used = 0);

// "Name <local@domain>" for a header, the name quoted or encoded as needed; `used` as for
// encodeHeaderText.
std::string formatMailbox(const Mailbox& mailbox, std::size_t used = 0);

// Quoted-printable (RFC 2045): line ends normalised to CRLF, lines at most 76 characters,
// plus one final CRLF that belongs to what follows the body (boundary or end of message).
std::string quotedPrintable(std::string_view text);

std::string base64(std::string_view bytes);

// "Thu, 02 Jan 2025 15:04:05 +0000"
std::string rfc5322Date(int64_t unix_ms);

// The DATA payload for the wire: lines starting with '.' get another '.', and the
// terminating CRLF . CRLF is appended. `message` must use CRLF line ends.
std::string dotStuff(std::string_view message);

}  // namespace sb_smtp
