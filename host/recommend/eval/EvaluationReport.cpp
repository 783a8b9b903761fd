#include "recommend/eval/EvaluationReport.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace sb::recommend::eval {
namespace {

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string duration(double seconds) {
  if (seconds < 1.0) return fixed(seconds * 1000.0, 0) + " ms";
  return fixed(seconds, 2) + " s";
}

std::string percent(double share) { return fixed(share * 100.0, 1) + "%"; }

std::string padRight(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

std::string padLeft(std::string s, std::size_t width) {
  if (s.size() < width) s.insert(0, width - s.size(), ' ');
  return s;
}

}  // namespace

std::string protocolLine(const TrainTestSplit& split, uint32_t k) {
  const int trainPercent = static_cast<int>(split.train_share * 100.0 + 0.5);
  return "random " + std::to_string(trainPercent) + "/" + std::to_string(100 - trainPercent) +
         " split of interactions (seed " + std::to_string(split.seed) + "); top-" + std::to_string(k) +
         " per test user, training items excluded and passed as history; binary relevance, means over users "
         "with a test item (unserved users score 0)";
}

EvaluationReport makeReport(const EvalData& data, const TrainTestSplit& split, uint32_t k) {
  EvaluationReport r;
  r.data = summarize(data);
  r.protocol = protocolLine(split, k);
  r.k = k;
  r.train_interactions = split.train.interactions.size();
  r.test_interactions = split.testInteractions();
  r.test_users = split.testUsers();
  return r;
}

std::string formatTable(const EvaluationReport& report) {
  std::ostringstream out;
  const auto& d = report.data;
  out << "data:     " << d.source << ": " << d.users << " users, " << d.items << " items, " << d.interactions
      << " interactions (density " << percent(d.density) << ")\n";
  out << "split:    " << report.train_interactions << " train / " << report.test_interactions << " test interactions, "
      << report.test_users << " test users\n";
  out << "protocol: " << report.protocol << "\n\n";

  const std::string k = std::to_string(report.k);
  const std::vector<std::string> header = {"recommender", "P@" + k,     "R@" + k,  "NDCG@" + k,
                                           "coverage",    "users served", "fit time", "eval time"};
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : report.results) {
    if (!r.fitted) {
      rows.push_back({r.instance, "-", "-", "-", "-", "-", duration(r.fit_seconds), "-"});
      continue;
    }
    rows.push_back({r.instance, fixed(r.metrics.precision, 4), fixed(r.metrics.recall, 4), fixed(r.metrics.ndcg, 4),
                    percent(r.metrics.coverage), std::to_string(r.users_served) + "/" + std::to_string(r.users_scored),
                    duration(r.fit_seconds), duration(r.eval_seconds)});
  }
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) {
    width[c] = header[c].size();
    for (const auto& row : rows) width[c] = std::max(width[c], row[c].size());
  }
  auto line = [&](const std::vector<std::string>& cells) {
    out << padRight(cells[0], width[0]);
    for (std::size_t c = 1; c < cells.size(); ++c) out << "  " << padLeft(cells[c], width[c]);
    out << "\n";
  };
  line(header);
  std::size_t total = 0;
  for (auto w : width) total += w + 2;
  out << std::string(total - 2, '-') << "\n";
  for (const auto& row : rows) line(row);

  bool first = true;
  auto note = [&](const std::string& text) {
    if (first) out << "\n";
    first = false;
    out << "note: " << text << "\n";
  };
  for (const auto& r : report.results) {
    const std::string who = r.instance + " (" + r.plugin + ")";
    if (!r.fitted) {
      note(who + ": " + r.error);
      continue;
    }
    if (r.users_served < r.users_scored)
      note(who + ": " + std::to_string(r.users_scored - r.users_served) + " users not served (scored 0)");
    if (r.users_failed > 0)
      note(who + ": " + std::to_string(r.users_failed) + " recommend() calls failed, first: " + r.first_failure);
    if (r.unknown_items > 0) note(who + ": " + std::to_string(r.unknown_items) + " returned ids not in the catalogue");
    if (r.excluded_returned > 0)
      note(who + ": returned " + std::to_string(r.excluded_returned) + " excluded (training) items");
    if (r.threads == 1) note(who + ": not REENTRANT, evaluated on one thread");
  }
  return out.str();
}

std::string toJson(const EvaluationReport& report) {
  using Poco::JSON::Array;
  using Poco::JSON::Object;
  Object root(Poco::JSON_PRESERVE_KEY_ORDER);
  Object data(Poco::JSON_PRESERVE_KEY_ORDER);
  data.set("source", report.data.source);
  data.set("users", static_cast<Poco::UInt64>(report.data.users));
  data.set("items", static_cast<Poco::UInt64>(report.data.items));
  data.set("interactions", static_cast<Poco::UInt64>(report.data.interactions));
  data.set("density", report.data.density);
  root.set("data", data);
  Object split(Poco::JSON_PRESERVE_KEY_ORDER);
  split.set("train_interactions", static_cast<Poco::UInt64>(report.train_interactions));
  split.set("test_interactions", static_cast<Poco::UInt64>(report.test_interactions));
  split.set("test_users", static_cast<Poco::UInt64>(report.test_users));
  root.set("split", split);
  root.set("protocol", report.protocol);
  root.set("k", report.k);
  Array results;
  for (const auto& r : report.results) {
    Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("instance", r.instance);
    o.set("plugin", r.plugin);
    o.set("fitted", r.fitted);
    if (!r.fitted) o.set("error", r.error);
    o.set("precision", r.metrics.precision);
    o.set("recall", r.metrics.recall);
    o.set("ndcg", r.metrics.ndcg);
    o.set("coverage", r.metrics.coverage);
    o.set("users_scored", static_cast<Poco::UInt64>(r.users_scored));
    o.set("users_served", static_cast<Poco::UInt64>(r.users_served));
    o.set("users_failed", static_cast<Poco::UInt64>(r.users_failed));
    if (!r.first_failure.empty()) o.set("first_failure", r.first_failure);
    o.set("unknown_items", static_cast<Poco::UInt64>(r.unknown_items));
    o.set("excluded_returned", static_cast<Poco::UInt64>(r.excluded_returned));
    o.set("fit_seconds", r.fit_seconds);
    o.set("eval_seconds", r.eval_seconds);
    o.set("threads", r.threads);
    results.add(o);
  }
  root.set("results", results);
  std::ostringstream out;
  root.stringify(out, 2);
  return out.str() + "\n";
}

}  // namespace sb::recommend::eval
