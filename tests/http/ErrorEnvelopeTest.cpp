#include "http/ErrorEnvelope.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

namespace sb::http {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& body) {
  Poco::JSON::Parser parser;
  return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

TEST(ErrorEnvelope, MapsEveryKindToItsStatus) {
  EXPECT_EQ(httpStatusFor(ErrorKind::InvalidInput), 400);
  EXPECT_EQ(httpStatusFor(ErrorKind::Unauthenticated), 401);
  EXPECT_EQ(httpStatusFor(ErrorKind::Forbidden), 403);
  EXPECT_EQ(httpStatusFor(ErrorKind::NotFound), 404);
  EXPECT_EQ(httpStatusFor(ErrorKind::MethodNotAllowed), 405);
  EXPECT_EQ(httpStatusFor(ErrorKind::Conflict), 409);
  EXPECT_EQ(httpStatusFor(ErrorKind::PayloadTooLarge), 413);
  EXPECT_EQ(httpStatusFor(ErrorKind::UnsupportedMedia), 415);
  EXPECT_EQ(httpStatusFor(ErrorKind::Unprocessable), 422);
  EXPECT_EQ(httpStatusFor(ErrorKind::RateLimited), 429);
  EXPECT_EQ(httpStatusFor(ErrorKind::Internal), 500);
  EXPECT_EQ(httpStatusFor(ErrorKind::Unavailable), 503);
}

TEST(ErrorEnvelope, HasCodeMessageAndDetailsObject) {
  Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
  details->set("field", "name");
  auto response = errorResponse(unprocessable("field 'name' is required", details));
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.content_type, "application/json");
  auto error = parse(response.body)->getObject("error");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->getValue<std::string>("code"), "unprocessable");
  EXPECT_EQ(error->getValue<std::string>("message"), "field 'name' is required");
  EXPECT_EQ(error->getObject("details")->getValue<std::string>("field"), "name");
}

TEST(ErrorEnvelope, DetailsIsAnEmptyObjectWhenThereAreNone) {
  auto response = errorResponse(notFound("template welcome"));
  auto error = parse(response.body)->getObject("error");
  ASSERT_TRUE(error->getObject("details"));
  EXPECT_EQ(error->getObject("details")->size(), 0u);
  EXPECT_EQ(error->getValue<std::string>("message"), "template welcome not found");
}

TEST(ErrorEnvelope, UnauthenticatedAsksForBearerCredentials) {
  auto response = errorResponse(Error(ErrorKind::Unauthenticated, "unauthenticated", "no key"));
  bool found = false;
  for (const auto& [k, v] : response.headers) found |= (k == "WWW-Authenticate" && v.find("Bearer") == 0);
  EXPECT_TRUE(found);
}

TEST(ErrorEnvelope, MessageWithQuotesStaysValidJson) {
  auto response = errorResponse(invalidInput("bad \"quoted\" \\ value\n"));
  EXPECT_EQ(parse(response.body)->getObject("error")->getValue<std::string>("message"), "bad \"quoted\" \\ value\n");
}

}  // namespace
}  // namespace sb::http
