# Writes a .cpp defining `std::string_view <NAMESPACE>::<FUNCTION>()` that returns the bytes
# of a file (cmake -DINPUT=... -DOUTPUT=... -DFUNCTION=... -DHEADER=... -DNAMESPACE=... -P).
# Run at build time by a custom command, so editing the page rebuilds the binary without
# reconfiguring. (The same job as ../demo/EmbedDemo.cmake, with the header and namespace given.)
file(READ "${INPUT}" text)
set(delimiter "sb_page_")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()
set(content "// Generated from ${INPUT} by host/http/console/EmbedPage.cmake; do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {

std::string_view ${FUNCTION}() {
  static constexpr std::string_view text = R\"${delimiter}(${text})${delimiter}\";
  return text;
}

}  // namespace ${NAMESPACE}
")
file(WRITE "${OUTPUT}" "${content}")
