//===- Baseline.h - clang-escape --baseline: only new heap escapes -*- C++
//-*-===//
//
// A baseline is an earlier report of the tool (--format=json or sarif). With
// `--baseline OLD`, the report keeps only the allocation sites that stay on
// the heap and are not in OLD, so a CI job fails on what a change added, not
// on what was there (docs/ci.md).
//
// Invariants:
// - Only heap sites are compared (Rec.Placement == "heap", not parameters):
//   a site is "new" when OLD has no heap site with the same path and message.
// - Paths are compared relative to each report's source root when both have
//   one (the JSON header's `path`, SARIF's %SRCROOT%), so a baseline from
//   another checkout matches; otherwise as absolute paths.
// - Lines may move: sites are matched first on (path, line, message), then
//   what is left on (path, message), each baseline entry used once. An
//   unchanged file therefore never reports a site as new, and a file with
//   one more `new T` than before reports exactly one.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_TOOL_BASELINE_H
#define CLANG_ESCAPE_TOOL_BASELINE_H

#include "Output.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace escape {
namespace tool {

/// A heap site of the baseline.
struct BaselineSite {
  std::string Path; ///< relative to its report's source root, or absolute
  unsigned Line = 0;
  std::string Message;
};

/// Reads the heap sites of a report written by --format=json or
/// --format=sarif; an error names the file and what is wrong with it.
llvm::Expected<std::vector<BaselineSite>> readBaseline(llvm::StringRef File);

struct BaselineOutcome {
  unsigned New = 0;   ///< heap sites not in the baseline (kept in R)
  unsigned Known = 0; ///< heap sites found in the baseline (dropped)
  unsigned Gone = 0;  ///< baseline sites no longer reported
};

/// Keeps in R.Remarks only the heap sites that are not in Old, and recounts
/// nothing else: R.S still describes the whole analysis.
BaselineOutcome applyBaseline(Result &R, const std::vector<BaselineSite> &Old);

} // namespace tool
} // namespace escape

#endif // CLANG_ESCAPE_TOOL_BASELINE_H
