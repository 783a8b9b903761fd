// RowValues: reading one column of a Poco RecordSet row, NULL-safe, the same way everywhere.
#pragma once

#include <Poco/Data/RecordSet.h>

#include <cstdint>
#include <optional>
#include <string>

namespace sb::store {

inline std::string textOf(Poco::Data::RecordSet& rs, const std::string& column) {
  auto v = rs[column];
  return v.isEmpty() ? std::string() : v.convert<std::string>();
}

inline int64_t integerOf(Poco::Data::RecordSet& rs, const std::string& column) {
  auto v = rs[column];
  return v.isEmpty() ? 0 : v.convert<Poco::Int64>();
}

inline std::optional<int64_t> optionalIntegerOf(Poco::Data::RecordSet& rs, const std::string& column) {
  auto v = rs[column];
  if (v.isEmpty()) return std::nullopt;
  return v.convert<Poco::Int64>();
}

}  // namespace sb::store
