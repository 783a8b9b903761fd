#include "log/Logging.hpp"

#include "log/JsonFormatter.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>

namespace sb::log {
namespace {

std::mutex g_mutex;
std::vector<spdlog::sink_ptr> g_sinks;
std::atomic<bool> g_json{false};
spdlog::level::level_enum g_level = spdlog::level::info;
constexpr const char* kConsolePattern = "%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ [%n] %v";

std::shared_ptr<spdlog::logger> makeLogger(const std::string& name) {
  // Async with a blocking overflow policy: request threads never wait on the terminal
  // or disk, and no line is dropped when the queue fills.
  auto logger = std::make_shared<spdlog::async_logger>(name, g_sinks.begin(), g_sinks.end(),
                                                       spdlog::thread_pool(),
                                                       spdlog::async_overflow_policy::block);
  logger->set_level(g_level);
  logger->flush_on(spdlog::level::warn);
  if (g_json) {
    logger->set_formatter(std::make_unique<JsonFormatter>());
  } else {
    logger->set_pattern(kConsolePattern);
  }
  return logger;
}

}  // namespace

void configure(const config::LogSettings& settings) {
  std::lock_guard lock(g_mutex);
  if (!spdlog::thread_pool()) spdlog::init_thread_pool(16384, 1);
  g_json = settings.format == "json";
  g_level = spdlog::level::from_str(settings.level);
  g_sinks.clear();
  if (settings.file.empty()) {
    g_sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  } else {
    g_sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(settings.file));
  }
  spdlog::drop_all();
  auto main = makeLogger("switchboard");
  spdlog::register_logger(main);
  spdlog::set_default_logger(main);
  auto access = makeLogger("access");
  if (!settings.access_log) access->set_level(spdlog::level::off);
  spdlog::register_logger(access);
  spdlog::flush_every(std::chrono::seconds(1));
}

std::shared_ptr<spdlog::logger> named(const std::string& name) {
  std::lock_guard lock(g_mutex);
  if (auto existing = spdlog::get(name)) return existing;
  if (g_sinks.empty()) return spdlog::default_logger();
  auto logger = makeLogger(name);
  spdlog::register_logger(logger);
  return logger;
}

bool jsonFormat() { return g_json; }

void shutdown() {
  spdlog::shutdown();
}

}  // namespace sb::log
