# cmake -P project-version.cmake <CMakeLists.txt>: prints the VERSION of its
# project() call, the number every command's --version must show.
file(READ ${CMAKE_ARGV3} text)
string(REGEX MATCH "project\\(cprof VERSION ([0-9.]+)" m "${text}")
if(NOT CMAKE_MATCH_1)
  message(FATAL_ERROR "no project(cprof VERSION ...) in ${CMAKE_ARGV3}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E echo ${CMAKE_MATCH_1})
