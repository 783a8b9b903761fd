#include "core/Error.hpp"
#include "http/Router.hpp"

#include <gtest/gtest.h>

namespace sb::http {
namespace {

Handler named(std::string name) {
  return [name](const ApiRequest&) { return ApiResponse::text(200, name); };
}

Router sampleRouter() {
  Router r;
  r.add("GET", "/api/v1/keys", Access::Admin, named("list"));
  r.add("POST", "/api/v1/keys", Access::Admin, named("create"));
  r.add("DELETE", "/api/v1/keys/{id}", Access::Admin, named("revoke"));
  r.add("GET", "/api/v1/users/{user}/inbox/{item}", Access::Any, named("item"));
  r.add("GET", "/api/v1/users/{user}/inbox/count", Access::Any, named("count"));
  return r;
}

std::string run(const RouteMatch& m) {
  ApiRequest req;
  return m.route->handler(req).body;
}

TEST(Router, MatchesStaticPathAndMethod) {
  auto r = sampleRouter();
  EXPECT_EQ(run(r.match("GET", "/api/v1/keys")), "list");
  EXPECT_EQ(run(r.match("POST", "/api/v1/keys")), "create");
}

TEST(Router, ExtractsPathParameters) {
  auto r = sampleRouter();
  auto m = r.match("GET", "/api/v1/users/u-42/inbox/n-7");
  EXPECT_EQ(run(m), "item");
  EXPECT_EQ(m.params.at("user"), "u-42");
  EXPECT_EQ(m.params.at("item"), "n-7");
}

TEST(Router, PrefersStaticSegmentOverParameterWhateverTheOrderOfRegistration) {
  auto r = sampleRouter();
  EXPECT_EQ(run(r.match("GET", "/api/v1/users/u-42/inbox/count")), "count");
}

TEST(Router, ToleratesTrailingAndDoubleSlashes) {
  auto r = sampleRouter();
  EXPECT_EQ(run(r.match("GET", "/api/v1/keys/")), "list");
  EXPECT_EQ(run(r.match("GET", "//api/v1//keys")), "list");
}

TEST(Router, UnknownPathIsNotFound) {
  auto r = sampleRouter();
  try {
    r.match("GET", "/api/v1/nothing");
    FAIL() << "expected NotFound";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_EQ(e.code(), "not_found");
  }
}

TEST(Router, KnownPathWithOtherMethodIsMethodNotAllowedListingAllowedMethods) {
  auto r = sampleRouter();
  try {
    r.match("PUT", "/api/v1/keys");
    FAIL() << "expected MethodNotAllowed";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::MethodNotAllowed);
    ASSERT_TRUE(e.details());
    auto allowed = e.details()->getArray("allowed");
    ASSERT_TRUE(allowed);
    EXPECT_EQ(allowed->size(), 2u);
  }
}

TEST(Router, HeadFallsBackToGet) {
  auto r = sampleRouter();
  EXPECT_EQ(run(r.match("HEAD", "/api/v1/keys")), "list");
}

TEST(Router, ParameterDoesNotMatchAcrossSegments) {
  auto r = sampleRouter();
  EXPECT_THROW(r.match("DELETE", "/api/v1/keys/a/b"), Error);
}

}  // namespace
}  // namespace sb::http
