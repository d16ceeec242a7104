//===- ProfileReport.h - clang-escape profile FILE... ----------*- C++ -*-===//
//
// The report of the escape profiler (docs/profile.md).
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_TOOL_PROFILEREPORT_H
#define CLANG_ESCAPE_TOOL_PROFILEREPORT_H

#include "Output.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace escape {
namespace tool {

/// The static analysis for `clang-escape profile -p BUILD`: the -m=2
/// remarks of the translation units, among \p Files (absolute paths), that
/// the compilation database in \p BuildDir has as main files; \p Files is
/// left with those. Returns an error message (no usable database), or "".
using StaticAnalysis = std::function<std::string(
    const std::string &BuildDir, std::vector<std::string> &Files, Result &R)>;

/// `clang-escape --format=html --profile FILE...`: the merged profiles'
/// sites, as one line of text per source line (keyed by absolute file and
/// line) in \p Lines. Returns an error message (a bad profile), or "".
std::string readProfileLines(
    const std::vector<std::string> &Files,
    std::map<std::pair<std::string, unsigned>, std::string> &Lines);

/// `clang-escape profile FILE... [-p BUILD] [--format text|json|html|sarif]`:
/// Argv[0] is "profile". Returns the exit status (1 for a bad profile, a
/// bad -p or usage).
int runProfileCommand(int Argc, const char **Argv,
                      const StaticAnalysis &Analyse);

} // namespace tool
} // namespace escape

#endif // CLANG_ESCAPE_TOOL_PROFILEREPORT_H
