#include "log/AccessLog.hpp"
#include "log/JsonFormatter.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <spdlog/details/log_msg.h>

namespace sb::log {
namespace {

Poco::JSON::Object::Ptr formatToJson(const std::string& logger, const std::string& message) {
  JsonFormatter formatter;
  spdlog::details::log_msg msg(logger, spdlog::level::warn, message);
  spdlog::memory_buf_t out;
  formatter.format(msg, out);
  std::string line(out.data(), out.size());
  EXPECT_EQ(line.back(), '\n');
  Poco::JSON::Parser parser;
  return parser.parse(line).extract<Poco::JSON::Object::Ptr>();
}

TEST(JsonFormatter, EscapesQuotesBackslashesNewlinesAndControlCharacters) {
  std::string nasty = "say \"hi\" \\ then\nnew line\t\x01 end";
  auto record = formatToJson("switchboard", nasty);
  EXPECT_EQ(record->getValue<std::string>("msg"), nasty);
  EXPECT_EQ(record->getValue<std::string>("level"), "warning");
  EXPECT_EQ(record->getValue<std::string>("logger"), "switchboard");
  EXPECT_EQ(record->getValue<std::string>("ts").back(), 'Z');
}

TEST(JsonFormatter, MergesStructuredAccessFieldsAsTopLevelKeys) {
  std::string fields = "\x1e,\"method\":\"GET\",\"status\":200";
  auto record = formatToJson("access", fields);
  EXPECT_EQ(record->getValue<std::string>("method"), "GET");
  EXPECT_EQ(record->getValue<int>("status"), 200);
  EXPECT_FALSE(record->has("msg"));
}

TEST(AccessLog, RedactsCredentialBearingQueryParameters) {
  EXPECT_EQ(redactQuery("/api/v1/ws?token=abc.def.ghi&since=42"), "/api/v1/ws?token=***&since=42");
  EXPECT_EQ(redactQuery("/x?API_KEY=sbk_1_2&a=1&access_token=t"), "/x?API_KEY=***&a=1&access_token=***");
  EXPECT_EQ(redactQuery("/health"), "/health");
  EXPECT_EQ(redactQuery("/x?flag&token="), "/x?flag&token=***");
}

}  // namespace
}  // namespace sb::log
