# switchboard_add_plugin(): builds a Switchboard plugin library. The same file serves
# bundled plugins (in tree) and plugin authors (installed, via find_package(SwitchboardSDK)).
#
#   switchboard_add_plugin(<name> SOURCES <files...> [LINK <libraries...>])
#
# Produces <name>.so (no "lib" prefix: the file name is what operators see), a MODULE
# library that exports only the entry symbol and must link with no undefined symbols,
# so a plugin never depends on symbols of the host process. C++ sources get C++17 at
# least. Output goes to ${SWITCHBOARD_PLUGIN_OUTPUT_DIR} when that variable is set.
include_guard(GLOBAL)

# A linker version script: even symbols that escape -fvisibility=hidden (template
# instantiations from other headers) stay local, so two plugins never interpose.
function(_switchboard_plugin_export_map out_var)
  set(map "${CMAKE_BINARY_DIR}/switchboard_plugin_exports.map")
  set(content "{\n  global: switchboard_plugin_library_v1;\n  local: *;\n};\n")
  if(EXISTS "${map}")
    file(READ "${map}" existing)
  endif()
  if(NOT existing STREQUAL content)
    file(WRITE "${map}" "${content}")
  endif()
  set(${out_var} "${map}" PARENT_SCOPE)
endfunction()

function(switchboard_add_plugin name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LINK")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "switchboard_add_plugin(${name}): unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "switchboard_add_plugin(${name}): SOURCES is required")
  endif()
  if(NOT TARGET SwitchboardSDK::sdk)
    message(FATAL_ERROR "switchboard_add_plugin(${name}): call find_package(SwitchboardSDK) first")
  endif()

  add_library(${name} MODULE ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE SwitchboardSDK::sdk ${ARG_LINK})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  if(CXX IN_LIST languages)
    target_compile_features(${name} PRIVATE cxx_std_17)
  endif()

  if(NOT APPLE AND NOT WIN32)
    _switchboard_plugin_export_map(map)
    target_link_options(${name} PRIVATE "LINKER:--version-script=${map}")
    set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS "${map}")
    # Sanitizer runtimes are resolved from the executable, so the check cannot hold there.
    if(NOT "${CMAKE_C_FLAGS} ${CMAKE_CXX_FLAGS}" MATCHES "-fsanitize")
      target_link_options(${name} PRIVATE "LINKER:--no-undefined")
    endif()
  endif()

  if(SWITCHBOARD_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${SWITCHBOARD_PLUGIN_OUTPUT_DIR}")
  endif()
endfunction()
