// Recommender and rule calls through their C tables.
#include "sdk/fake_host.hpp"
#include "sdk/wrapper_plugins.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

using namespace sbtest;

namespace {

struct Reco {
  FakeHost host;
  FakeConfig config;
  FakeCall call;
  Created created;
  const sb_recommender_v1& table;

  explicit Reco(const sb_plugin_descriptor& d)
      : created(d, host, config), table(created.table<sb_recommender_v1>(SB_INTERFACE_RECOMMENDER_V1)) {}

  sb_status recommend(uint32_t limit, std::vector<sb_str> exclude, CandidateSink& sink) {
    sb_recommend_request r{};
    r.struct_size = sizeof r;
    r.user_id = str("u1");
    r.limit = limit;
    r.exclude_item_ids = exclude.data();
    r.exclude_count = exclude.size();
    return table.recommend(created.instance, &call.raw, &r, &sink.raw);
  }
};

// A later host's longer interaction record: the wrapper must use interaction_size.
struct LongerInteraction {
  sb_interaction i;
  int64_t added_in_a_later_minor;
};

}  // namespace

TEST(SdkRecommender, FitSeesItemsAndInteractionsWithTheHostsStride) {
  Reco r(switchboard::descriptorOf<Replay>());
  sb_item a{sizeof(sb_item), str("a"), str("A"), str("books"), nullptr, 0, str(""), 0};
  sb_item b{sizeof(sb_item), str("b"), str("B"), str("films"), nullptr, 0, str(""), 0};
  const sb_item* items[] = {&a, &b};
  sb_str users[] = {str("u1")};
  LongerInteraction interactions[] = {{{0, 1, 2.0f, 10}, -1}, {{0, 0, 1.0f, 20}, -1}};
  sb_dataset data{sizeof(sb_dataset), users, 1, items, 2, &interactions[0].i, 2, sizeof(LongerInteraction), 99};
  ASSERT_EQ(r.table.fit(r.created.instance, &r.call.raw, &data), SB_OK);

  CandidateSink sink;
  sb_str exclude[] = {str("b/films")};
  ASSERT_EQ(r.recommend(0, {exclude[0]}, sink), SB_OK);
  std::vector<std::pair<std::string, double>> expected{{"a/books", 10}, {"0>1@2.000000", 9}, {"0>0@1.000000", 8}};
  EXPECT_EQ(sink.items, expected);
}

TEST(SdkRecommender, RecommendPassesOnAtMostTheLimit) {
  Reco r(switchboard::descriptorOf<Replay>());
  sb_item a{sizeof(sb_item), str("a"), str(""), str(""), nullptr, 0, str(""), 0};
  const sb_item* items[] = {&a, &a, &a, &a};
  sb_dataset data{sizeof(sb_dataset), nullptr, 0, items, 4, nullptr, 0, sizeof(sb_interaction), 0};
  ASSERT_EQ(r.table.fit(r.created.instance, &r.call.raw, &data), SB_OK);
  CandidateSink sink;
  ASSERT_EQ(r.recommend(2, {}, sink), SB_OK);
  EXPECT_EQ(sink.items.size(), 2u);
}

TEST(SdkRecommender, SaveWritesTheModelBytesAndLoadReadsThem) {
  Reco r(switchboard::descriptorOf<Replay>());
  BytesSink bytes;
  ASSERT_EQ(r.table.save(r.created.instance, &r.call.raw, &bytes.raw), SB_OK);
  EXPECT_EQ(bytes.data, std::string("model\0bytes", 11));

  EXPECT_EQ(r.table.load(r.created.instance, &r.call.raw, sb_bytes{reinterpret_cast<const uint8_t*>("v2"), 2}),
            SB_UNSUPPORTED);
  EXPECT_EQ(r.call.error, "unknown model format");
  ASSERT_EQ(r.table.load(r.created.instance, &r.call.raw, sb_bytes{reinterpret_cast<const uint8_t*>("v1"), 2}), SB_OK);
  CandidateSink sink;
  ASSERT_EQ(r.recommend(5, {}, sink), SB_OK);
  EXPECT_EQ(sink.items, (std::vector<std::pair<std::string, double>>{{"loaded", 10}}));
}

TEST(SdkRecommender, DefaultsAnswerUnsupported) {
  Reco r(switchboard::descriptorOf<Neighbours>());
  BytesSink bytes;
  EXPECT_EQ(r.table.save(r.created.instance, &r.call.raw, &bytes.raw), SB_UNSUPPORTED);
  EXPECT_EQ(r.table.load(r.created.instance, &r.call.raw, sb_bytes{}), SB_UNSUPPORTED);
  CandidateSink sink;
  EXPECT_EQ(r.recommend(5, {}, sink), SB_UNSUPPORTED);
  EXPECT_EQ(r.call.error, "cold start");
}

TEST(SdkRecommender, SimilarIsCutToItsLimit) {
  Reco r(switchboard::descriptorOf<Neighbours>());
  CandidateSink sink;
  ASSERT_EQ(r.table.similar(r.created.instance, &r.call.raw, str("x"), 2, &sink.raw), SB_OK);
  EXPECT_EQ(sink.items, (std::vector<std::pair<std::string, double>>{{"x-a", 2}, {"x-b", 1}}));
}

namespace {

struct RuleRun {
  RuleSink sink;
  FakeCall call;

  sb_status run(const char* user) {
    FakeHost host;
    FakeConfig config;
    Created c(switchboard::descriptorOf<EveryOther>(), host, config);
    std::vector<sb_candidate> storage;
    for (int i = 0; i < 5; ++i)
      storage.push_back(sb_candidate{sizeof(sb_candidate), str("item"), 10.0 - i, str(""), nullptr, 0, str(""), 0});
    std::vector<const sb_candidate*> candidates;
    for (const sb_candidate& s : storage) candidates.push_back(&s);
    sb_rule_input input{};
    input.struct_size = sizeof input;
    input.user_id = str(user);
    input.candidates = candidates.data();
    input.candidate_count = candidates.size();
    return c.table<sb_rule_v1>(SB_INTERFACE_RULE_V1).apply(c.instance, &call.raw, &input, &sink.raw);
  }
};

}  // namespace

TEST(SdkRule, EmitsTheKeptCandidatesInTheirNewOrder) {
  RuleRun r;
  ASSERT_EQ(r.run("u1"), SB_OK);
  EXPECT_EQ(r.sink.kept, (std::vector<std::pair<size_t, double>>{{4, 7}, {2, 9}, {0, 11}}));
}

TEST(SdkRule, AnIndexOutOfRangeFailsTheCallBeforeEmittingAnything) {
  RuleRun r;
  EXPECT_EQ(r.run("bad"), SB_INTERNAL);
  EXPECT_EQ(r.call.error, "rule emitted a candidate index out of range");
  EXPECT_TRUE(r.sink.kept.empty());
}
