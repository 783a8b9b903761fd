// rules::forEachMember and JsonValue (plugins/rules/common/json_view.hpp): the scanner every
// rule reads attributes and context with. Strict JSON or nothing.
#include "common/json_view.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

using rules::JsonValue;

// key -> raw value text of each member, or {"<invalid>"} when the text is not an object.
std::map<std::string, std::string> members(std::string_view text) {
  std::map<std::string, std::string> out;
  bool ok = rules::forEachMember(text, [&](std::string_view k, const JsonValue& v) { out[std::string(k)] = v.raw(); });
  if (!ok) return {{"<invalid>", ""}};
  return out;
}

bool valid(std::string_view text) { return members(text).count("<invalid>") == 0; }

JsonValue valueOf(std::string_view text, std::string_view key) {
  JsonValue found(JsonValue::Kind::Null, "null");
  bool ok = rules::forEachMember(text, [&](std::string_view k, const JsonValue& v) {
    if (k == key) found = v;
  });
  EXPECT_TRUE(ok) << text;
  return found;
}

TEST(JsonView, VisitsTopLevelMembersWithTheirRawValues) {
  auto m = members(R"( { "a" : 1 , "b":[1, {"c":2}], "d":{"e":"}"}, "f":"x\"y", "g":null, "h":false } )");
  EXPECT_EQ(m.size(), 6u);
  EXPECT_EQ(m["a"], "1");
  EXPECT_EQ(m["b"], R"([1, {"c":2}])");
  EXPECT_EQ(m["d"], R"({"e":"}"})");
  EXPECT_EQ(m["f"], R"("x\"y")");
  EXPECT_EQ(m["g"], "null");
  EXPECT_EQ(m["h"], "false");
  EXPECT_EQ(m.count("c"), 0u);  // nested members are not top-level
}

TEST(JsonView, BlankTextIsAnObjectWithoutMembers) {
  EXPECT_TRUE(members("").empty());
  EXPECT_TRUE(members(" \n\t").empty());
  EXPECT_TRUE(members("{}").empty());
}

TEST(JsonView, RejectsWhatIsNotOneWellFormedObject) {
  for (const char* bad : {"{", "}", "[]", "null", "1", "\"s\"", "{} {}", "{}x", R"({"a":1,})", R"({"a" 1})",
                          R"({a:1})", R"({"a":01})", R"({"a":1.})", R"({"a":.5})", R"({"a":+1})", R"({"a":1e})",
                          R"({"a":-})", R"({"a":tru})", R"({"a":nul})", R"({"a":"\x"})", R"({"a":"\u12"})",
                          R"({"a":"\u12G4"})", "{\"a\":\"tab\there\"}", R"({"a":[1,]})", R"({"a":[1 2]})",
                          R"({"a":"unterminated})", R"({'a':1})"})
    EXPECT_FALSE(valid(bad)) << bad;
  EXPECT_FALSE(valid(std::string_view("{\"a\":1}\0", 8)));  // a NUL after the object
  EXPECT_FALSE(valid(std::string_view("{\"a\":\"x\0\"}", 10)));  // a NUL inside a string
}

TEST(JsonView, AcceptsTheWholeNumberGrammar) {
  for (const char* n : {"0", "-0", "12", "-3.25", "1e3", "1E+3", "2.5e-3", "0.0"})
    EXPECT_TRUE(valid(std::string(R"({"a":)") + n + "}")) << n;
  EXPECT_DOUBLE_EQ(*valueOf(R"({"a":-2.5e-3})", "a").asNumber(), -0.0025);
  EXPECT_DOUBLE_EQ(*valueOf(R"({"a":18})", "a").asNumber(), 18);
  EXPECT_FALSE(valueOf(R"({"a":1e999})", "a").asNumber().has_value());  // out of range: unusable
  EXPECT_FALSE(valueOf(R"({"a":"18"})", "a").asNumber().has_value());
}

TEST(JsonView, NestingIsBounded) {
  std::string ok = R"({"a":)" + std::string(60, '[') + std::string(60, ']') + "}";
  EXPECT_TRUE(valid(ok));
  std::string deep = R"({"a":)" + std::string(200'000, '[') + std::string(200'000, ']') + "}";
  EXPECT_FALSE(valid(deep));
}

TEST(JsonView, DecodesStrings) {
  EXPECT_EQ(*valueOf(R"({"s":"a\"b\\c\/d\n"})", "s").asString(), "a\"b\\c/d\n");
  EXPECT_EQ(*valueOf(R"({"s":"caf\u00e9"})", "s").asString(), "caf\xc3\xa9");
  EXPECT_EQ(*valueOf(R"({"s":"\ud83d\ude00"})", "s").asString(), "\xf0\x9f\x98\x80");
  EXPECT_EQ(*valueOf(R"({"s":"\ud800x"})", "s").asString(), "\xef\xbf\xbdx");  // lone surrogate: U+FFFD
  EXPECT_FALSE(valueOf(R"({"s":1})", "s").asString().has_value());
  EXPECT_EQ(members(R"({"k\u0065y":1})").count("key"), 1u);  // keys are decoded too
}

TEST(JsonView, ReadsBooleansOnlyFromLiterals) {
  EXPECT_EQ(valueOf(R"({"b":true})", "b").asBool(), std::optional<bool>(true));
  EXPECT_EQ(valueOf(R"({"b":false})", "b").asBool(), std::optional<bool>(false));
  EXPECT_FALSE(valueOf(R"({"b":"true"})", "b").asBool().has_value());
  EXPECT_FALSE(valueOf(R"({"b":1})", "b").asBool().has_value());
}

TEST(JsonView, WalksArraysOfStringsAndNestedObjects) {
  std::vector<std::string> seen;
  EXPECT_TRUE(valueOf(R"({"r":["US", 1, {"x":"no"}, "d\u0045", []]})", "r").forEachString([&](std::string s) {
    seen.push_back(std::move(s));
  }));
  EXPECT_EQ(seen, (std::vector<std::string>{"US", "dE"}));
  EXPECT_FALSE(valueOf(R"({"r":"US"})", "r").forEachString([](std::string) {}));

  std::map<std::string, double> weights;
  EXPECT_TRUE(valueOf(R"({"h":{"books":2.5,"music":1}})", "h").forEachMember([&](std::string_view k, const JsonValue& v) {
    weights[std::string(k)] = v.asNumber().value_or(-1);
  }));
  EXPECT_EQ(weights, (std::map<std::string, double>{{"books", 2.5}, {"music", 1}}));
}

// Random damage to a realistic document never crashes the scanner or a reader on top of it.
TEST(JsonView, SurvivesRandomlyDamagedInput) {
  const std::string doc =
      R"({"in_stock":true,"age_rating":12,"regions_allowed":["US","DE"],"name":"caf\u00e9 \"x\"",)"
      R"("history_categories":{"books":1.5e2,"music":-0.5},"n":null,"deep":[[{"a":[1,2,{"b":"c"}]}]]})";
  std::mt19937 random(20240601);
  const std::string alphabet = "{}[]\",:\\u0123456789abcdefeEtrunl.-+ \n\x01\xff";
  int still_valid = 0;
  for (int round = 0; round < 20'000; ++round) {
    std::string text = doc;
    int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      std::size_t at = random() % text.size();
      switch (random() % 3) {
        case 0: text[at] = alphabet[random() % alphabet.size()]; break;
        case 1: text.erase(at, 1 + random() % 3); break;
        default: text.insert(at, 1, alphabet[random() % alphabet.size()]); break;
      }
      if (text.empty()) text = "{";
    }
    std::size_t touched = 0;
    bool ok = rules::forEachMember(text, [&](std::string_view, const JsonValue& v) {
      touched += v.asString().value_or("").size();
      touched += v.asBool().value_or(false) ? 1 : 0;
      touched += v.asNumber().has_value() ? 1 : 0;
      v.forEachString([&](const std::string& s) { touched += s.size(); });
      v.forEachMember([&](std::string_view k, const JsonValue& inner) { touched += k.size() + inner.raw().size(); });
    });
    still_valid += ok ? 1 : 0;
  }
  EXPECT_GT(still_valid, 0);        // some edits keep it valid (inside strings)...
  EXPECT_LT(still_valid, 20'000);   // ...most do not
}

}  // namespace
