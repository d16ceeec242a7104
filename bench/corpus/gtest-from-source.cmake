# GoogleTest compiled from source inside a project that links the targets
# `gtest` / `gmock` by name but does not build them itself (leveldb: Debian's
# patch 0120-external_testing comments out its vendored third_party/googletest
# and links the prebuilt libgtest/libgmock).  bench/corpus/validate.py passes
#   -DCMAKE_PROJECT_<project>_INCLUDE=<this file> -DESCAPE_GTEST_SOURCE=<dir>
# with <dir> the googletest source tree (Debian's `googletest` source package
# under corpus/googletest/, else /usr/src/googletest).  The file is included
# right after the project's project() call, so the targets exist before the
# tests link them and are compiled with the same compiler and flags
# (CMAKE_CXX_FLAGS from the command line: -O2, the plugin, ASan).
if(NOT ESCAPE_GTEST_SOURCE)
  message(FATAL_ERROR "gtest-from-source.cmake: ESCAPE_GTEST_SOURCE not set")
endif()
set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
set(BUILD_GMOCK ON CACHE BOOL "" FORCE)
set(gtest_force_shared_crt ON CACHE BOOL "" FORCE)
add_subdirectory("${ESCAPE_GTEST_SOURCE}" "${CMAKE_BINARY_DIR}/googletest-from-source"
                 EXCLUDE_FROM_ALL)
message(STATUS "clang-escape validate: GoogleTest from source ${ESCAPE_GTEST_SOURCE}")
