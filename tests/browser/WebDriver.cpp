#include "browser/WebDriver.hpp"

#include "support/FreePort.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace sb::test {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// The key W3C uses for element references in JSON.
constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

Object::Ptr object(std::initializer_list<std::pair<std::string, Poco::Dynamic::Var>> fields) {
  Object::Ptr o = new Object;
  for (const auto& [k, v] : fields) o->set(k, v);
  return o;
}

Array::Ptr strings(const std::vector<std::string>& values) {
  Array::Ptr a = new Array;
  for (const auto& v : values) a->add(v);
  return a;
}

std::string tail(const std::string& text, size_t bytes = 4000) {
  return text.size() <= bytes ? text : "..." + text.substr(text.size() - bytes);
}

bool processAlive(pid_t pid) {
  if (pid <= 0 || kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  auto close = line.rfind(')');
  return close == std::string::npos || line.size() < close + 3 || line[close + 2] != 'Z';  // zombies are gone
}

}  // namespace

// --- Element ---------------------------------------------------------------------------------

std::string Element::path(const std::string& suffix) const { return "/element/" + id_ + suffix; }

std::string Element::text() const { return driver_->command("GET", path("/text")).toString(); }

std::optional<std::string> Element::attribute(const std::string& name) const {
  auto value = driver_->command("GET", path("/attribute/" + name));
  if (value.isEmpty()) return std::nullopt;
  return value.toString();
}

Poco::Dynamic::Var Element::property(const std::string& name) const {
  return driver_->command("GET", path("/property/" + name));
}

bool Element::hasClass(const std::string& name) const {
  Array::Ptr args = new Array;
  args->add(object({{kElementKey, id_}}));
  args->add(name);
  return driver_->execute("return arguments[0].classList.contains(arguments[1]);", args).convert<bool>();
}

bool Element::displayed() const { return driver_->command("GET", path("/displayed")).convert<bool>(); }

void Element::click() const { driver_->command("POST", path("/click"), new Object); }

void Element::sendKeys(const std::string& text) const {
  driver_->command("POST", path("/value"), object({{"text", text}}));
}

void Element::clear() const { driver_->command("POST", path("/clear"), new Object); }

Element Element::find(const std::string& css) const {
  return driver_->elementFrom(
      driver_->command("POST", path("/element"), object({{"using", "css selector"}, {"value", css}})));
}

std::vector<Element> Element::findAll(const std::string& css) const {
  return driver_->elementsFrom(
      driver_->command("POST", path("/elements"), object({{"using", "css selector"}, {"value", css}})));
}

// --- WebDriver -------------------------------------------------------------------------------

bool WebDriver::available(std::string* why, const WebDriverOptions& options) {
  for (const auto& binary : {options.chromium, options.chromedriver}) {
    if (access(binary.c_str(), X_OK) != 0) {
      if (why) {
        *why = binary + " is missing: install Chromium and its driver with "
                        "`apt-get install --no-install-recommends chromium chromium-driver`";
      }
      return false;
    }
  }
  return true;
}

WebDriver::WebDriver(WebDriverOptions options) : options_(std::move(options)) {
  std::string why;
  if (!available(&why, options_)) throw std::runtime_error("WebDriver: " + why);
  dir_ = std::make_unique<TempDir>("sb-webdriver");
  try {
    startDriver();
    startSession();
  } catch (...) {
    shutdown();
    throw;
  }
}

WebDriver::~WebDriver() { shutdown(); }

void WebDriver::startDriver() {
  // The port may be taken between freeTcpPort() and chromedriver's bind: try a few.
  std::string failure;
  for (int attempt = 0; attempt < 3; ++attempt) {
    port_ = freeTcpPort();
    // Output goes to a file, not a pipe: nobody would drain a pipe while the test runs, and
    // Chromium's stderr (inherited) could fill it and stall the browser. `exec` keeps the pid.
    // Its own session and process group, so whatever it leaves behind can be killed as one.
    ProcessOptions processOptions;
    processOptions.newSession = true;
    driver_ = std::make_unique<Subprocess>(
        std::vector<std::string>{"/bin/sh", "-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1", "sh",
                                 dir_->file("chromedriver.log"), options_.chromedriver,
                                 "--port=" + std::to_string(port_)},
        processOptions);
    const auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
    while (std::chrono::steady_clock::now() < deadline && processAlive(driver_->pid())) {
      try {
        auto status = request("GET", "/status", nullptr, std::chrono::seconds(2)).extract<Object::Ptr>();
        if (status && status->optValue<bool>("ready", false)) return;
      } catch (const std::exception&) {
        // not listening yet
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    failure = processAlive(driver_->pid()) ? "did not answer /status within " +
                                                  std::to_string(options_.start_timeout.count()) + " ms"
                                            : "exited";
    driver_.reset();  // kills and reaps it
  }
  throw std::runtime_error("WebDriver: " + options_.chromedriver + " " + failure + "; its log:\n" + tail(driverLog()));
}

void WebDriver::startSession() {
  std::vector<std::string> args{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--disable-background-networking", "--disable-dev-shm-usage",
                                // Our own profile folder: removed with dir_ even if Chromium is killed.
                                "--user-data-dir=" + dir_->file("profile")};
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  auto chrome = object({{"binary", options_.chromium}, {"args", strings(args)}});
  auto capabilities = object({{"browserName", "chrome"},
                              {"goog:chromeOptions", chrome},
                              {"goog:loggingPrefs", object({{"browser", "ALL"}})}});
  Poco::Dynamic::Var answer;
  try {
    answer = command("POST", "//session", object({{"capabilities", object({{"alwaysMatch", capabilities}})}}));
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("WebDriver: cannot start ") + options_.chromium + ": " + e.what() +
                             "\nchromedriver log:\n" + tail(driverLog()));
  }
  session_ = answer.extract<Object::Ptr>()->getValue<std::string>("sessionId");
  command("POST", "/timeouts", object({{"pageLoad", 30000}, {"script", 30000}, {"implicit", 0}}));
}

void WebDriver::shutdown() {
  if (!session_.empty()) {
    try {
      command("DELETE", "");  // Chromium exits
    } catch (const std::exception&) {
      // the process group is killed below anyway
    }
    session_.clear();
  }
  if (!driver_) return;
  const pid_t pid = driver_->pid();
  if (processAlive(pid)) {
    kill(pid, SIGTERM);
    try {
      driver_->wait(std::chrono::seconds(5));
    } catch (const std::exception&) {
      // wait() killed it
    }
  }
  // Anything still in chromedriver's process group (a Chromium that outlived its session).
  kill(-pid, SIGKILL);
  driver_.reset();
}

Poco::Dynamic::Var WebDriver::command(const std::string& method, const std::string& path, Object::Ptr body) {
  std::string full = path.rfind("//", 0) == 0 ? path.substr(1) : "/session/" + session_ + path;
  return request(method, full, body, options_.command_timeout);
}

Poco::Dynamic::Var WebDriver::request(const std::string& method, const std::string& path, const Object::Ptr& body,
                                      std::chrono::milliseconds timeout) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port_));
  session.setTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(timeout).count()));
  Poco::Net::HTTPRequest http(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  std::string payload;
  if (body) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(body, out);
    payload = out.str();
    http.setContentType("application/json; charset=utf-8");
    http.setContentLength64(static_cast<Poco::Int64>(payload.size()));
  }
  session.sendRequest(http) << payload;
  Poco::Net::HTTPResponse response;
  std::string text;
  Poco::StreamCopier::copyToString(session.receiveResponse(response), text);

  Object::Ptr answer;
  try {
    Poco::JSON::Parser parser;
    answer = parser.parse(text).extract<Object::Ptr>();
  } catch (const std::exception&) {
  }
  if (!answer) {
    throw WebDriverError("invalid answer", method + " " + path + " answered " + std::to_string(response.getStatus()) +
                                               ": " + tail(text, 500));
  }
  Poco::Dynamic::Var value = answer->get("value");
  if (response.getStatus() >= 400) {
    auto error = value.isEmpty() ? Object::Ptr() : value.extract<Object::Ptr>();
    std::string code = error ? error->optValue<std::string>("error", "unknown error") : "unknown error";
    std::string message = error ? error->optValue<std::string>("message", "") : text;
    throw WebDriverError(code, method + " " + path + ": " + message);
  }
  return value;
}

void WebDriver::navigate(const std::string& url) { command("POST", "/url", object({{"url", url}})); }

std::string WebDriver::currentUrl() { return command("GET", "/url").toString(); }

std::string WebDriver::title() { return command("GET", "/title").toString(); }

std::string WebDriver::pageSource() { return command("GET", "/source").toString(); }

Element WebDriver::elementFrom(const Poco::Dynamic::Var& value) {
  return Element(*this, value.extract<Object::Ptr>()->getValue<std::string>(kElementKey));
}

std::vector<Element> WebDriver::elementsFrom(const Poco::Dynamic::Var& value) {
  std::vector<Element> out;
  auto array = value.extract<Array::Ptr>();
  for (size_t i = 0; i < array->size(); ++i) out.push_back(elementFrom(array->get(static_cast<unsigned>(i))));
  return out;
}

Element WebDriver::find(const std::string& css) {
  return elementFrom(command("POST", "/element", object({{"using", "css selector"}, {"value", css}})));
}

std::vector<Element> WebDriver::findAll(const std::string& css) {
  return elementsFrom(command("POST", "/elements", object({{"using", "css selector"}, {"value", css}})));
}

std::optional<Element> WebDriver::tryFind(const std::string& css) {
  auto all = findAll(css);
  if (all.empty()) return std::nullopt;
  return all.front();
}

Poco::Dynamic::Var WebDriver::execute(const std::string& script, Array::Ptr args) {
  if (!args) args = new Array;
  return command("POST", "/execute/sync", object({{"script", script}, {"args", args}}));
}

bool WebDriver::waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                          std::chrono::milliseconds interval) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    try {
      if (condition()) return true;
    } catch (const WebDriverError&) {
      // not there yet, or replaced while we looked
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
}

Element WebDriver::waitFor(const std::string& css, std::chrono::milliseconds timeout) {
  std::optional<Element> found;
  if (!waitUntil([&] { return (found = tryFind(css)).has_value(); }, timeout))
    throw WebDriverError("timeout", "no element matches '" + css + "' after " + std::to_string(timeout.count()) + " ms");
  return *found;
}

std::string WebDriver::screenshotPng() {
  std::istringstream encoded(command("GET", "/screenshot").toString());
  Poco::Base64Decoder decoder(encoded);
  std::string png;
  Poco::StreamCopier::copyToString(decoder, png);
  return png;
}

size_t WebDriver::saveScreenshot(const std::string& path) {
  std::string png = screenshotPng();
  auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(png.data(), static_cast<std::streamsize>(png.size()));
  if (!out) throw std::runtime_error("cannot write screenshot " + path);
  return png.size();
}

void WebDriver::setWindowSize(int width, int height) {
  command("POST", "/window/rect", object({{"width", width}, {"height", height}}));
}

std::vector<std::string> WebDriver::browserLog() {
  std::vector<std::string> lines;
  try {
    auto entries = command("POST", "/se/log", object({{"type", "browser"}})).extract<Array::Ptr>();
    for (size_t i = 0; i < entries->size(); ++i) {
      auto entry = entries->getObject(static_cast<unsigned>(i));
      lines.push_back(entry->optValue<std::string>("level", "?") + " " + entry->optValue<std::string>("message", ""));
    }
  } catch (const std::exception& e) {
    lines.push_back(std::string("(no browser log: ") + e.what() + ")");
  }
  return lines;
}

std::string WebDriver::driverLog() const {
  if (!dir_) return "";
  std::ifstream in(dir_->file("chromedriver.log"));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace sb::test
