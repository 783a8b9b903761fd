// YamlJson: YAML text to Poco JSON values, for documents kept in YAML and served as JSON (the
// OpenAPI document). Scalars keep the type YAML gives them: plain scalars are read by the
// YAML 1.2 core schema (null, true/false, integers, floats), while quoted and block scalars
// stay strings exactly as written ('200' stays "200", "true" stays "true").
#pragma once

#include <Poco/Dynamic/Var.h>

#include <string_view>

namespace sb::http::openapi {

// The first document of `yaml` as a JSON value; maps become objects that keep their key order.
// An empty document is null. Throws std::invalid_argument naming the line and column for
// malformed YAML, more than one document, a key that is not a scalar, a key given twice, a
// merge key (<<), an unknown tag, or a number JSON cannot hold (.inf, .nan).
Poco::Dynamic::Var yamlToJson(std::string_view yaml);

}  // namespace sb::http::openapi
