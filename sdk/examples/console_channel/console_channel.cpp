// console: a development channel that "sends" by writing each message into the host log.
// The simplest plugin to copy: one class, a schema, one macro line.
#include <switchboard/plugin.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace {

// The first `limit` characters (UTF-8 code points, not bytes) of `text`, on one line.
std::string excerpt(std::string_view text, std::size_t limit) {
  std::string out;
  std::size_t chars = 0;
  for (char c : text) {
    bool starts_char = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_char && chars++ == limit) break;
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

class ConsoleChannel final : public switchboard::ChannelPlugin {
 public:
  static constexpr const char* id = "console";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description = "Development channel: writes each message into the host log.";
  // send() only reads state fixed in the constructor, so concurrent calls are safe.
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;
  static constexpr sb_config_field schema[] = {
      switchboard::option::string("prefix", "Text put before each logged message.").withDefault("[console]"),
      switchboard::option::json("fail_recipients",
                                "Addresses for which send fails permanently, to exercise failure paths.")
          .withDefault("[]"),
  };

  ConsoleChannel(const switchboard::Host& host, const switchboard::Config& config)
      : host_(host), prefix_(config.string("prefix")), fail_recipients_(config.stringList("fail_recipients")) {}

  switchboard::SendResult send(const switchboard::Message& message) override {
    for (const std::string& rejected : fail_recipients_)
      if (message.recipient == rejected) throw switchboard::Permanent("rejected by configuration");
    std::string line = prefix_;
    line.append(" to=").append(message.recipient);
    line.append(" subject=").append(message.subject);
    line.append(" text=").append(excerpt(message.text, 200));
    host_.info(line);
    return {"console-" + std::string(message.notification_id)};
  }

 private:
  const switchboard::Host& host_;  // outlives this object
  std::string prefix_;
  std::vector<std::string> fail_recipients_;
};

}  // namespace

SWITCHBOARD_PLUGIN(ConsoleChannel);
