// What holds for every bundled rule: declared reentrant and safe so, never failing on
// malformed data, and cheap (a timing print, no assertion).
#include "RuleTestSupport.hpp"

#include "config/ConfigLoader.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <set>
#include <sstream>

namespace sb::test {
namespace {

std::string deepArray(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// Candidates whose attributes a rule cannot use: each must read as "no attributes".
plugin::RuleRequest hostileRequest() {
  std::vector<std::string> attributes{
      "", "{", "}", "null", "[]", "{\"in_stock\":", deepArray(100'000), "{\"in_stock\":" + deepArray(5'000) + "}",
      R"({"age_rating":1e999,"regions_allowed":[1e999]})", R"({"promoted":true,"x":"\x"})",
      std::string("{\"promoted\":true,\"x\":\"a\nb\"}"), R"({"regions_allowed":["US","\ud800"]})",
      std::string("{\"in_stock\":false\0}", 19), R"({"regions_allowed":["US"],"age_rating":99,)",
      "\xff\xfe{}", std::string(10'000, '{')};
  std::vector<plugin::RuleCandidate> candidates;
  for (std::size_t i = 0; i < attributes.size(); ++i)
    candidates.push_back(candidate("i" + std::to_string(i), 100.0 - static_cast<double>(i), attributes[i]));
  auto r = request(std::move(candidates));
  r.user_attributes_json = deepArray(1'000'000);
  r.context_json = R"({"country":"US","history_categories":)" + std::string(100'000, '{');
  return r;
}

TEST_F(RuleTest, EveryRuleKeepsEverythingWhenNoAttributeCanBeRead) {
  auto r = hostileRequest();
  for (const auto& id : allRules()) {
    auto& rule = start(id, id == "filter_age_restricted" ? std::vector<ConfigValue>{{"unknown_age", "deny"}}
                                                         : std::vector<ConfigValue>{});
    auto result = apply(rule, r);
    ASSERT_EQ(result.kept.size(), r.candidates.size()) << id;
    for (std::size_t i = 0; i < result.kept.size(); ++i) {
      EXPECT_EQ(result.kept[i].index, i) << id;  // nothing boosted: the order holds
      EXPECT_DOUBLE_EQ(result.kept[i].score, r.candidates[i].score) << id;
    }
  }
}

TEST_F(RuleTest, EveryRuleAnswersAnEmptyListWithAnEmptyList) {
  for (const auto& id : allRules()) {
    auto& rule = start(id);
    auto result = apply(rule, request({}));
    EXPECT_TRUE(result.kept.empty()) << id;
  }
}

// 100 candidates with the attributes the rules read, in realistic shapes.
plugin::RuleRequest hundredCandidates() {
  const char* categories[] = {"books", "music", "games", "films", "news", "sport", "food"};
  std::vector<plugin::RuleCandidate> candidates;
  for (int i = 0; i < 100; ++i) {
    std::string attributes = std::string("{\"title_lang\":\"en\",\"in_stock\":") + (i % 9 ? "true" : "false") +
                             ",\"promoted\":" + (i % 7 ? "false" : "true") +
                             ",\"age_rating\":" + std::to_string(i % 4 * 6) +
                             ",\"regions_allowed\":" + (i % 5 ? "[]" : "[\"US\",\"CA\",\"GB\"]") +
                             ",\"price\":{\"amount\":12.5,\"currency\":\"EUR\"},\"brand\":\"Acme \\u00e9\"}";
    candidates.push_back(candidate("item-" + std::to_string(i), 100.0 - i, attributes, categories[i % 7],
                                   {"t" + std::to_string(i % 11), "t" + std::to_string(i % 13), "common"},
                                   kNow - (i % 20) * kDay));
  }
  auto r = request(std::move(candidates));
  r.user_attributes_json = R"({"age":16,"country":"DE","plan":"pro"})";
  r.context_json =
      R"({"device":"ios","country":"US","history_categories":{"books":12.0,"music":7.5,"games":3.0,"films":1.0,"news":0.5}})";
  for (int i = 0; i < 50; ++i) r.history.push_back({"item-" + std::to_string(i * 3), 1.0f, kNow - i * kHour});
  return r;
}

TEST_F(RuleTest, EveryRuleIsDeclaredReentrantAndGivesTheSameAnswerConcurrently) {
  auto r = hundredCandidates();
  for (const auto& id : allRules()) {
    auto& rule = start(id);
    EXPECT_TRUE(rule.plugin().reentrant()) << id;
    EXPECT_FALSE(rule.plugin().blocking()) << id;
    auto expected = apply(rule, r).kept;
    auto same = [&] {
      for (int n = 0; n < 200; ++n) {
        auto got = plugin::applyRule(rule, r);
        if (!got.outcome.ok() || got.kept.size() != expected.size()) return false;
        for (std::size_t i = 0; i < got.kept.size(); ++i)
          if (got.kept[i].index != expected[i].index || got.kept[i].score != expected[i].score) return false;
      }
      return true;
    };
    std::vector<std::future<bool>> threads;
    for (int t = 0; t < 4; ++t) threads.push_back(std::async(std::launch::async, same));
    for (auto& t : threads) EXPECT_TRUE(t.get()) << id;
  }
}

// The `plugins:` part of the example in docs/plugins/rules.md, as an operator would copy it.
std::string documentedExample() {
  std::ifstream in(std::string(SB_SOURCE_DIR) + "/docs/plugins/rules.md");
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  auto begin = doc.find("```yaml\nplugins:");
  if (begin == std::string::npos) return "";
  begin += 8;
  auto end = doc.find("\nrecommendations:", begin);  // pipelines name a recommender this test lacks
  return end == std::string::npos ? "" : doc.substr(begin, end - begin + 1);
}

TEST(RulesDocumentation, TheExampleStartsAnInstanceOfEveryRule) {
  std::string yaml = documentedExample();
  ASSERT_FALSE(yaml.empty()) << "no ```yaml plugins: ... recommendations: example in docs/plugins/rules.md";
  auto settings = config::loadConfigString(yaml, "rules.md");
  TempDir dir{"sb-rules"};
  for (const auto& id : allRules())
    std::filesystem::copy_file(std::string(SB_PLUGIN_OUTPUT_DIR) + "/" + id + ".so", dir.file(id + ".so"));
  settings.plugins.paths = {dir.path()};
  metrics::MetricsRegistry metrics;
  plugin::PluginRegistry registry(metrics, plugin::HttpClientDefaults{});
  auto report = registry.load(settings.plugins);
  ASSERT_TRUE(report.ok()) << report.problems[0].format();
  std::set<std::string> plugins;
  for (const auto& instance : registry.instances()) plugins.insert(instance->plugin().id());
  EXPECT_EQ(plugins, std::set<std::string>(allRules().begin(), allRules().end()));
}

TEST_F(RuleTest, TimingOfEachRuleOverAHundredCandidates) {
  auto r = hundredCandidates();
  for (const auto& id : allRules()) {
    auto& rule = start(id);
    for (int i = 0; i < 50; ++i) plugin::applyRule(rule, r);  // warm up
    constexpr int kRuns = 2000;
    auto begin = std::chrono::steady_clock::now();
    std::size_t kept = 0;
    for (int i = 0; i < kRuns; ++i) kept += plugin::applyRule(rule, r).kept.size();
    double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - begin).count() / kRuns;
    std::printf("[ timing   ] %-24s %7.1f us per applyRule() over 100 candidates (kept %zu)\n", id.c_str(), us,
                kept / kRuns);
  }
}

}  // namespace
}  // namespace sb::test
