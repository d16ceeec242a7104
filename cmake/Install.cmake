# cmake --install and CPack (a .deb): the plugin, the clang-tidy module when
# it is built, the tool, the profiler's runtime, the frame arena headers, the docs and the CMake
# package (find_package(ClangEscape), clang_escape_enable()). Included at the
# end of the top-level CMakeLists.txt, when every target exists.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The plugin files stay together: ClangEscape.so loads
# ClangEscapeFrontend.so from its own directory.
set(ESCAPE_INSTALL_PLUGINDIR ${CMAKE_INSTALL_LIBDIR}/clang-escape)
set(ESCAPE_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/ClangEscape)
set(ESCAPE_INSTALL_DOCDIR ${CMAKE_INSTALL_DATADIR}/doc/clang-escape)

set(ESCAPE_PLUGIN_TARGETS ClangEscape ClangEscapeFrontend)
if(TARGET ClangEscapeTidy)
  list(APPEND ESCAPE_PLUGIN_TARGETS ClangEscapeTidy)
endif()
install(TARGETS ${ESCAPE_PLUGIN_TARGETS}
        LIBRARY DESTINATION ${ESCAPE_INSTALL_PLUGINDIR})
if(TARGET clang-escape)
  install(TARGETS clang-escape RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
# The escape profiler's runtime (docs/profile.md), next to the plugin.
install(TARGETS clang_escape_profile
        ARCHIVE DESTINATION ${ESCAPE_INSTALL_PLUGINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/escape
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${ESCAPE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/
        DESTINATION ${ESCAPE_INSTALL_DOCDIR}/docs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/cmake-project
        DESTINATION ${ESCAPE_INSTALL_DOCDIR}/examples)

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/ClangEscapeConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/ClangEscapeConfig.cmake
  INSTALL_DESTINATION ${ESCAPE_INSTALL_CMAKEDIR}
  PATH_VARS ESCAPE_INSTALL_PLUGINDIR CMAKE_INSTALL_BINDIR
            CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/cmake/ClangEscapeConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmake/ClangEscapeConfig.cmake
              ${PROJECT_BINARY_DIR}/cmake/ClangEscapeConfigVersion.cmake
              ${CMAKE_CURRENT_LIST_DIR}/ClangEscapeEnable.cmake
        DESTINATION ${ESCAPE_INSTALL_CMAKEDIR})

# CPack: `cpack -G DEB` in the build directory writes
# clang-escape_<version>_<arch>.deb, for `apt-get install ./clang-escape_*.deb`.
# The plugin runs inside clang 22.1 and links its C++ API, so the package
# depends on that exact LLVM series.
set(CPACK_PACKAGE_NAME clang-escape)
set(CPACK_PACKAGE_VENDOR "clang-escape")
set(CPACK_PACKAGE_CONTACT "clang-escape maintainers <clang-escape@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Go-style escape analysis for C++: Clang plugin, heap-to-stack pass, tool")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "clang-escape tells, for every heap allocation of a C++ program, whether "
  "it outlives its function (Go's -m remarks), and moves the ones that do "
  "not to the stack or a frame arena. Contains the Clang/LLVM "
  "${LLVM_VERSION_MAJOR} plugin, the clang-escape command-line tool and "
  "language server, the frame arena headers and a CMake package "
  "(find_package(ClangEscape)).")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE
    "https://github.com/clang-escape/clang-escape")
set(ESCAPE_LLVM_SERIES ${LLVM_VERSION_MAJOR}.${LLVM_VERSION_MINOR})
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "clang-${LLVM_VERSION_MAJOR} (>= 1:${ESCAPE_LLVM_SERIES}), clang-${LLVM_VERSION_MAJOR} (<< 1:${ESCAPE_LLVM_SERIES}.999), libclang-cpp${LLVM_VERSION_MAJOR} (>= 1:${ESCAPE_LLVM_SERIES}), libllvm${LLVM_VERSION_MAJOR} (>= 1:${ESCAPE_LLVM_SERIES}), libc6, libstdc++6")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "clang-tidy-${LLVM_VERSION_MAJOR}, chromium")
include(CPack)
