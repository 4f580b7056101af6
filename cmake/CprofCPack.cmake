# `cpack -G DEB` in a build folder: a Debian package of the install tree
# (docs/packaging.md). It installs under /usr; the tree is relocatable, so
# `dpkg -x` into any folder gives working commands too.
set(CPACK_PACKAGE_NAME cprof)
set(CPACK_PACKAGE_VENDOR "cprof")
set(CPROF_PACKAGE_CONTACT "cprof maintainers <cprof@localhost>" CACHE STRING
    "The Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${CPROF_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "deterministic function profiler for C and C++ (cProfile and pstats for native code)")
set(CPACK_PACKAGE_DESCRIPTION
"cprof profiles C and C++ programs the way Python's cProfile profiles Python:
exact call counts, per caller-callee edge, in the file format of
pstats.dump_stats. cprof-cc and cprof-c++ are drop-in compilers (clang and
a pass plugin); the pstats command reads, merges, sorts and prints dumps
exactly as Python's pstats does. Includes the runtime library and its API
(cprof.h), pkg-config and CMake package files, and man pages.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# the libraries the binaries link (libc, PCRE2, readline, libstdc++) from
# dpkg-shlibdeps; the compiler the wrappers run and the plugin loads into
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(CPROF_BUILD_PLUGIN)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "clang-${LLVM_VERSION_MAJOR}")
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "graphviz, python3")
include(CPack)
