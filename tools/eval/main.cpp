// switchboard-eval: offline evaluation of the recommender instances a Switchboard config
// declares, on MovieLens/CSV ratings or synthetic data. See docs/evaluation.md.
#include "config/ConfigLoader.hpp"
#include "log/Logging.hpp"
#include "recommend/eval/EvaluationReport.hpp"
#include "recommend/eval/Evaluator.hpp"
#include "recommend/eval/MovieLensReader.hpp"
#include "recommend/eval/RecommenderSet.hpp"
#include "recommend/eval/Split.hpp"
#include "recommend/eval/SyntheticData.hpp"

#include <charconv>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace sb::recommend::eval;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;   // unreadable data, or a recommender that failed to fit
constexpr int kExitUsage = 2;
constexpr int kExitConfig = 78;  // EX_CONFIG, as the server

constexpr const char* kUsage = R"(usage: switchboard-eval --config FILE (--data FILE | --synthetic) [options]

Fits each recommender instance of the config's `plugins:` section on 80% of the
interactions and scores its top-K lists against the held-out 20%.

  --config FILE           a Switchboard config; only `plugins:` (paths, instances) is used
  --recommenders A,B      evaluate these instances (default: every recommender instance)
  --data FILE             ratings: MovieLens u.data, or CSV with --format csv
  --format movielens|csv  layout of --data (default: csv for *.csv, else movielens)
  --columns SPEC          CSV columns: user=COL,item=COL[,timestamp=COL]; COL is a header
                          name or a 1-based position (default user=user_id,item=item_id)
  --delimiter C           CSV delimiter (default ','; "tab" for tabs)
  --no-header             the CSV has no header line
  --synthetic             generated data with planted communities (MovieLens-100K-sized)
  --users N --items M --interactions K --communities C
                          shape of the synthetic data (default 943, 1682, 100000, 18)
  --popularity-skew X --noise-share X --taste-concentration X
                          its popularity Zipf exponent (1.0), share of interactions drawn
                          from popularity alone (0.2) and Dirichlet alpha of user tastes
                          (0.08; smaller = users stick to fewer communities)
  --seed S                seed of the split and of the synthetic data (default 42)
  --k N                   list length (default 10)
  --threads N             recommend() threads for REENTRANT plugins (default 2)
  --json                  machine-readable output
  --verbose               log plugin loading and calls (stderr)
  --help

exit codes: 0 ok, 1 data unreadable or a fit failed, 2 usage, 78 config error
)";

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string config;
  std::vector<std::string> recommenders;
  std::optional<std::string> data;
  std::string format;
  CsvLayout layout;
  bool synthetic = false;
  SyntheticOptions generator;
  uint64_t seed = 42;
  uint32_t k = 10;
  unsigned threads = 2;
  bool json = false;
  bool verbose = false;
  bool help = false;
};

template <class T>
T number(const std::string& flag, const std::string& text, T min) {
  T value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min)
    throw UsageError(flag + ": expected a number >= " + std::to_string(min) + ", got '" + text + "'");
  return value;
}

std::vector<std::string> commaList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1)
    if (comma > start) out.push_back(text.substr(start, comma - start));
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

Options parse(int argc, char** argv) {
  Options o;
  std::optional<std::string> columns;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError(flag + " needs a value");
      return argv[++i];
    };
    if (flag == "--help" || flag == "-h") o.help = true;
    else if (flag == "--config") o.config = value();
    else if (flag == "--recommenders") o.recommenders = commaList(value());
    else if (flag == "--data") o.data = value();
    else if (flag == "--format") o.format = value();
    else if (flag == "--columns") columns = value();
    else if (flag == "--delimiter") {
      const std::string d = value();
      if (d == "tab" || d == "\\t") o.layout.delimiter = '\t';
      else if (d.size() == 1) o.layout.delimiter = d[0];
      else throw UsageError("--delimiter: one character or 'tab'");
    } else if (flag == "--no-header") o.layout.header = false;
    else if (flag == "--synthetic") o.synthetic = true;
    else if (flag == "--users") o.generator.users = number<uint32_t>(flag, value(), 1);
    else if (flag == "--items") o.generator.items = number<uint32_t>(flag, value(), 1);
    else if (flag == "--interactions") o.generator.interactions = number<uint64_t>(flag, value(), 1);
    else if (flag == "--communities") o.generator.communities = number<uint32_t>(flag, value(), 1);
    else if (flag == "--popularity-skew") o.generator.popularity_skew = number<double>(flag, value(), 0.0);
    else if (flag == "--noise-share") o.generator.noise_share = number<double>(flag, value(), 0.0);
    else if (flag == "--taste-concentration") o.generator.taste_concentration = number<double>(flag, value(), 0.0);
    else if (flag == "--seed") o.seed = number<uint64_t>(flag, value(), 0);
    else if (flag == "--k") o.k = number<uint32_t>(flag, value(), 1);
    else if (flag == "--threads") o.threads = number<unsigned>(flag, value(), 1);
    else if (flag == "--json") o.json = true;
    else if (flag == "--verbose") o.verbose = true;
    else throw UsageError("unknown argument '" + flag + "'");
  }
  if (o.help) return o;
  if (o.config.empty()) throw UsageError("--config is required");
  if (o.data.has_value() == o.synthetic) throw UsageError("give exactly one of --data FILE and --synthetic");
  if (o.format.empty() && o.data) o.format = o.data->ends_with(".csv") ? "csv" : "movielens";
  if (o.data && o.format != "movielens" && o.format != "csv")
    throw UsageError("--format: movielens or csv, got '" + o.format + "'");
  if (columns) {
    if (o.format != "csv") throw UsageError("--columns applies to --format csv");
    try {
      parseColumns(*columns, o.layout);
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
  }
  o.generator.seed = o.seed;
  return o;
}

EvalData loadData(const Options& o) {
  if (o.synthetic) return generateSynthetic(o.generator);
  return o.format == "csv" ? readCsv(*o.data, o.layout) : readMovieLens(*o.data);
}

int run(const Options& o) {
  sb::config::LogSettings logging;
  logging.level = o.verbose ? "info" : "warn";
  logging.access_log = false;
  sb::log::configure(logging);

  // Config before data: a broken config should not wait for a large file to load.
  const auto settings = sb::config::loadConfigFile(o.config);
  RecommenderSet recommenders(settings.plugins, o.recommenders);
  for (const auto& w : recommenders.warnings()) std::cerr << "warning: " << w << "\n";

  const EvalData data = loadData(o);
  const TrainTestSplit split = splitInteractions(data, o.seed);
  EvaluationReport report = makeReport(data, split, o.k);
  const Evaluator evaluator(split, EvaluationOptions{o.k, o.threads, std::chrono::hours(1)});
  bool allFitted = true;
  for (const auto& instance : recommenders.instances()) {
    if (!o.json) std::cerr << "evaluating " << instance->name() << " (" << instance->plugin().id() << ")...\n";
    report.results.push_back(evaluator.evaluate(*instance));
    allFitted = allFitted && report.results.back().fitted;
  }
  std::cout << (o.json ? toJson(report) : formatTable(report)) << std::flush;
  return allFitted ? kExitOk : kExitFailed;
}

}  // namespace

int main(int argc, char** argv) {
  int code = kExitOk;
  try {
    const Options options = parse(argc, argv);
    if (options.help) {
      std::cout << kUsage;
      return kExitOk;
    }
    code = run(options);
  } catch (const UsageError& e) {
    std::cerr << "switchboard-eval: " << e.what() << "\n\n" << kUsage;
    code = kExitUsage;
  } catch (const sb::config::ConfigError& e) {
    for (const auto& p : e.problems()) std::cerr << "error: " << p.format() << "\n";
    std::cerr << "switchboard-eval: configuration has " << e.problems().size() << " error(s)\n";
    code = kExitConfig;
  } catch (const std::exception& e) {  // unreadable data, bad generator options
    std::cerr << "switchboard-eval: " << e.what() << "\n";
    code = kExitFailed;
  }
  sb::log::shutdown();
  return code;
}
