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
#include "llvm/Support/Regex.h"

#include <functional>
#include <memory>
#include <vector>

namespace escape {

/// Which remarks a user asked for (docs/remarks.md, "Filters"); the default
/// keeps every one, as Go's -m does. Shared by the plugin (m-only=,
/// m-function=, m-path=), bin/clang-escape (--only, --function, and its
/// path regexes) and the language server (initialization options).
struct RemarkFilter {
  bool SitesOnly = false; ///< allocation sites only, no parameters
  /// Only what escapes: allocation sites that stay on the heap, parameters
  /// that leak.
  bool EscapesOnly = false;
  /// No remark for a parameter that does not escape (the language server's
  /// default: "this does not escape" on every method is noise in an editor).
  bool QuietParams = false;
  /// On the function's qualified name (`ns::Class::method`).
  std::shared_ptr<llvm::Regex> Function;
  /// On the file name of the remark's location, as the compiler spells it.
  std::shared_ptr<llvm::Regex> Path;

  /// Sets SitesOnly / EscapesOnly from a comma-separated list of `sites`,
  /// `heap` (and `all`, which clears both); false with Error on anything
  /// else.
  bool parseOnly(llvm::StringRef List, std::string &Error);
  /// Sets Function or Path; false with Error when RE is not a valid regular
  /// expression.
  static bool parseRegex(llvm::StringRef RE, std::shared_ptr<llvm::Regex> &Out,
                         std::string &Error);
  /// Does the filter keep remark R (by kind and verdict)?
  bool keeps(const Remark &R) const;
};

struct CollectOptions {
  unsigned Level = 1;   ///< 1: -m, 2: -m=2 (flows and hints as notes)
  bool Headers = false; ///< also functions outside the main file
  RemarkFilter Filter;  ///< which remarks are collected
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
  /// The function whose analysis made the remark.
  const clang::FunctionDecl *Function = nullptr;
};

/// What one walk over the translation unit finds.
struct CollectedDecls {
  /// Every function with a body that the analysis reports on (template
  /// instantiations and lambda bodies included; dependent, implicit,
  /// defaulted and invalid ones and those of system headers excluded), in
  /// traversal order.
  std::vector<const clang::FunctionDecl *> Functions;
  /// The functions and variables (parameters included) outside system
  /// headers that carry an `annotate` attribute, in traversal order: where
  /// escape::stack marks are (Assert.cpp).
  std::vector<const clang::Decl *> Annotated;
};
CollectedDecls collectDecls(clang::ASTContext &Ctx);

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
