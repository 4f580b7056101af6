# ctest driver of one sanitizer run (test/sanitizers/CMakeLists.txt):
# configure and build a sub-build of the project with CPROF_SANITIZE, then
# run the runtime's lit suite and the e2e tests of threads, signals, fork,
# exec, longjmp, exceptions and shared libraries in it.
#   cmake -DSRC=... -DBIN=... -DSANITIZE=thread|address -DLLVM_DIR=... -DCLANG=... -DCLANGXX=...
#         -DPYTHON=... -DLIT=... -P run.cmake
include(${CMAKE_CURRENT_LIST_DIR}/../cmake/SubBuild.cmake)
cprof_require(SRC BIN SANITIZE LLVM_DIR CLANG CLANGXX PYTHON LIT)

# The sanitizer's runtime goes into the executables, so everything (runtime,
# tools, test programs) is built by the clang the tests use, and the plugin
# against that clang's LLVM (find_package alone takes the newest installed).
step(${CMAKE_COMMAND} -S ${SRC} -B ${BIN} -DBUILD_TESTING=ON -DCPROF_SANITIZE=${SANITIZE}
     -DLLVM_DIR=${LLVM_DIR} -DCMAKE_C_COMPILER=${CLANG} -DCMAKE_CXX_COMPILER=${CLANGXX}
     -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCPROF_INSTALL_DEPS=OFF)
step(${CMAKE_COMMAND} --build ${BIN} -j2 --target cprof_shared cprof_static cprof-llvm
     cprof-compiler-wrappers cprof pstats)
set(site --param site=${BIN}/test/lit.site.cfg.py)
step(${PYTHON} ${LIT} -sv ${site} ${SRC}/test/runtime)
step(${PYTHON} ${LIT} -sv ${site} ${SRC}/test/e2e
     --filter "threads|signal|longjmp|fork|exceptions|dlopen|dump-signal|exec-|crash|cprof-run")
