// switchboard/plugin.hpp — header-only C++17 wrapper over the C ABI in plugin.h:
// a plugin author writes one class and one macro line.
//
//   class Console final : public switchboard::ChannelPlugin {
//    public:
//     static constexpr const char* id = "console";
//     static constexpr const char* version = "0.1.0";
//     static constexpr const char* description = "Writes messages into the host log.";
//     static constexpr uint32_t threading = SB_THREADING_REENTRANT;
//     static constexpr sb_config_field schema[] = {
//         switchboard::option::string("prefix", "Put before each line.").withDefault("[console]")};
//
//     Console(const switchboard::Host& host, const switchboard::Config& config);
//     switchboard::SendResult send(const switchboard::Message& message) override;
//   };
//   SWITCHBOARD_PLUGIN(Console);
//
// Errors: throw Retry / Permanent / InvalidConfig / Unsupported; any other exception
// becomes SB_INTERNAL with its what(). Nothing ever unwinds into the host: every
// function the host calls is noexcept and catches everything.
//
// Ownership: everything handed to your methods (Message, WebhookRequest, Dataset,
// RecommendRequest, RuleInput and their string_views) is borrowed for that call only;
// copy what you keep. Config copies its values, so keeping a Config is safe. The Host
// outlives your object, so keeping a `const Host&` is safe.
//
// Threading: this wrapper adds no locks. With SB_THREADING_REENTRANT the host may call
// one object from several threads at once, so your methods must be thread-safe; with
// SB_THREADING_SERIALIZED (the default) calls on one object never overlap.
//
// Nothing here runs in a static constructor: descriptors and tables are constexpr.
#ifndef SWITCHBOARD_PLUGIN_HPP
#define SWITCHBOARD_PLUGIN_HPP

#include <switchboard/plugin.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// The lowest host ABI minor this library needs; define it before including this header
// when you use something a later 1.x minor added.
#ifndef SWITCHBOARD_MIN_HOST_MINOR
#define SWITCHBOARD_MIN_HOST_MINOR 0
#endif

// SB_HAS_FIELD without C casts, so that plugins built with strict warnings
// (-Wold-style-cast) stay quiet.
#define SWITCHBOARD_DETAIL_HAS_FIELD(ptr, type, field) \
  ((ptr) != nullptr && (ptr)->struct_size >= offsetof(type, field) + sizeof(type::field))

// The wrapper, one concept per part (each needs what the ones before it declare).
#include <switchboard/cpp/errors.hpp>
#include <switchboard/cpp/config.hpp>
#include <switchboard/cpp/host.hpp>
#include <switchboard/cpp/payloads.hpp>
#include <switchboard/cpp/bases.hpp>
#include <switchboard/cpp/trampolines.hpp>

// Defines the library's one exported entry point. Use exactly once per library, at
// namespace scope, followed by a semicolon:
//   SWITCHBOARD_PLUGIN(Console);
//   SWITCHBOARD_PLUGINS(Popular, Boost);
// The host version is not checked here: the host refuses what it cannot load, naming
// both versions, which is a clearer message than a plugin that silently declines.
#define SWITCHBOARD_PLUGINS(...)                                                              \
  extern "C" SB_EXPORT const sb_library* switchboard_plugin_library_v1(uint16_t, uint16_t) noexcept { \
    return &::switchboard::detail::Library<__VA_ARGS__>::library;                            \
  }                                                                                           \
  static_assert(true, "")

#define SWITCHBOARD_PLUGIN(PluginClass) SWITCHBOARD_PLUGINS(PluginClass)

#endif  // SWITCHBOARD_PLUGIN_HPP
