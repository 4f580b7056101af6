# ctest driver of one other-LLVM run (test/llvm-versions/CMakeLists.txt):
# configure and build a sub-build of the project with that LLVM (its clang
# builds the test programs), then run the plugin, runtime and e2e suites
# with its lit.
#   cmake -DSRC=... -DBIN=... -DLLVM_DIR=... -DPYTHON=... -P run.cmake
include(${CMAKE_CURRENT_LIST_DIR}/../cmake/SubBuild.cmake)
cprof_require(SRC BIN LLVM_DIR PYTHON)
string(REGEX MATCH "llvm-([0-9]+)" m "${LLVM_DIR}")
if(NOT EXISTS ${LLVM_DIR}/LLVMConfig.cmake)
  message(FATAL_ERROR "LLVM ${CMAKE_MATCH_1} is not installed (no ${LLVM_DIR}/LLVMConfig.cmake): "
    "apt-get install llvm-${CMAKE_MATCH_1}-dev clang-${CMAKE_MATCH_1} (configuring as root does), "
    "or configure with -DCPROF_TEST_LLVM_VERSIONS= to test no other LLVM")
endif()

step(${CMAKE_COMMAND} -S ${SRC} -B ${BIN} -DBUILD_TESTING=ON -DLLVM_DIR=${LLVM_DIR}
     -DCPROF_TEST_LLVM_DIRS= -DCPROF_TEST_LLVM_VERSIONS= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCPROF_INSTALL_DEPS=OFF)
step(${CMAKE_COMMAND} --build ${BIN} -j2 --target cprof_shared cprof_static cprof_exec_static
     cprof-llvm cprof-compiler-wrappers cprof pstats cprof-man)
file(STRINGS ${BIN}/CMakeCache.txt lit_line REGEX "^CPROF_LIT:")
string(REGEX REPLACE "^[^=]*=" "" LIT "${lit_line}")
set(site --param site=${BIN}/test/lit.site.cfg.py)
foreach(suite plugin runtime e2e)
  step(${PYTHON} ${LIT} -sv ${site} ${SRC}/test/${suite})
endforeach()
