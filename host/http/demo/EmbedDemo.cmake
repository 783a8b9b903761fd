# Writes a .cpp defining `std::string_view <FUNCTION>()` that returns the bytes of a file
# (cmake -DINPUT=... -DOUTPUT=... -DFUNCTION=... -P). Run at build time by a custom command,
# so editing the page rebuilds the binary without reconfiguring.
file(READ "${INPUT}" text)
set(delimiter "sb_demo_")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()
set(content "// Generated from ${INPUT} by host/http/demo/EmbedDemo.cmake; do not edit.
#include \"http/demo/DemoPages.hpp\"

namespace sb::http::demo {

std::string_view ${FUNCTION}() {
  static constexpr std::string_view text = R\"${delimiter}(${text})${delimiter}\";
  return text;
}

}  // namespace sb::http::demo
")
file(WRITE "${OUTPUT}" "${content}")
