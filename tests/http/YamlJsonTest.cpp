// YAML -> JSON as the OpenAPI document needs it: types as YAML gives them, order kept,
// mistakes refused with their position.
#include "http/openapi/YamlJson.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

namespace sb::http::openapi {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string json(const std::string& yaml) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(yamlToJson(yaml), out);
  return out.str();
}

std::string errorOf(const std::string& yaml) {
  try {
    yamlToJson(yaml);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(YamlJson, PlainScalarsAreTypedByTheCoreSchema) {
  auto doc = yamlToJson(
                 "i: 42\nn: -7\nhex: 0x1F\noct: 0o17\nf: 2.5\ne: 1e3\nt: true\nF: False\n"
                 "z: ~\nnul: null\nempty:\ns: hello\n")
                 .extract<Object::Ptr>();
  EXPECT_EQ(doc->get("i").type(), typeid(Poco::Int64));
  EXPECT_EQ(doc->getValue<Poco::Int64>("i"), 42);
  EXPECT_EQ(doc->getValue<Poco::Int64>("n"), -7);
  EXPECT_EQ(doc->getValue<Poco::Int64>("hex"), 31);
  EXPECT_EQ(doc->getValue<Poco::Int64>("oct"), 15);
  EXPECT_EQ(doc->get("f").type(), typeid(double));
  EXPECT_DOUBLE_EQ(doc->getValue<double>("f"), 2.5);
  EXPECT_DOUBLE_EQ(doc->getValue<double>("e"), 1000.0);
  EXPECT_EQ(doc->get("t").type(), typeid(bool));
  EXPECT_TRUE(doc->getValue<bool>("t"));
  EXPECT_FALSE(doc->getValue<bool>("F"));
  EXPECT_TRUE(doc->isNull("z"));
  EXPECT_TRUE(doc->isNull("nul"));
  EXPECT_TRUE(doc->isNull("empty"));
  EXPECT_EQ(doc->get("s").type(), typeid(std::string));
}

TEST(YamlJson, QuotedScalarsStayStringsExactlyAsWritten) {
  EXPECT_EQ(json("a: '200'\nb: \"true\"\nc: 'null'\nd: '1.0'\ne: '007'\nf: ''\n"),
            R"({"a":"200","b":"true","c":"null","d":"1.0","e":"007","f":""})");
}

TEST(YamlJson, WordsThatOnlyLookLikeValuesAreStrings) {
  // YAML 1.1 booleans and version-like text are not numbers or booleans in the core schema.
  EXPECT_EQ(json("a: yes\nb: off\nc: 3.0.3\nd: 1_000\ne: 12abc\nf: .5x\n"),
            R"({"a":"yes","b":"off","c":"3.0.3","d":"1_000","e":"12abc","f":".5x"})");
}

TEST(YamlJson, BlockScalarsAreStringsWithTheirNewlines) {
  auto doc = yamlToJson("literal: |\n  line one\n  line two\nfolded: >\n  one\n  two\n").extract<Object::Ptr>();
  EXPECT_EQ(doc->getValue<std::string>("literal"), "line one\nline two\n");
  EXPECT_EQ(doc->getValue<std::string>("folded"), "one two\n");
}

TEST(YamlJson, ExplicitTagsDecideTheType) {
  EXPECT_EQ(json("a: !!str 12\nb: !!int '7'\nc: !!float 3\nd: !!bool 'true'\ne: !!null ''\n"),
            R"({"a":"12","b":7,"c":3,"d":true,"e":null})");
}

TEST(YamlJson, MapsKeepTheirKeyOrderAndKeysAreStrings) {
  EXPECT_EQ(json("zeta: 1\nalpha: 2\n200: ok\n'404': missing\ntrue: yes\n"),
            R"({"zeta":1,"alpha":2,"200":"ok","404":"missing","true":"yes"})");
}

TEST(YamlJson, SequencesAndFlowCollectionsNest) {
  EXPECT_EQ(json("list:\n  - 1\n  - {a: [x, 'y', 3.5], b: {}}\n  - []\n  -\n"),
            R"({"list":[1,{"a":["x","y",3.5],"b":{}},[],null]})");
}

TEST(YamlJson, AliasesAreExpanded) {
  EXPECT_EQ(json("base: &b {type: string}\nuse: *b\n"), R"({"base":{"type":"string"},"use":{"type":"string"}})");
}

TEST(YamlJson, AnEmptyDocumentIsNull) {
  EXPECT_TRUE(yamlToJson("").isEmpty());
  EXPECT_TRUE(yamlToJson("# only a comment\n").isEmpty());
}

TEST(YamlJson, HugeIntegersBecomeFloatsNotErrors) {
  auto doc = yamlToJson("big: 123456789012345678901234567890\n").extract<Object::Ptr>();
  EXPECT_EQ(doc->get("big").type(), typeid(double));
  EXPECT_NEAR(doc->getValue<double>("big"), 1.2345678901234568e29, 1e15);
}

TEST(YamlJson, MalformedYamlNamesLineAndColumn) {
  auto message = errorOf("a: 1\nb: [unclosed\n");
  EXPECT_NE(message.find("line "), std::string::npos) << message;
  EXPECT_NE(message.find("column "), std::string::npos) << message;
}

TEST(YamlJson, RefusesAKeyGivenTwice) {
  auto message = errorOf("paths:\n  /a: 1\n  /a: 2\n");
  EXPECT_NE(message.find("'/a' is given twice"), std::string::npos) << message;
  EXPECT_NE(message.find("line 3"), std::string::npos) << message;
}

TEST(YamlJson, RefusesMergeKeysComplexKeysAndUnknownTags) {
  EXPECT_NE(errorOf("base: &b {a: 1}\nx:\n  <<: *b\n").find("merge keys"), std::string::npos);
  EXPECT_NE(errorOf("? [a, b]\n: 1\n").find("a key must be"), std::string::npos);
  EXPECT_NE(errorOf("a: !custom x\n").find("unsupported tag !custom"), std::string::npos);
}

TEST(YamlJson, RefusesNumbersJsonCannotHold) {
  EXPECT_NE(errorOf("a: .inf\n").find("not a number JSON can hold"), std::string::npos);
  EXPECT_NE(errorOf("a: .nan\n").find("not a number JSON can hold"), std::string::npos);
}

TEST(YamlJson, RefusesMoreThanOneDocument) {
  EXPECT_NE(errorOf("a: 1\n---\nb: 2\n").find("expected one YAML document"), std::string::npos);
}

}  // namespace
}  // namespace sb::http::openapi
