//===- RewriteInMemory.h - -fplugin-arg-escape-rewrite ----------*- C++ -*-===//
//
// Compiles the rewritten translation unit without touching files on disk.
// The plugin (an AddAfterMainAction) is created after the main action has
// set up its SourceManager but before anything is lexed. It parses the main
// file a second time in a separate CompilerInstance (same invocation, no
// plugins, syntax only), plans the rewrites there (Rewrite.h), and then
// gives the main compilation the rewritten text: the buffer overrides the
// main file's contents and a fresh FileID over it becomes the main file
// (the FileID created earlier reserved the old size of source locations,
// so it cannot be reused). Line numbers are kept: fix-its insert no line
// breaks, and the #include of the arena header is followed by `#line 1`.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_CLANG_REWRITEINMEMORY_H
#define CLANG_ESCAPE_CLANG_REWRITEINMEMORY_H

#include "clang/Rewrite.h"

namespace clang {
class CompilerInstance;
}

namespace escape {

/// What the rewrite did at one site, for remarks.
struct RewriteOutcome {
  /// Where, in the rewritten main buffer (lines as in the file on disk, plus
  /// the two lines of an inserted #include and #line).
  unsigned Line = 0, Column = 0;
  std::string Message;
  bool Rewritten = false;
};

/// Rewrites CI's main file in memory (see above). Returns the outcome of
/// every site; Error is set (and nothing changed) when the separate parse
/// or the edits fail.
std::vector<RewriteOutcome> rewriteMainFileInMemory(clang::CompilerInstance &CI,
                                                    const RewriteOptions &Opts,
                                                    const AnalysisOptions &AO,
                                                    std::string &Error);

} // namespace escape

#endif // CLANG_ESCAPE_CLANG_REWRITEINMEMORY_H
