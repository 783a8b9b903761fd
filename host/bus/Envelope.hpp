// Envelope: the wire form of a bus message on Redis — the payload tagged with the instance
// that published it, so an instance can skip its own messages when Redis echoes them back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sb::bus {

struct Envelope {
  std::string origin;   // instance id of the publisher
  std::string payload;  // what Bus::publish was given, byte for byte
};

// "sb1:" <origin length in decimal> ":" <origin> <payload>. Length-prefixed so that any
// origin and any payload (binary, colons, newlines) round-trip; the "sb1" tag lets a later
// format coexist with this one during a rolling upgrade.
std::string encodeEnvelope(std::string_view origin, std::string_view payload);

// Empty for anything that is not an "sb1" envelope (another format version, or a message
// some other client PUBLISHed by hand).
std::optional<Envelope> decodeEnvelope(std::string_view message);

}  // namespace sb::bus
