//===- Collect.h - Remarks of a translation unit ----------------*- C++ -*-===//
//
// Runs the analysis over every function of a translation unit and collects
// its remarks, deduplicated and in translation-unit order. Shared by the
// plugin (which prints them as Clang diagnostics) and bin/clang-escape
// (which prints text, JSON or SARIF).
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_CLANG_COLLECT_H
#define CLANG_ESCAPE_CLANG_COLLECT_H

#include "clang/Session.h"

#include "clang/Basic/SourceLocation.h"

#include <functional>
#include <vector>

namespace escape {

struct CollectOptions {
  unsigned Level = 1;   ///< 1: -m, 2: -m=2 (flows and hints as notes)
  bool Headers = false; ///< also functions outside the main file
  /// When set, only functions whose (expansion) location it accepts are
  /// analysed for reporting; the others still get summaries as callees.
  std::function<bool(clang::SourceLocation)> WantFunction;
  /// When set, called with every function analysed for reporting and its
  /// analysis (the plugin's warnings, Dangling.h).
  std::function<void(const clang::FunctionDecl *, const FunctionResult &)>
      OnFunction;
};

struct LocatedRemark {
  clang::SourceLocation Loc; ///< expansion location of the remark
  Remark R;                  ///< notes keep their raw positions (fromPos)
};

/// Every function with a body in the translation unit that the analysis
/// reports on (template instantiations and lambda bodies included; dependent,
/// implicit, defaulted and invalid ones and those of system headers
/// excluded), in traversal order.
std::vector<const clang::FunctionDecl *>
collectFunctions(clang::ASTContext &Ctx);

/// Is D (not the translation unit) written in a system header? AST walks
/// that look for the user's code skip such declarations whole, with their
/// template instantiations: most of a TU's AST is often <string> and kin.
bool inSystemHeader(const clang::SourceManager &SM, const clang::Decl *D);

/// The remarks of every function with a body in the translation unit
/// (system headers excluded, other headers only with Opts.Headers), one per
/// position and message, sorted in translation-unit order.
std::vector<LocatedRemark> collectRemarks(EscapeSession &S,
                                          const CollectOptions &Opts);

} // namespace escape

#endif // CLANG_ESCAPE_CLANG_COLLECT_H
