# What the build needs beyond a fresh Debian 12 with llvm-14-dev, clang-14,
# cmake and python3. Missing Debian packages are installed when we can
# (running as root with apt-get), so both README workflows work out of the box.

# Each entry: a Debian package and the check that tells whether it is there.
#   libpcre2-dev, pkg-config  Python-compatible regular expressions (pstats -n)
#   libreadline-dev           line editing and history in `pstats -i`
#   llvm-N-dev, clang-N       (tests only) the other LLVMs the plugin is
#                             tested with, N in CPROF_TEST_LLVM_VERSIONS
#                             (ctest plugin-llvm-N, test/llvm-versions)
#   libdw-dev                 symbol and line lookup for -finstrument-functions
#   gcc-N-plugin-dev          the GCC plugin (N: the major version of gcc)
set(cprof_missing_packages)
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PCRE2 QUIET IMPORTED_TARGET libpcre2-8)
endif()
if(NOT PCRE2_FOUND)
  list(APPEND cprof_missing_packages libpcre2-dev pkg-config)
endif()
find_path(CPROF_READLINE_PROBE readline/readline.h)
if(NOT CPROF_READLINE_PROBE)
  list(APPEND cprof_missing_packages libreadline-dev)
endif()
unset(CPROF_READLINE_PROBE CACHE)
# The main LLVM, and the others the tests use besides it (both LLVMs Debian 12
# ships with a pass plugin interface cprof supports are then tested in CI).
set(CPROF_LLVM_VERSION 14 CACHE STRING
    "LLVM major version to build against when LLVM_DIR is not given")
set(CPROF_TEST_LLVM_VERSIONS 19 CACHE STRING
    "Other LLVM major versions the plugin is tested with (ctest plugin-llvm-N); empty: none")
if(CPROF_BUILD_PLUGIN AND (NOT DEFINED BUILD_TESTING OR BUILD_TESTING))
  foreach(v IN LISTS CPROF_TEST_LLVM_VERSIONS)
    if(NOT v STREQUAL CPROF_LLVM_VERSION AND
       (NOT EXISTS /usr/lib/llvm-${v}/lib/cmake/llvm/LLVMConfig.cmake OR
        NOT EXISTS /usr/lib/llvm-${v}/bin/clang))
      list(APPEND cprof_missing_packages llvm-${v}-dev clang-${v})
    endif()
  endforeach()
endif()
# elfutils' libdw names the functions of -finstrument-functions code at dump
# time (runtime/symbolize.c; the runtime loads libdw.so.1 then, so programs
# do not link it): the build needs its headers.
find_path(CPROF_LIBDW_PROBE elfutils/libdwfl.h)
if(NOT CPROF_LIBDW_PROBE)
  list(APPEND cprof_missing_packages libdw-dev)
endif()
unset(CPROF_LIBDW_PROBE CACHE)
# The GCC plugin (plugin/gcc) is built against the plugin headers of the gcc
# on PATH (`gcc -print-file-name=plugin`), Debian's gcc-<major>-plugin-dev.
find_program(CPROF_GCC_PROGRAM NAMES gcc)
find_program(CPROF_GXX_PROGRAM NAMES g++)
set(CPROF_GCC_PLUGIN_DIR "")
# The plugin runs inside cc1/cc1plus: it is compiled by g++ (a sanitized build
# of the runtime does not build it).
if(CPROF_BUILD_GCC_PLUGIN AND CPROF_GCC_PROGRAM AND CPROF_GXX_PROGRAM AND NOT CPROF_SANITIZE
   AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  execute_process(COMMAND ${CPROF_GCC_PROGRAM} -print-file-name=plugin
                  OUTPUT_VARIABLE CPROF_GCC_PLUGIN_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${CPROF_GCC_PROGRAM} -dumpversion
                  OUTPUT_VARIABLE cprof_gcc_version OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX MATCH "^[0-9]+" cprof_gcc_major "${cprof_gcc_version}")
  if(NOT EXISTS "${CPROF_GCC_PLUGIN_DIR}/include/gcc-plugin.h")
    list(APPEND cprof_missing_packages gcc-${cprof_gcc_major}-plugin-dev)
  endif()
endif()

function(cprof_install_debian_packages)
  list(JOIN ARGN " " pkgs)
  if(NOT CPROF_INSTALL_DEPS)
    message(WARNING "cprof: missing packages; install them with: apt-get install ${pkgs}")
    return()
  endif()
  find_program(APT_GET apt-get)
  execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT APT_GET OR NOT uid STREQUAL "0")
    message(WARNING "cprof: missing packages; install them with: apt-get install ${pkgs}")
    return()
  endif()
  message(STATUS "cprof: installing ${pkgs}")
  # another apt (unattended upgrades, a second configure) may hold the lock
  set(apt ${CMAKE_COMMAND} -E env DEBIAN_FRONTEND=noninteractive
      ${APT_GET} -o DPkg::Lock::Timeout=600)
  execute_process(COMMAND ${apt} update -qq RESULT_VARIABLE rc)
  execute_process(COMMAND ${apt} install -y -qq --no-install-recommends ${ARGN}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cprof: apt-get install ${pkgs} failed (${rc})")
  endif()
endfunction()

if(cprof_missing_packages)
  cprof_install_debian_packages(${cprof_missing_packages})
endif()
if(NOT PCRE2_FOUND)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
endif()

find_path(CPROF_LIBDW_INCLUDE_DIR elfutils/libdwfl.h)
if(NOT CPROF_LIBDW_INCLUDE_DIR)
  message(FATAL_ERROR "cprof: elfutils/libdwfl.h not found (apt-get install libdw-dev)")
endif()
if(CPROF_GCC_PLUGIN_DIR AND NOT EXISTS "${CPROF_GCC_PLUGIN_DIR}/include/gcc-plugin.h")
  message(WARNING "cprof: GCC plugin headers not found in ${CPROF_GCC_PLUGIN_DIR}; "
                  "cprof-gcc.so is not built (apt-get install gcc-${cprof_gcc_major}-plugin-dev)")
  set(CPROF_GCC_PLUGIN_DIR "")
endif()

find_package(Python3 3.8 REQUIRED COMPONENTS Interpreter)

if(CPROF_BUILD_PLUGIN)
  # The main LLVM is chosen, never whichever the search meets first: with
  # several installed (Debian's /usr/lib/llvm-N), LLVM CPROF_LLVM_VERSION;
  # without it, the newest one found. -DLLVM_DIR=... selects any other.
  set(CMAKE_FIND_PACKAGE_SORT_ORDER NATURAL)
  set(CMAKE_FIND_PACKAGE_SORT_DIRECTION DEC)
  find_package(LLVM REQUIRED CONFIG
    HINTS /usr/lib/llvm-${CPROF_LLVM_VERSION}/lib/cmake/llvm)
  message(STATUS "cprof: LLVM ${LLVM_PACKAGE_VERSION} in ${LLVM_DIR}")
  find_program(CPROF_CLANG NAMES clang HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH)
  find_program(CPROF_CLANGXX NAMES clang++ HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH)
  if(NOT CPROF_CLANG OR NOT CPROF_CLANGXX)
    message(FATAL_ERROR "cprof: clang/clang++ of LLVM ${LLVM_PACKAGE_VERSION} not found in ${LLVM_TOOLS_BINARY_DIR}")
  endif()
endif()
