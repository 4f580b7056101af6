# Shared by the ctest drivers of sub-builds (test/sanitizers/run.cmake,
# test/llvm-versions/run.cmake), which run with `cmake -P`.

# Fail unless every named variable was given with -D.
function(cprof_require)
  foreach(v ${ARGN})
    if(NOT DEFINED ${v})
      message(FATAL_ERROR "${CMAKE_CURRENT_LIST_FILE}: -D${v}= is required")
    endif()
  endforeach()
endfunction()

# Run one command; a failure ends the test with the command line.
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}")
  endif()
endfunction()
