# The one place that decides how Places targets are compiled (style.md, principle 2).
# C++20, strict warnings as errors, optional sanitizers. Third-party headers are
# consumed as SYSTEM includes through their imported targets, so their warnings
# do not fail our build.
function(places_configure_target target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  get_target_property(type ${target} TYPE)
  set(scope PRIVATE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    return()
  endif()
  target_compile_options(${target} ${scope}
    -Wall -Wextra -Wshadow -Wconversion
    -Wnon-virtual-dtor -Woverloaded-virtual -Werror
    # Aggregates with defaulted members ({file, line}) are the intended idiom.
    -Wno-missing-field-initializers)
  if(PLACES_SANITIZE)
    target_compile_options(${target} PUBLIC -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
  if(PLACES_FUZZ)
    # Coverage instrumentation in every library, so libFuzzer is guided by the
    # code under test and not only by the few lines of the fuzz target itself.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()

# places_add_module(NAME SOURCES ...): a static library with include/ as its public
# header folder (include/places/<module>/...).
function(places_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                     PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  places_configure_target(${name})
endfunction()

# places_add_test(NAME LABELS "unit;gpu" SOURCES ... LIBS ... [ENVIRONMENT VAR=value ...] [SERIAL]):
# a Catch2 test executable whose test cases are registered with CTest one by one;
# ENVIRONMENT is set for each of them (e.g. the pinned Vulkan driver). SERIAL
# runs each of them alone (RUN_SERIAL): for tests that bound how fast the relay
# answers under an attack they make themselves, so that a lavapipe test that
# ctest -j runs beside them on a 2-core machine is not what they measure.
function(places_add_test name)
  cmake_parse_arguments(ARG "SERIAL" "" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} Catch2::Catch2WithMain)
  target_compile_definitions(${name} PRIVATE
    PLACES_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    PLACES_ASSETS_DIR="${PROJECT_SOURCE_DIR}/assets"
    PLACES_BINARY_DIR="${PROJECT_BINARY_DIR}")
  places_configure_target(${name})
  if("unit" IN_LIST ARG_LABELS)
    set_property(GLOBAL APPEND PROPERTY PLACES_SANITIZED_TARGETS ${name})
  endif()
  # Labels and environment are set by a CTest include file of our own, run after
  # Catch's discovery file: Catch's PROPERTIES writes a list value as separate
  # arguments of set_tests_properties, so a second label or variable became a
  # bogus property name and was silently lost.
  catch_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_BINARY_DIR} TEST_LIST ${name}_TESTS)
  set(props "LABELS [==[${ARG_LABELS}]==]")
  if(ARG_ENVIRONMENT)
    string(APPEND props " ENVIRONMENT [==[${ARG_ENVIRONMENT}]==]")
  endif()
  if(ARG_SERIAL)
    string(APPEND props " RUN_SERIAL TRUE")
  endif()
  set(props_file "${CMAKE_CURRENT_BINARY_DIR}/${name}_properties.cmake")
  file(WRITE "${props_file}" "if(${name}_TESTS)\n  set_tests_properties(\${${name}_TESTS} PROPERTIES ${props})\nendif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${props_file}")
endfunction()

# places_add_fuzzer(NAME SOURCES ... LIBS ...): a libFuzzer target (clang only).
function(places_add_fuzzer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  if(NOT PLACES_FUZZ)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  places_configure_target(${name})
  set_property(GLOBAL APPEND PROPERTY PLACES_SANITIZED_TARGETS ${name})
endfunction()
