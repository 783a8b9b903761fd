// TemplateService's rendering API, as the notification engine uses it.
#include "ContentApi.hpp"

#include <atomic>
#include <thread>

namespace sb::notify::testing {
namespace {

class TemplateRendering : public ContentApi {
 protected:
  void define(const std::string& json) {
    auto r = callA("POST", "/api/v1/templates", json);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  RenderResult render(const std::string& key, const std::string& channel, const std::string& locale,
                      const std::string& data, std::optional<int> version = std::nullopt) {
    return templates->render("tenant-a", key, version, channel, locale, parseObject(data));
  }
  Error renderError(const std::string& key, const std::string& channel, const std::string& data) {
    try {
      render(key, channel, "en", data);
    } catch (const Error& e) {
      return e;
    }
    ADD_FAILURE() << "rendered";
    return Error(ErrorKind::Internal, "none", "none");
  }
};

TEST_F(TemplateRendering, LocaleFallbackGoesExactThenLanguageThenDefault) {
  define(R"({"key":"k","default_locale":"de","variants":[
    {"channel":"sms","locale":"pt-BR","text":"pt-BR"}, {"channel":"sms","locale":"pt","text":"pt"},
    {"channel":"sms","locale":"de","text":"de"}, {"channel":"push","locale":"pt-BR","body":"push pt-BR"}]})");
  EXPECT_EQ(render("k", "sms", "pt-BR", "{}").content.text, "pt-BR");
  EXPECT_EQ(render("k", "sms", "pt-br", "{}").locale, "pt-BR");  // any case
  EXPECT_EQ(render("k", "sms", "pt-PT", "{}").content.text, "pt");
  EXPECT_EQ(render("k", "sms", "fr", "{}").content.text, "de");
  EXPECT_EQ(render("k", "sms", "", "{}").content.text, "de");
  EXPECT_EQ(render("k", "sms", "not a locale", "{}").content.text, "de");
  // For push only pt-BR exists: another locale finds no variant, even though the template has one.
  EXPECT_EQ(render("k", "push", "pt-BR", "{}").content.text, "push pt-BR");
  EXPECT_EQ(renderError("k", "push", "{}").code(), "no_variant");
}

TEST_F(TemplateRendering, EscapesHtmlOnlyInTheHtmlBody) {
  define(R"({"key":"k","variants":[{"channel":"email","subject":"Hi {{name}}","text":"Hi {{name}}",
    "html":"<p>Hi {{name}}, {{{raw}}}</p>"},{"channel":"push","title":"{{name}}","body":"{{name}}","data":{"n":"{{name}}"}}]})");
  auto email = render("k", "email", "en", R"({"name":"Tom & <Jerry> \"x\"","raw":"<b>ok</b>"})").content;
  EXPECT_EQ(email.subject, "Hi Tom & <Jerry> \"x\"");
  EXPECT_EQ(email.text, "Hi Tom & <Jerry> \"x\"");
  EXPECT_EQ(email.html, "<p>Hi Tom &amp; &lt;Jerry&gt; &quot;x&quot;, <b>ok</b></p>");
  auto push = render("k", "push", "en", R"({"name":"<A&B>"})").content;
  EXPECT_EQ(push.subject, "<A&B>");
  EXPECT_EQ(push.text, "<A&B>");
  EXPECT_EQ(parseObject(push.data_json)->getValue<std::string>("n"), "<A&B>");
}

TEST_F(TemplateRendering, SectionsLoopsBooleansAndNumbers) {
  define(R"({"key":"k","variants":[{"channel":"sms","text":
    "{{#vip}}VIP {{/vip}}{{^vip}}regular {{/vip}}{{#items}}[{{name}} x{{qty}} @{{price}}]{{/items}}{{^items}}none{{/items}} total={{order.total}}"}]})");
  EXPECT_EQ(render("k", "sms", "en",
                   R"({"vip":true,"items":[{"name":"pen","qty":2,"price":1.5},{"name":"ink","qty":1,"price":10}],
                       "order":{"total":13}})")
                .content.text,
            "VIP [pen x2 @1.5][ink x1 @10] total=13");
  EXPECT_EQ(render("k", "sms", "en", R"({"vip":false,"items":[],"order":{"total":0}})").content.text,
            "regular none total=0");
  EXPECT_EQ(render("k", "sms", "en", R"({"vip":null})").content.text, "regular none total=");
}

TEST_F(TemplateRendering, DataValuesAreTemplatesAndOtherValuesPassThrough) {
  define(R"({"key":"k","variants":[{"channel":"push","title":"t",
    "data":{"order":"{{id}}","badge":3,"silent":false,"tags":["{{tag}}","fixed"],"nested":{"x":"<{{id}}>"}}}]})");
  auto data = parseObject(render("k", "push", "en", R"({"id":"A-1","tag":"new"})").content.data_json);
  EXPECT_EQ(data->getValue<std::string>("order"), "A-1");
  EXPECT_EQ(data->getValue<int>("badge"), 3);
  EXPECT_FALSE(data->getValue<bool>("silent"));
  EXPECT_EQ(data->getArray("tags")->getElement<std::string>(0), "new");
  EXPECT_EQ(data->getObject("nested")->getValue<std::string>("x"), "<A-1>");
  define(R"({"key":"no-data","variants":[{"channel":"push","title":"t"}]})");
  EXPECT_EQ(render("no-data", "push", "en", "{}").content.data_json, "");
}

TEST_F(TemplateRendering, MissingRequiredVariablesAreAllNamed) {
  define(R"({"key":"k","required_variables":["name","order.id","order.total"],
    "variants":[{"channel":"sms","text":"{{name}}"}]})");
  auto e = renderError("k", "sms", R"({"order":{"id":null}})");
  EXPECT_EQ(e.kind(), ErrorKind::Unprocessable);
  EXPECT_EQ(e.code(), "missing_variables");
  auto missing = e.details()->getArray("missing");
  ASSERT_EQ(missing->size(), 3u);
  EXPECT_EQ(missing->getElement<std::string>(0), "name");
  EXPECT_EQ(missing->getElement<std::string>(1), "order.id");
  EXPECT_EQ(missing->getElement<std::string>(2), "order.total");
  EXPECT_EQ(render("k", "sms", "en", R"({"name":"","order":{"id":1,"total":0}})").content.text, "");
  EXPECT_THROW(templates->render("tenant-a", "k", std::nullopt, "sms", "en", nullptr), Error);
}

TEST_F(TemplateRendering, UnknownTemplatesAndVersionsAreNotFound) {
  define(R"({"key":"k","variants":[{"channel":"sms","text":"x"}]})");
  EXPECT_EQ(renderError("nope", "sms", "{}").kind(), ErrorKind::NotFound);
  try {
    templates->render("tenant-a", "k", 7, "sms", "en", nullptr);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
  }
  EXPECT_THROW(templates->hasVariant("tenant-a", "nope", std::nullopt, "sms"), Error);
}

TEST_F(TemplateRendering, HasVariantLooksAtAnyLocaleOfTheChannel) {
  define(R"({"key":"k","variants":[{"channel":"sms","locale":"fr","text":"x"}]})");
  EXPECT_TRUE(templates->hasVariant("tenant-a", "k", std::nullopt, "sms"));
  EXPECT_TRUE(templates->hasVariant("tenant-a", "k", 1, "sms"));
  EXPECT_FALSE(templates->hasVariant("tenant-a", "k", std::nullopt, "email"));
}

TEST_F(TemplateRendering, RendersThePinnedVersionAfterAnUpdate) {
  define(R"({"key":"k","variants":[{"channel":"sms","text":"one {{x}}"}]})");
  ASSERT_EQ(callA("PUT", "/api/v1/templates/k", R"({"variants":[{"channel":"sms","text":"two {{x}}"}]})").status, 200);
  auto latest = render("k", "sms", "en", R"({"x":1})");
  EXPECT_EQ(latest.content.text, "two 1");
  EXPECT_EQ(latest.version, 2);
  auto pinned = render("k", "sms", "en", R"({"x":1})", 1);
  EXPECT_EQ(pinned.content.text, "one 1");
  EXPECT_EQ(pinned.version, 1);
}

TEST_F(TemplateRendering, SeesAChangeMadeThroughAnotherInstanceAtOnce) {
  define(R"({"key":"k","variants":[{"channel":"sms","text":"one"}]})");
  EXPECT_EQ(render("k", "sms", "en", "{}").content.text, "one");  // now cached here
  TemplateService otherInstance(*templateRepository);
  auto definition = parseObject(R"({"variants":[{"channel":"sms","text":"two"}]})");
  otherInstance.update("tenant-a", "k", definition);
  EXPECT_EQ(render("k", "sms", "en", "{}").content.text, "two");
}

TEST_F(TemplateRendering, PartialsRenderAsNothingAndNeverParseData) {
  define(R"({"key":"k","variants":[{"channel":"sms","text":"[{{> evil}}]"}]})");
  EXPECT_EQ(render("k", "sms", "en", R"({"evil":"{{secret}}","secret":"s3cr3t"})").content.text, "[]");
  EXPECT_EQ(render("k", "sms", "en", R"({"evil":"{{#unclosed}}"})").content.text, "[]");
  EXPECT_EQ(render("k", "sms", "en", R"({})").content.text, "[]");  // and the cached template still works
}

TEST_F(TemplateRendering, DeeplyNestedDataIsRefused) {
  define(R"({"key":"k","variants":[{"channel":"sms","text":"x"}]})");
  std::string deep = R"({"a":)";
  for (int i = 0; i < 40; ++i) deep += R"({"a":)";
  deep += "1";
  for (int i = 0; i < 41; ++i) deep += "}";
  EXPECT_EQ(renderError("k", "sms", deep).kind(), ErrorKind::Unprocessable);
}

TEST_F(TemplateRendering, ConcurrentRendersOfOneCachedTemplateAgree) {
  define(R"({"key":"k","variants":[{"channel":"email","subject":"Hi {{name}}",
    "html":"<ul>{{#items}}<li>{{.}}</li>{{/items}}</ul>"}]})");
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        std::string name = "user" + std::to_string(t) + "-" + std::to_string(i);
        auto r = templates->render("tenant-a", "k", std::nullopt, "email", "en",
                                   parseObject(R"({"name":")" + name + R"(","items":["a","<b>"]})"));
        if (r.content.subject != "Hi " + name || r.content.html != "<ul><li>a</li><li>&lt;b&gt;</li></ul>") ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(TemplateCache, KeepsTheMostRecentlyUsedWithinItsCapacity) {
  TemplateCache cache(2);
  TemplateDefinition d;
  d.key = "k";
  d.variants.push_back(TemplateVariant{"sms", "en", "", "x", "", ""});
  auto compiled = CompiledTemplate::compile(d);
  cache.put("t", "k", 1, compiled);
  cache.put("t", "k", 2, compiled);
  EXPECT_TRUE(cache.find("t", "k", 1));  // 1 is now the most recent
  cache.put("t", "k", 3, compiled);      // evicts 2
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_TRUE(cache.find("t", "k", 1));
  EXPECT_FALSE(cache.find("t", "k", 2));
  EXPECT_TRUE(cache.find("t", "k", 3));
  EXPECT_FALSE(cache.find("other-tenant", "k", 1));
}

}  // namespace
}  // namespace sb::notify::testing
