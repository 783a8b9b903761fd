// /api/v1/templates through the real dispatcher and store: versions, validation, deletion,
// listing, previews and tenant isolation.
#include "ContentApi.hpp"

namespace sb::notify::testing {
namespace {

const std::string kWelcome = R"({
  "key": "welcome", "description": "Sent after sign-up", "default_locale": "en",
  "required_variables": ["name"],
  "variants": [
    {"channel": "email", "locale": "en", "subject": "Welcome, {{name}}!", "text": "Hi {{name}}", "html": "<p>Hi {{name}}</p>"},
    {"channel": "email", "locale": "pt", "subject": "Bem-vindo, {{name}}!", "text": "Olá {{name}}"},
    {"channel": "email", "locale": "pt-BR", "subject": "Bem-vindo ao Brasil, {{name}}!", "text": "Oi {{name}}"},
    {"channel": "sms", "body": "Welcome {{name}}"},
    {"channel": "push", "title": "Welcome", "body": "Hi {{name}}", "data": {"screen": "home", "user": "{{name}}"}}
  ]})";

std::string withKey(std::string definition, const std::string& key) {
  auto pos = definition.find("\"welcome\"");
  return definition.replace(pos, 9, "\"" + key + "\"");
}

class TemplateRoutes : public ContentApi {};

TEST_F(TemplateRoutes, CreateMakesVersion1AndAnExistingKeyIsAConflict) {
  auto created = callA("POST", "/api/v1/templates", kWelcome);
  ASSERT_EQ(created.status, 201) << created.body;
  auto t = parseObject(created.body);
  EXPECT_EQ(t->getValue<int>("version"), 1);
  EXPECT_EQ(t->getValue<std::string>("key"), "welcome");
  EXPECT_EQ(t->getArray("variants")->size(), 5u);
  EXPECT_EQ(t->getArray("variants")->getObject(3)->getValue<std::string>("text"), "Welcome {{name}}");  // sms body
  EXPECT_EQ(t->getArray("variants")->getObject(3)->getValue<std::string>("locale"), "en");  // the default
  auto again = callA("POST", "/api/v1/templates", kWelcome);
  EXPECT_EQ(again.status, 409);
}

TEST_F(TemplateRoutes, PutMakesTheNextVersionAndOldVersionsStayReadable) {
  ASSERT_EQ(callA("POST", "/api/v1/templates", kWelcome).status, 201);
  auto updated = callA("PUT", "/api/v1/templates/welcome",
                       R"({"required_variables":[],"variants":[{"channel":"sms","text":"v2 text"}]})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(parseObject(updated.body)->getValue<int>("version"), 2);

  auto latest = parseObject(callA("GET", "/api/v1/templates/welcome").body);
  EXPECT_EQ(latest->getValue<int>("version"), 2);
  EXPECT_EQ(latest->getArray("variants")->size(), 1u);
  auto first = callA("GET", "/api/v1/templates/welcome?version=1");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(parseObject(first.body)->getValue<int>("version"), 1);
  EXPECT_EQ(parseObject(first.body)->getArray("variants")->size(), 5u);
  EXPECT_EQ(callA("GET", "/api/v1/templates/welcome?version=3").status, 404);
  EXPECT_EQ(callA("GET", "/api/v1/templates/welcome?version=zero").status, 422);
  EXPECT_EQ(callA("GET", "/api/v1/templates/welcome?version=0").status, 422);
}

TEST_F(TemplateRoutes, PutOfAnUnknownTemplateIs404AndAMismatchedKeyIs422) {
  EXPECT_EQ(callA("PUT", "/api/v1/templates/nope", R"({"variants":[{"channel":"sms","text":"x"}]})").status, 404);
  ASSERT_EQ(callA("POST", "/api/v1/templates", kWelcome).status, 201);
  auto r = callA("PUT", "/api/v1/templates/welcome", R"({"key":"other","variants":[{"channel":"sms","text":"x"}]})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(errorDetail(r, "field"), "key");
}

TEST_F(TemplateRoutes, InvalidMustacheIs422NamingTheVariantAndField) {
  auto r = callA("POST", "/api/v1/templates",
                 R"({"key":"broken","variants":[{"channel":"sms","text":"ok {{name}}"},
                     {"channel":"email","locale":"de","subject":"Hallo","html":"<p>{{#items}}{{name}}</p>"}]})");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(errorDetail(r, "field"), "variants[1].html");
  auto variant = parseObject(r.body)->getObject("error")->getObject("details")->getObject("variant");
  EXPECT_EQ(variant->getValue<std::string>("channel"), "email");
  EXPECT_EQ(variant->getValue<std::string>("locale"), "de");
  EXPECT_NE(parseObject(r.body)->getObject("error")->getValue<std::string>("message").find("items"), std::string::npos);

  r = callA("POST", "/api/v1/templates",
            R"({"key":"broken","variants":[{"channel":"push","title":"t","data":{"deep":{"x":"{{/oops}}"}}}]})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(errorDetail(r, "field"), "variants[0].data.deep.x");
  EXPECT_EQ(callA("GET", "/api/v1/templates/broken").status, 404);  // nothing was stored
}

TEST_F(TemplateRoutes, RejectsInvalidDefinitionsNamingTheField) {
  auto field = [&](const std::string& body) { return errorDetail(callA("POST", "/api/v1/templates", body), "field"); };
  EXPECT_EQ(field(R"({"variants":[{"channel":"sms","text":"x"}]})"), "key");
  EXPECT_EQ(field(R"({"key":"a b","variants":[{"channel":"sms","text":"x"}]})"), "key");
  EXPECT_EQ(field(R"({"key":"k","variants":[]})"), "variants");
  EXPECT_EQ(field(R"({"key":"k","variants":[{"channel":"fax","text":"x"}]})"), "variants[0].channel");
  EXPECT_EQ(field(R"({"key":"k","variants":[{"channel":"sms","text":"x","locale":"english"}]})"), "variants[0].locale");
  EXPECT_EQ(field(R"({"key":"k","variants":[{"channel":"sms","text":"x","html":"<p>"}]})"), "variants[0].html");
  EXPECT_EQ(field(R"({"key":"k","variants":[{"channel":"email","text":"x"}]})"), "variants[0].subject");
  EXPECT_EQ(field(R"({"key":"k","variants":[{"channel":"sms","text":"a"},{"channel":"sms","text":"b","locale":"en"}]})"),
            "variants[1]");
  EXPECT_EQ(field(R"({"key":"k","required_variables":["ok","not ok"],"variants":[{"channel":"sms","text":"a"}]})"),
            "required_variables[1]");
  EXPECT_EQ(field(R"({"key":"k","default_locale":"xx_yy_zz_","variants":[{"channel":"sms","text":"a"}]})"),
            "default_locale");
  EXPECT_EQ(field(R"({"key":"k","variant":[]})"), "variant");
}

TEST_F(TemplateRoutes, DeleteHidesTheTemplateButItsVersionsStayReadable) {
  ASSERT_EQ(callA("POST", "/api/v1/templates", kWelcome).status, 201);
  EXPECT_EQ(callA("DELETE", "/api/v1/templates/welcome").status, 204);
  EXPECT_EQ(callA("GET", "/api/v1/templates/welcome").status, 404);
  EXPECT_EQ(callA("DELETE", "/api/v1/templates/welcome").status, 404);
  EXPECT_EQ(callA("PUT", "/api/v1/templates/welcome", R"({"variants":[{"channel":"sms","text":"x"}]})").status, 404);
  EXPECT_EQ(callA("GET", "/api/v1/templates/welcome?version=1").status, 200);
  EXPECT_EQ(callA("GET", "/api/v1/templates/welcome?version=2").status, 404);  // the tombstone

  // Notifications accepted with version 1 still render.
  Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
  data->set("name", "Ana");
  EXPECT_EQ(templates->render("tenant-a", "welcome", 1, "sms", "en", data).content.text, "Welcome Ana");
  EXPECT_THROW(templates->render("tenant-a", "welcome", std::nullopt, "sms", "en", data), Error);

  // The key can be created again; versions keep counting.
  auto recreated = callA("POST", "/api/v1/templates", kWelcome);
  ASSERT_EQ(recreated.status, 201);
  EXPECT_EQ(parseObject(recreated.body)->getValue<int>("version"), 3);
}

TEST_F(TemplateRoutes, ListShowsTheLatestVersionOfEachLiveTemplateByKeyWithACursor) {
  for (const char* key : {"c-template", "a-template", "b-template", "d-template"})
    ASSERT_EQ(callA("POST", "/api/v1/templates", withKey(kWelcome, key)).status, 201);
  ASSERT_EQ(callA("PUT", "/api/v1/templates/b-template", R"({"variants":[{"channel":"inapp","body":"x"}]})").status, 200);
  ASSERT_EQ(callA("DELETE", "/api/v1/templates/c-template").status, 204);

  auto page1 = parseObject(callA("GET", "/api/v1/templates?limit=2").body);
  auto list = page1->getArray("templates");
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->getObject(0)->getValue<std::string>("key"), "a-template");
  EXPECT_EQ(list->getObject(1)->getValue<std::string>("key"), "b-template");
  EXPECT_EQ(list->getObject(1)->getValue<int>("version"), 2);
  EXPECT_EQ(list->getObject(1)->getArray("channels")->getElement<std::string>(0), "inapp");
  ASSERT_EQ(page1->getValue<std::string>("next_cursor"), "b-template");

  auto page2 = parseObject(callA("GET", "/api/v1/templates?limit=2&cursor=b-template").body);
  ASSERT_EQ(page2->getArray("templates")->size(), 1u);  // c is deleted
  EXPECT_EQ(page2->getArray("templates")->getObject(0)->getValue<std::string>("key"), "d-template");
  EXPECT_TRUE(page2->isNull("next_cursor"));

  EXPECT_EQ(callA("GET", "/api/v1/templates?limit=500").status, 422);
  EXPECT_EQ(parseObject(callB("GET", "/api/v1/templates").body)->getArray("templates")->size(), 0u);
}

TEST_F(TemplateRoutes, PreviewRendersWithLocaleFallbackAndSaysWhatItUsed) {
  ASSERT_EQ(callA("POST", "/api/v1/templates", kWelcome).status, 201);
  auto preview = [&](const std::string& locale) {
    auto r = callA("POST", "/api/v1/templates/welcome/preview",
                   R"({"channel":"email","locale":")" + locale + R"(","data":{"name":"Ana"}})");
    EXPECT_EQ(r.status, 200) << r.body;
    return parseObject(r.body);
  };
  auto exact = preview("pt-BR");
  EXPECT_EQ(exact->getValue<std::string>("locale"), "pt-BR");
  EXPECT_EQ(exact->getObject("content")->getValue<std::string>("subject"), "Bem-vindo ao Brasil, Ana!");
  auto language = preview("pt-PT");
  EXPECT_EQ(language->getValue<std::string>("locale"), "pt");
  EXPECT_EQ(language->getObject("content")->getValue<std::string>("text"), "Olá Ana");
  auto fallback = preview("de-AT");
  EXPECT_EQ(fallback->getValue<std::string>("locale"), "en");
  EXPECT_EQ(fallback->getObject("content")->getValue<std::string>("html"), "<p>Hi Ana</p>");
  EXPECT_EQ(fallback->getValue<int>("version"), 1);

  auto push = callA("POST", "/api/v1/templates/welcome/preview", R"({"channel":"push","data":{"name":"Ana"}})");
  ASSERT_EQ(push.status, 200) << push.body;
  auto content = parseObject(push.body)->getObject("content");
  EXPECT_EQ(content->getValue<std::string>("subject"), "Welcome");
  EXPECT_EQ(content->getObject("data")->getValue<std::string>("user"), "Ana");
  EXPECT_EQ(content->getObject("data")->getValue<std::string>("screen"), "home");
}

TEST_F(TemplateRoutes, PreviewOfAnOlderVersion) {
  ASSERT_EQ(callA("POST", "/api/v1/templates", kWelcome).status, 201);
  ASSERT_EQ(callA("PUT", "/api/v1/templates/welcome", R"({"variants":[{"channel":"sms","text":"v2 {{name}}"}]})").status,
            200);
  auto v1 = callA("POST", "/api/v1/templates/welcome/preview", R"({"channel":"sms","version":1,"data":{"name":"Bo"}})");
  ASSERT_EQ(v1.status, 200);
  EXPECT_EQ(parseObject(v1.body)->getObject("content")->getValue<std::string>("text"), "Welcome Bo");
  auto v2 = callA("POST", "/api/v1/templates/welcome/preview", R"({"channel":"sms","data":{"name":"Bo"}})");
  EXPECT_EQ(parseObject(v2.body)->getObject("content")->getValue<std::string>("text"), "v2 Bo");
  EXPECT_EQ(parseObject(v2.body)->getValue<int>("version"), 2);
}

TEST_F(TemplateRoutes, PreviewErrorsNameWhatIsMissing) {
  ASSERT_EQ(callA("POST", "/api/v1/templates", kWelcome).status, 201);
  auto missing = callA("POST", "/api/v1/templates/welcome/preview", R"({"channel":"email","data":{"nome":"Ana"}})");
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(errorCode(missing), "missing_variables");
  auto names = parseObject(missing.body)->getObject("error")->getObject("details")->getArray("missing");
  ASSERT_EQ(names->size(), 1u);
  EXPECT_EQ(names->getElement<std::string>(0), "name");
  auto noVariant = callA("POST", "/api/v1/templates/welcome/preview", R"({"channel":"inapp","data":{"name":"Ana"}})");
  EXPECT_EQ(noVariant.status, 422);
  EXPECT_EQ(errorCode(noVariant), "no_variant");
  EXPECT_EQ(callA("POST", "/api/v1/templates/nope/preview", R"({"channel":"sms"})").status, 404);
  EXPECT_EQ(callA("POST", "/api/v1/templates/welcome/preview", R"({"channel":"sms","data":[1]})").status, 422);
  EXPECT_EQ(callA("POST", "/api/v1/templates/welcome/preview", R"({"data":{}})").status, 422);
}

TEST_F(TemplateRoutes, ATenantNeverSeesAnotherTenantsTemplate) {
  ASSERT_EQ(callA("POST", "/api/v1/templates", kWelcome).status, 201);
  EXPECT_EQ(callB("GET", "/api/v1/templates/welcome").status, 404);
  EXPECT_EQ(callB("GET", "/api/v1/templates/welcome?version=1").status, 404);
  EXPECT_EQ(callB("PUT", "/api/v1/templates/welcome", R"({"variants":[{"channel":"sms","text":"x"}]})").status, 404);
  EXPECT_EQ(callB("DELETE", "/api/v1/templates/welcome").status, 404);
  EXPECT_EQ(callB("POST", "/api/v1/templates/welcome/preview", R"({"channel":"sms","data":{"name":"x"}})").status, 404);
  EXPECT_THROW(templates->render("tenant-b", "welcome", 1, "sms", "en", nullptr), Error);

  // The same key in tenant B is its own template, with its own versions.
  auto b = callB("POST", "/api/v1/templates", withKey(kWelcome, "welcome"));
  ASSERT_EQ(b.status, 201);
  EXPECT_EQ(parseObject(b.body)->getValue<int>("version"), 1);
  ASSERT_EQ(callB("PUT", "/api/v1/templates/welcome", R"({"variants":[{"channel":"sms","text":"B"}]})").status, 200);
  EXPECT_EQ(parseObject(callA("GET", "/api/v1/templates/welcome").body)->getValue<int>("version"), 1);
}

}  // namespace
}  // namespace sb::notify::testing
