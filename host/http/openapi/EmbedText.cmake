# Writes a .cpp defining `std::string_view sb::http::openapi::<FUNCTION>()` that returns the
# bytes of a file (cmake -DINPUT=... -DOUTPUT=... -DFUNCTION=... -P). Run at build time by a
# custom command, so editing openapi.yaml or docs.html rebuilds the binary without reconfiguring.
file(READ "${INPUT}" text)
set(delimiter "sb_api_")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()
set(content "// Generated from ${INPUT} by host/http/openapi/EmbedText.cmake; do not edit.
#include \"http/openapi/ApiDocsFiles.hpp\"

namespace sb::http::openapi {

std::string_view ${FUNCTION}() {
  static constexpr std::string_view text = R\"${delimiter}(${text})${delimiter}\";
  return text;
}

}  // namespace sb::http::openapi
")
file(WRITE "${OUTPUT}" "${content}")
