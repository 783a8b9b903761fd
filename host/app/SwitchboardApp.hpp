// SwitchboardApp: the command line (Poco ServerApplication): options, config loading and
// checking, and the run until SIGTERM/SIGINT.
#pragma once

#include <Poco/Util/ServerApplication.h>

#include <string>

namespace sb::app {

class SwitchboardApp final : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override;
  void handleOption(const std::string& name, const std::string& value) override;
  int main(const std::vector<std::string>& args) override;

 private:
  int checkConfig();
  int migrateOnly();
  int serve();
  void printHelp() const;

  std::string config_file_;  // empty = the embedded default
  bool help_ = false;
  bool version_ = false;
  bool check_config_ = false;
  bool migrate_only_ = false;
  bool print_reference_ = false;
};

}  // namespace sb::app
