# Builds a plugin as an author would: installs the `sdk` component of this build into a
# scratch prefix, then configures and builds the installed console example out of tree
# against it, and checks that console.so exports the entry symbol and nothing else.
#
#   cmake -DBUILD_DIR=<build> -DWORK_DIR=<scratch> -DCXX_COMPILER=<c++> -DNM=<nm> -P out_of_tree_build.cmake
foreach(var BUILD_DIR WORK_DIR CXX_COMPILER NM)
  if(NOT ${var})
    message(FATAL_ERROR "out_of_tree_build.cmake: -D${var}=... is required")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}\n${out}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")
run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --component sdk --prefix "${prefix}")

foreach(installed
    include/switchboard/plugin.h
    include/switchboard/plugin.hpp
    lib/cmake/SwitchboardSDK/SwitchboardSDKConfig.cmake
    lib/cmake/SwitchboardSDK/SwitchboardSDKConfigVersion.cmake
    lib/cmake/SwitchboardSDK/SwitchboardPlugin.cmake
    share/doc/switchboard-dev/examples/console_channel/CMakeLists.txt
    share/doc/switchboard-dev/examples/console_channel/console_channel.cpp)
  if(NOT EXISTS "${prefix}/${installed}")
    message(FATAL_ERROR "not installed: ${installed}")
  endif()
endforeach()

# The installed copy of the example is what an author starts from.
set(build "${WORK_DIR}/build")
run(${CMAKE_COMMAND}
  -S "${prefix}/share/doc/switchboard-dev/examples/console_channel"
  -B "${build}"
  "-DCMAKE_PREFIX_PATH=${prefix}"
  "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
  "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Werror -pedantic")
run(${CMAKE_COMMAND} --build "${build}")

set(plugin "${build}/console.so")
if(NOT EXISTS "${plugin}")
  message(FATAL_ERROR "no console.so in ${build}")
endif()
execute_process(COMMAND "${NM}" -D --defined-only "${plugin}" OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT symbols MATCHES " T switchboard_plugin_library_v1\n")
  message(FATAL_ERROR "console.so does not export switchboard_plugin_library_v1:\n${symbols}")
endif()
string(REGEX MATCHALL "[^\n]+" lines "${symbols}")
list(LENGTH lines count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "console.so exports more than the entry symbol:\n${symbols}")
endif()
message(STATUS "out-of-tree console.so builds and exports only switchboard_plugin_library_v1")
