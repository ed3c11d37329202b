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
  if(PLACES_FUZZ AND NOT type STREQUAL "EXECUTABLE")
    # Coverage instrumentation in every library, so libFuzzer is guided by the
    # code under test and not only by the few lines of the fuzz target itself.
    # Not in the test executables or places: no fuzzer links them, and the
    # comparison hooks only made their instrumented build slower.
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
  places_unity_build(${name})
endfunction()

# Unity builds for every module, the tests and places: their files each parse
# the same heavy headers (nlohmann/json, spdlog, Vulkan, Catch2) and instantiate
# the same templates (Catch2's assertions, CLI11's App); a batch does it once.
# Batches of 6 keep both cores busy and a rebuild after one edit short. Names in
# a file's anonymous namespace must therefore be unique within its target.
# -DPLACES_UNITY_BUILD=OFF compiles file by file (e.g. to find a missing include).
option(PLACES_UNITY_BUILD "Unity builds for the modules, the tests and the places command" ON)
function(places_unity_build target)
  if(PLACES_UNITY_BUILD)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 6)
  endif()
endfunction()

function(places_test_definitions target)
  target_compile_definitions(${target} PRIVATE
    PLACES_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    PLACES_ASSETS_DIR="${PROJECT_SOURCE_DIR}/assets"
    PLACES_BINARY_DIR="${PROJECT_BINARY_DIR}")
endfunction()

# GCC 12's object-size warnings (-Warray-bounds, -Wstringop-overflow,
# -Wrestrict) fire inside libstdc++'s std::string once it is inlined into a test
# (std::string(PATH) + "/file", GCC bugs 105651 and 105329). Which tests they
# hit changes with how the standard headers are read, and the precompiled
# header below brought them to several. Tests only: the engine keeps these
# warnings, and the tests run under ASan, which catches a real overflow.
function(places_test_warnings target)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-stringop-overflow -Wno-restrict)
  endif()
endfunction()

# One precompiled header for every test executable: Catch2's single header
# (17,000 lines) and the standard headers most tests include. Parsing them was
# about 2 s of each of the 113 test files' compile, in both CI builds; compiled
# once here and reused (REUSE_FROM), CI spends that once. The host is an
# executable like the tests, with their definitions and flags, because GCC and
# clang refuse a header precompiled with other code-generation flags (-fPIE vs
# -fPIC) or another value of a macro, and CMake adds -Winvalid-pch, which our
# -Werror turns into a failed build rather than a silently slow one.
function(places_test_pch_host)
  if(TARGET places_test_pch)
    return()
  endif()
  set(host "${PROJECT_BINARY_DIR}/places_test_pch_host.cpp")
  file(CONFIGURE OUTPUT "${host}" CONTENT "// Compiles the tests' precompiled header once.\n")
  add_executable(places_test_pch EXCLUDE_FROM_ALL "${host}")
  target_link_libraries(places_test_pch PRIVATE Catch2::Catch2WithMain)
  places_test_definitions(places_test_pch)
  places_configure_target(places_test_pch)
  places_test_warnings(places_test_pch)
  target_precompile_headers(places_test_pch PRIVATE
    <catch2/catch.hpp>
    <algorithm> <chrono> <cmath> <cstdint> <filesystem> <fstream> <functional>
    <map> <memory> <optional> <set> <sstream> <string> <string_view> <thread> <vector>)
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
  places_test_definitions(${name})
  places_configure_target(${name})
  places_test_warnings(${name})
  places_test_pch_host()
  target_precompile_headers(${name} REUSE_FROM places_test_pch)
  places_unity_build(${name})
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
