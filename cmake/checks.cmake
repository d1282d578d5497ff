# cmake/checks.cmake - the tests that are scripts, not Criterion programs:
#   test_install  cmake --install into a staging prefix, then a C program
#                 built with pkg-config against the installed library
#   test_man      every command and long option of --help has its man page
#                 and bash completion
#   test_layers   folder layering of the #include lines, no cycle, no file
#                 over 1,000 lines
if(NOT LF_TESTS)
  return()
endif()
find_program(LF_BASH bash REQUIRED)

if(LF_SHARED)
  set(LF_INSTALL_TEST_CFLAGS "")
  if(LF_SANITIZE)
    # the library was linked with the sanitizers: so is the program
    set(LF_INSTALL_TEST_CFLAGS "-fsanitize=address,undefined")
  endif()
  add_test(NAME test_install COMMAND ${LF_BASH} ${CMAKE_SOURCE_DIR}/tests/test_install.sh
    ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR} ${CMAKE_INSTALL_LIBDIR} ${CMAKE_INSTALL_INCLUDEDIR}
    ${CMAKE_INSTALL_BINDIR} ${CMAKE_INSTALL_DATADIR} ${CMAKE_INSTALL_MANDIR} "${LF_INSTALL_TEST_CFLAGS}")
  set_tests_properties(test_install PROPERTIES TIMEOUT 600)
endif()

add_test(NAME test_man COMMAND ${LF_BASH} ${CMAKE_SOURCE_DIR}/tests/test_man.sh
  $<TARGET_FILE:lexfrag> ${CMAKE_SOURCE_DIR})

# the tree (fails until every folder keeps to its layer) and the checker
# itself on trees the test makes (tests/test_layers.sh)
add_test(NAME test_layers COMMAND ${LF_BASH} ${CMAKE_SOURCE_DIR}/tests/test_layers.sh tree ${CMAKE_SOURCE_DIR})
add_test(NAME test_layers_checker COMMAND ${LF_BASH} ${CMAKE_SOURCE_DIR}/tests/test_layers.sh checker
  ${CMAKE_SOURCE_DIR})

# the relevance floor: the judged corpus (eval/search/laws.tar.xz) indexed,
# eval/search_eval.py over its 53 queries, mono and cross nDCG@10 held at
# eval/search/floor.tsv (tests/test_relevance.sh; python3 is in setup.sh's
# TEST_PKGS: without it the test fails, it is not skipped)
add_test(NAME test_relevance COMMAND ${LF_BASH} ${CMAKE_SOURCE_DIR}/tests/test_relevance.sh
  $<TARGET_FILE:lexfrag> ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/relevance)
set_tests_properties(test_relevance PROPERTIES TIMEOUT 600)
