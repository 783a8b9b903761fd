# Debian packages through CPack's DEB generator (see docs/operations.md, "Packaging").
#
#   cmake -S . -B build-pkg -DCMAKE_BUILD_TYPE=Release
#   cmake --build build-pkg --target switchboard switchboard-eval <plugins...>   # or all
#   (cd build-pkg && cpack -G DEB)      # -> switchboard_<ver>_<arch>.deb, switchboard-dev_<ver>_all.deb
#
# Components: `server` -> package switchboard, `sdk` -> package switchboard-dev
# (the sdk install rules live in sdk/CMakeLists.txt). Included from the root
# CMakeLists.txt after the add_subdirectory() lines; it only adds install rules and the
# `package` target, nothing to the default build.
include_guard(GLOBAL)
if(NOT CMAKE_SOURCE_DIR STREQUAL PROJECT_SOURCE_DIR OR NOT TARGET switchboard)
  return()
endif()

set(_pkg_dir ${CMAKE_CURRENT_LIST_DIR})
# Who builds the packages signs the changelog and the control file: a distributor sets
# their own name and address.
set(SWITCHBOARD_PACKAGE_MAINTAINER "Switchboard maintainers <switchboard@example.org>" CACHE STRING
  "Maintainer field of the Debian packages")

# ------------------------------------------------------------------ install (component server)
install(TARGETS switchboard RUNTIME DESTINATION bin COMPONENT server)
if(TARGET switchboard-eval)
  install(TARGETS switchboard-eval RUNTIME DESTINATION bin COMPONENT server)
endif()

# Every plugin target defined under plugins/ (MODULE libraries), plus the console example.
function(_switchboard_collect_plugins dir out_var)
  set(found "")
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(t ${targets})
    get_target_property(type ${t} TYPE)
    if(type STREQUAL "MODULE_LIBRARY")
      list(APPEND found ${t})
    endif()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(sub ${subdirs})
    _switchboard_collect_plugins(${sub} sub_found)
    list(APPEND found ${sub_found})
  endforeach()
  set(${out_var} ${found} PARENT_SCOPE)
endfunction()
_switchboard_collect_plugins(${PROJECT_SOURCE_DIR}/plugins _switchboard_plugins)
if(TARGET console)
  list(APPEND _switchboard_plugins console)
endif()
list(REMOVE_DUPLICATES _switchboard_plugins)
install(TARGETS ${_switchboard_plugins} LIBRARY DESTINATION lib/switchboard/plugins COMPONENT server)

install(FILES ${_pkg_dir}/switchboard.yaml DESTINATION /etc/switchboard COMPONENT server)
install(FILES ${_pkg_dir}/switchboard.service DESTINATION /lib/systemd/system COMPONENT server)

# Documentation: /usr/share/doc/<package>/{copyright,changelog.gz,...}
set(_changelog ${CMAKE_CURRENT_BINARY_DIR}/packaging/changelog)
string(TIMESTAMP _pkg_date "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE ${_changelog}
  "switchboard (${PROJECT_VERSION}) unstable; urgency=medium\n\n"
  "  * Release ${PROJECT_VERSION}.\n\n"
  " -- ${SWITCHBOARD_PACKAGE_MAINTAINER}  ${_pkg_date}\n")
install(CODE "execute_process(COMMAND gzip -9nf \"${_changelog}\" -c OUTPUT_FILE \"${_changelog}.gz\")"
  COMPONENT server)
install(CODE "execute_process(COMMAND gzip -9nf \"${_changelog}\" -c OUTPUT_FILE \"${_changelog}.gz\")"
  COMPONENT sdk)
foreach(_c server sdk)
  if(_c STREQUAL "server")
    set(_doc share/doc/switchboard)
  else()
    set(_doc share/doc/switchboard-dev)
  endif()
  install(FILES ${_pkg_dir}/debian/copyright ${_changelog}.gz DESTINATION ${_doc} COMPONENT ${_c})
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/switchboard COMPONENT server)

# Manual pages, compressed as Debian policy wants them.
foreach(_page switchboard.1 switchboard-eval.1)
  set(_gz ${CMAKE_CURRENT_BINARY_DIR}/packaging/${_page}.gz)
  install(CODE "execute_process(COMMAND gzip -9nc \"${_pkg_dir}/man/${_page}\" OUTPUT_FILE \"${_gz}\")"
    COMPONENT server)
  install(FILES ${_gz} DESTINATION share/man/man1 COMPONENT server)
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION share/doc/switchboard/docs COMPONENT server
  FILES_MATCHING PATTERN "*.md")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/config/examples/ DESTINATION share/doc/switchboard/examples
  COMPONENT server)

# ------------------------------------------------------------------ CPack
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME switchboard)
set(CPACK_PACKAGE_VENDOR "Switchboard")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${SWITCHBOARD_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_COMPONENTS_ALL server sdk)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME switchboard)
set(CPACK_DEBIAN_SERVER_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser, init-system-helpers (>= 1.54~)")
set(CPACK_COMPONENT_SERVER_DESCRIPTION "notification and recommendation server
Switchboard is a self-hosted server for notifications and recommendations: one
process configured by one YAML file, serving a REST and WebSocket API, extended
by plugins. This package contains the server, the bundled plugins and a
systemd unit.")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
  ${_pkg_dir}/debian/conffiles ${_pkg_dir}/debian/postinst ${_pkg_dir}/debian/prerm ${_pkg_dir}/debian/postrm)

set(CPACK_DEBIAN_SDK_PACKAGE_NAME switchboard-dev)
set(CPACK_DEBIAN_SDK_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_SDK_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_SDK_PACKAGE_SHLIBDEPS OFF)
set(CPACK_DEBIAN_SDK_PACKAGE_RECOMMENDS "cmake, g++")
set(CPACK_COMPONENT_SDK_DESCRIPTION "plugin SDK for the Switchboard server
Headers of the Switchboard plugin C ABI and its C++ wrapper, the CMake package
SwitchboardSDK (find_package(SwitchboardSDK), switchboard_add_plugin()) and an
example channel plugin.")

include(CPack)
