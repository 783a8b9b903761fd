#include "notify/templates/CompiledTemplate.hpp"

#include "core/Error.hpp"
#include "notify/templates/TemplateService.hpp"
#include "notify/users/JsonFields.hpp"
#include "notify/users/Locale.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <kainjow/mustache.hpp>

#include <sstream>

namespace sb::notify {
namespace {

namespace mu = kainjow::mustache;

constexpr int kMaxDataDepth = 32;

// Renders never look up partials: data values are not templates. Without this a string in
// the data named by {{> name}} would be parsed as Mustache at render time, and a parse error
// there would write into the shared, cached template.
class DataContext final : public mu::context<std::string> {
 public:
  explicit DataContext(const mu::data* data) : mu::context<std::string>(data) {}
  const mu::data* get_partial(const std::string&) const override { return nullptr; }
};

struct Template {
  std::unique_ptr<mu::mustache> mustache;  // null: the field is empty

  // kainjow's render() is not const, but with no partials and no lambdas (DataContext and
  // toMustache() allow neither) it writes nothing into the template: concurrent renders of
  // one cached template are safe.
  std::string render(const mu::data& data) const {
    if (!mustache) return {};
    DataContext context(&data);
    return mustache->render(context);
  }
};

// A variant's data object with a compiled template for each string value.
struct DataNode {
  enum class Kind { Object, Array, Text, Literal } kind = Kind::Literal;
  std::vector<std::pair<std::string, DataNode>> members;
  std::vector<DataNode> items;
  Template text;
  Poco::Dynamic::Var literal;
};

struct CompiledVariant {
  Template subject, text, html;
  bool hasData = false;
  DataNode data;
};

Poco::JSON::Object::Ptr variantDetails(const TemplateVariant& v) {
  Poco::JSON::Object::Ptr variant = new Poco::JSON::Object;
  variant->set("channel", v.channel);
  variant->set("locale", v.locale);
  return variant;
}

Template compileText(const std::string& source, bool htmlEscape, const std::string& path, const TemplateVariant& v) {
  Template t;
  if (source.empty()) return t;
  t.mustache = std::make_unique<mu::mustache>(source);
  if (!t.mustache->is_valid()) {
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
    details->set("field", path);
    details->set("problem", t.mustache->error_message());
    details->set("variant", variantDetails(v));
    throw unprocessable("variant " + v.channel + "/" + v.locale + ": field '" + path +
                            "' is not valid Mustache: " + t.mustache->error_message(),
                        details);
  }
  if (!htmlEscape) t.mustache->set_custom_escape([](const std::string& s) { return s; });
  return t;
}

DataNode compileData(const Poco::Dynamic::Var& value, const std::string& path, const TemplateVariant& v) {
  DataNode node;
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    node.kind = DataNode::Kind::Object;
    for (const auto& [name, member] : *value.extract<Poco::JSON::Object::Ptr>())
      node.members.emplace_back(name, compileData(member, path + "." + name, v));
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    node.kind = DataNode::Kind::Array;
    auto array = value.extract<Poco::JSON::Array::Ptr>();
    for (size_t i = 0; i < array->size(); ++i)
      node.items.push_back(compileData(array->get(static_cast<unsigned>(i)), path + "[" + std::to_string(i) + "]", v));
  } else if (value.isString()) {
    node.kind = DataNode::Kind::Text;
    node.text = compileText(value.extract<std::string>(), false, path, v);
  } else {
    node.literal = value;
  }
  return node;
}

Poco::Dynamic::Var renderData(const DataNode& node, const mu::data& data) {
  switch (node.kind) {
    case DataNode::Kind::Object: {
      Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
      for (const auto& [name, member] : node.members) out->set(name, renderData(member, data));
      return out;
    }
    case DataNode::Kind::Array: {
      Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
      for (const auto& item : node.items) out->add(renderData(item, data));
      return out;
    }
    case DataNode::Kind::Text: return node.text.render(data);
    case DataNode::Kind::Literal: return node.literal;
  }
  return {};
}

// JSON -> Mustache data: objects, arrays as lists (sections loop over them), booleans as
// booleans ({{#flag}}), numbers as their JSON text, null as false.
mu::data toMustache(const Poco::Dynamic::Var& value, int depth) {
  if (depth > kMaxDataDepth) {
    throw unprocessable("data is nested more than " + std::to_string(kMaxDataDepth) + " levels deep");
  }
  if (value.isEmpty()) return mu::data(false);
  if (value.type() == typeid(Poco::JSON::Object::Ptr)) {
    mu::data out(mu::data::type::object);
    auto object = value.extract<Poco::JSON::Object::Ptr>();
    if (object) {
      for (const auto& [name, member] : *object) out.set(name, toMustache(member, depth + 1));
    }
    return out;
  }
  if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    mu::data out(mu::data::type::list);
    auto array = value.extract<Poco::JSON::Array::Ptr>();
    if (array) {
      for (const auto& item : *array) out.push_back(toMustache(item, depth + 1));
    }
    return out;
  }
  if (value.isBoolean()) return mu::data(value.convert<bool>());
  return mu::data(value.convert<std::string>());
}

bool hasValue(const Poco::JSON::Object::Ptr& data, const std::string& path) {
  Poco::JSON::Object::Ptr object = data;
  size_t start = 0;
  while (object) {
    size_t dot = path.find('.', start);
    std::string name = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!object->has(name) || object->isNull(name)) return false;
    if (dot == std::string::npos) return true;
    object = object->getObject(name);
    start = dot + 1;
  }
  return false;
}

}  // namespace

struct CompiledTemplate::Impl {
  TemplateDefinition definition;
  std::vector<CompiledVariant> variants;  // parallel to definition.variants
};

CompiledTemplate::CompiledTemplate(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompiledTemplate::~CompiledTemplate() = default;

std::shared_ptr<const CompiledTemplate> CompiledTemplate::compile(TemplateDefinition definition) {
  auto impl = std::make_unique<Impl>();
  impl->definition = std::move(definition);
  const auto& variants = impl->definition.variants;
  for (size_t i = 0; i < variants.size(); ++i) {
    const auto& v = variants[i];
    const std::string path = "variants[" + std::to_string(i) + "]";
    const bool titled = v.channel != "email" && v.channel != "sms";
    CompiledVariant c;
    c.subject = compileText(v.subject, false, path + (titled ? ".title" : ".subject"), v);
    c.text = compileText(v.text, false, path + (titled ? ".body" : ".text"), v);
    c.html = compileText(v.html, true, path + ".html", v);
    if (!v.data_json.empty()) {
      Poco::JSON::Parser parser;
      c.hasData = true;
      c.data = compileData(parser.parse(v.data_json), path + ".data", v);
    }
    impl->variants.push_back(std::move(c));
  }
  return std::shared_ptr<const CompiledTemplate>(new CompiledTemplate(std::move(impl)));
}

const TemplateDefinition& CompiledTemplate::definition() const { return impl_->definition; }

const TemplateVariant* CompiledTemplate::chooseVariant(std::string_view channel, std::string_view locale) const {
  std::vector<std::string> candidates;
  if (auto canonical = canonicalLocale(locale)) candidates = localeFallbacks(*canonical);
  for (auto& fallback : localeFallbacks(impl_->definition.default_locale)) candidates.push_back(std::move(fallback));
  for (const auto& candidate : candidates) {
    for (const auto& v : impl_->definition.variants) {
      if (v.channel == channel && v.locale == candidate) return &v;
    }
  }
  return nullptr;
}

bool CompiledTemplate::hasChannel(std::string_view channel) const {
  for (const auto& v : impl_->definition.variants)
    if (v.channel == channel) return true;
  return false;
}

std::vector<std::string> CompiledTemplate::missingVariables(const Poco::JSON::Object::Ptr& data) const {
  std::vector<std::string> missing;
  for (const auto& name : impl_->definition.required_variables)
    if (!hasValue(data, name)) missing.push_back(name);
  return missing;
}

RenderedContent CompiledTemplate::render(const TemplateVariant& variant, const Poco::JSON::Object::Ptr& data) const {
  const auto& variants = impl_->definition.variants;
  size_t index = 0;
  while (index < variants.size() && &variants[index] != &variant) ++index;
  if (index == variants.size()) throw Error(ErrorKind::Internal, "internal", "variant of another template");
  const CompiledVariant& c = impl_->variants[index];

  const mu::data context = data ? toMustache(data, 0) : mu::data(mu::data::type::object);
  RenderedContent out;
  out.subject = c.subject.render(context);
  out.text = c.text.render(context);
  out.html = c.html.render(context);
  if (c.hasData) {
    std::ostringstream json;
    Poco::JSON::Stringifier::stringify(renderData(c.data, context), json);
    out.data_json = json.str();
  }
  return out;
}

}  // namespace sb::notify
