// The smtp plugin's real smtp.so, loaded through the host's PluginRegistry and sending to a
// real SMTP server (aiosmtpd, tests/support/SmtpServer) over real TLS. What the server
// received is read back as Python's email package parses it, independently of the plugin.
#include "metrics/MetricsRegistry.hpp"
#include "plugin/ChannelCalls.hpp"
#include "plugin/PluginRegistry.hpp"
#include "support/FreePort.hpp"
#include "support/SmtpServer.hpp"
#include "support/TempDir.hpp"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

namespace sb::plugin {
namespace {

namespace fs = std::filesystem;
using test::SmtpServer;
using test::SmtpServerOptions;
using Config = std::vector<std::pair<std::string, std::string>>;
using Tls = SmtpServerOptions::Tls;

const std::string kUser = "mailer";
const std::string kPassword = "s3cret pässword";

std::string unixLines(std::string s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!(s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) out += s[i];
  return out;
}

OutboundMessage message(const std::string& recipient, const std::string& id = "n-1") {
  OutboundMessage m;
  m.notification_id = id;
  m.channel = "email";
  m.recipient = recipient;
  m.subject = "Hello";
  m.text = "Hello there.";
  return m;
}

class SmtpPluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!SmtpServer::available(&why)) GTEST_SKIP() << why;
    fs::copy_file(std::string(SB_PLUGIN_OUTPUT_DIR) + "/smtp.so", pluginDir_.file("smtp.so"));
  }

  // Loads smtp.so into a fresh registry with one instance "mail" configured with `config`.
  LoadReport load(const Config& config) {
    registry_ = std::make_unique<PluginRegistry>(metrics_, HttpClientDefaults{}, 3);
    config::PluginInstanceSettings instance;
    instance.name = "mail";
    instance.plugin = "smtp";
    instance.mark = {"test.yaml", 8, 7};
    int line = 10;
    for (const auto& [key, value] : config) {
      config::PluginConfigEntry e;
      e.key = key;
      e.scalar = value;
      e.mark = {"test.yaml", line++, 7};
      instance.config.push_back(e);
    }
    config::PluginSettings settings;
    settings.paths = {pluginDir_.path()};
    settings.instances = {instance};
    return registry_->load(settings);
  }

  PluginInstance& start(const Config& config) {
    LoadReport report = load(config);
    EXPECT_TRUE(report.rejected.empty()) << report.rejected[0].reason;
    EXPECT_TRUE(report.ok()) << report.problems[0].format();
    auto instance = registry_->instance("mail");
    if (instance == nullptr) throw std::runtime_error("the smtp instance did not start");
    return *instance;
  }

  // STARTTLS with the server's certificate trusted, and AUTH PLAIN when the server has a user.
  static Config configFor(const SmtpServer& server, const Config& extra = {}) {
    Config config = {{"host", "localhost"},
                     {"port", std::to_string(server.port())},
                     {"ca_file", server.caFile()},
                     {"from", "Switchboard Tests <noreply@example.com>"},
                     {"timeout", "5s"}};
    for (const auto& [key, value] : extra) {
      auto it = std::find_if(config.begin(), config.end(), [&](const auto& kv) { return kv.first == key; });
      if (it != config.end()) it->second = value;
      else config.emplace_back(key, value);
    }
    config.erase(std::remove_if(config.begin(), config.end(), [](const auto& kv) { return kv.second == "<unset>"; }),
                 config.end());
    return config;
  }

  static Config withAuth(Config config, const std::string& method = "plain") {
    config.emplace_back("username", kUser);
    config.emplace_back("password", kPassword);
    config.emplace_back("auth", method);
    return config;
  }

  metrics::MetricsRegistry metrics_;
  test::TempDir pluginDir_{"sb-smtp-plugin"};
  std::unique_ptr<PluginRegistry> registry_;
};

SmtpServerOptions authServer(Tls tls = Tls::StartTls) {
  SmtpServerOptions options;
  options.tls = tls;
  options.requireStartTls = tls == Tls::StartTls;
  options.user = kUser;
  options.password = kPassword;
  return options;
}

TEST_F(SmtpPluginTest, StartTlsWithAuthPlainDeliversTextAndHtmlAsMultipartAlternative) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server, {{"reply_to", "Support Team <support@example.com>"}})));

  OutboundMessage m = message("alice@example.org", "n-42");
  m.subject = "Grüße 👋 — your weekly summary of notifications from Switchboard is ready";
  m.text = "Hallo Jürgen,\n.\n..two dots\n" + std::string(120, 'x') + " é\nbye = ciao \n";
  m.html = "<p>Hallo <b>Jürgen</b> 👋</p>\n<p style=\"color:red\">" + std::string(100, 'y') + "</p>";
  SendResult result = sendMessage(smtp, m);
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error << "\n" << server.log();
  EXPECT_EQ(result.provider_message_id, "n-42@example.com");

  auto mails = server.messages();
  ASSERT_EQ(mails.size(), 1u);
  const auto& mail = mails[0];
  EXPECT_EQ(mail.mailFrom, "noreply@example.com");
  EXPECT_EQ(mail.rcptTo, std::vector<std::string>{"alice@example.org"});
  EXPECT_TRUE(mail.tls);
  EXPECT_EQ(mail.authUser, kUser);
  EXPECT_EQ(mail.field("header.subject"), m.subject);
  EXPECT_EQ(mail.field("header.from"), "Switchboard Tests <noreply@example.com>");
  EXPECT_EQ(mail.field("header.to"), "alice@example.org");
  EXPECT_EQ(mail.field("header.reply-to"), "Support Team <support@example.com>");
  EXPECT_EQ(mail.field("header.message-id"), "<n-42@example.com>");
  EXPECT_EQ(mail.field("header.mime-version"), "1.0");
  EXPECT_FALSE(mail.field("header.date").empty());
  EXPECT_EQ(mail.field("content_type"), "multipart/alternative");
  ASSERT_EQ(mail.field("part.count"), "2");
  EXPECT_EQ(mail.field("part.0.content_type"), "text/plain");
  EXPECT_EQ(mail.field("part.0.charset"), "utf-8");
  EXPECT_EQ(unixLines(mail.field("part.0.body")), m.text);
  EXPECT_EQ(mail.field("part.1.content_type"), "text/html");
  EXPECT_EQ(unixLines(mail.field("part.1.body")), m.html);

  // On the wire: 7-bit clean, the subject as RFC 2047 encoded-words, no line over 76.
  EXPECT_NE(mail.raw.find("\r\nSubject: =?UTF-8?B?"), std::string::npos) << mail.raw;
  EXPECT_TRUE(std::all_of(mail.raw.begin(), mail.raw.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
  std::size_t longest = 0, start = 0;
  for (std::size_t end; (end = mail.raw.find("\r\n", start)) != std::string::npos; start = end + 2)
    longest = std::max(longest, end - start);
  EXPECT_LE(longest, 76u);
}

TEST_F(SmtpPluginTest, TextOnlyIsASingleTextPartAndHtmlOnlyASingleHtmlPart) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server)));
  OutboundMessage text = message("alice@example.org", "text-only");
  ASSERT_EQ(sendMessage(smtp, text).outcome.status, SB_OK);
  OutboundMessage html = message("alice@example.org", "html-only");
  html.text.clear();
  html.html = "<p>only html</p>";
  ASSERT_EQ(sendMessage(smtp, html).outcome.status, SB_OK);

  auto mails = server.messages();
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[0].field("content_type"), "text/plain");
  // A message always ends with a line break (the one before DATA's final dot).
  EXPECT_EQ(unixLines(mails[0].field("part.0.body")), "Hello there.\n");
  EXPECT_EQ(mails[0].field("header.subject"), "Hello");
  EXPECT_NE(mails[0].raw.find("\r\nSubject: Hello\r\n"), std::string::npos);  // ASCII stays readable
  EXPECT_EQ(mails[1].field("content_type"), "text/html");
  EXPECT_EQ(unixLines(mails[1].field("part.0.body")), "<p>only html</p>\n");
  EXPECT_EQ(mails[1].field("header.reply-to"), "");
}

TEST_F(SmtpPluginTest, AuthLoginAuthenticatesWhateverThePromptsSay) {
  // aiosmtpd prompts "User Name" / "Password", not the "Username:" Poco's LOGIN expects.
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server), "login"));
  SendResult result = sendMessage(smtp, message("alice@example.org"));
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  auto mails = server.messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].authUser, kUser);
}

TEST_F(SmtpPluginTest, WrongPasswordIsAPermanentProviderFailure) {
  SmtpServer server(authServer());
  for (const char* method : {"plain", "login"}) {
    Config config = configFor(server, {{"username", kUser}, {"password", "wrong"}, {"auth", method}});
    auto& smtp = start(config);
    SendResult result = sendMessage(smtp, message("alice@example.org"));
    EXPECT_EQ(result.outcome.status, SB_PERMANENT) << method << ": " << result.outcome.error;
    EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER) << method;
    EXPECT_NE(result.outcome.error.find("535"), std::string::npos) << result.outcome.error;
    EXPECT_EQ(result.outcome.error.find("wrong"), std::string::npos) << "the password must not leak into errors";
  }
  EXPECT_TRUE(server.messages().empty());
}

TEST_F(SmtpPluginTest, MissingAuthenticationIsAPermanentProviderFailure) {
  SmtpServer server(authServer());
  auto& smtp = start(configFor(server));  // no username: auth none; the server answers 530 to MAIL
  SendResult result = sendMessage(smtp, message("alice@example.org"));
  EXPECT_EQ(result.outcome.status, SB_PERMANENT) << result.outcome.error;
  EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(result.outcome.error.find("530"), std::string::npos) << result.outcome.error;
}

TEST_F(SmtpPluginTest, RejectedRecipientIsAPermanentRecipientFailure) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server)));
  SendResult result = sendMessage(smtp, message("bad-address@example.org"));
  EXPECT_EQ(result.outcome.status, SB_PERMANENT) << result.outcome.error;
  EXPECT_EQ(result.failure, SB_FAILURE_RECIPIENT);
  EXPECT_NE(result.outcome.error.find("550"), std::string::npos) << result.outcome.error;
  EXPECT_NE(result.outcome.error.find("RCPT TO"), std::string::npos) << result.outcome.error;
  // The instance carries on.
  EXPECT_EQ(sendMessage(smtp, message("alice@example.org")).outcome.status, SB_OK);
  EXPECT_EQ(server.messages().size(), 1u);
}

TEST_F(SmtpPluginTest, MalformedRecipientIsAPermanentRecipientFailureWithoutContactingTheServer) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server)));
  for (const char* recipient : {"no-at-sign", "alice@example.org\r\nRCPT TO:<x@y>", "", "jürgen@example.org"}) {
    SendResult result = sendMessage(smtp, message(recipient));
    EXPECT_EQ(result.outcome.status, SB_PERMANENT) << recipient;
    EXPECT_EQ(result.failure, SB_FAILURE_RECIPIENT) << recipient;
  }
  EXPECT_EQ(server.connectionCount(), 0);
}

TEST_F(SmtpPluginTest, TemporaryRecipientFailureIsRetried) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server)));
  SendResult result = sendMessage(smtp, message("later@example.org"));
  EXPECT_EQ(result.outcome.status, SB_RETRY) << result.outcome.error;
  EXPECT_NE(result.outcome.error.find("451"), std::string::npos) << result.outcome.error;
  EXPECT_TRUE(server.messages().empty());
}

TEST_F(SmtpPluginTest, RejectedSenderIsAPermanentProviderFailure) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server, {{"from", "bad-sender@example.com"}})));
  SendResult result = sendMessage(smtp, message("alice@example.org"));
  EXPECT_EQ(result.outcome.status, SB_PERMANENT) << result.outcome.error;
  EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(result.outcome.error.find("MAIL FROM"), std::string::npos) << result.outcome.error;
}

TEST_F(SmtpPluginTest, ServerGoingDownIsRetried) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server)));
  ASSERT_EQ(sendMessage(smtp, message("alice@example.org")).outcome.status, SB_OK);
  server.stop();  // the pooled connection dies with it, and the port refuses new ones
  SendResult result = sendMessage(smtp, message("alice@example.org", "n-2"));
  EXPECT_EQ(result.outcome.status, SB_RETRY) << result.outcome.error;
  EXPECT_NE(result.outcome.error.find("connect"), std::string::npos) << result.outcome.error;
}

TEST_F(SmtpPluginTest, NothingListeningIsRetried) {
  const int port = test::freeTcpPort();
  auto& smtp = start({{"host", "127.0.0.1"}, {"port", std::to_string(port)}, {"from", "noreply@example.com"}});
  SendResult result = sendMessage(smtp, message("alice@example.org"));
  EXPECT_EQ(result.outcome.status, SB_RETRY) << result.outcome.error;
  EXPECT_NE(result.outcome.error.find("refused"), std::string::npos) << result.outcome.error;
}

TEST_F(SmtpPluginTest, SilentServerIsRetriedWithinTheTimeoutEvenDuringTheTlsHandshake) {
  // Accepts TCP connections (the kernel does, from the backlog) and never says a word.
  Poco::Net::ServerSocket silent(Poco::Net::SocketAddress("127.0.0.1", 0));
  for (const char* tls : {"starttls_required", "implicit"}) {
    auto& smtp = start({{"host", "127.0.0.1"},
                        {"port", std::to_string(silent.address().port())},
                        {"tls", tls},
                        {"from", "noreply@example.com"},
                        {"timeout", "700ms"}});
    const auto began = std::chrono::steady_clock::now();
    SendResult result = sendMessage(smtp, message("alice@example.org"));
    const auto took = std::chrono::steady_clock::now() - began;
    EXPECT_EQ(result.outcome.status, SB_RETRY) << tls << ": " << result.outcome.error;
    EXPECT_NE(result.outcome.error.find("timeout"), std::string::npos) << result.outcome.error;
    EXPECT_LT(took, std::chrono::milliseconds(2500)) << tls;
  }
}

TEST_F(SmtpPluginTest, ImplicitTlsDelivers) {
  SmtpServer server(authServer(Tls::Implicit));
  auto& smtp = start(withAuth(configFor(server, {{"tls", "implicit"}})));
  SendResult result = sendMessage(smtp, message("alice@example.org"));
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error << "\n" << server.log();
  auto mails = server.messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_TRUE(mails[0].tls);
  EXPECT_EQ(mails[0].authUser, kUser);
}

TEST_F(SmtpPluginTest, ImplicitTlsAgainstAPlainTextPortIsAPermanentProviderFailure) {
  SmtpServer server(authServer());  // a STARTTLS port: it greets in plain text
  auto& smtp = start(withAuth(configFor(server, {{"tls", "implicit"}})));
  SendResult result = sendMessage(smtp, message("alice@example.org"));
  EXPECT_EQ(result.outcome.status, SB_PERMANENT) << result.outcome.error;
  EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(result.outcome.error.find("TLS handshake"), std::string::npos) << result.outcome.error;
}

TEST_F(SmtpPluginTest, UnknownCertificateAuthorityIsRefusedWithoutPrompting) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server, {{"ca_file", "<unset>"}})));  // the system's CAs only
  testing::internal::CaptureStdout();
  const auto began = std::chrono::steady_clock::now();
  SendResult result = sendMessage(smtp, message("alice@example.org"));
  const auto took = std::chrono::steady_clock::now() - began;
  const std::string printed = testing::internal::GetCapturedStdout();
  // Permanent for this provider: retrying the same server cannot fix its certificate.
  EXPECT_EQ(result.outcome.status, SB_PERMANENT) << result.outcome.error;
  EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(result.outcome.error.find("certificate verify failed"), std::string::npos) << result.outcome.error;
  EXPECT_EQ(printed, "") << "Poco's console certificate handler must never run";
  EXPECT_LT(took, std::chrono::seconds(4));
  EXPECT_TRUE(server.messages().empty());
}

TEST_F(SmtpPluginTest, CertificateForAnotherHostIsRefused) {
  SmtpServerOptions options = authServer();
  options.certificateNames = "DNS:mail.example.net";
  SmtpServer server(options);
  auto& smtp = start(withAuth(configFor(server)));  // trusts the certificate, but connects to "localhost"
  SendResult result = sendMessage(smtp, message("alice@example.org"));
  EXPECT_EQ(result.outcome.status, SB_PERMANENT) << result.outcome.error;
  EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER);
  EXPECT_TRUE(server.messages().empty());
}

TEST_F(SmtpPluginTest, IpAddressHostIsVerifiedAgainstTheCertificatesIpEntry) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server, {{"host", "127.0.0.1"}})));
  SendResult result = sendMessage(smtp, message("alice@example.org"));
  EXPECT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
}

TEST_F(SmtpPluginTest, TlsVerifyFalseAcceptsAnUnknownCertificate) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server, {{"ca_file", "<unset>"}, {"tls_verify", "false"}})));
  SendResult result = sendMessage(smtp, message("alice@example.org"));
  EXPECT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  ASSERT_EQ(server.messages().size(), 1u);
  EXPECT_TRUE(server.messages()[0].tls);
}

TEST_F(SmtpPluginTest, StartTlsRequiredRefusesAServerWithoutStartTls) {
  SmtpServerOptions options;
  options.tls = Tls::None;
  SmtpServer server(options);
  auto& smtp = start(configFor(server, {{"ca_file", "<unset>"}}));  // tls defaults to starttls_required
  SendResult result = sendMessage(smtp, message("alice@example.org"));
  EXPECT_EQ(result.outcome.status, SB_PERMANENT) << result.outcome.error;
  EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(result.outcome.error.find("STARTTLS"), std::string::npos) << result.outcome.error;
  EXPECT_TRUE(server.messages().empty());
}

TEST_F(SmtpPluginTest, StartTlsOptionalUsesTlsWhenOfferedAndPlainTextOtherwise) {
  SmtpServerOptions plainOptions;
  plainOptions.tls = Tls::None;
  SmtpServer plain(plainOptions);
  auto& toPlain = start(configFor(plain, {{"ca_file", "<unset>"}, {"tls", "starttls_optional"}}));
  ASSERT_EQ(sendMessage(toPlain, message("alice@example.org")).outcome.status, SB_OK);
  ASSERT_EQ(plain.messages().size(), 1u);
  EXPECT_FALSE(plain.messages()[0].tls);

  SmtpServer secure(authServer());
  auto& toSecure = start(withAuth(configFor(secure, {{"tls", "starttls_optional"}})));
  ASSERT_EQ(sendMessage(toSecure, message("alice@example.org")).outcome.status, SB_OK);
  ASSERT_EQ(secure.messages().size(), 1u);
  EXPECT_TRUE(secure.messages()[0].tls);
}

TEST_F(SmtpPluginTest, TlsOffSendsPlainText) {
  SmtpServerOptions options;
  options.tls = Tls::None;
  SmtpServer server(options);
  auto& smtp = start(configFor(server, {{"ca_file", "<unset>"}, {"tls", "off"}}));
  ASSERT_EQ(sendMessage(smtp, message("alice@example.org")).outcome.status, SB_OK);
  ASSERT_EQ(server.messages().size(), 1u);
  EXPECT_FALSE(server.messages()[0].tls);
}

TEST_F(SmtpPluginTest, ReusesOneAuthenticatedConnectionForConsecutiveMessages) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server)));
  for (int i = 0; i < 5; ++i) {
    SendResult result = sendMessage(smtp, message("alice@example.org", "n-" + std::to_string(i)));
    ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  }
  EXPECT_EQ(server.messages().size(), 5u);
  EXPECT_EQ(server.connectionCount(), 1);
  EXPECT_EQ(server.commandCount("RSET"), 4);  // between messages
}

TEST_F(SmtpPluginTest, ARejectedMessageDropsItsConnectionAndTheNextOneOpensAFreshOne) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server)));
  EXPECT_EQ(sendMessage(smtp, message("alice@example.org")).outcome.status, SB_OK);
  EXPECT_EQ(sendMessage(smtp, message("bad@example.org")).outcome.status, SB_PERMANENT);
  EXPECT_EQ(sendMessage(smtp, message("bob@example.org")).outcome.status, SB_OK);
  EXPECT_EQ(server.messages().size(), 2u);
  EXPECT_EQ(server.connectionCount(), 2);
}

TEST_F(SmtpPluginTest, ClosesIdleConnectionsAfterTheIdleTimeout) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server, {{"idle_timeout", "200ms"}})));
  ASSERT_EQ(sendMessage(smtp, message("alice@example.org", "n-1")).outcome.status, SB_OK);
  ASSERT_EQ(sendMessage(smtp, message("alice@example.org", "n-2")).outcome.status, SB_OK);
  EXPECT_EQ(server.connectionCount(), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  ASSERT_EQ(sendMessage(smtp, message("alice@example.org", "n-3")).outcome.status, SB_OK);
  EXPECT_EQ(server.connectionCount(), 2);
  // The idle connection was closed politely, with QUIT. (The server may see it a moment later.)
  for (int i = 0; i < 100 && server.commandCount("QUIT") == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(server.commandCount("QUIT"), 1);
}

TEST_F(SmtpPluginTest, IdleTimeoutZeroNeverKeepsAConnection) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server, {{"idle_timeout", "0s"}})));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(sendMessage(smtp, message("alice@example.org")).outcome.status, SB_OK);
  EXPECT_EQ(server.connectionCount(), 3);
}

TEST_F(SmtpPluginTest, ConcurrentSendsShareAtMostPoolSizeConnections) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server, {{"pool_size", "2"}, {"timeout", "20s"}})));
  ASSERT_TRUE(smtp.plugin().reentrant());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 4; ++i) {
        auto result = sendMessage(smtp, message("alice@example.org", "n-" + std::to_string(t) + "-" + std::to_string(i)));
        if (result.outcome.status == SB_OK) ++ok;
        else ADD_FAILURE() << result.outcome.error;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 24);
  EXPECT_EQ(server.messages().size(), 24u);
  EXPECT_LE(server.connectionCount(), 2);
}

TEST_F(SmtpPluginTest, ARetryOfTheSameNotificationKeepsItsMessageId) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server)));
  EXPECT_EQ(sendMessage(smtp, message("later@example.org", "ntf 7/é")).outcome.status, SB_RETRY);
  SendResult first = sendMessage(smtp, message("alice@example.org", "ntf 7/é"));
  SendResult second = sendMessage(smtp, message("alice@example.org", "ntf 7/é"));
  ASSERT_EQ(first.outcome.status, SB_OK);
  ASSERT_EQ(second.outcome.status, SB_OK);
  EXPECT_EQ(first.provider_message_id, second.provider_message_id);
  EXPECT_EQ(first.provider_message_id, "ntf=207/=C3=A9@example.com");
  auto mails = server.messages();
  ASSERT_EQ(mails.size(), 2u);
  EXPECT_EQ(mails[0].field("header.message-id"), "<" + first.provider_message_id + ">");
  EXPECT_EQ(mails[1].field("header.message-id"), mails[0].field("header.message-id"));
}

TEST_F(SmtpPluginTest, DeclaresItselfAReentrantBlockingChannelWithItsSchema) {
  SmtpServer server(authServer());
  auto& smtp = start(withAuth(configFor(server)));
  EXPECT_EQ(smtp.plugin().id(), "smtp");
  EXPECT_EQ(smtp.plugin().kind(), "channel");
  EXPECT_TRUE(smtp.plugin().reentrant());
  auto config = smtp.config().redacted();
  EXPECT_EQ(config->getValue<std::string>("password"), "***");
  EXPECT_EQ(config->getValue<std::string>("tls"), "starttls_required");
  EXPECT_EQ(config->getValue<std::string>("idle_timeout"), "30s");
  EXPECT_EQ(config->getValue<int>("pool_size"), 4);
}

struct BadConfig {
  Config config;
  std::string expected;  // in the problem's message
};

TEST_F(SmtpPluginTest, InvalidConfigKeepsTheInstanceFromStartingAndSaysWhy) {
  const std::vector<BadConfig> cases = {
      {{{"host", "localhost"}, {"from", "a@example.com"}, {"tls", "sometimes"}},
       "tls: 'sometimes' is not one of starttls_required, starttls_optional, off, implicit"},
      {{{"host", "localhost"}, {"from", "Switchboard <no-at-sign>"}}, "from: the address 'no-at-sign' has no @"},
      {{{"host", "localhost"}, {"from", "a@example.com"}, {"reply_to", "x@"}}, "reply_to: "},
      {{{"host", "localhost"}, {"from", "a@example.com"}, {"auth", "login"}}, "auth: 'login' needs a username"},
      {{{"host", "localhost"}, {"from", "a@example.com"}, {"username", "u"}}, "auth: 'plain' needs a password"},
      {{{"host", "localhost"}, {"from", "a@example.com"}, {"auth", "cram-md5"}}, "auth: 'cram-md5' is not one of"},
      {{{"host", "localhost"}, {"from", "a@example.com"}, {"port", "70000"}}, "port: 70000 is not a TCP port"},
      {{{"host", "localhost"}, {"from", "a@example.com"}, {"pool_size", "0"}}, "pool_size: must be between 1 and 100"},
      {{{"host", "localhost"}, {"from", "a@example.com"}, {"ca_file", "/nonexistent/ca.pem"}},
       "ca_file: cannot load '/nonexistent/ca.pem'"},
      {{{"from", "a@example.com"}}, "missing required key 'host'"},
      {{{"host", "localhost"}, {"from", "a@example.com"}, {"timeout", "soon"}}, "expected a duration"},
  };
  for (const auto& c : cases) {
    LoadReport report = load(c.config);
    ASSERT_EQ(report.problems.size(), 1u) << c.expected;
    EXPECT_NE(report.problems[0].format().find(c.expected), std::string::npos) << report.problems[0].format();
    EXPECT_EQ(registry_->instance("mail"), nullptr) << c.expected;
  }
}

TEST_F(SmtpPluginTest, ThePortDefaultsTo465ForImplicitTlsAnd587Otherwise) {
  // Nothing listens on either port here; the error names the port that was tried.
  auto& implicit = start({{"host", "127.0.0.1"}, {"tls", "implicit"}, {"from", "a@example.com"}, {"timeout", "1s"}});
  EXPECT_NE(sendMessage(implicit, message("alice@example.org")).outcome.error.find("127.0.0.1:465"), std::string::npos);
  auto& submission = start({{"host", "127.0.0.1"}, {"from", "a@example.com"}, {"timeout", "1s"}});
  EXPECT_NE(sendMessage(submission, message("alice@example.org")).outcome.error.find("127.0.0.1:587"),
            std::string::npos);
}

}  // namespace
}  // namespace sb::plugin
