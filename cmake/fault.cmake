# cmake/fault.cmake - the LF_FAULT option: fault injection for tests.
#
# With -DLF_FAULT=ON, core/fault.c is compiled into the library, every
# target that links the library is linked with --wrap for the allocators
# lexfrag calls, and the Xapian shim's fault points are compiled in.  The
# environment variables that drive it are described in core/fault.c;
# tests/test_fault.c sweeps them (tests/test_fault_serve.c in the server), tests/test_concurrency.c pauses a reader
# and tests/test_crash.c an index run with them (they skip those tests
# without LF_FAULT).
option(LF_FAULT "Fault injection: LF_FAULT_ALLOC=N / LF_FAULT_XAPIAN=N fail the Nth call, LF_FAULT_PAUSE pauses (core/fault.c)" OFF)

if(LF_FAULT)
  target_sources(lexfrag_lib PRIVATE ${CMAKE_SOURCE_DIR}/core/fault.c)
  target_compile_definitions(lexfrag_lib PRIVATE LF_FAULT)
  set(LF_FAULT_WRAP
    "LINKER:--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=strdup,--wrap=strndup,--wrap=open_memstream")
  target_link_options(lexfrag_lib INTERFACE ${LF_FAULT_WRAP})
  if(TARGET lexfrag_shared)
    target_link_options(lexfrag_shared PRIVATE ${LF_FAULT_WRAP})
  endif()
  # the tests that drive the hooks (and skip themselves without them)
  foreach(t test_fault test_fault_serve test_concurrency test_crash)
    if(TARGET ${t})
      target_compile_definitions(${t} PRIVATE LF_FAULT)
    endif()
  endforeach()
  # the sweeps run a command hundreds of times, under the sanitizers in
  # CI: test_fault's two sweeps (index/search/show/export, then similar
  # and reuse) take 5 minutes alone on 2 cores and more beside other
  # tests; each Criterion test has its own limit (.timeout) below this
  if(TARGET test_fault)
    set_tests_properties(test_fault test_fault_serve PROPERTIES TIMEOUT 1800)
  endif()
endif()
