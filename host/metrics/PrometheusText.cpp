#include "metrics/PrometheusText.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace sb::metrics {
namespace {

std::string formatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  // The shortest form that reads back as the same double (0.0025, not 0.0025000000000000001).
  char buf[32];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string escapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string escapeHelp(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

bool isNameChar(char c, bool first) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':') return true;
  return !first && c >= '0' && c <= '9';
}

const char* typeName(MetricType type) {
  switch (type) {
    case MetricType::Counter: return "counter";
    case MetricType::Gauge: return "gauge";
    case MetricType::Histogram: return "histogram";
  }
  return "untyped";
}

}  // namespace

std::string sanitizeMetricName(const std::string& name) {
  std::string out;
  for (char c : name) out += isNameChar(c, false) ? c : '_';
  if (out.empty()) return "_";
  if (!isNameChar(out[0], true)) out.insert(out.begin(), '_');
  return out;
}

std::string renderLabels(const std::string& labels, const std::string& extra) {
  std::string body;
  size_t pos = 0;
  while (pos < labels.size()) {
    size_t end = labels.find(',', pos);
    if (end == std::string::npos) end = labels.size();
    std::string_view pair(labels.data() + pos, end - pos);
    pos = end + 1;
    auto eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;  // malformed pair: dropped, not fatal
    std::string key = sanitizeMetricName(std::string(pair.substr(0, eq)));
    if (!body.empty()) body += ',';
    body += key + "=\"" + escapeLabelValue(pair.substr(eq + 1)) + "\"";
  }
  if (!extra.empty()) {
    if (!body.empty()) body += ',';
    body += extra;
  }
  return body.empty() ? std::string() : "{" + body + "}";
}

std::string renderPrometheus(const std::vector<MetricSample>& samples) {
  // Families together, in name order, whatever order the samples came in.
  std::map<std::string, std::vector<const MetricSample*>> families;
  for (const auto& s : samples) families[sanitizeMetricName(s.name)].push_back(&s);

  std::string out;
  out.reserve(samples.size() * 96);
  for (const auto& [name, members] : families) {
    const auto& first = *members.front();
    if (!first.help.empty()) out += "# HELP " + name + " " + escapeHelp(first.help) + "\n";
    out += "# TYPE " + name + " " + typeName(first.type) + "\n";
    for (const auto* s : members) {
      if (s->type != first.type) continue;  // one type per family: a clash is dropped
      if (s->type != MetricType::Histogram) {
        out += name + renderLabels(s->labels) + " " + formatValue(s->value) + "\n";
        continue;
      }
      const auto& h = s->histogram;
      uint64_t cumulative = 0;
      for (size_t i = 0; i < h.bounds.size(); ++i) {
        cumulative += h.counts[i];
        out += name + "_bucket" + renderLabels(s->labels, "le=\"" + formatValue(h.bounds[i]) + "\"") + " " +
               std::to_string(cumulative) + "\n";
      }
      out += name + "_bucket" + renderLabels(s->labels, "le=\"+Inf\"") + " " + std::to_string(h.count) + "\n";
      out += name + "_sum" + renderLabels(s->labels) + " " + formatValue(h.sum) + "\n";
      out += name + "_count" + renderLabels(s->labels) + " " + std::to_string(h.count) + "\n";
    }
  }
  return out;
}

}  // namespace sb::metrics
