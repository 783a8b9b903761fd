# Writes a .cpp that returns the text of a YAML file (cmake -DINPUT=... -DOUTPUT=... -P).
# Run at build time by a custom command, so editing the YAML rebuilds without reconfiguring.
file(READ "${INPUT}" text)
set(delimiter "sb_yaml_")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()
set(content "// Generated from ${INPUT} by host/config/EmbedConfig.cmake; do not edit.
#include \"config/EmbeddedConfig.hpp\"

namespace sb::config {

std::string_view embeddedDefaultConfig() {
  static constexpr std::string_view text = R\"${delimiter}(${text})${delimiter}\";
  return text;
}

}  // namespace sb::config
")
file(WRITE "${OUTPUT}" "${content}")
