// EventImport: options and the line formats, without a store.
#include "recommend/catalog/EventImport.hpp"

#include <gtest/gtest.h>

#include <map>

namespace sb::recommend {
namespace {

ImportOptions optionsOf(std::map<std::string, std::string> given) {
  return ImportOptions::from([&](std::string_view name) -> std::optional<std::string> {
    auto it = given.find(std::string(name));
    if (it == given.end()) return std::nullopt;
    return it->second;
  });
}

TEST(EventImport, SplitsCsvWithQuotesAndEmptyFields) {
  std::vector<std::string> out;
  splitCsv(R"(a,"b,c",,"say ""hi""")", ',', out);
  EXPECT_EQ(out, (std::vector<std::string>{"a", "b,c", "", "say \"hi\""}));
  splitCsv("x\ty", '\t', out);
  EXPECT_EQ(out, (std::vector<std::string>{"x", "y"}));
}

TEST(EventImport, MovieLensDefaultsToRatingsInSeconds) {
  auto o = optionsOf({{"format", "movielens"}});
  EXPECT_EQ(o.type, std::optional<EventType>(EventType::Rating));
  EXPECT_EQ(o.timestamp_unit, TimestampUnit::Seconds);
  EventLineParser parser(o);
  auto e = parser.parse("196\t242\t3\t881250949");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->user_id, "196");
  EXPECT_EQ(e->item_id, "242");
  EXPECT_EQ(e->value, std::optional<double>(3));
  EXPECT_EQ(e->timestamp, std::optional<int64_t>(881250949000));
  EXPECT_EQ(e->type, std::optional<EventType>(EventType::Rating));
  EXPECT_FALSE(parser.parse("   "));
  EXPECT_THROW(parser.parse("196\t242\t3"), Error);
  EXPECT_THROW(parser.parse("196\t242\t3\tyesterday"), Error);
}

TEST(EventImport, CsvDefaultColumnsAndARowTypeWinsOverTheDefault) {
  EventLineParser parser(optionsOf({{"format", "csv"}, {"type", "view"}}));
  auto e = parser.parse("u1,i1,purchase,,");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->type, std::optional<EventType>(EventType::Purchase));
  EXPECT_FALSE(e->value);
  EXPECT_FALSE(e->timestamp);
  auto d = parser.parse("u1,i1,,,");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->type, std::optional<EventType>(EventType::View));
}

TEST(EventImport, AHeaderWithoutUserOrItemColumnsRejectsTheFile) {
  EventLineParser parser(optionsOf({{"format", "csv"}, {"header", "true"}}));
  EXPECT_THROW(parser.parse("who,what,when"), Error);
}

TEST(EventImport, AMappingMustNameUserAndItem) {
  EXPECT_THROW(optionsOf({{"format", "csv"}, {"columns", "user_id,value"}}), Error);
  EXPECT_NO_THROW(optionsOf({{"format", "csv"}, {"columns", "user_id,_,item_id"}}));
}

}  // namespace
}  // namespace sb::recommend
