# switchboard_embed_text(<out_var> INPUT <file> FUNCTION <name> HEADER <header> NAMESPACE <ns>)
# Compiles a file's bytes into the binary (pages, the default config, the OpenAPI document):
# sets <out_var> to a generated .cpp defining `std::string_view <ns>::<name>()`, declared in
# <header>. The .cpp is regenerated whenever the file changes.
function(switchboard_embed_text out_var)
  cmake_parse_arguments(E "" "INPUT;FUNCTION;HEADER;NAMESPACE" "" ${ARGN})
  set(output ${CMAKE_CURRENT_BINARY_DIR}/${E_FUNCTION}.cpp)
  file(RELATIVE_PATH shown ${PROJECT_SOURCE_DIR} ${E_INPUT})
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${E_INPUT} -DOUTPUT=${output} -DFUNCTION=${E_FUNCTION}
            -DHEADER=${E_HEADER} -DNAMESPACE=${E_NAMESPACE} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedText.cmake
    DEPENDS ${E_INPUT} ${PROJECT_SOURCE_DIR}/cmake/EmbedText.cmake
    COMMENT "Embedding ${shown}"
    VERBATIM)
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
