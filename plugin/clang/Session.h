//===- Session.h - One escape analysis per translation unit ----*- C++ -*-===//
//
// An EscapeSession is the escape analysis of one translation unit, built
// once and read by every consumer: the plugin's remarks, warnings and
// ESCAPE_STACK assertions, the facts handed to the LLVM pass, the summaries
// written for other translation units, the rewrites (plugin and clang-tidy),
// both clang-tidy checks, bin/clang-escape and its language server. No
// consumer builds a graph of its own, so no two of them can disagree about
// the same allocation.
//
// The pipeline, as in Go's escape.Batch:
//   1. functions():   the functions with a body the user wrote
//                     (Collect.cpp: collectDecls).
//   2. summaryOf():   every callee is summarised before its callers, bottom
//                     up over the call graph; a recursive group (a strongly
//                     connected component) is iterated from optimistic
//                     summaries to a fixed point (Summaries.cpp). Callees
//                     without a body in this TU take, in this order: a
//                     summary written by the TU that defines them
//                     (SummaryStore.h), a library model (Models.cpp), or
//                     "unknown" (every pointer argument leaks).
//   3. result():      each function's graph is built (GraphBuilder.cpp) and
//                     solved (analysis/Solve.cpp) once; the graph that gave
//                     the function its final summary is its result. Origin
//                     tables map AST nodes to graph locations
//                     (FunctionResult::AllocsOf, VarOf, DeclOf).
//   4. Consumers read results and summaries: report (analysis/Report.h),
//                     assertions (Assert.h), dangling warnings (Dangling.h),
//                     facts (IRFacts.h), rewrites (Rewrite.h).
//
// Invariants:
//   - "x does not escape" means: on every path, no pointer to x (nor into
//     it) can be used after the function that allocates or declares x has
//     returned, through anything the analysis sees (locations, stores,
//     summaries, models). It is not LLVM's "not captured": a parameter
//     fact handed to the IR also requires that no copy of the pointer is
//     kept anywhere, its own pointee included, nor turned into bits
//     (ParamLeaks::notCaptured, IRFacts.cpp).
//   - Whatever the analysis cannot see escapes, with the reason: unknown
//     callees, virtual calls outside a closed hierarchy, constructs not
//     modelled (Reason::Unhandled), graphs past their size bounds
//     (Graph::Limits), call chains deeper than MaxCallDepth, recursive groups
//     that do not settle within MaxSccIterations.
//   - What is trusted: the bodies in this TU, summaries written by this
//     tool for other TUs (checked against the declaration), the library
//     models, and the user's annotations (escape::stack, noescape,
//     lifetimebound are checked, not trusted, where a body is seen).
//   - A result never changes once handed out; results of one session agree
//     with each other and with the summaries its callers used.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_CLANG_SESSION_H
#define CLANG_ESCAPE_CLANG_SESSION_H

#include "clang/Analyzer.h"
#include "clang/SummaryStore.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace escape {

struct CollectedDecls;

class EscapeSession {
public:
  /// Store: summaries of other translation units to read (and this one's
  /// to write, exportSummaries); null for none.
  EscapeSession(clang::ASTContext &Ctx, AnalysisOptions Opts,
                std::unique_ptr<SummaryStore> Store = nullptr);
  ~EscapeSession();
  EscapeSession(const EscapeSession &) = delete;
  EscapeSession &operator=(const EscapeSession &) = delete;

  /// A session reading and writing the summaries in Dir (none if empty);
  /// Warn receives the store's warnings (stale or unreadable files).
  static std::unique_ptr<EscapeSession>
  open(clang::ASTContext &Ctx, AnalysisOptions Opts,
       const std::string &SummaryDir,
       std::function<void(const std::string &)> Warn = nullptr);

  clang::ASTContext &context() const { return Ctx; }
  const AnalysisOptions &options() const { return A.Opts; }
  /// Null when the session has no summary directory.
  SummaryStore *store() const { return Store.get(); }

  /// The functions with a body that are reported on, in traversal order;
  /// computed once, in the same walk as annotatedDecls() (collectDecls).
  const std::vector<const clang::FunctionDecl *> &functions();
  /// The annotated functions and variables (where escape::stack marks are).
  const std::vector<const clang::Decl *> &annotatedDecls();
  /// The solved analysis of FD, which must have a body.
  const FunctionResult &result(const clang::FunctionDecl *FD) {
    return A.result(FD);
  }
  /// The summary of a callee; null when nothing is known of it.
  const Summary *summaryOf(const clang::FunctionDecl *FD) {
    return A.summaryOf(FD);
  }
  Analyzer &analyzer() { return A; }

private:
  clang::ASTContext &Ctx;
  std::unique_ptr<SummaryStore> Store;
  Analyzer A;
  const CollectedDecls &collected();
  std::unique_ptr<CollectedDecls> Collected;
};

} // namespace escape

#endif // CLANG_ESCAPE_CLANG_SESSION_H
