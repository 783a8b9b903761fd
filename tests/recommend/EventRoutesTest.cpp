// /api/v1/events and /api/v1/events/import through the real dispatcher and store: weights per
// type, all-or-nothing validation, the listener, and every import format.
#include "CatalogApi.hpp"

#include "core/Clock.hpp"

#include <Poco/JSON/Array.h>

namespace sb::recommend::testing {
namespace {

class EventRoutes : public CatalogApi {
 protected:
  std::vector<HistoryEntry> historyOf(const std::string& user, const std::string& tenant = "tenant-a") {
    return eventRepository->history(tenant, user, 1000);
  }
  double weightOfOnly(const std::string& user) {
    auto h = historyOf(user);
    EXPECT_EQ(h.size(), 1u) << user;
    return h.empty() ? -999 : h[0].weight;
  }
};

TEST_F(EventRoutes, OneEventIsAcceptedWith202AndStoredForAnItemNotInTheCatalog) {
  auto r = callA("POST", "/api/v1/events", R"({"user_id":"alice","item_id":"not-yet","type":"view","timestamp":1700000000000})");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<int>("accepted"), 1);
  auto h = historyOf("alice");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].item_id, "not-yet");
  EXPECT_EQ(h[0].occurred_at, 1700000000000);
  EXPECT_EQ(eventRepository->history("tenant-b", "alice", 10).size(), 0u);
}

TEST_F(EventRoutes, WeightsComeFromConfigPerTypeTimesValueForRatingAndWatch) {
  auto r = callA("POST", "/api/v1/events", R"([
    {"user_id":"view","item_id":"i","type":"view","value":9},
    {"user_id":"click","item_id":"i","type":"click"},
    {"user_id":"purchase","item_id":"i","type":"purchase"},
    {"user_id":"rating","item_id":"i","type":"rating","value":4},
    {"user_id":"rating-no-value","item_id":"i","type":"rating"},
    {"user_id":"watch","item_id":"i","type":"watch","value":0.25},
    {"user_id":"add","item_id":"i","type":"watchlist_add"},
    {"user_id":"remove","item_id":"i","type":"watchlist_remove"}])");
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(parseObject(r.body)->getValue<int>("accepted"), 8);
  EXPECT_DOUBLE_EQ(weightOfOnly("view"), 1.5);  // a value does not scale a view
  EXPECT_DOUBLE_EQ(weightOfOnly("click"), 2.5);
  EXPECT_DOUBLE_EQ(weightOfOnly("purchase"), 7);
  EXPECT_DOUBLE_EQ(weightOfOnly("rating"), 8);
  EXPECT_DOUBLE_EQ(weightOfOnly("rating-no-value"), 2);
  EXPECT_DOUBLE_EQ(weightOfOnly("watch"), 1);
  EXPECT_DOUBLE_EQ(weightOfOnly("add"), 3);
  EXPECT_DOUBLE_EQ(weightOfOnly("remove"), -1);
}

TEST_F(EventRoutes, TimestampsAreMillisecondsOrIso8601AndDefaultToNow) {
  const int64_t before = nowUnixMs();
  ASSERT_EQ(callA("POST", "/api/v1/events", R"([{"user_id":"u","item_id":"iso","type":"view","timestamp":"2023-11-14T22:13:20.250Z"},
                                                {"user_id":"u","item_id":"now","type":"view"}])").status, 202);
  auto h = historyOf("u");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].item_id, "now");
  EXPECT_GE(h[0].occurred_at, before);
  EXPECT_LE(h[0].occurred_at, nowUnixMs());
  EXPECT_EQ(h[1].occurred_at, 1700000000250);
}

TEST_F(EventRoutes, AListIsAllOrNothingAnd422NamesTheIndexAndField) {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {R"({"user_id":"u","item_id":"i","type":"like"})", "1", "type"},
      {R"({"item_id":"i","type":"view"})", "1", "user_id"},
      {R"({"user_id":"u","type":"view"})", "1", "item_id"},
      {R"({"user_id":"u","item_id":"i"})", "1", "type"},
      {R"({"user_id":"u","item_id":"i","type":"rating","value":"5"})", "1", "value"},
      {R"({"user_id":"u","item_id":"i","type":"view","timestamp":"soon"})", "1", "timestamp"},
      {R"({"user_id":"u u","item_id":"i","type":"view"})", "1", "user_id"},
      {R"({"user_id":"u","item_id":"i","type":"view","extra":1})", "1", "extra"},
  };
  for (const auto& [bad, index, field] : cases) {
    auto r = callA("POST", "/api/v1/events", R"([{"user_id":"ok","item_id":"i","type":"view"},)" + bad + "]");
    EXPECT_EQ(r.status, 422) << bad << " -> " << r.body;
    EXPECT_EQ(errorDetail(r, "index"), index) << bad;
    EXPECT_EQ(errorDetail(r, "field"), field) << bad;
  }
  auto notObject = callA("POST", "/api/v1/events", R"([{"user_id":"ok","item_id":"i","type":"view"}, 5])");
  EXPECT_EQ(notObject.status, 422);
  EXPECT_EQ(errorDetail(notObject, "index"), "1");
  EXPECT_TRUE(historyOf("ok").empty());  // nothing of a refused list was stored
  EXPECT_TRUE(listener.calls.empty());

  EXPECT_EQ(callA("POST", "/api/v1/events", "[]").status, 422);
  EXPECT_EQ(callA("POST", "/api/v1/events", "[1,").status, 400);
  EXPECT_EQ(callA("POST", "/api/v1/events", "\"view\"").status, 400);
}

TEST_F(EventRoutes, TakesTenThousandEventsButNotMore) {
  std::string body = "[";
  for (int i = 0; i < 10000; ++i) {
    body += (i ? "," : "") + std::string(R"({"user_id":"u)") + std::to_string(i % 100) + R"(","item_id":")" +
            std::to_string(i) + R"(","type":"click"})";
  }
  auto ok = callA("POST", "/api/v1/events", body + "]");
  ASSERT_EQ(ok.status, 202) << ok.body;
  EXPECT_EQ(eventRepository->count("tenant-a"), 10000);
  auto over = callA("POST", "/api/v1/events", body + R"(,{"user_id":"u","item_id":"x","type":"view"}])");
  EXPECT_EQ(over.status, 422);
  EXPECT_EQ(eventRepository->count("tenant-a"), 10000);
}

TEST_F(EventRoutes, TheListenerHearsEachTenantsUsersOnceAfterStoring) {
  ASSERT_EQ(callA("POST", "/api/v1/events", R"([{"user_id":"alice","item_id":"a","type":"view"},
      {"user_id":"bob","item_id":"a","type":"view"}, {"user_id":"alice","item_id":"b","type":"click"}])").status, 202);
  ASSERT_EQ(callB("POST", "/api/v1/events", R"({"user_id":"carol","item_id":"a","type":"view"})").status, 202);
  ASSERT_EQ(listener.calls.size(), 2u);
  EXPECT_EQ(listener.calls[0].first, "tenant-a");
  EXPECT_EQ(listener.calls[0].second, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(listener.calls[1].first, "tenant-b");
  EXPECT_EQ(listener.calls[1].second, (std::vector<std::string>{"carol"}));

  ASSERT_EQ(importA("format=movielens", "7\t1\t5\t881250949\n8\t2\t3\t881250950\n").status, 200);
  ASSERT_EQ(listener.calls.size(), 3u);
  EXPECT_EQ(listener.calls[2].second, (std::vector<std::string>{"7", "8"}));
}

TEST_F(EventRoutes, ImportsMovieLensWithTypeOverrideAndTimestampUnit) {
  auto r = importA("format=movielens", "196\t242\t3\t881250949\n186\t302\t3\t891717742\r\n\n22\t377\tx\t878887116\n");
  ASSERT_EQ(r.status, 200) << r.body;
  auto root = parseObject(r.body);
  EXPECT_EQ(root->getValue<int>("imported"), 2);
  EXPECT_EQ(root->getValue<int>("rejected"), 1);
  auto error = root->getArray("errors")->getObject(0);
  EXPECT_EQ(error->getValue<int>("line"), 4);
  EXPECT_NE(error->getValue<std::string>("message").find("rating"), std::string::npos);
  auto h = historyOf("196");
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].item_id, "242");
  EXPECT_EQ(h[0].occurred_at, 881250949000);
  EXPECT_DOUBLE_EQ(h[0].weight, 6);  // rating weight 2 x 3

  ASSERT_EQ(importA("format=movielens&type=watch&timestamp_unit=ms", "500::9::0.5::1700000000000\n").status, 200);
  auto w = historyOf("500");
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].occurred_at, 1700000000000);
  EXPECT_DOUBLE_EQ(w[0].weight, 2);  // watch weight 4 x 0.5
}

TEST_F(EventRoutes, ImportsCsvThroughAColumnMapping) {
  auto r = importA("format=csv&columns=item_id,user_id,_,value,timestamp&type=rating&delimiter=;&timestamp_unit=s",
                   "i1;alice;ignored;4.5;1700000000\n\"i;2\";bob;x;1;1700000001\nonly;two\n");
  ASSERT_EQ(r.status, 200) << r.body;
  auto root = parseObject(r.body);
  EXPECT_EQ(root->getValue<int>("imported"), 2);
  EXPECT_EQ(root->getValue<int>("rejected"), 1);
  EXPECT_EQ(root->getArray("errors")->getObject(0)->getValue<int>("line"), 3);
  auto a = historyOf("alice");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].item_id, "i1");
  EXPECT_DOUBLE_EQ(a[0].weight, 9);
  EXPECT_EQ(a[0].occurred_at, 1700000000000);
  EXPECT_EQ(historyOf("bob").at(0).item_id, "i;2");  // a quoted field keeps its delimiter
}

TEST_F(EventRoutes, ImportsCsvWhoseHeaderNamesTheColumns) {
  auto r = importA("format=csv&header=true",
                   "timestamp,type,user_id,comment,item_id\n"
                   "1700000000000,purchase,alice,great,i1\n"
                   "2023-11-14T22:13:21Z,click,alice,,i2\n"
                   "1700000000000,dislike,bob,,i3\n");
  ASSERT_EQ(r.status, 200) << r.body;
  auto root = parseObject(r.body);
  EXPECT_EQ(root->getValue<int>("imported"), 2);
  EXPECT_EQ(root->getValue<int>("rejected"), 1);
  EXPECT_NE(root->getArray("errors")->getObject(0)->getValue<std::string>("message").find("type"), std::string::npos);
  auto h = historyOf("alice");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].item_id, "i2");
  EXPECT_EQ(h[0].occurred_at, 1700000001000);
  EXPECT_DOUBLE_EQ(h[0].weight, 2.5);
  EXPECT_DOUBLE_EQ(h[1].weight, 7);

  // Without a header or mapping the columns are user_id,item_id,type,value,timestamp.
  ASSERT_EQ(importA("format=csv", "carol,i9,rating,5,1\n").status, 200);
  EXPECT_DOUBLE_EQ(historyOf("carol").at(0).weight, 10);
}

TEST_F(EventRoutes, ImportsJsonLinesAndReportsAtMostTwentyErrors) {
  std::string body = R"({"user_id":"alice","item_id":"i1","type":"click","timestamp":5})" "\n";
  for (int i = 0; i < 25; ++i) body += "{not json}\n";
  body += R"({"user_id":"alice","item_id":42,"type":"view","timestamp":"2023-11-14T22:13:20Z"})" "\n";
  body += R"({"user_id":"bob","item_id":"i1"})" "\n";  // no type and no default
  auto r = importA("format=jsonl", body);
  ASSERT_EQ(r.status, 200) << r.body;
  auto root = parseObject(r.body);
  EXPECT_EQ(root->getValue<int>("imported"), 2);
  EXPECT_EQ(root->getValue<int>("rejected"), 26);
  auto errors = root->getArray("errors");
  ASSERT_EQ(errors->size(), 20u);
  EXPECT_EQ(errors->getObject(0)->getValue<int>("line"), 2);
  EXPECT_EQ(errors->getObject(19)->getValue<int>("line"), 21);
  auto h = historyOf("alice");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[0].item_id, "42");  // an integer id becomes its text
  EXPECT_EQ(h[1].occurred_at, 5);

  ASSERT_EQ(importA("format=jsonl&type=purchase", R"({"user_id":"bob","item_id":"i1"})").status, 200);
  EXPECT_DOUBLE_EQ(historyOf("bob").at(0).weight, 7);
}

TEST_F(EventRoutes, RefusesUnknownImportOptionsNamingThem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"format=xml", "format"},
      {"format=csv&columns=user_id,item,type", "columns"},
      {"format=csv&columns=user_id,type", "columns"},
      {"format=csv&delimiter=;;", "delimiter"},
      {"format=movielens&type=like", "type"},
      {"format=movielens&timestamp_unit=us", "timestamp_unit"},
      {"format=csv&header=yes", "header"},
  };
  for (const auto& [query, field] : cases) {
    auto r = importA(query, "1\t2\t3\t4\n");
    EXPECT_EQ(r.status, 422) << query << " -> " << r.body;
    EXPECT_EQ(errorDetail(r, "field"), field) << query;
  }
  EXPECT_EQ(eventRepository->count("tenant-a"), 0);
}

}  // namespace
}  // namespace sb::recommend::testing
