#include "bus/Envelope.hpp"

#include <charconv>

namespace sb::bus {
namespace {

constexpr std::string_view kTag = "sb1:";

}  // namespace

std::string encodeEnvelope(std::string_view origin, std::string_view payload) {
  std::string message;
  message.reserve(kTag.size() + 8 + origin.size() + payload.size());
  message.append(kTag).append(std::to_string(origin.size())).append(":");
  message.append(origin).append(payload);
  return message;
}

std::optional<Envelope> decodeEnvelope(std::string_view message) {
  if (!message.starts_with(kTag)) return std::nullopt;
  message.remove_prefix(kTag.size());
  std::size_t length = 0;
  const auto [end, error] = std::from_chars(message.data(), message.data() + message.size(), length);
  if (error != std::errc() || end == message.data() || end == message.data() + message.size() || *end != ':')
    return std::nullopt;
  message.remove_prefix(static_cast<std::size_t>(end - message.data()) + 1);
  if (length > message.size()) return std::nullopt;
  return Envelope{std::string(message.substr(0, length)), std::string(message.substr(length))};
}

}  // namespace sb::bus
