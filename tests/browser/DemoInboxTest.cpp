// The inbox demo page end to end: the real binary serves /demo/inbox, a headless Chromium
// opens it with an end-user token, and notifications sent over the REST API appear live.
#include "browser/WebDriver.hpp"
#include "integration/SwitchboardServer.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <iostream>
#include <memory>
#include <set>
#include <thread>

namespace sb::test {
namespace {

using Poco::JSON::Object;
using namespace std::chrono_literals;


std::string quoted(const std::string& text) {  // a JSON string literal
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

class DemoInboxTest : public ::testing::Test {
 protected:
  // One server for the suite; each test has its own user.
  static void SetUpTestSuite() {
    server_ = new SwitchboardServer();
    auto created = server_->post("/api/v1/keys", R"({"name":"demo-test","role":"service"})", server_->adminKey());
    ASSERT_EQ(created.status, 201) << created.body;
    key_ = json(created.body)->getValue<std::string>("key");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void TearDown() override {
    if (HasFailure() && browser) {
      for (const auto& line : browser->browserLog()) std::cerr << "browser: " << line << "\n";
      std::string log = server().output();
      std::cerr << "server log (tail):\n" << log.substr(log.size() > 6000 ? log.size() - 6000 : 0) << "\n";
    }
  }

  SwitchboardServer& server() { return *server_; }

  // Creates the user and returns a 10-minute end-user token for them.
  std::string userToken(const std::string& user) {
    auto put = httpRequest(server().port(), "PUT", "/api/v1/users/" + user, {{"Authorization", "Bearer " + key_}}, "{}");
    EXPECT_LT(put.status, 300) << put.body;
    auto token = server().post("/api/v1/tokens", R"({"user_id":")" + user + R"(","ttl_seconds":600})", key_);
    EXPECT_EQ(token.status, 201) << token.body;
    return json(token.body)->getValue<std::string>("token");
  }

  // Sends an in-app notification and returns its id.
  std::string send(const std::string& user, const std::string& title, const std::string& body) {
    auto r = server().post("/api/v1/notifications",
                           R"({"user_id":")" + user + R"(","channels":["inapp"],"content":{"subject":)" + quoted(title) +
                               R"(,"text":)" + quoted(body) + "}}",
                           key_);
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 ? json(r.body)->getValue<std::string>("id") : "";
  }

  int64_t serverUnreadCount(const std::string& user, const std::string& token) {
    auto r = httpRequest(server().port(), "GET", "/api/v1/users/" + user + "/inbox/count",
                         {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? json(r.body)->getValue<int64_t>("unread") : -1;
  }

  std::string pageUrl() { return "http://127.0.0.1:" + std::to_string(server().port()) + "/demo/inbox"; }

  void openInbox(const std::string& token) {
    browser->navigate(pageUrl() + "#token=" + token);
    expectStatus("live");
  }

  void expectStatus(const std::string& status) {
    bool reached = browser->waitUntil([&] { return browser->find("#status").text() == status; }, 15s);
    ASSERT_TRUE(reached) << "status is '" << browser->find("#status").text() << "', not '" << status
                         << "'; message: " << browser->find("#message").text();
  }

  std::string badge() { return browser->find("#unread-badge").text(); }
  bool badgeBecomes(const std::string& value) { return browser->waitUntil([&] { return badge() == value; }, 10s); }

  std::vector<Element> items() { return browser->findAll("#inbox li.notification"); }
  Element item(const std::string& id) { return browser->waitFor("#inbox li.notification[data-id=\"" + id + "\"]"); }
  std::vector<std::string> itemIds() {
    std::vector<std::string> ids;
    for (const auto& li : items()) ids.push_back(li.attribute("data-id").value_or(""));
    return ids;
  }

  static SwitchboardServer* server_;
  static std::string key_;
  std::unique_ptr<WebDriver> browser = std::make_unique<WebDriver>();
};

SwitchboardServer* DemoInboxTest::server_ = nullptr;
std::string DemoInboxTest::key_;

TEST_F(DemoInboxTest, PageIsPublicWithAStrictContentSecurityPolicy) {
  auto page = httpRequest(server().port(), "GET", "/demo/inbox");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
  EXPECT_EQ(page.headers["content-security-policy"],
            "default-src 'self'; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self' 'unsafe-inline'");
  EXPECT_EQ(page.headers["x-content-type-options"], "nosniff");
  EXPECT_NE(page.body.find("id=\"inbox\""), std::string::npos);
  for (const char* external : {"http://", "https://", "//cdn"})
    EXPECT_EQ(page.body.find(external), std::string::npos) << "the page must be self-contained: " << external;
}

TEST_F(DemoInboxTest, LiveNotificationsAppearAndReadingKeepsTheBadgeAndServerInStep) {
  std::string token = userToken("alice");
  openInbox(token);
  EXPECT_EQ(badge(), "0");
  EXPECT_EQ(browser->currentUrl(), pageUrl()) << "the token should leave the address bar";

  std::string first = send("alice", "Hello", "First");
  std::string second = send("alice", "Again", "Second");
  auto one = item(first);
  auto two = item(second);
  EXPECT_EQ(one.find(".title").text(), "Hello");
  EXPECT_EQ(one.find(".body").text(), "First");
  EXPECT_EQ(two.find(".title").text(), "Again");
  EXPECT_EQ(two.find(".body").text(), "Second");
  EXPECT_TRUE(one.hasClass("unread"));
  EXPECT_TRUE(two.hasClass("unread"));
  EXPECT_EQ(itemIds(), (std::vector<std::string>{second, first})) << "newest first";
  EXPECT_TRUE(badgeBecomes("2")) << badge();

  one.find(".mark-read").click();
  EXPECT_TRUE(browser->waitUntil([&] { return !one.hasClass("unread"); }));
  EXPECT_TRUE(badgeBecomes("1")) << badge();
  EXPECT_TRUE(browser->waitUntil([&] { return serverUnreadCount("alice", token) == 1; }, 10s))
      << serverUnreadCount("alice", token);
  std::this_thread::sleep_for(300ms);  // the server's unread_count answer must agree
  EXPECT_EQ(badge(), "1");
  EXPECT_TRUE(two.hasClass("unread"));

  browser->find("#mark-all-read").click();
  EXPECT_TRUE(badgeBecomes("0")) << badge();
  EXPECT_TRUE(browser->waitUntil([&] { return !two.hasClass("unread"); }));
  EXPECT_EQ(serverUnreadCount("alice", token), 0);

  // The token went as a WebSocket subprotocol: no URL, so no access-log line, carried it.
  EXPECT_EQ(server().output().find(token), std::string::npos);
}

TEST_F(DemoInboxTest, NotificationSentWhileThePageWasClosedShowsOnReturnOnce) {
  std::string token = userToken("bob");
  openInbox(token);
  std::string before = send("bob", "Before", "seen live");
  item(before);

  browser->navigate("about:blank");
  std::string away = send("bob", "While away", "missed");
  openInbox(token);
  item(away);
  EXPECT_EQ(item(away).find(".title").text(), "While away");
  EXPECT_TRUE(badgeBecomes("2")) << badge();
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(itemIds(), (std::vector<std::string>{away, before}));
}

TEST_F(DemoInboxTest, ReconnectingCatchesUpWithoutDuplicates) {
  std::string token = userToken("carol");
  openInbox(token);
  std::string one = send("carol", "One", "1");
  item(one);

  // A manual reconnect (same token) keeps the list and asks only for what came since.
  browser->find("#disconnect").click();
  expectStatus("disconnected");
  std::string two = send("carol", "Two", "2");
  browser->find("#connect").click();
  expectStatus("live");
  EXPECT_EQ(item(two).find(".body").text(), "2");
  EXPECT_TRUE(badgeBecomes("2")) << badge();

  // The connection drops under the page: it says so, comes back by itself, and catches up.
  // Record every status the page shows; catch the page's socket as it sends its next frame.
  browser->execute(R"(
    window.statuses = [];
    new MutationObserver(() => window.statuses.push(document.getElementById('status').textContent))
      .observe(document.getElementById('status'), {childList: true, characterData: true, subtree: true});
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) { window.pageSocket = this; return send.call(this, data); };)");
  item(one).find(".mark-read").click();
  EXPECT_TRUE(badgeBecomes("1")) << badge();
  ASSERT_TRUE(browser->waitUntil([&] { return browser->execute("return !!window.pageSocket;").convert<bool>(); }));
  browser->execute("window.pageSocket.close(4000, 'test');");
  std::string three = send("carol", "Three", "3");
  EXPECT_TRUE(browser->waitUntil(
      [&] { return browser->execute("return window.statuses.join(',');").toString().find("reconnecting,live") != std::string::npos; },
      15s))
      << browser->execute("return window.statuses.join(',');").toString();
  EXPECT_EQ(item(three).find(".title").text(), "Three");
  EXPECT_TRUE(badgeBecomes("2")) << badge();
  std::this_thread::sleep_for(300ms);
  auto ids = itemIds();
  EXPECT_EQ(ids, (std::vector<std::string>{three, two, one}));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "duplicate items";
}

TEST_F(DemoInboxTest, MarkupInNotificationsIsShownAsText) {
  std::string token = userToken("dave");
  openInbox(token);
  std::string title = "<script>window.injected = 1</script>";
  std::string body = "<img src=x onerror=\"window.injected = 2\"><b>bold</b>";
  std::string id = send("dave", title, body);
  auto li = item(id);
  EXPECT_EQ(li.find(".title").text(), title);
  EXPECT_EQ(li.find(".body").text(), body);
  EXPECT_TRUE(li.findAll("script, img, b").empty());
  std::this_thread::sleep_for(200ms);
  EXPECT_TRUE(browser->execute("return window.injected === undefined;").convert<bool>());
}

TEST_F(DemoInboxTest, ARefusedTokenStopsReconnectingAndSaysSo) {
  // Well-formed, unexpired, but not signed with the server's secret.
  const std::string forged =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
      "eyJzdWIiOiJtYWxsb3J5IiwidGVuYW50IjoiZGVmYXVsdCIsImV4cCI6NDEwMjQ0NDgwMH0.c2lnbmF0dXJl";
  browser->navigate(pageUrl() + "#token=" + forged);
  expectStatus("disconnected");
  EXPECT_NE(browser->find("#message").text().find("refused"), std::string::npos) << browser->find("#message").text();
  EXPECT_TRUE(items().empty());
}

}  // namespace
}  // namespace sb::test
