//===- Dangling.h - Warnings from the escape flows --------------*- C++ -*-===//
//
// Two kinds of warnings built on the solved location graph
// (docs/dangling.md):
//
//  * dangling: the address of a local, a temporary or a by-value parameter
//    certainly outlives its frame (returned, stored in a global, in what a
//    parameter points to, kept by a callee) - a use-after-return bug;
//  * annotations: a parameter marked [[clang::noescape]] escapes, or one
//    marked [[clang::lifetimebound]] goes further than the result.
//
// Warnings are only given for flows the analysis is certain of: every step
// is a plain assignment, a return, a store through a pointer that can only
// point outside the frame, or a visible callee whose own body certainly
// keeps the pointer; statements are checked to happen in that order with no
// later assignment that may undo the step.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_CLANG_DANGLING_H
#define CLANG_ESCAPE_CLANG_DANGLING_H

#include "clang/Session.h"

#include "clang/Basic/SourceLocation.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace escape {

struct WarningOptions {
  bool Dangling = false;    ///< -fplugin-arg-escape-Wdangling
  bool Annotations = false; ///< -fplugin-arg-escape-Wannotations
  bool any() const { return Dangling || Annotations; }
};

struct Warning {
  enum Kind : uint8_t { Dangling, NoEscape, LifetimeBound };
  Kind K = Dangling;
  clang::SourceLocation Loc;
  std::string Message;
  std::vector<RemarkNote> Notes; ///< flow, then the declaration
};

/// The flag that controls a kind of warning, printed after the message.
const char *warningFlag(Warning::Kind K);

class WarningChecker {
public:
  WarningChecker(EscapeSession &Session, WarningOptions Opts, ReportOptions RO);
  ~WarningChecker();
  /// Warnings for FD, whose analysis is FR.
  void check(const clang::FunctionDecl *FD, const FunctionResult &FR,
             std::vector<Warning> &Out);

  struct Function;
  struct CalleeFact;
  struct GlobalWriteCache;

private:
  Function &function(const clang::FunctionDecl *FD, const FunctionResult *FR);
  const CalleeFact *callee(const clang::FunctionDecl *FD, int ArgIdx, int Kind,
                           unsigned Depth);

  EscapeSession &Session;
  WarningOptions Opts;
  ReportOptions RO;
  std::map<const clang::FunctionDecl *, std::unique_ptr<Function>> Functions;
  std::map<std::tuple<const clang::FunctionDecl *, int, int>,
           std::unique_ptr<CalleeFact>>
      Facts;
  std::unique_ptr<GlobalWriteCache> GlobalWrites;
};

} // namespace escape

#endif // CLANG_ESCAPE_CLANG_DANGLING_H
