#include "support/SmtpServer.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/FreePort.hpp"

namespace sb::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPython = "/usr/bin/python3";  // Debian's, which has python3-aiosmtpd
constexpr int kStartAttempts = 5;                     // a free port may be taken before the server binds it
constexpr auto kStartTimeout = std::chrono::seconds(30);

std::string findOpenssl() {
  for (const char* path : {"/usr/bin/openssl", "/bin/openssl"})
    if (access(path, X_OK) == 0) return path;
  return {};
}

// smtp_server.py lives next to this file; SB_SMTP_SERVER_SCRIPT overrides it.
std::string scriptPath() {
  const char* fromEnv = std::getenv("SB_SMTP_SERVER_SCRIPT");
  if (fromEnv != nullptr && *fromEnv != '\0') return fromEnv;
  return (fs::path(__FILE__).parent_path() / "smtp_server.py").string();
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string percentDecode(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string ReceivedMail::field(const std::string& key) const {
  auto it = fields.find(key);
  return it == fields.end() ? std::string() : it->second;
}

bool SmtpServer::available(std::string* why) {
  auto no = [why](std::string reason) {
    if (why != nullptr) *why = std::move(reason);
    return false;
  };
  if (access(kPython, X_OK) != 0) return no(std::string(kPython) + " not found (install python3)");
  if (findOpenssl().empty()) return no("openssl not found (install openssl)");
  if (access(scriptPath().c_str(), R_OK) != 0) return no(scriptPath() + " not found");
  static const bool importable = [] {
    try {
      return runProcess({kPython, "-c", "import aiosmtpd.controller"}, std::chrono::seconds(30)).exitCode == 0;
    } catch (const std::exception&) {
      return false;
    }
  }();
  if (!importable) return no(std::string(kPython) + " cannot import aiosmtpd (install python3-aiosmtpd)");
  return true;
}

SmtpServer::SmtpServer(SmtpServerOptions options) : options_(std::move(options)), outDir_(dir_.file("out")) {
  fs::create_directory(outDir_);
  if (options_.tls != SmtpServerOptions::Tls::None) {
    auto result = runProcess({findOpenssl(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                              "/CN=localhost", "-addext", "subjectAltName=" + options_.certificateNames, "-keyout",
                              dir_.file("key.pem"), "-out", dir_.file("cert.pem")},
                             std::chrono::seconds(60));
    if (result.exitCode != 0) throw std::runtime_error("openssl req failed:\n" + result.output);
  }
  std::string failure;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt)
    if (tryStart(&failure)) return;
  throw std::runtime_error("the SMTP test server did not start: " + failure + "\nlog:\n" + log());
}

SmtpServer::~SmtpServer() { stop(); }

bool SmtpServer::tryStart(std::string* failure) {
  fs::remove(fs::path(outDir_) / "ready");
  fs::remove(fs::path(outDir_) / "failed");
  port_ = freeTcpPort();
  std::vector<std::string> argv = {kPython, scriptPath(), "--port", std::to_string(port_), "--dir", outDir_};
  switch (options_.tls) {
    case SmtpServerOptions::Tls::StartTls: argv.insert(argv.end(), {"--tls", "starttls"}); break;
    case SmtpServerOptions::Tls::Implicit: argv.insert(argv.end(), {"--tls", "implicit"}); break;
    case SmtpServerOptions::Tls::None: argv.insert(argv.end(), {"--tls", "none"}); break;
  }
  if (options_.tls != SmtpServerOptions::Tls::None)
    argv.insert(argv.end(), {"--cert", dir_.file("cert.pem"), "--key", dir_.file("key.pem")});
  if (options_.requireStartTls) argv.push_back("--require-starttls");
  if (!options_.user.empty()) argv.insert(argv.end(), {"--user", options_.user, "--password", options_.password});

  ProcessOptions processOptions;
  processOptions.pipeStdin = true;  // EOF when we go away: the server exits
  process_ = std::make_unique<Subprocess>(argv, processOptions);

  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(fs::path(outDir_) / "ready")) return true;
    if (fs::exists(fs::path(outDir_) / "failed")) {
      *failure = readFile(fs::path(outDir_) / "failed");
      try {
        process_->wait(std::chrono::seconds(10));
      } catch (const std::exception&) {
      }
      process_.reset();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  process_.reset();
  throw std::runtime_error("the SMTP test server did not get ready within " +
                           std::to_string(kStartTimeout.count()) + " s\nlog:\n" + log());
}

void SmtpServer::stop() {
  if (!process_) return;
  process_.reset();  // SIGKILL and reap
}

std::vector<ReceivedMail> SmtpServer::messages() const {
  std::vector<fs::path> metas;
  for (const auto& entry : fs::directory_iterator(outDir_))
    if (entry.path().extension() == ".meta" && entry.path().filename().string().rfind("msg-", 0) == 0)
      metas.push_back(entry.path());
  std::sort(metas.begin(), metas.end());
  std::vector<ReceivedMail> mails;
  for (const fs::path& meta : metas) {
    ReceivedMail mail;
    std::istringstream lines(readFile(meta));
    for (std::string line; std::getline(lines, line);) {
      const auto space = line.find(' ');
      if (space == std::string::npos) continue;
      const std::string key = line.substr(0, space);
      const std::string value = percentDecode(line.substr(space + 1));
      if (key == "mail_from") mail.mailFrom = value;
      else if (key == "rcpt_to") mail.rcptTo.push_back(value);
      else if (key == "tls") mail.tls = value == "1";
      else if (key == "auth_user") mail.authUser = value;
      else mail.fields.emplace(key, value);
    }
    fs::path eml = meta;
    eml.replace_extension(".eml");
    mail.raw = readFile(eml);
    mails.push_back(std::move(mail));
  }
  return mails;
}

int SmtpServer::connectionCount() const {
  std::istringstream lines(readFile(fs::path(outDir_) / "connections"));
  int count = 0;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) ++count;
  return count;
}

int SmtpServer::commandCount(const std::string& verb) const {
  std::istringstream lines(readFile(fs::path(outDir_) / "commands"));
  int count = 0;
  for (std::string line; std::getline(lines, line);)
    if (line == verb) ++count;
  return count;
}

std::string SmtpServer::log() const { return readFile(fs::path(outDir_) / "server.log"); }

}  // namespace sb::test
