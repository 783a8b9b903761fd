# Strict warnings for code we write; third-party headers come in as SYSTEM.
function(switchboard_project_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports false -Wrestrict/-Wstringop-overflow inside libstdc++'s std::string
    # at -O2/-O3 (GCC bugs 105329, 105651); they are not in our code.
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-stringop-overflow)
  endif()
endfunction()
