#include "store/Dialect.hpp"

namespace sb::store {

std::string_view dialectName(Dialect dialect) { return dialect == Dialect::Sqlite ? "sqlite" : "postgresql"; }

std::string toDialectSql(std::string_view portableSql, Dialect dialect) {
  if (dialect == Dialect::Sqlite) return std::string(portableSql);

  std::string out;
  out.reserve(portableSql.size() + 16);
  char quote = 0;  // the quote we are inside of, or 0
  int next = 1;
  for (char c : portableSql) {
    if (quote != 0) {
      // A doubled quote ('' or "") closes and reopens: toggling handles it for free.
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace sb::store
