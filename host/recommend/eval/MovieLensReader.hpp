// MovieLensReader: rating files into EvalData. Every rating, whatever its value, becomes
// implicit feedback of weight 1; a (user, item) pair rated twice counts once (the latest).
#pragma once

#include "recommend/eval/EvalData.hpp"

#include <istream>
#include <optional>
#include <stdexcept>
#include <string>

namespace sb::recommend::eval {

// A file that cannot be read or parsed; the message names the file and line.
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// MovieLens 100K `u.data`: "user \t item \t rating \t unix-seconds" per line. When a `u.item`
// lies beside it, titles and genres are read too (category = first genre, tags = all
// genres), so content-based recommenders have something to work with.
EvalData readMovieLens(const std::string& path);
EvalData readMovieLens(std::istream& ratings, const std::string& sourceName, std::istream* itemsFile = nullptr);

// Where the fields are in a delimited file. A column is a header name, or a 1-based
// position when the file has no header (or the spec is all digits).
struct CsvLayout {
  char delimiter = ',';
  bool header = true;
  std::string user = "user_id";
  std::string item = "item_id";
  std::string timestamp;      // empty = none; values in Unix seconds (or ms when > 1e11)
};

// Parses "user=COL,item=COL[,timestamp=COL]" into `layout` (other fields kept). Throws
// std::invalid_argument with the reason.
void parseColumns(const std::string& spec, CsvLayout& layout);

EvalData readCsv(const std::string& path, const CsvLayout& layout);
EvalData readCsv(std::istream& in, const std::string& sourceName, const CsvLayout& layout);

}  // namespace sb::recommend::eval
