# Script mode (cmake -DINPUT=... -DOUTPUT=... -DFUNCTION=... -DHEADER=... -DNAMESPACE=... -P):
# writes a .cpp defining `std::string_view <NAMESPACE>::<FUNCTION>()` that returns the bytes of
# INPUT. Used through switchboard_embed_text() (cmake/Embed.cmake), at build time, so editing
# the file rebuilds the binary without reconfiguring.
file(READ "${INPUT}" text)
set(delimiter "sb_embed_")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by cmake/EmbedText.cmake; do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {

std::string_view ${FUNCTION}() {
  static constexpr std::string_view text = R\"${delimiter}(${text})${delimiter}\";
  return text;
}

}  // namespace ${NAMESPACE}
")
