// The recipient cache on the accept path: reads are reused, every change through the
// service is seen at once.
#include "ContentApi.hpp"

namespace sb::notify::testing {
namespace {

class RecipientCacheTest : public ContentApi {
 protected:
  void SetUp() override {
    cached = std::make_unique<UserService>(*userRepository, std::chrono::minutes(5));
    ASSERT_EQ(callA("PUT", "/api/v1/users/carl", R"({"email":"carl@example.com"})").status, 201);
  }
  std::unique_ptr<UserService> cached;
};

TEST_F(RecipientCacheTest, ReusesAReadUntilAChangeThroughTheServiceClearsIt) {
  ASSERT_EQ(cached->find("tenant-a", "carl")->email, "carl@example.com");
  // Changed behind this service's back (another instance): the cache still answers.
  ASSERT_EQ(callA("PUT", "/api/v1/users/carl", R"({"email":"new@example.com"})").status, 200);
  EXPECT_EQ(cached->find("tenant-a", "carl")->email, "carl@example.com");
  // A change through this service is seen at once.
  cached->recordChannelOptOut("tenant-a", "carl", "email");
  auto after = cached->find("tenant-a", "carl");
  EXPECT_EQ(after->email, "new@example.com");
  EXPECT_FALSE(after->preferences.allows("email", ""));
  EXPECT_EQ(cached->get("tenant-a", "carl").email, "new@example.com");  // get never uses the cache
}

TEST_F(RecipientCacheTest, TenantsDoNotShareEntries) {
  ASSERT_TRUE(cached->find("tenant-a", "carl"));
  EXPECT_FALSE(cached->find("tenant-b", "carl"));
}

}  // namespace
}  // namespace sb::notify::testing
