# What lets other builds use an installed cprof: pkg-config's cprof.pc and
# the CMake package (find_package(cprof): cprof::runtime,
# cprof::runtime_shared, cprof_instrument()). Both are written into the
# build tree too (which mirrors the install tree), and all their paths are
# relative to their own location, so the installation can be moved.
include(CMakePackageConfigHelpers)

set(CPROF_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/cprof)
set(CPROF_PKGCONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# cprof_relative(<var> <from> <to>): <to> relative to <from> (install
# directories, relative to the prefix or absolute), "." when equal.
function(cprof_relative var from to)
  foreach(d from to)
    if(NOT IS_ABSOLUTE "${${d}}")
      set(${d} "${CMAKE_INSTALL_PREFIX}/${${d}}")
    endif()
  endforeach()
  file(RELATIVE_PATH rel "${from}" "${to}")
  string(REGEX REPLACE "/$" "" rel "${rel}")
  if(rel STREQUAL "")
    set(rel .)
  endif()
  set(${var} "${rel}" PARENT_SCOPE)
endfunction()

# cprof_package_file(<template> <name> <build-dir> <install-dir>): configure
# <template> for the build tree (<build>/<build-dir>/<name>, with the build
# tree's layout: lib/, include/) and for installation (<install-dir>).
function(cprof_package_file template name build_dir dir)
  set(CPROF_PREFIX_TO_LIB lib)
  set(CPROF_PREFIX_TO_INCLUDE include)
  file(RELATIVE_PATH rel_build "${CMAKE_BINARY_DIR}/${build_dir}" "${CMAKE_BINARY_DIR}")
  string(REGEX REPLACE "/$" "" rel_build "${rel_build}")
  set(CPROF_PC_TO_PREFIX ${rel_build})
  set(CPROF_CMAKE_TO_PREFIX ${rel_build})
  configure_file(${template} ${CMAKE_BINARY_DIR}/${build_dir}/${name} @ONLY)

  cprof_relative(CPROF_PREFIX_TO_LIB "" "${CMAKE_INSTALL_LIBDIR}")
  cprof_relative(CPROF_PREFIX_TO_INCLUDE "" "${CMAKE_INSTALL_INCLUDEDIR}")
  cprof_relative(rel_install "${dir}" "")
  set(CPROF_PC_TO_PREFIX ${rel_install})
  set(CPROF_CMAKE_TO_PREFIX ${rel_install})
  configure_file(${template} ${CMAKE_CURRENT_BINARY_DIR}/package-install/${dir}/${name} @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/package-install/${dir}/${name} DESTINATION ${dir})
endfunction()

cprof_package_file(${CMAKE_CURRENT_LIST_DIR}/cprof.pc.in cprof.pc
  lib/pkgconfig ${CPROF_PKGCONFIG_DIR})
cprof_package_file(${CMAKE_CURRENT_LIST_DIR}/cprofConfig.cmake.in cprofConfig.cmake
  lib/cmake/cprof ${CPROF_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/lib/cmake/cprof/cprofConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_BINARY_DIR}/lib/cmake/cprof/cprofConfigVersion.cmake
  DESTINATION ${CPROF_CMAKE_DIR})
