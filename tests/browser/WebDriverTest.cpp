// The WebDriver client itself, against a page served by HttpPeer: no Switchboard needed.
#include "browser/WebDriver.hpp"
#include "support/HttpPeer.hpp"

#include <gtest/gtest.h>

#include <dirent.h>
#include <signal.h>

#include <fstream>
#include <sstream>

namespace sb::test {
namespace {

constexpr const char* kPage = R"(<!doctype html>
<html><head><title>WebDriver self-test</title></head><body>
<input id="name" value="">
<button id="greet" type="button" data-kind="primary">Greet</button>
<p id="out"></p>
<ul id="list"><li class="item">one</li><li class="item hidden" style="display:none">two</li></ul>
<script>
  document.getElementById("greet").addEventListener("click", () => {
    document.getElementById("out").textContent = "Hello, " + document.getElementById("name").value;
    setTimeout(() => { const p = document.createElement("p"); p.id = "late"; p.textContent = "later"; document.body.appendChild(p); }, 300);
  });
</script>
</body></html>)";

// Pids of processes whose command line mentions `needle`.
std::vector<int> processesMentioning(const std::string& needle) {
  std::vector<int> pids;
  DIR* proc = opendir("/proc");
  if (!proc) return pids;
  while (dirent* entry = readdir(proc)) {
    const std::string name = entry->d_name;
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in("/proc/" + name + "/cmdline");
    std::stringstream cmdline;
    cmdline << in.rdbuf();
    if (cmdline.str().find(needle) != std::string::npos) pids.push_back(std::stoi(name));
  }
  closedir(proc);
  return pids;
}

class WebDriverTest : public ::testing::Test {
 protected:
  HttpPeer peer{[](const RecordedRequest&) { return PeerResponse{200, kPage, "text/html; charset=utf-8", {}, {}}; }};
};

TEST_F(WebDriverTest, NavigatesTypesClicksAndReadsThePage) {
  WebDriver browser;
  browser.navigate(peer.baseUrl() + "/page");
  EXPECT_EQ(browser.title(), "WebDriver self-test");
  EXPECT_EQ(browser.currentUrl(), peer.baseUrl() + "/page");

  browser.find("#name").sendKeys("Ada");
  auto button = browser.find("#greet");
  EXPECT_EQ(button.text(), "Greet");
  EXPECT_EQ(button.attribute("data-kind").value_or(""), "primary");
  EXPECT_FALSE(button.attribute("data-missing").has_value());
  button.click();
  EXPECT_EQ(browser.find("#out").text(), "Hello, Ada");
  EXPECT_EQ(browser.find("#name").property("value").toString(), "Ada");

  auto late = browser.waitFor("#late", std::chrono::seconds(5));
  EXPECT_EQ(late.text(), "later");
}

TEST_F(WebDriverTest, FindsManyScopesToAnElementAndRunsScripts) {
  WebDriver browser;
  browser.navigate(peer.baseUrl() + "/");
  auto items = browser.find("#list").findAll("li.item");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_TRUE(items[0].displayed());
  EXPECT_FALSE(items[1].displayed());
  EXPECT_EQ(items[1].text(), "");  // rendered text: hidden elements have none
  EXPECT_TRUE(items[1].hasClass("hidden"));
  EXPECT_FALSE(items[0].hasClass("hidden"));
  EXPECT_FALSE(browser.tryFind("#nothing").has_value());

  Poco::JSON::Array::Ptr args = new Poco::JSON::Array;
  args->add(20);
  args->add(22);
  EXPECT_EQ(browser.execute("return arguments[0] + arguments[1];", args).convert<int>(), 42);
  EXPECT_EQ(browser.execute("return document.querySelectorAll('li').length;").convert<int>(), 2);
}

TEST_F(WebDriverTest, ReportsErrorsWithTheW3cCodeAndTimesOutWaiting) {
  WebDriver browser;
  browser.navigate(peer.baseUrl() + "/");
  try {
    browser.find("#nothing");
    FAIL() << "expected no such element";
  } catch (const WebDriverError& e) {
    EXPECT_EQ(e.error(), "no such element") << e.what();
  }
  EXPECT_THROW(browser.execute("throw new Error('boom');"), WebDriverError);
  auto started = std::chrono::steady_clock::now();
  EXPECT_FALSE(browser.waitUntil([] { return false; }, std::chrono::milliseconds(300)));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
  EXPECT_THROW(browser.waitFor("#nothing", std::chrono::milliseconds(200)), WebDriverError);
}

TEST_F(WebDriverTest, LeavesNoBrowserOrDriverProcessBehind) {
  std::string profile;
  pid_t driver = -1;
  {
    WebDriver browser;
    browser.navigate(peer.baseUrl() + "/");
    profile = browser.profileDir();
    driver = browser.driverPid();
    EXPECT_FALSE(processesMentioning(profile).empty()) << "the browser should be running with " << profile;
  }
  EXPECT_TRUE(processesMentioning(profile).empty()) << "Chromium processes outlived the WebDriver";
  EXPECT_NE(kill(driver, 0), 0) << "chromedriver outlived the WebDriver";
}

TEST_F(WebDriverTest, MissingBinariesAreNamedWithTheFix) {
  WebDriverOptions options;
  options.chromedriver = "/nonexistent/chromedriver";
  std::string why;
  EXPECT_FALSE(WebDriver::available(&why, options));
  EXPECT_NE(why.find("/nonexistent/chromedriver"), std::string::npos) << why;
  try {
    WebDriver browser(options);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("apt-get install"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sb::test
