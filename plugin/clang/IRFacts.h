//===- IRFacts.h - What the analysis tells the IR pass ----------*- C++ -*-===//
//
// For every function declared in user code and used in the TU that has a
// summary (its body here, or a stored cross-TU summary), the parameters
// that do not escape (and those the callee does not free either, and those
// whose content it neither captures nor frees), keyed
// by IR symbol, for the heap-to-stack pass
// (llvm/FrontendFacts.h). Only functions whose IR arguments are the Clang
// parameters one to one (`this` first, every parameter a scalar passed
// directly, no indirect return) are described; see docs/cross-tu.md.
// Also, from the library model instead of a summary, the used
// instantiations of the standard's string operators that only read their
// `const basic_string&` operands (library::stringReader: operator+ and the
// comparisons); operator+'s string result comes back through a hidden first
// IR argument (sret), which the fact describes and leaves without a bit.
// And the characters std::string's _M_append, _M_mutate and _M_replace copy
// (library::stringCharsParam): captures(address) and the
// nofree-except-this fact on that pointer.
// And the used key lookups of libstdc++'s associative containers (find,
// count, lower_bound, upper_bound of std::_Hashtable and std::_Rb_tree,
// library::keyLookup), whose `const key_type&` gets the three bits when the
// container's hash, equality or comparison functors only read the key:
// the library's own on scalar keys and strings (library::keyFunctor), or
// user classes whose operator() overloads are proven by this unit's
// summaries.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_CLANG_IRFACTS_H
#define CLANG_ESCAPE_CLANG_IRFACTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Mangle.h"

#include <cstdint>
#include <string>
#include <vector>

namespace escape {

class EscapeSession;

struct CalleeFact {
  std::string Symbol;
  unsigned NumArgs = 0;
  bool VarArg = false;
  uint64_t NoCapture = 0; ///< bit I: IR argument I is not captured
  /// bit I: IR argument I is neither captured nor freed (a subset of
  /// NoCapture).
  uint64_t NoFree = 0;
  /// bit I: IR argument I is not captured, and nothing the callee loads from
  /// what it points to (nor anything reachable from there) is captured or
  /// freed (a subset of NoCapture; ParamLeaks::contentNotCapturedNorFreed).
  uint64_t NoContent = 0;
  /// bit I: IR argument I is not captured, and nothing the callee loads from
  /// what it points to (nor anything reachable from there) is freed or
  /// leaves the call other than through its result, a pointer (a subset of
  /// NoCapture, disjoint from NoContent; ParamLeaks::contentOnlyReturned).
  uint64_t ContentReturned = 0;
  /// bit I: nothing reachable from IR argument I, at any level, is captured
  /// or freed (a subset of NoContent;
  /// ParamLeaks::nothingReachableCapturedNorFreed).
  uint64_t NoReachable = 0;
  /// bit I: nothing is freed through IR argument I, though the callee may
  /// free memory `this` (argument 0) owns, into which it may point (a
  /// subset of NoCapture, disjoint from NoFree; library::stringCharsParam).
  uint64_t NoFreeExceptThis = 0;
  /// Proved with another unit's summary, and not given to the pass without
  /// UseStored: the pass only names it in its remarks.
  bool Withheld = false;
};

/// UseStored: also facts from cross-TU summaries (functions without a body
/// here, and functions whose summary rests on one: Analyzer::usesStored);
/// they are only as current as the summary directory (docs/cross-tu.md,
/// "Trust"). Without it such facts come back marked Withheld.
std::vector<CalleeFact> calleeFacts(EscapeSession &Session, bool UseStored);

/// The IR symbols of FD: both variants of a constructor or destructor
/// (never the deleting destructor, which also frees `this`).
std::vector<std::string> irSymbolsOf(clang::MangleContext &MC,
                                     const clang::FunctionDecl *FD);

} // namespace escape

#endif // CLANG_ESCAPE_CLANG_IRFACTS_H
