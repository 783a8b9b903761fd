// The smtp plugin's pure parts, compiled in: the MIME builder, the encodings, address
// parsing and the reply-code mapping. (SmtpPluginTest covers the built library end to end.)
#include "smtp_config.hpp"
#include "smtp_errors.hpp"
#include "smtp_message.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace sb_smtp {
namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2)
    out.push_back(text.substr(start, end - start));
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

// An independent decoder: RFC 2045 6.7, soft breaks and =XX; CRLF hard breaks kept.
std::string decodeQuotedPrintable(const std::string& encoded) {
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] != '=') {
      out += encoded[i];
    } else if (encoded.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
    } else {
      out += static_cast<char>(std::stoi(encoded.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

std::string decodeBase64(const std::string& in) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    buffer = (buffer << 6) | static_cast<uint32_t>(alphabet.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

TEST(SmtpMessage, QuotedPrintableKeepsLinesShortAndRoundTrips) {
  const std::string text = "Grüße,\n" + std::string(200, 'a') + "\r\ntrailing space \nequals = sign\ttab\n.dot\n";
  const std::string encoded = quotedPrintable(text);
  for (const std::string& line : lines(encoded)) {
    EXPECT_LE(line.size(), 76u) << line;
    EXPECT_TRUE(line.empty() || (line.back() != ' ' && line.back() != '\t')) << "'" << line << "'";
    for (char c : line) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
  }
  EXPECT_EQ(decodeQuotedPrintable(encoded),
            "Grüße,\r\n" + std::string(200, 'a') + "\r\ntrailing space\x20\r\nequals = sign\ttab\r\n.dot\r\n\r\n");
  EXPECT_NE(encoded.find("equals =3D sign"), std::string::npos);
  EXPECT_NE(encoded.find("Gr=C3=BC=C3=9Fe"), std::string::npos);
  EXPECT_EQ(quotedPrintable(""), "\r\n");
  EXPECT_EQ(quotedPrintable("a \n"), "a=20\r\n\r\n");
}

TEST(SmtpMessage, AsciiHeaderTextStaysReadableAndEverythingElseBecomesEncodedWords) {
  EXPECT_EQ(encodeHeaderText("Your order has shipped"), "Your order has shipped");
  EXPECT_EQ(encodeHeaderText("line\r\nbreak"), "line break");
  EXPECT_EQ(encodeHeaderText("Grüße"), "=?UTF-8?B?R3LDvMOfZQ==?=");
  EXPECT_EQ(encodeHeaderText("looks =?like?= a word").rfind("=?UTF-8?B?", 0), 0u);

  const std::string subject = "Grüße 👋 " + std::string(30, 'x') + " 日本語のテキスト " + std::string(40, 'y');
  const std::string encoded = encodeHeaderText(subject);
  std::string decoded;
  for (std::string word : lines(encoded)) {
    ASSERT_LE(word.size(), 76u);
    if (word.front() == ' ') word.erase(0, 1);  // folding
    ASSERT_EQ(word.rfind("=?UTF-8?B?", 0), 0u) << word;
    ASSERT_EQ(word.substr(word.size() - 2), "?=");
    const std::string bytes = decodeBase64(word.substr(10, word.size() - 12));
    // Each word holds whole UTF-8 characters: it never starts with a continuation byte.
    EXPECT_NE(static_cast<unsigned char>(bytes[0]) & 0xC0, 0x80) << word;
    decoded += bytes;
  }
  EXPECT_EQ(decoded, subject);
  EXPECT_GT(lines(encoded).size(), 2u);

  // The first word leaves room for the header name.
  const std::string subjectLine = "Subject: " + encodeHeaderText(subject, 9);
  for (const std::string& line : lines(subjectLine)) EXPECT_LE(line.size(), 76u) << line;
}

TEST(SmtpMessage, MailboxesAreQuotedOrEncodedAsNeeded) {
  EXPECT_EQ(formatMailbox({"", "a@example.com"}), "a@example.com");
  EXPECT_EQ(formatMailbox({"Switchboard Alerts", "a@example.com"}), "Switchboard Alerts <a@example.com>");
  EXPECT_EQ(formatMailbox({"Doe, John", "a@example.com"}), "\"Doe, John\" <a@example.com>");
  EXPECT_EQ(formatMailbox({"say \"hi\"", "a@example.com"}), "\"say \\\"hi\\\"\" <a@example.com>");
  EXPECT_EQ(formatMailbox({"Jürgen", "a@example.com"}), "=?UTF-8?B?SsO8cmdlbg==?= <a@example.com>");
}

TEST(SmtpMessage, ParsesMailboxesAndRefusesWhatCannotBeAnAddress) {
  Mailbox m = parseMailbox("  Switchboard <noreply@example.com> ");
  EXPECT_EQ(m.name, "Switchboard");
  EXPECT_EQ(m.address, "noreply@example.com");
  EXPECT_EQ(m.domain(), "example.com");
  m = parseMailbox("\"Doe, John\" <john@example.com>");
  EXPECT_EQ(m.name, "Doe, John");
  m = parseMailbox("plain@example.com");
  EXPECT_EQ(m.name, "");
  EXPECT_EQ(m.address, "plain@example.com");
  EXPECT_EQ(parseMailbox("Jürgen <j@example.com>").name, "Jürgen");
  for (const char* bad : {"", "no-at", "@example.com", "a@", "a@.com", "a@b..c", "A <a@example.com", "a b@example.com",
                          "a@example.com\r\nBcc: x@y", "jürgen@example.com", "<>"})
    EXPECT_THROW(parseMailbox(bad), std::invalid_argument) << bad;
}

TEST(SmtpMessage, MessageIdsAreStablePerNotificationAndNeverCollide) {
  EXPECT_EQ(messageIdFor("n-42", "example.com"), "n-42@example.com");
  EXPECT_EQ(messageIdFor("01HF7.ABC", "example.com"), "01HF7.ABC@example.com");
  EXPECT_EQ(messageIdFor("a b<c>", "example.com"), "a=20b=3Cc=3E@example.com");
  EXPECT_EQ(messageIdFor(".x.", "example.com"), "=2Ex=2E@example.com");
  EXPECT_EQ(messageIdFor("a..b", "example.com"), "a.=2Eb@example.com");
  // '=' is the escape character, so it is escaped too: "a=20b" and "a b" stay distinct.
  EXPECT_NE(messageIdFor("a=20b", "example.com"), messageIdFor("a b", "example.com"));
}

TEST(SmtpMessage, DotStuffingDoublesLeadingDotsAndTerminates) {
  EXPECT_EQ(dotStuff("a\r\n.b\r\n..c\r\n"), "a\r\n..b\r\n...c\r\n.\r\n");
  EXPECT_EQ(dotStuff(".first"), "..first\r\n.\r\n");
  EXPECT_EQ(dotStuff(""), ".\r\n");
}

TEST(SmtpMessage, BuildsAMultipartAlternativeWithTextFirst) {
  MailContent mail;
  mail.from = {"Switchboard", "noreply@example.com"};
  mail.reply_to = Mailbox{"", "support@example.com"};
  mail.to = {"", "alice@example.org"};
  mail.subject = "Hi";
  mail.text = "text body";
  mail.html = "<p>html body</p>";
  mail.message_id = "n-1@example.com";
  mail.date_unix_ms = 1735830245000;  // 2025-01-02 15:04:05 UTC
  const std::string built = buildMessage(mail);
  EXPECT_NE(built.find("Date: Thu, 02 Jan 2025 15:04:05 +0000\r\n"), std::string::npos) << built;
  EXPECT_NE(built.find("From: Switchboard <noreply@example.com>\r\n"), std::string::npos);
  EXPECT_NE(built.find("Reply-To: support@example.com\r\n"), std::string::npos);
  EXPECT_NE(built.find("Message-ID: <n-1@example.com>\r\n"), std::string::npos);
  EXPECT_NE(built.find("MIME-Version: 1.0\r\n"), std::string::npos);
  const auto boundaryAt = built.find("boundary=\"");
  ASSERT_NE(boundaryAt, std::string::npos);
  const std::string boundary = built.substr(boundaryAt + 10, built.find('"', boundaryAt + 10) - boundaryAt - 10);
  const auto first = built.find("\r\n--" + boundary + "\r\n");
  const auto text = built.find("text/plain; charset=UTF-8");
  const auto html = built.find("text/html; charset=UTF-8");
  const auto last = built.find("\r\n--" + boundary + "--\r\n");
  EXPECT_LT(first, text);
  EXPECT_LT(text, html);
  EXPECT_LT(html, last);
  EXPECT_NE(last, std::string::npos);
  EXPECT_EQ(built.find('\n'), built.find("\r\n") + 1);  // CRLF everywhere
}

TEST(SmtpErrors, RepliesAreJudgedByCodeAndPhase) {
  using switchboard::Failure;
  struct Case {
    Phase phase;
    int code;
    bool retry;
    Failure failure;
  };
  const Case cases[] = {
      {Phase::RcptTo, 451, true, Failure::Provider},       {Phase::MailFrom, 421, true, Failure::Provider},
      {Phase::RcptTo, 550, false, Failure::Recipient},     {Phase::RcptTo, 551, false, Failure::Recipient},
      {Phase::RcptTo, 553, false, Failure::Recipient},     {Phase::RcptTo, 552, false, Failure::Recipient},
      {Phase::RcptTo, 530, false, Failure::Provider},      {Phase::Auth, 535, false, Failure::Provider},
      {Phase::MailFrom, 530, false, Failure::Provider},    {Phase::MailFrom, 550, false, Failure::Provider},
      {Phase::MailFrom, 553, false, Failure::Provider},    {Phase::Content, 550, false, Failure::Recipient},
      {Phase::Content, 554, false, Failure::Provider},     {Phase::Greeting, 554, false, Failure::Provider},
      {Phase::RcptTo, 503, false, Failure::Provider},      {Phase::Hello, 0, true, Failure::Provider},
      {Phase::Data, 250, true, Failure::Provider},
  };
  for (const Case& c : cases) {
    const Verdict v = classifyReply(c.phase, c.code);
    EXPECT_EQ(v.retry, c.retry) << phaseName(c.phase) << " " << c.code;
    if (!c.retry) {
      EXPECT_EQ(v.failure, c.failure) << phaseName(c.phase) << " " << c.code;
    }
  }
  try {
    throwForReply("mx:25", Phase::RcptTo, 550, "5.1.1 User unknown");
    FAIL();
  } catch (const switchboard::Permanent& e) {
    EXPECT_STREQ(e.what(), "SMTP mx:25: RCPT TO answered 550: 5.1.1 User unknown");
    EXPECT_EQ(e.failure(), Failure::Recipient);
  }
  EXPECT_THROW(throwForReply("mx:25", Phase::RcptTo, 450, "busy"), switchboard::Retry);
}

TEST(SmtpConfig, ReadsDefaultsAndDerivedValues) {
  using V = switchboard::Config::Value;
  switchboard::Config config("mail", {V{"host", SB_CONFIG_STRING, "mx.example.com", 0, 0},
                                      V{"from", SB_CONFIG_STRING, "A <a@example.com>", 0, 0},
                                      V{"username", SB_CONFIG_STRING, "u", 0, 0},
                                      V{"password", SB_CONFIG_STRING, "p", 0, 0},
                                      V{"tls", SB_CONFIG_STRING, "implicit", 0, 0}});
  Settings s = readSettings(config);
  EXPECT_EQ(s.port, 465);
  EXPECT_EQ(s.auth, AuthMethod::Plain);  // plain when a username is set
  EXPECT_EQ(s.tls, TlsMode::Implicit);
  EXPECT_TRUE(s.tls_verify);
  EXPECT_EQ(s.from.address, "a@example.com");
  EXPECT_EQ(s.timeout, std::chrono::seconds(10));
  EXPECT_EQ(s.pool_size, 4);
  EXPECT_EQ(s.idle_timeout, std::chrono::seconds(30));
}

}  // namespace
}  // namespace sb_smtp
