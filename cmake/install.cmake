# cmake/install.cmake - liblexfrag.so and what 'cmake --install' puts where
# (GNUInstallDirs; README, "Installing"):
#
#   bin/lexfrag                                the tool (static: see below)
#   lib*/liblexfrag.so.VERSION, .so.SOVERSION, .so   the public API only
#   lib*/pkgconfig/lexfrag.pc
#   include/lexfrag/*.h                        lexfrag.h and what it includes
#   share/lexfrag/                             taxonomy.xml, taxonomy.rng, export.md, README.md,
#                                              lexicon.lfx (when the dictionaries were found),
#                                              thesaurus.lfx (the built-in thesaurus, compiled)
#   share/man/man1/lexfrag.1, lexfrag-COMMAND.1
#   share/bash-completion/completions/lexfrag
#
# The lexfrag binary links the static archive, as the tests do: app/ uses
# internal functions (core/utf8.h), which the shared library does not
# export, and a static binary needs no RPATH and runs the same from the
# build tree and from any prefix.  The taxonomy is built into both.
include(GNUInstallDirs)

option(LF_SHARED "Build liblexfrag.so (installed with lexfrag.pc)" ON)
if(LF_FUZZ)
  # the objects are instrumented for libFuzzer, whose runtime only the
  # fuzz targets link
  set(LF_SHARED OFF)
endif()

# 0.y releases may break the ABI at every y: the soname carries both
if(PROJECT_VERSION_MAJOR EQUAL 0)
  set(LF_SOVERSION "0.${PROJECT_VERSION_MINOR}")
else()
  set(LF_SOVERSION "${PROJECT_VERSION_MAJOR}")
endif()

if(LF_SHARED)
  add_library(lexfrag_shared SHARED $<TARGET_OBJECTS:lexfrag_lib>)
  set_target_properties(lexfrag_shared PROPERTIES OUTPUT_NAME lexfrag
    VERSION ${PROJECT_VERSION} SOVERSION ${LF_SOVERSION} LINKER_LANGUAGE CXX
    LINK_DEPENDS ${CMAKE_SOURCE_DIR}/cmake/lexfrag.map)
  target_link_options(lexfrag_shared PRIVATE
    "LINKER:--version-script=${CMAKE_SOURCE_DIR}/cmake/lexfrag.map" "LINKER:--no-undefined")
  target_link_libraries(lexfrag_shared PRIVATE ${LF_LIB_DEPS})
  install(TARGETS lexfrag_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})

  # lexfrag.pc is written at install time, so that its paths are those of
  # the prefix installed to ('cmake --install B --prefix P' included)
  set(LF_PC_IN ${CMAKE_SOURCE_DIR}/cmake/lexfrag.pc.in)
  set(LF_PC_OUT ${CMAKE_BINARY_DIR}/pc/lexfrag.pc)
  install(CODE "
    set(PROJECT_VERSION \"${PROJECT_VERSION}\")
    set(LF_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
    foreach(v LIBDIR:${CMAKE_INSTALL_LIBDIR} INCLUDEDIR:${CMAKE_INSTALL_INCLUDEDIR})
      string(REGEX MATCH \"^[A-Z]+\" k \"\${v}\")
      string(REGEX REPLACE \"^[A-Z]+:\" \"\" d \"\${v}\")
      if(NOT IS_ABSOLUTE \"\${d}\")
        set(d \"\\\${prefix}/\${d}\")
      endif()
      set(LF_PC_\${k} \"\${d}\")
    endforeach()
    configure_file(\"${LF_PC_IN}\" \"${LF_PC_OUT}\" @ONLY)
  ")
  install(FILES ${LF_PC_OUT} DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/lexfrag DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
    FILES_MATCHING PATTERN "*.h")
endif()

install(TARGETS lexfrag RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES schemas/taxonomy.xml schemas/taxonomy.rng schemas/export.md schemas/README.md
  DESTINATION ${CMAKE_INSTALL_DATADIR}/lexfrag)
# the bilingual lexicon, when the build compiled one (CMakeLists.txt, LF_HAVE_LEXICON);
# query/lexicon.c looks for it there (LF_LEXICON_INSTALLED)
if(LF_HAVE_LEXICON)
  install(FILES ${LF_LEXICON_FILE} DESTINATION ${CMAKE_INSTALL_DATADIR}/lexfrag)
endif()
# the built-in thesaurus compiled (CMakeLists.txt, mkthesaurus); query/thesaurus.c
# looks for it there (LF_THESAURUS_INSTALLED)
install(FILES ${LF_THESAURUS_FILE} DESTINATION ${CMAKE_INSTALL_DATADIR}/lexfrag)

# one page per command of 'lexfrag --help' (tests/test_man.sh checks them)
set(LF_MAN_PAGES lexfrag lexfrag-index lexfrag-search lexfrag-show lexfrag-stats lexfrag-export
  lexfrag-tag lexfrag-similar lexfrag-reuse lexfrag-serve lexfrag-shards)
list(TRANSFORM LF_MAN_PAGES PREPEND ${CMAKE_SOURCE_DIR}/doc/man/)
list(TRANSFORM LF_MAN_PAGES APPEND .1)
install(FILES ${LF_MAN_PAGES} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES completion/lexfrag.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME lexfrag)
