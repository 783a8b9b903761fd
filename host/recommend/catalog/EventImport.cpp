#include "recommend/catalog/EventImport.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace sb::recommend {
namespace {

const std::vector<std::string> kColumnNames = {"user_id", "item_id", "type", "value", "timestamp"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Error lineError(const std::string& message) { return unprocessable(message); }

double numberFrom(std::string_view text, const std::string& field) {
  text = trim(text);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    throw fieldError(field, "must be a number");
  }
  return value;
}

int64_t timestampFrom(std::string_view text, TimestampUnit unit) {
  auto at = timestampFromText(trim(text), unit);
  if (!at) throw fieldError("timestamp", "must be Unix time or an ISO 8601 time");
  return *at;
}

std::optional<EventType> typeFrom(std::string_view text) {
  auto type = parseEventType(trim(text));
  if (!type) throw fieldError("type", "must be one of " + eventTypeList());
  return type;
}

std::vector<std::string> columnsFrom(const std::string& text) {
  std::vector<std::string> columns;
  std::vector<std::string> names;
  splitCsv(text, ',', names);
  for (auto& name : names) {
    std::string n(trim(name));
    if (!n.empty() && n != "_" && std::find(kColumnNames.begin(), kColumnNames.end(), n) == kColumnNames.end()) {
      throw fieldError("columns", "names an unknown column '" + n + "' (use user_id, item_id, type, value, timestamp, or _ to skip)");
    }
    columns.push_back(n == "_" ? std::string() : n);
  }
  for (const char* required : {"user_id", "item_id"}) {
    if (std::find(columns.begin(), columns.end(), required) == columns.end()) {
      throw fieldError("columns", std::string("must include ") + required);
    }
  }
  return columns;
}

}  // namespace

void splitCsv(std::string_view line, char delimiter, std::vector<std::string>& out) {
  out.clear();
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == delimiter) {
      out.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  out.push_back(std::move(field));
}

ImportOptions ImportOptions::from(const std::function<std::optional<std::string>(std::string_view)>& option) {
  ImportOptions o;
  const std::string format = option("format").value_or("jsonl");
  if (format == "jsonl" || format == "ndjson") o.format = ImportFormat::JsonLines;
  else if (format == "csv") o.format = ImportFormat::Csv;
  else if (format == "movielens") o.format = ImportFormat::MovieLens;
  else throw fieldError("format", "must be jsonl, csv or movielens");

  if (auto header = option("header")) {
    if (*header != "true" && *header != "false") throw fieldError("header", "must be true or false");
    o.header = *header == "true";
  }
  if (auto columns = option("columns")) o.columns = columnsFrom(*columns);
  if (o.format == ImportFormat::Csv && o.columns.empty() && !o.header) {
    o.columns = {"user_id", "item_id", "type", "value", "timestamp"};
  }
  if (auto delimiter = option("delimiter")) {
    if (*delimiter == "\\t" || *delimiter == "tab") o.delimiter = '\t';
    else if (delimiter->size() == 1 && (*delimiter)[0] != '"') o.delimiter = (*delimiter)[0];
    else throw fieldError("delimiter", "must be one character (or \\t)");
  }
  if (auto type = option("type")) {
    o.type = parseEventType(*type);
    if (!o.type) throw fieldError("type", "must be one of " + eventTypeList());
  } else if (o.format == ImportFormat::MovieLens) {
    o.type = EventType::Rating;
  }
  if (o.format == ImportFormat::MovieLens) o.timestamp_unit = TimestampUnit::Seconds;
  if (auto unit = option("timestamp_unit")) {
    if (*unit == "s") o.timestamp_unit = TimestampUnit::Seconds;
    else if (*unit == "ms") o.timestamp_unit = TimestampUnit::Milliseconds;
    else throw fieldError("timestamp_unit", "must be s or ms");
  }
  return o;
}

EventLineParser::EventLineParser(ImportOptions options)
    : options_(std::move(options)), headerPending_(options_.header) {}

std::optional<EventInput> EventLineParser::parse(std::string_view line) {
  if (trim(line).empty()) return std::nullopt;
  if (headerPending_) {
    headerPending_ = false;
    if (options_.format == ImportFormat::Csv && options_.columns.empty()) {
      // The header names the columns; ones we do not know are skipped.
      splitCsv(line, options_.delimiter, fields_);
      for (auto& name : fields_) {
        std::string n(trim(name));
        options_.columns.push_back(std::find(kColumnNames.begin(), kColumnNames.end(), n) != kColumnNames.end() ? n : "");
      }
      for (const char* required : {"user_id", "item_id"}) {
        if (std::find(options_.columns.begin(), options_.columns.end(), required) == options_.columns.end()) {
          throw lineError(std::string("the header names no column ") + required);
        }
      }
    }
    return std::nullopt;
  }
  EventInput event;
  switch (options_.format) {
    case ImportFormat::JsonLines: event = parseJson(line); break;
    case ImportFormat::Csv: event = parseCsv(line); break;
    case ImportFormat::MovieLens: event = parseMovieLens(line); break;
  }
  if (!event.type) event.type = options_.type;
  return event;
}

EventInput EventLineParser::parseJson(std::string_view line) {
  Poco::JSON::Object::Ptr object;
  try {
    json_.reset();
    object = json_.parse(std::string(line)).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
    throw lineError("not a JSON object");
  }
  if (!object) throw lineError("not a JSON object");
  return eventFromJson(object, options_.timestamp_unit);
}

EventInput EventLineParser::parseCsv(std::string_view line) {
  if (options_.columns.empty()) throw lineError("the header names no columns");
  splitCsv(line, options_.delimiter, fields_);
  if (fields_.size() < options_.columns.size()) {
    throw lineError("expected " + std::to_string(options_.columns.size()) + " columns, got " +
                    std::to_string(fields_.size()));
  }
  EventInput event;
  for (size_t i = 0; i < options_.columns.size(); ++i) {
    const std::string& column = options_.columns[i];
    std::string_view text = trim(fields_[i]);
    if (column.empty() || (text.empty() && column != "user_id" && column != "item_id")) continue;
    if (column == "user_id") event.user_id = text;
    else if (column == "item_id") event.item_id = text;
    else if (column == "type") event.type = typeFrom(text);
    else if (column == "value") event.value = numberFrom(text, "value");
    else if (column == "timestamp") event.timestamp = timestampFrom(text, options_.timestamp_unit);
  }
  return event;
}

// u.data: user \t item \t rating \t unix-seconds; ratings.dat (ML-1M) separates with "::".
EventInput EventLineParser::parseMovieLens(std::string_view line) {
  std::string_view parts[4];
  size_t n = 0;
  const bool tabs = line.find('\t') != std::string_view::npos;
  const std::string_view separator = tabs ? std::string_view("\t") : std::string_view("::");
  while (n < 4) {
    const size_t at = line.find(separator);
    parts[n++] = trim(line.substr(0, at));
    if (at == std::string_view::npos) break;
    line.remove_prefix(at + separator.size());
  }
  if (n < 4) throw lineError("expected user, item, rating and timestamp separated by tabs");
  EventInput event;
  event.user_id = parts[0];
  event.item_id = parts[1];
  event.value = numberFrom(parts[2], "rating");
  event.timestamp = timestampFrom(parts[3], options_.timestamp_unit);
  return event;
}

}  // namespace sb::recommend
