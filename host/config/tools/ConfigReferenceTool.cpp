// sb_config_reference: prints the generated settings reference, or splices it into
// docs/configuration.md (--update FILE) — usable before the host binary builds.
#include "config/ConfigReference.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

int updateDocument(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": cannot read\n";
    return 1;
  }
  std::ostringstream text;
  text << in.rdbuf();
  in.close();
  const auto updated = sb::config::replaceGeneratedReference(text.str(), sb::config::configurationReferenceMarkdown());
  if (!updated) {
    std::cerr << path << ": missing the lines " << sb::config::kReferenceBegin << " and "
              << sb::config::kReferenceEnd << "\n";
    return 1;
  }
  std::ofstream(path, std::ios::trunc) << *updated;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string usage = "usage: sb_config_reference [--update docs/configuration.md]\n";
  if (argc == 1) {
    std::cout << sb::config::configurationReferenceMarkdown();
    return 0;
  }
  if (argc == 3 && std::string(argv[1]) == "--update") return updateDocument(argv[2]);
  std::cerr << usage;
  return 2;
}
