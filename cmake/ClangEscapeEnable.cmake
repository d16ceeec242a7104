# clang_escape_enable(<target> [REMARKS] [M2] [REWRITE] [PROFILE]
#                     [SUMMARIES <dir> | NO_SUMMARIES])
#
# Builds <target>'s C++ (and C) sources with the clang-escape plugin:
#   (always)  -fplugin=ClangEscape.so: the analysis and the heap-to-stack
#             pass (frame-local allocations move to the stack / frame arena)
#   REMARKS   -fplugin-arg-escape-m: a Go-style remark per allocation site
#             and pointer parameter (`new Big{} escapes to heap`)
#   M2        -fplugin-arg-escape-m=2: remarks with the flow that made each
#             site escape (implies REMARKS)
#   REWRITE   -fplugin-arg-escape-rewrite: compile the source-level rewrites
#             of the clang-tidy check (stack make_unique, arena make_shared)
#             without touching the files; an error if this plugin build does
#             not support it (the probe asks the compiler once)
#   PROFILE   -fplugin-arg-escape-profile and libclang_escape_profile.a: the
#             escape profiler (docs/profile.md); running the target writes
#             $CLANG_ESCAPE_PROFILE (default escape-profile.json). Build with
#             -g or -gline-tables-only for source lines.
#
#   (default) -fplugin-arg-escape-summaries=<build>/escape-summaries/<config>:
#             cross-translation-unit summaries (docs/cross-tu.md), so that a
#             call to a function defined in another source file of the build
#             (an out-of-line constructor, say) is not "unknown" in the
#             remarks. Each unit writes the summaries of the functions it
#             defines and reads those of the functions it calls; the files it
#             read are listed in its dependency file, so a unit is rebuilt
#             when a summary it read changes (on the next build: see
#             docs/cross-tu.md, "In a CMake build"). Summaries refine the
#             remarks only; the heap-to-stack pass uses them only when asked
#             (-fplugin-arg-escape-xtu-ir-facts), because a unit compiled
#             before its callee's summary changed would keep code built on
#             the old one.
#   SUMMARIES <dir>  the summary directory instead (shared by every target
#             that names it; one directory per build configuration)
#   NO_SUMMARIES     no cross-TU summaries
#
# CLANG_ESCAPE_FOR_DISTCC (cache option, default OFF): load the plugin as
# -Xclang=-load -Xclang=<path> instead of -fplugin=<path>, the same load
# that distccd does not refuse (it refuses every -fplugin=; see
# docs/distributed.md). The plugin must be at <path> on every server.
#
# The plugin loads only into clang 22: for another compiler (GCC, another
# clang) the target is built without it and a warning says so. The flags are
# plain compiler options, so they reach compile_commands.json
# (CMAKE_EXPORT_COMPILE_COMMANDS), ccache (which hashes plugin files) and
# distributed builds unchanged (distcc: with CLANG_ESCAPE_FOR_DISTCC, below).
include_guard(GLOBAL)

option(CLANG_ESCAPE_FOR_DISTCC
  "clang_escape_enable: load the plugin with -Xclang=-load (distccd refuses -fplugin=)"
  OFF)

function(_clang_escape_compiler_ok lang out)
  if(CMAKE_${lang}_COMPILER_ID STREQUAL "Clang" AND
     CMAKE_${lang}_COMPILER_VERSION VERSION_GREATER_EQUAL
       ${ClangEscape_LLVM_MAJOR} AND
     CMAKE_${lang}_COMPILER_VERSION VERSION_LESS
       ${ClangEscape_LLVM_MAJOR}.999)
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

# Whether the plugin accepts -fplugin-arg-escape-<arg>: asks the compiler
# (the answer is cached; the compiler's message is in <out>_ERROR).
function(_clang_escape_plugin_accepts lang arg out)
  string(MAKE_C_IDENTIFIER "${arg}" id)
  set(var "ClangEscape_ACCEPTS_${lang}_${id}")
  if(NOT DEFINED ${var} OR NOT ${var})
    set(src "${CMAKE_BINARY_DIR}/CMakeFiles/clang_escape_probe.cpp")
    file(WRITE "${src}" "int main() { return 0; }\n")
    execute_process(
      COMMAND "${CMAKE_${lang}_COMPILER}" -fsyntax-only
              "-fplugin=${ClangEscape_PLUGIN}" "-fplugin-arg-escape-${arg}"
              "${src}"
      RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
    if(rc EQUAL 0)
      set(${var} TRUE CACHE INTERNAL "")
    else()
      set(${var} FALSE CACHE INTERNAL "")
      set(${out}_ERROR "${err}" PARENT_SCOPE)
    endif()
  endif()
  set(${out} ${${var}} PARENT_SCOPE)
endfunction()

function(clang_escape_enable target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG
    "REMARKS;M2;REWRITE;PROFILE;NO_SUMMARIES" "SUMMARIES" "")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "clang_escape_enable(${target}): unknown argument(s) "
      "'${ARG_UNPARSED_ARGUMENTS}'; the options are REMARKS, M2, REWRITE, "
      "PROFILE, SUMMARIES <dir> and NO_SUMMARIES")
  endif()
  if(ARG_NO_SUMMARIES AND DEFINED ARG_SUMMARIES)
    message(FATAL_ERROR "clang_escape_enable(${target}): SUMMARIES and "
      "NO_SUMMARIES contradict each other")
  endif()
  if("SUMMARIES" IN_LIST ARG_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "clang_escape_enable(${target}): SUMMARIES needs a "
      "directory")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "clang_escape_enable(${target}): no such target")
  endif()

  if(CLANG_ESCAPE_FOR_DISTCC)
    set(flags "-Xclang=-load" "-Xclang=${ClangEscape_PLUGIN}")
  else()
    set(flags "-fplugin=${ClangEscape_PLUGIN}")
  endif()
  if(ARG_M2)
    list(APPEND flags "-fplugin-arg-escape-m=2")
  elseif(ARG_REMARKS)
    list(APPEND flags "-fplugin-arg-escape-m")
  endif()
  if(ARG_PROFILE)
    list(APPEND flags "-fplugin-arg-escape-profile")
    set(profile_linked FALSE)
  endif()
  if(DEFINED ARG_SUMMARIES)
    get_filename_component(summaries "${ARG_SUMMARIES}" ABSOLUTE
      BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND flags "-fplugin-arg-escape-summaries=${summaries}")
  elseif(NOT ARG_NO_SUMMARIES)
    # One directory per configuration: -D flags change function bodies.
    list(APPEND flags
      "-fplugin-arg-escape-summaries=${CMAKE_BINARY_DIR}/escape-summaries/$<CONFIG>")
  endif()

  # C sources matter only when the target has some.
  get_target_property(sources ${target} SOURCES)
  set(langs CXX)
  foreach(s IN LISTS sources)
    if(s MATCHES "\\.c$")
      list(APPEND langs C)
      break()
    endif()
  endforeach()

  foreach(lang IN LISTS langs)
    if(NOT CMAKE_${lang}_COMPILER_LOADED)
      continue()
    endif()
    _clang_escape_compiler_ok(${lang} ok)
    if(NOT ok)
      if(lang STREQUAL "CXX")
        set(want "clang++-${ClangEscape_LLVM_MAJOR}")
      else()
        set(want "clang-${ClangEscape_LLVM_MAJOR}")
      endif()
      message(WARNING "clang_escape_enable(${target}): the ${lang} compiler "
        "is ${CMAKE_${lang}_COMPILER_ID} ${CMAKE_${lang}_COMPILER_VERSION} "
        "(${CMAKE_${lang}_COMPILER}), but the clang-escape plugin loads only "
        "into clang ${ClangEscape_LLVM_MAJOR}: ${target}'s ${lang} sources "
        "are built WITHOUT escape analysis. Configure with "
        "-DCMAKE_${lang}_COMPILER=${want} to use it.")
      continue()
    endif()
    set(lang_flags ${flags})
    if(ARG_REWRITE)
      _clang_escape_plugin_accepts(${lang} rewrite accepted)
      if(NOT accepted)
        message(FATAL_ERROR "clang_escape_enable(${target} REWRITE): this "
          "clang-escape (${ClangEscape_PLUGIN}) does not support "
          "-fplugin-arg-escape-rewrite:\n"
          "${accepted_ERROR}")
      endif()
      list(APPEND lang_flags "-fplugin-arg-escape-rewrite")
    endif()
    target_compile_options(${target} PRIVATE
      "$<$<COMPILE_LANGUAGE:${lang}>:${lang_flags}>")
    if(ARG_PROFILE AND NOT profile_linked)
      target_link_libraries(${target} PRIVATE "${ClangEscape_PROFILE_RUNTIME}")
      set(profile_linked TRUE)
    endif()
  endforeach()
endfunction()
