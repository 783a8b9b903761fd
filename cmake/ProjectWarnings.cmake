# Strict warnings for code we write; third-party headers come in as SYSTEM.
function(switchboard_project_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()
