# Small helpers so each component's CMakeLists.txt stays a few lines long.
#
#   parcours_library(NAME SRCS ... [DEPS ...])   -> static library parcours_NAME, alias parcours::NAME
#   parcours_test(NAME SRCS ... [DEPS ...])      -> GoogleTest executable, each test registered with ctest
#   parcours_binary(NAME SRCS ... [DEPS ...])    -> executable in build/bin
#   parcours_benchmark(NAME SRCS ... [DEPS ...]) -> Google Benchmark executable in build/bench
include(GoogleTest)

set(PARCOURS_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Woverloaded-virtual -Wimplicit-fallthrough)
if(PARCOURS_WERROR)
  list(APPEND PARCOURS_WARNINGS -Werror)
endif()

function(parcours_apply_options target)
  target_compile_options(${target} PRIVATE ${PARCOURS_WARNINGS})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/src)
  if(PARCOURS_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()

function(parcours_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_library(parcours_${name} STATIC ${ARG_SRCS})
  add_library(parcours::${name} ALIAS parcours_${name})
  parcours_apply_options(parcours_${name})
  target_link_libraries(parcours_${name} PUBLIC ${ARG_DEPS})
endfunction()

function(parcours_test name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  parcours_apply_options(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 120)
endfunction()

function(parcours_binary name)
  cmake_parse_arguments(ARG "" "OUTPUT_NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  parcours_apply_options(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  if(ARG_OUTPUT_NAME)
    set_target_properties(${name} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
endfunction()

function(parcours_benchmark name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SRCS})
  parcours_apply_options(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bench)
endfunction()
