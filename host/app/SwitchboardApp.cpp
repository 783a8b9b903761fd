#include "app/SwitchboardApp.hpp"

#include "app/AdminKeyFile.hpp"
#include "app/PluginInfo.hpp"
#include "app/Switchboard.hpp"
#include "auth/ApiKeyService.hpp"
#include "auth/AuthRepository.hpp"
#include "config/ConfigError.hpp"
#include "config/ConfigLoader.hpp"
#include "config/ConfigReference.hpp"
#include "config/EmbeddedConfig.hpp"
#include "log/Logging.hpp"
#include "metrics/MetricsRegistry.hpp"
#include "notify/delivery/ProviderRouter.hpp"
#include "plugin/PluginRegistry.hpp"
#include "recommend/serving/RecommendationSetup.hpp"
#include "store/Database.hpp"
#include "store/StoreUrl.hpp"

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <spdlog/spdlog.h>

#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <iostream>

#include <pthread.h>

#ifndef SWITCHBOARD_VERSION
#define SWITCHBOARD_VERSION "0.0.0"
#endif

namespace sb::app {
namespace {

constexpr int kExitConfig = 78;  // EX_CONFIG (sysexits.h)
constexpr int kExitUsage = 64;   // EX_USAGE
constexpr int kExitSoftware = 70;

config::Settings loadSettings(const std::string& file) {
  if (file.empty()) {
    return config::loadConfigString(std::string(config::embeddedDefaultConfig()),
                                    std::string(config::kEmbeddedConfigName));
  }
  return config::loadConfigFile(file);
}

void printProblems(const std::vector<config::ConfigProblem>& problems) {
  for (const auto& p : problems) std::cerr << "error: " << p.format() << "\n";
}

}  // namespace

void SwitchboardApp::defineOptions(Poco::Util::OptionSet& options) {
  ServerApplication::defineOptions(options);
  using Poco::Util::Option;
  options.addOption(Option("config", "c", "read settings from FILE (default: the built-in config)")
                        .required(false).repeatable(false).argument("FILE"));
  options.addOption(Option("check-config", "", "validate the config and plugins, print every error, exit")
                        .required(false).repeatable(false));
  options.addOption(Option("migrate-only", "", "apply database migrations, create the admin key if there is none, and exit").required(false).repeatable(false));
  options.addOption(Option("print-config-reference", "", "print the settings reference (markdown) and exit")
                        .required(false).repeatable(false));
  options.addOption(Option("version", "v", "print the version and exit").required(false).repeatable(false));
  options.addOption(Option("help", "h", "show this help and exit").required(false).repeatable(false));
}

void SwitchboardApp::handleOption(const std::string& name, const std::string& value) {
  ServerApplication::handleOption(name, value);
  if (name == "config") config_file_ = value;
  if (name == "check-config") check_config_ = true;
  if (name == "migrate-only") migrate_only_ = true;
  if (name == "print-config-reference") print_reference_ = true;
  if (name == "version") version_ = true;
  if (name == "help") {
    help_ = true;
    stopOptionsProcessing();
  }
}

void SwitchboardApp::printHelp() const {
  Poco::Util::HelpFormatter help(options());
  help.setCommand("switchboard");
  help.setUsage("[--config FILE] [--check-config | --migrate-only]  |  plugin-info FILE.so");
  help.setHeader("Switchboard: notifications and recommendations server.");
  help.setFooter("Docs: docs/configuration.md, docs/plugin-guide.md. Stops gracefully on SIGTERM/SIGINT.");
  help.format(std::cout);
}

int SwitchboardApp::main(const std::vector<std::string>& args) {
  if (!args.empty() && args[0] == "plugin-info") {
    if (args.size() != 2) {
      std::cerr << "usage: switchboard plugin-info FILE.so\n";
      return kExitUsage;
    }
    return printPluginInfo(args[1], std::cout, std::cerr);
  }
  if (!args.empty()) {
    std::cerr << "switchboard: unknown command '" << args[0] << "' (commands: plugin-info; see --help)\n";
    return kExitUsage;
  }
  if (help_) {
    printHelp();
    return EXIT_OK;
  }
  if (version_) {
    std::cout << "switchboard " << SWITCHBOARD_VERSION << " (plugin ABI " << SB_ABI_MAJOR << "." << SB_ABI_MINOR << ")\n";
    return EXIT_OK;
  }
  if (print_reference_) {
    std::cout << config::configurationReferenceMarkdown();
    return EXIT_OK;
  }
  try {
    if (check_config_) return checkConfig();
    if (migrate_only_) return migrateOnly();
    return serve();
  } catch (const config::ConfigError& e) {
    printProblems(e.problems());
    std::cerr << "switchboard: configuration has " << e.problems().size() << " error(s); not starting\n";
    return kExitConfig;
  } catch (const std::exception& e) {
    std::cerr << "switchboard: " << e.what() << "\n";
    spdlog::critical("{}", e.what());
    log::shutdown();
    return kExitSoftware;
  }
}

int SwitchboardApp::checkConfig() {
  auto settings = loadSettings(config_file_);  // throws ConfigError with every problem
  std::vector<config::ConfigProblem> problems;
  try {
    store::StoreUrl::parse(settings.store.url);
  } catch (const std::exception& e) {
    problems.push_back({settings.source_file, 0, 0, "store.url", e.what()});
  }
  log::configure(config::LogSettings{"error", "console", "", false});
  metrics::MetricsRegistry metrics;
  plugin::PluginRegistry registry(metrics, plugin::HttpClientDefaults{});
  auto report = registry.load(settings.plugins);
  for (const auto& r : report.rejected) {
    problems.push_back({r.file, 0, 0, "plugins.paths", "plugin library refused: " + r.reason});
  }
  problems.insert(problems.end(), report.problems.begin(), report.problems.end());
  auto routeProblems = notify::ProviderRouter(settings.notifications).validate(registry);
  problems.insert(problems.end(), routeProblems.begin(), routeProblems.end());
  auto recommendationProblems = recommend::RecommendationSetup(settings.recommendations).validate(registry);
  problems.insert(problems.end(), recommendationProblems.begin(), recommendationProblems.end());
  for (const auto& w : report.warnings) std::cerr << "warning: " << w << "\n";
  if (!problems.empty()) {
    printProblems(problems);
    std::cerr << "switchboard: " << problems.size() << " error(s)\n";
    return kExitConfig;
  }
  std::cout << "configuration OK: " << settings.source_file << " (" << registry.plugins().size() << " plugins, "
            << registry.instances().size() << " instances)\n";
  return EXIT_OK;
}

int SwitchboardApp::migrateOnly() {
  auto settings = loadSettings(config_file_);
  log::configure(settings.log);
  settings.store.migrate_on_start = true;
  auto db = store::Database::open(settings.store);
  std::cout << "database " << db->describe() << " is at schema version " << db->schemaVersion() << "\n";
  // The package's postinst runs this as the service user, so the admin key file exists
  // (0600, owned by that user) before the first start. The key itself is never printed
  // here: this output ends up in apt's logs.
  auth::AuthRepository authRepository(*db);
  auth::ApiKeyService keys(authRepository, settings.auth.key_cache_ttl);
  if (auto issued = keys.bootstrapAdminKey()) {
    writeAdminKeyFile(settings.auth.admin_key_file, issued->plaintext);
    std::cout << "created the bootstrap admin key " << issued->record.id << "; written to "
              << settings.auth.admin_key_file << "\n";
  }
  log::shutdown();
  return EXIT_OK;
}

int SwitchboardApp::serve() {
  // Block the termination signals before any thread exists: every thread inherits the
  // mask, so SIGTERM reaches the sigwait loop below instead of killing the
  // process from whichever thread the kernel picked.
  sigset_t termination;
  sigemptyset(&termination);
  sigaddset(&termination, SIGINT);
  sigaddset(&termination, SIGTERM);
  sigaddset(&termination, SIGQUIT);
  sigaddset(&termination, SIGHUP);  // reload, taken by the same sigwait loop
  pthread_sigmask(SIG_BLOCK, &termination, nullptr);
  // A peer that closes its socket while we write must cost an EPIPE, not the process.
  std::signal(SIGPIPE, SIG_IGN);
  auto settings = loadSettings(config_file_);
  log::configure(settings.log);
  spdlog::info("switchboard {} starting with {}", SWITCHBOARD_VERSION, settings.source_file);
  std::string host = settings.server.host;
  std::string keyFile = settings.auth.admin_key_file;
  Switchboard server(std::move(settings));
  server.start();
  std::string shown = host == "0.0.0.0" ? "localhost" : host;
  std::cout << "switchboard listening on http://" << shown << ":" << server.port() << "\n";
  if (!server.newAdminKey().empty()) {
    std::cout << "bootstrap admin key (shown once; also in the admin key file): " << server.newAdminKey() << "\n";
  }
  if (std::filesystem::exists(keyFile)) {
    std::cout << "authenticate with: curl -H \"Authorization: Bearer $(cat " << keyFile << ")\" http://" << shown
              << ":" << server.port() << "/api/v1/plugins" << std::endl;
  } else {
    // Another instance sharing this store created the key (and wrote it next to itself).
    std::cout << "the admin key was created by another instance sharing this store; use the key it printed"
              << std::endl;
  }
  spdlog::info("listening on port {}", server.port());
  // Under systemd (Type=notify) the unit is started only now; elsewhere a no-op.
  sd_notifyf(0, "READY=1\nSTATUS=listening on port %d\nMAINPID=%lu", server.port(), static_cast<unsigned long>(getpid()));
  for (;;) {
    int signal = 0;
    if (sigwait(&termination, &signal) != 0) continue;
    if (signal != SIGHUP) break;
    // `systemctl reload` (ExecReload sends SIGHUP): re-read the config and the plugin folders.
    sd_notify(0, "RELOADING=1");
    auto result = server.reload();
    sd_notifyf(0, "READY=1\nSTATUS=listening on port %d; last reload %s", server.port(),
               result.applied ? "applied" : "refused (see the log)");
  }
  sd_notify(0, "STOPPING=1");
  spdlog::info("stopping: finishing in-flight requests");
  server.stop();
  spdlog::info("stopped");
  log::shutdown();
  return EXIT_OK;
}

}  // namespace sb::app
