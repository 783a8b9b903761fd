#include "app/PluginInfo.hpp"

#include "plugin/Plugin.hpp"
#include "plugin/PluginError.hpp"
#include "plugin/PluginLibrary.hpp"

#include <iomanip>
#include <memory>

namespace sb::app {

int printPluginInfo(const std::string& file, std::ostream& out, std::ostream& err) {
  std::shared_ptr<plugin::PluginLibrary> library;
  try {
    library = plugin::PluginLibrary::open(file);
  } catch (const plugin::PluginLoadError& e) {
    err << "switchboard: " << e.what() << "\n";
    return 1;
  }
  const auto& lib = library->library();
  out << "file:        " << file << "\n";
  out << "ABI:         " << library->abiVersion() << " (needs host 1." << lib.min_host_minor << " or later)\n";
  for (size_t i = 0; i < lib.plugin_count; ++i) {
    plugin::Plugin p(library, lib.plugins[i]);
    out << "\nplugin:      " << p.id() << " " << p.version() << "\n";
    out << "kind:        " << p.kind() << "\n";
    out << "threading:   " << (p.reentrant() ? "reentrant" : "serialized") << (p.blocking() ? ", blocking" : "") << "\n";
    if (!p.description().empty()) out << "description: " << p.description() << "\n";
    if (p.schema().empty()) {
      out << "config:      (none)\n";
      continue;
    }
    out << "config:\n";
    for (const auto& f : p.schema()) {
      out << "  " << std::left << std::setw(22) << f.key << std::setw(10) << plugin::configTypeName(f.type);
      if (f.required) out << "required  ";
      else out << "default " << (f.default_value ? *f.default_value : std::string("(none)")) << "  ";
      if (f.secret) out << "secret  ";
      out << f.description << "\n";
    }
  }
  return 0;
}

}  // namespace sb::app
