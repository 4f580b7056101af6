# What the build needs beyond a fresh Debian 12 with llvm-14-dev, clang-14,
# cmake and python3. Missing Debian packages are installed when we can
# (running as root with apt-get), so both README workflows work out of the box.

set(CPROF_DEBIAN_PACKAGES libpcre2-dev pkg-config)

function(cprof_install_debian_packages)
  if(NOT CPROF_INSTALL_DEPS)
    return()
  endif()
  find_program(APT_GET apt-get)
  execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT APT_GET OR NOT uid STREQUAL "0")
    message(WARNING "cprof: missing packages (${ARGN}); install them with: apt-get install ${ARGN}")
    return()
  endif()
  message(STATUS "cprof: installing ${ARGN}")
  execute_process(COMMAND ${APT_GET} update -qq RESULT_VARIABLE rc)
  execute_process(COMMAND ${APT_GET} install -y -qq --no-install-recommends ${ARGN}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cprof: apt-get install ${ARGN} failed (${rc})")
  endif()
endfunction()

find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PCRE2 QUIET IMPORTED_TARGET libpcre2-8)
endif()
if(NOT PCRE2_FOUND)
  cprof_install_debian_packages(${CPROF_DEBIAN_PACKAGES})
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
endif()

find_package(Python3 3.8 REQUIRED COMPONENTS Interpreter)

if(CPROF_BUILD_PLUGIN)
  find_package(LLVM REQUIRED CONFIG)
  message(STATUS "cprof: LLVM ${LLVM_PACKAGE_VERSION} in ${LLVM_DIR}")
  find_program(CPROF_CLANG NAMES clang HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH)
  find_program(CPROF_CLANGXX NAMES clang++ HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH)
  if(NOT CPROF_CLANG OR NOT CPROF_CLANGXX)
    message(FATAL_ERROR "cprof: clang/clang++ of LLVM ${LLVM_PACKAGE_VERSION} not found in ${LLVM_TOOLS_BINARY_DIR}")
  endif()
endif()
