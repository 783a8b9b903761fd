// WebDriver: a small W3C WebDriver client for browser tests. It starts its own chromedriver
// (which starts a headless Chromium), speaks JSON over HTTP to it, and on destruction ends the
// session and every process it started.
#pragma once

#include "support/Subprocess.hpp"
#include "support/TempDir.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sb::test {

// A command the browser refused: `error` is the W3C error code ("no such element", ...).
class WebDriverError : public std::runtime_error {
 public:
  WebDriverError(std::string error, const std::string& message)
      : std::runtime_error(error + ": " + message), error_(std::move(error)) {}
  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

struct WebDriverOptions {
  std::string chromium = "/usr/bin/chromium";
  std::string chromedriver = "/usr/bin/chromedriver";
  std::vector<std::string> extra_args;  // more Chromium switches
  std::chrono::milliseconds start_timeout{30000};
  std::chrono::milliseconds command_timeout{60000};  // one HTTP call to chromedriver
};

class WebDriver;

// A reference to an element in the current page. Calls throw WebDriverError with
// "stale element reference" once the page changed under it.
class Element {
 public:
  Element(WebDriver& driver, std::string id) : driver_(&driver), id_(std::move(id)) {}
  const std::string& id() const { return id_; }

  std::string text() const;  // rendered text, as a user sees it ("" when hidden)
  std::optional<std::string> attribute(const std::string& name) const;
  Poco::Dynamic::Var property(const std::string& name) const;
  bool hasClass(const std::string& name) const;
  bool displayed() const;
  void click() const;
  void sendKeys(const std::string& text) const;
  void clear() const;
  // Descendants matching a CSS selector.
  Element find(const std::string& css) const;
  std::vector<Element> findAll(const std::string& css) const;

 private:
  std::string path(const std::string& suffix) const;
  WebDriver* driver_;
  std::string id_;
};

class WebDriver {
 public:
  // Whether chromium and chromedriver are installed; `why` says what is missing and how to get it.
  static bool available(std::string* why = nullptr, const WebDriverOptions& options = {});

  // Starts chromedriver and a headless session. Throws std::runtime_error with a clear
  // message when a binary is missing or does not start.
  explicit WebDriver(WebDriverOptions options = {});
  // Deletes the session (Chromium exits), stops chromedriver, and kills anything left of both.
  ~WebDriver();
  WebDriver(const WebDriver&) = delete;
  WebDriver& operator=(const WebDriver&) = delete;

  void navigate(const std::string& url);
  std::string currentUrl();
  std::string title();
  std::string pageSource();

  Element find(const std::string& css);  // throws WebDriverError "no such element"
  std::vector<Element> findAll(const std::string& css);
  std::optional<Element> tryFind(const std::string& css);

  // Runs `script` as a function body in the page; `arguments[i]` are `args`. Returns what
  // the script returns (objects as Poco::JSON::Object::Ptr, arrays as Array::Ptr).
  Poco::Dynamic::Var execute(const std::string& script, Poco::JSON::Array::Ptr args = nullptr);

  // Polls `condition` until it returns true or `timeout` passes; a WebDriverError inside the
  // condition (an element not there yet, or replaced) counts as false.
  bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                 std::chrono::milliseconds interval = std::chrono::milliseconds(100));
  // Waits for an element to exist; throws WebDriverError "timeout" naming the selector.
  Element waitFor(const std::string& css, std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // The current viewport as PNG bytes (W3C "Take Screenshot", decoded from base64).
  std::string screenshotPng();
  // Writes screenshotPng() to `path`, creating its folders; returns the bytes written.
  size_t saveScreenshot(const std::string& path);
  // The window's outer size in CSS pixels (headless Chromium starts at 800x600).
  void setWindowSize(int width, int height);

  // The page's console messages since the last call ("LEVEL message" lines); for failure output.
  std::vector<std::string> browserLog();
  // chromedriver's own log (and Chromium's stderr).
  std::string driverLog() const;
  pid_t driverPid() const { return driver_ ? driver_->pid() : -1; }
  // The browser profile folder (on Chromium's command line: tests find leftover processes by it).
  std::string profileDir() const { return dir_->file("profile"); }

  // One command: method, path under /session/{id} (or absolute when it starts with "//"),
  // JSON body. Returns the `value` of the answer; throws WebDriverError on an error answer.
  Poco::Dynamic::Var command(const std::string& method, const std::string& path,
                             Poco::JSON::Object::Ptr body = nullptr);

 private:
  friend class Element;
  void startDriver();
  void startSession();
  void shutdown();
  Poco::Dynamic::Var request(const std::string& method, const std::string& path, const Poco::JSON::Object::Ptr& body,
                             std::chrono::milliseconds timeout);
  Element elementFrom(const Poco::Dynamic::Var& value);
  std::vector<Element> elementsFrom(const Poco::Dynamic::Var& value);

  WebDriverOptions options_;
  std::unique_ptr<TempDir> dir_;  // chromedriver log and the browser profile
  std::unique_ptr<Subprocess> driver_;
  int port_ = 0;
  std::string session_;
};

}  // namespace sb::test
