// EventImport: bulk-import formats for events — JSON lines, CSV with a column mapping, and
// MovieLens rating files — read one line at a time.
#pragma once

#include "recommend/catalog/CatalogInput.hpp"

#include <Poco/JSON/Parser.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::recommend {

enum class ImportFormat { JsonLines, Csv, MovieLens };

struct ImportOptions {
  ImportFormat format = ImportFormat::JsonLines;
  // CSV: the field each column holds ("user_id", "item_id", "type", "value", "timestamp";
  // "" skips a column). Empty with `header`: taken from the header row.
  std::vector<std::string> columns;
  bool header = false;  // CSV: the first line is a header
  char delimiter = ',';
  std::optional<EventType> type;  // the type of rows that name none (MovieLens: every row; default rating)
  TimestampUnit timestamp_unit = TimestampUnit::Milliseconds;  // MovieLens default: seconds

  // From named text options (query parameters): format, columns, header, delimiter, type,
  // timestamp_unit. Throws sb::Error Unprocessable naming the option.
  static ImportOptions from(const std::function<std::optional<std::string>(std::string_view)>& option);
};

// Turns one line into an event. Not thread-safe (one per import).
class EventLineParser {
 public:
  explicit EventLineParser(ImportOptions options);

  // nullopt for a line that holds no event (blank, the header); throws sb::Error for a bad
  // line. The event is not checked yet (see checkEvent).
  std::optional<EventInput> parse(std::string_view line);

 private:
  EventInput parseJson(std::string_view line);
  EventInput parseCsv(std::string_view line);
  EventInput parseMovieLens(std::string_view line);

  ImportOptions options_;
  bool headerPending_;
  Poco::JSON::Parser json_;
  std::vector<std::string> fields_;  // reused per line
};

// Splits a CSV record (RFC 4180 quotes: "a,b" and "" inside quotes) into `out`.
void splitCsv(std::string_view line, char delimiter, std::vector<std::string>& out);

}  // namespace sb::recommend
