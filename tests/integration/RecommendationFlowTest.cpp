// Recommendations end to end: the real binary with the bundled recommender and rule
// plugins, on SQLite and PostgreSQL — catalog and events in, training as a job, serving
// through the fallback chain and the rules, the cache, experiments, similar items, model
// versions and rollback, and who may ask for what.
#include "integration/SwitchboardServer.hpp"
#include "support/PostgresServer.hpp"
#include "support/Subprocess.hpp"
#include "support/TempDir.hpp"

#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

namespace sb::test {
namespace {

using Poco::JSON::Object;
using namespace std::chrono_literals;

enum class Backend { Sqlite, Postgres };

constexpr const char* kPlugins = R"(  instances:
    - {name: popular, plugin: popularity}
    - {name: knn, plugin: itemknn}
    - {name: in-stock, plugin: filter_out_of_stock}
    - {name: diverse, plugin: diversity, config: {max_per_category: 2}}
)";

constexpr const char* kRecommendations = R"(recommendations:
  recommenders:
    - {name: knn, fallback: [popular]}
    - {name: popular}
  pipelines:
    - {name: default, recommender: knn, rules: [in-stock, diverse]}
    - {name: popular-only, recommender: popular}
  experiments:
    - name: home
      variants:
        - {name: a, weight: 1, pipeline: default}
        - {name: b, weight: 1, pipeline: popular-only}
)";

class RecommendationFlowTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::Postgres) {
      std::string why;
      if (!PostgresServer::available(&why)) GTEST_SKIP() << why;
    }
    ServerOptions o;
    if (GetParam() == Backend::Postgres) o.store_url = PostgresServer::shared().createDatabase();
    o.plugins_yaml = kPlugins;
    o.extra_yaml = kRecommendations;
    server = std::make_unique<SwitchboardServer>(o);
    key = server->adminKey();
    seedCatalog();
  }

  HttpResult post(const std::string& path, const std::string& body, const std::string& credential = "") {
    return server->post(path, body, credential.empty() ? key : credential);
  }
  HttpResult get(const std::string& path, const std::string& credential = "") {
    return server->get(path, credential.empty() ? key : credential);
  }

  // Two communities: users u0..u9 like a0..a9 (categories x/y), users v0..v9 like b0..b9.
  void seedCatalog() {
    std::string items;
    for (char group : {'a', 'b'}) {
      for (int i = 0; i < 10; ++i) {
        if (!items.empty()) items += ",";
        std::string id = std::string(1, group) + std::to_string(i);
        bool inStock = id != "a5";
        items += R"({"id":")" + id + R"(","title":"Item )" + id + R"(","category":")" + (i % 2 ? "x" : "y") +
                 R"(","tags":["t)" + std::string(1, group) + R"("],"attributes":{"in_stock":)" +
                 (inStock ? "true" : "false") + "}}";
      }
    }
    auto r = post("/api/v1/items/batch", R"({"items":[)" + items + "]}");
    ASSERT_LT(r.status, 300) << r.body;
    std::string events;
    auto add = [&](const std::string& user, const std::string& item) {
      if (!events.empty()) events += ",";
      events += R"({"user_id":")" + user + R"(","item_id":")" + item + R"(","type":"purchase"})";
    };
    for (int u = 0; u < 10; ++u) {
      for (int k = 0; k < 6; ++k) {
        add("u" + std::to_string(u), "a" + std::to_string((u + k) % 10));
        add("v" + std::to_string(u), "b" + std::to_string((u + k) % 10));
      }
    }
    r = post("/api/v1/events", "[" + events + "]");
    ASSERT_EQ(r.status, 202) << r.body;
  }

  // Queues a training and waits for the job; returns the job.
  Object::Ptr train(const std::string& recommender) {
    auto r = post("/api/v1/recommenders/" + recommender + "/train", "");
    EXPECT_EQ(r.status, 202) << r.body;
    std::string id = json(r.body)->getValue<std::string>("id");
    Object::Ptr job;
    EXPECT_TRUE(waitFor([&] {
      job = json(get("/api/v1/jobs/" + id).body);
      auto status = job->getValue<std::string>("status");
      return status == "succeeded" || status == "failed";
    }, 60s));
    return job;
  }

  Object::Ptr recommend(const std::string& user, const std::string& query = "", const std::string& credential = "") {
    auto r = get("/api/v1/recommendations/" + user + query, credential);
    EXPECT_EQ(r.status, 200) << r.body;
    return json(r.body);
  }

  static std::vector<std::string> ids(const Object::Ptr& result) {
    std::vector<std::string> out;
    auto items = result->getArray("items");
    for (size_t i = 0; i < items->size(); ++i) out.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
    return out;
  }

  std::unique_ptr<SwitchboardServer> server;
  std::string key;
};

TEST_P(RecommendationFlowTest, TrainsThenServesTheUsersCommunityThroughTheRules) {
  auto job = train("knn");
  ASSERT_EQ(job->getValue<std::string>("status"), "succeeded") << job->get("error").toString();
  EXPECT_EQ(job->getObject("result")->getValue<int>("version"), 1);
  EXPECT_EQ(job->getObject("result")->getValue<int>("users"), 20);

  auto result = recommend("u0", "?limit=4");
  EXPECT_EQ(result->getValue<std::string>("recommender"), "knn");
  EXPECT_EQ(result->getValue<int>("model_version"), 1);
  EXPECT_EQ(result->getValue<std::string>("pipeline"), "default");
  auto items = ids(result);
  ASSERT_FALSE(items.empty());
  std::set<std::string> consumed{"a0", "a1", "a2", "a3", "a4", "a5"};
  for (const auto& id : items) {
    EXPECT_EQ(id[0], 'a') << "u0's community is a: " << id;
    EXPECT_FALSE(consumed.count(id)) << "already consumed: " << id;
    EXPECT_NE(id, "a5") << "out of stock";
  }
  EXPECT_FALSE(result->getValue<bool>("cached"));
  EXPECT_TRUE(recommend("u0", "?limit=4")->getValue<bool>("cached"));
  // A new event invalidates the user's cached lists.
  ASSERT_EQ(post("/api/v1/events", R"({"user_id":"u0","item_id":"a7","type":"view"})").status, 202);
  EXPECT_FALSE(recommend("u0", "?limit=4")->getValue<bool>("cached"));
}

TEST_P(RecommendationFlowTest, AColdUserFallsBackToPopularityAndSaysSo) {
  ASSERT_EQ(train("knn")->getValue<std::string>("status"), "succeeded");
  ASSERT_EQ(train("popular")->getValue<std::string>("status"), "succeeded");
  auto result = recommend("newcomer", "?limit=3");
  EXPECT_EQ(result->getValue<std::string>("recommender"), "popular");
  auto fallbacks = result->getArray("fallbacks");
  ASSERT_EQ(fallbacks->size(), 1u);
  EXPECT_EQ(fallbacks->getElement<std::string>(0).rfind("knn:", 0), 0u);
  EXPECT_EQ(ids(result).size(), 3u);
}

TEST_P(RecommendationFlowTest, AnUntrainedRecommenderTrainsItselfOnFirstUse) {
  auto first = recommend("u1");
  EXPECT_TRUE(first->getArray("items")->size() == 0 || first->getValue<std::string>("recommender") == "popular");
  EXPECT_TRUE(waitFor([&] {
    auto models = json(get("/api/v1/recommenders/knn/models").body)->getArray("models");
    return models->size() > 0;
  }, 60s));
  EXPECT_TRUE(waitFor([&] { return recommend("u1", "?limit=3&pipeline=default")->optValue<std::string>("recommender", "") == "knn"; }, 30s));
}

TEST_P(RecommendationFlowTest, ModelsAreVersionedAndCanBeRolledBack) {
  ASSERT_EQ(train("knn")->getValue<std::string>("status"), "succeeded");
  ASSERT_EQ(train("knn")->getValue<std::string>("status"), "succeeded");
  auto models = json(get("/api/v1/recommenders/knn/models").body)->getArray("models");
  ASSERT_EQ(models->size(), 2u);
  EXPECT_EQ(models->getObject(0)->getValue<int>("version"), 2);
  EXPECT_TRUE(models->getObject(0)->getValue<bool>("active"));
  EXPECT_GT(models->getObject(0)->getObject("metrics")->getValue<int>("interactions"), 0);
  auto r = post("/api/v1/recommenders/knn/models/1/activate", "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(recommend("u2", "?limit=2&recommender=knn")->getValue<int>("model_version"), 1);
  EXPECT_EQ(post("/api/v1/recommenders/knn/models/9/activate", "").status, 404);
  auto list = json(get("/api/v1/recommenders").body)->getArray("recommenders");
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->getObject(0)->getObject("active_model")->getValue<int>("version"), 1);
  EXPECT_EQ(post("/api/v1/recommenders/nope/train", "").status, 404);
}

TEST_P(RecommendationFlowTest, SimilarItemsComeFromTheSameCommunity) {
  ASSERT_EQ(train("knn")->getValue<std::string>("status"), "succeeded");
  auto r = get("/api/v1/items/b3/similar?recommender=knn&limit=3");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = ids(json(r.body));
  ASSERT_FALSE(items.empty());
  for (const auto& id : items) {
    EXPECT_EQ(id[0], 'b') << id;
    EXPECT_NE(id, "b3");
  }
}

TEST_P(RecommendationFlowTest, ExperimentsAssignStablyAndCountImpressionsAndClicks) {
  ASSERT_EQ(train("knn")->getValue<std::string>("status"), "succeeded");
  ASSERT_EQ(train("popular")->getValue<std::string>("status"), "succeeded");
  std::set<std::string> variants;
  std::string clicked;
  for (int u = 0; u < 10; ++u) {
    std::string user = "u" + std::to_string(u);
    auto first = recommend(user, "?experiment=home&limit=3");
    auto again = recommend(user, "?experiment=home&limit=3");
    EXPECT_EQ(first->getValue<std::string>("variant"), again->getValue<std::string>("variant"));  // stable
    variants.insert(first->getValue<std::string>("variant"));
    if (clicked.empty() && !ids(first).empty()) {
      clicked = user;
      auto item = ids(first).front();
      ASSERT_EQ(post("/api/v1/events", R"({"user_id":")" + user + R"(","item_id":")" + item + R"(","type":"click"})").status, 202);
    }
  }
  EXPECT_EQ(variants.size(), 2u) << "10 users should land in both variants";
  auto report = json(get("/api/v1/experiments").body)->getArray("experiments")->getObject(0);
  EXPECT_EQ(report->getValue<std::string>("name"), "home");
  int64_t impressions = 0, clicks = 0;
  auto vs = report->getArray("variants");
  for (size_t i = 0; i < vs->size(); ++i) {
    impressions += vs->getObject(static_cast<unsigned>(i))->getValue<int64_t>("impressions");
    clicks += vs->getObject(static_cast<unsigned>(i))->getValue<int64_t>("clicks");
  }
  EXPECT_EQ(impressions, 20);
  EXPECT_EQ(clicks, 1);
}

TEST_P(RecommendationFlowTest, EndUsersGetOnlyTheirOwnListAndCannotTrain) {
  auto token = post("/api/v1/tokens", R"({"user_id":"u3","ttl_seconds":600})");
  ASSERT_EQ(token.status, 201) << token.body;
  std::string jwt = json(token.body)->getValue<std::string>("token");
  EXPECT_EQ(get("/api/v1/recommendations/u3", jwt).status, 200);
  EXPECT_EQ(get("/api/v1/recommendations/u4", jwt).status, 403);
  EXPECT_EQ(post("/api/v1/recommenders/knn/train", "", jwt).status, 403);
  EXPECT_EQ(server->get("/api/v1/recommendations/u3").status, 401);
  EXPECT_EQ(get("/api/v1/recommendations/u3?limit=0").status, 422);
  EXPECT_EQ(get("/api/v1/recommendations/u3?pipeline=nope").status, 404);
  auto refresh = post("/api/v1/recommendations/u3/refresh", "");
  EXPECT_EQ(refresh.status, 202) << refresh.body;
}

TEST(RecommendationConfigCheck, NamesThatPointNowhereAreConfigErrorsWithTheirPlace) {
  TempDir dir("sb-rec-check");
  std::ofstream(dir.file("r.yaml")) << "plugins:\n  paths: [" << SB_BINARY_DIR << "/plugins]\n"
                                    << "  instances:\n    - {name: knn, plugin: itemknn}\n"
                                    << "    - {name: stock, plugin: filter_out_of_stock}\n"
                                    << "recommendations:\n  recommenders:\n    - {name: knn, fallback: [nope]}\n"
                                    << "  pipelines:\n    - {name: p, recommender: knn, rules: [stock, knn]}\n";
  auto result = runProcess({switchboardBinary(), "--check-config", "--config", dir.file("r.yaml")});
  EXPECT_EQ(result.exitCode, 78) << result.output;
  EXPECT_NE(result.output.find("r.yaml:8:7: recommendations.recommenders[0].fallback"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("'knn' is not a rule plugin instance"), std::string::npos) << result.output;
}

INSTANTIATE_TEST_SUITE_P(Backends, RecommendationFlowTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto& info) { return info.param == Backend::Sqlite ? "Sqlite" : "Postgres"; });

}  // namespace
}  // namespace sb::test
