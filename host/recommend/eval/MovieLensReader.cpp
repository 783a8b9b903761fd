#include "recommend/eval/MovieLensReader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <unordered_map>
#include <vector>

namespace sb::recommend::eval {
namespace {

// Collects ratings under string ids, keeping one (the latest) per (user, item) pair.
class InteractionBuilder {
 public:
  uint32_t item(const std::string& id) {
    auto [it, added] = item_index_.try_emplace(id, static_cast<uint32_t>(items_.size()));
    if (added) {
      items_.emplace_back();
      items_.back().id = id;
    }
    return it->second;
  }
  plugin::CatalogItem& itemAt(uint32_t index) { return items_[index]; }

  void add(const std::string& user, const std::string& itemId, int64_t timestampMs) {
    auto [u, added] = user_index_.try_emplace(user, static_cast<uint32_t>(users_.size()));
    if (added) users_.push_back(user);
    const uint32_t i = item(itemId);
    const uint64_t key = (static_cast<uint64_t>(u->second) << 32) | i;
    auto [pair, fresh] = pair_index_.try_emplace(key, interactions_.size());
    if (fresh)
      interactions_.push_back(plugin::Interaction{u->second, i, 1.0f, timestampMs});
    else
      interactions_[pair->second].timestamp = std::max(interactions_[pair->second].timestamp, timestampMs);
  }

  EvalData finish(std::string source) {
    EvalData out;
    out.source = std::move(source);
    out.data.user_ids = std::move(users_);
    out.data.items = std::move(items_);
    out.data.interactions = std::move(interactions_);
    for (const auto& x : out.data.interactions) out.data.now = std::max(out.data.now, x.timestamp + 1);
    return out;
  }

 private:
  std::unordered_map<std::string, uint32_t> user_index_, item_index_;
  std::unordered_map<uint64_t, std::size_t> pair_index_;
  std::vector<std::string> users_;
  std::vector<plugin::CatalogItem> items_;
  std::vector<plugin::Interaction> interactions_;
};

std::vector<std::string> splitFields(const std::string& line, char delimiter) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '"' && (quoted || fields.back().empty())) {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == delimiter && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && (s[start] == ' ' || s[start] == '\t')) ++start;
  return s.substr(start);
}

std::string where(const std::string& source, std::size_t line) { return source + ":" + std::to_string(line) + ": "; }

// Unix seconds (or already ms when large) -> ms; empty = 0.
int64_t timestampMs(const std::string& text, const std::string& at) {
  if (text.empty()) return 0;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) throw DataError(at + "bad timestamp '" + text + "'");
  return static_cast<int64_t>(value > 1e11 ? value : value * 1000.0);
}

bool allDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string latin1ToUtf8(const std::string& in) {
  std::string out;
  for (unsigned char c : in) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

constexpr std::array<const char*, 19> kGenres = {
    "unknown", "Action",   "Adventure", "Animation", "Children's", "Comedy",  "Crime",
    "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery",
    "Romance", "Sci-Fi", "Thriller", "War", "Western"};

// u.item: "id|title|release|video release|IMDb URL|19 genre flags".
void readItems(std::istream& in, InteractionBuilder& builder) {
  std::string line;
  while (std::getline(in, line)) {
    line = trimmed(line);
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::size_t start = 0;
    for (std::size_t bar; (bar = line.find('|', start)) != std::string::npos; start = bar + 1)
      f.push_back(line.substr(start, bar - start));
    f.push_back(line.substr(start));
    if (f.size() < 5) continue;
    plugin::CatalogItem& item = builder.itemAt(builder.item(f[0]));
    item.title = latin1ToUtf8(f[1]);
    for (std::size_t g = 0; g < kGenres.size() && 5 + g < f.size(); ++g)
      if (f[5 + g] == "1") item.tags.emplace_back(kGenres[g]);
    if (!item.tags.empty()) item.category = item.tags.front();
  }
}

}  // namespace

EvalData readMovieLens(std::istream& ratings, const std::string& sourceName, std::istream* itemsFile) {
  InteractionBuilder builder;
  if (itemsFile) readItems(*itemsFile, builder);
  std::string line;
  for (std::size_t n = 1; std::getline(ratings, line); ++n) {
    line = trimmed(line);
    if (line.empty()) continue;
    auto f = splitFields(line, '\t');
    if (f.size() < 3) throw DataError(where(sourceName, n) + "expected user, item, rating, timestamp separated by tabs");
    builder.add(f[0], f[1], f.size() > 3 ? timestampMs(f[3], where(sourceName, n)) : 0);
  }
  return builder.finish("movielens " + sourceName);
}

EvalData readMovieLens(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw DataError(path + ": cannot open");
  const auto itemsPath = std::filesystem::path(path).parent_path() / "u.item";
  std::ifstream items(itemsPath);
  return readMovieLens(in, path, items ? &items : nullptr);
}

void parseColumns(const std::string& spec, CsvLayout& layout) {
  bool user = false, item = false;
  for (const auto& part : splitFields(spec, ',')) {
    const auto eq = part.find('=');
    if (eq == std::string::npos || eq + 1 == part.size())
      throw std::invalid_argument("--columns: expected name=COLUMN, got '" + part + "'");
    const std::string key = trimmed(part.substr(0, eq)), column = trimmed(part.substr(eq + 1));
    if (key == "user") {
      layout.user = column;
      user = true;
    } else if (key == "item") {
      layout.item = column;
      item = true;
    } else if (key == "timestamp" || key == "time") {
      layout.timestamp = column;
    } else {
      throw std::invalid_argument("--columns: unknown field '" + key + "' (user, item, timestamp)");
    }
  }
  if (!user || !item) throw std::invalid_argument("--columns: user= and item= are required");
}

EvalData readCsv(std::istream& in, const std::string& sourceName, const CsvLayout& layout) {
  std::string line;
  std::vector<std::string> header;
  std::size_t n = 0;
  if (layout.header) {
    while (header.empty() && std::getline(in, line)) {
      ++n;
      if (!trimmed(line).empty()) header = splitFields(trimmed(line), layout.delimiter);
    }
    for (auto& h : header) h = trimmed(h);
  }
  auto column = [&](const std::string& spec, const char* what) -> std::size_t {
    const auto named = std::find(header.begin(), header.end(), spec);
    if (named != header.end()) return static_cast<std::size_t>(named - header.begin());
    if (allDigits(spec) && std::stoul(spec) >= 1) return std::stoul(spec) - 1;
    throw DataError(sourceName + ": no " + what + " column '" + spec + "'" +
                    (layout.header ? " in the header" : " (use 1-based positions without a header)"));
  };
  const std::size_t userColumn = column(layout.user, "user"), itemColumn = column(layout.item, "item");
  const bool timed = !layout.timestamp.empty();
  const std::size_t timeColumn = timed ? column(layout.timestamp, "timestamp") : 0;
  const std::size_t needed = std::max({userColumn, itemColumn, timeColumn}) + 1;

  InteractionBuilder builder;
  while (std::getline(in, line)) {
    ++n;
    line = trimmed(line);
    if (line.empty()) continue;
    auto f = splitFields(line, layout.delimiter);
    if (f.size() < needed)
      throw DataError(where(sourceName, n) + std::to_string(f.size()) + " fields, need " + std::to_string(needed));
    const std::string user = trimmed(f[userColumn]), item = trimmed(f[itemColumn]);
    if (user.empty() || item.empty()) throw DataError(where(sourceName, n) + "empty user or item");
    builder.add(user, item, timed ? timestampMs(trimmed(f[timeColumn]), where(sourceName, n)) : 0);
  }
  return builder.finish("csv " + sourceName);
}

EvalData readCsv(const std::string& path, const CsvLayout& layout) {
  std::ifstream in(path);
  if (!in) throw DataError(path + ": cannot open");
  return readCsv(in, path, layout);
}

}  // namespace sb::recommend::eval
