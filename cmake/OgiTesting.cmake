# ogi_add_test(name [SOURCES more.cc]): a test is one line. tests/unit/<name>.cc plus the
# shared test helpers, linked with GoogleTest, registered with CTest per test case.
include(GoogleTest)
function(ogi_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  add_executable(${name} ${CMAKE_CURRENT_SOURCE_DIR}/unit/${name}.cc ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_include_directories(${name} SYSTEM PRIVATE ${VALIJSON_INCLUDE_DIR})
  target_link_libraries(${name} PRIVATE ogi_lib ogi_testing GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    OGI_SOURCE_DIR="${PROJECT_SOURCE_DIR}" OGI_BINARY="$<TARGET_FILE:ogi>")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60)
endfunction()
