//===- ProfileReport.h - clang-escape profile FILE... ----------*- C++ -*-===//
//
// The report of the escape profiler (docs/profile.md).
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_TOOL_PROFILEREPORT_H
#define CLANG_ESCAPE_TOOL_PROFILEREPORT_H

namespace escape {
namespace tool {

/// `clang-escape profile FILE... [--format text|json]`: Argv[0] is
/// "profile". Returns the exit status (1 for a bad profile or usage).
int runProfileCommand(int Argc, const char **Argv);

} // namespace tool
} // namespace escape

#endif // CLANG_ESCAPE_TOOL_PROFILEREPORT_H
