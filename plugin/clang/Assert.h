//===- Assert.h - "must stay in this frame" assertions ----------*- C++ -*-===//
//
// ESCAPE_STACK (include/escape/Stack.h), spelled
// [[clang::annotate("escape::stack")]], asserts that something stays in its
// frame:
//   * on a local variable whose initializer allocates (`new`, make_unique,
//     make_shared, malloc...): every allocation written in the initializer
//     does not escape;
//   * on any other local variable: the variable's address does not escape;
//   * on a function: no allocation in its body escapes.
// A failed assertion is a compile error with the -m=2 flow as notes (the
// plugin), a failing exit status (bin/clang-escape) and a warning of the
// clang-tidy check escape-stack-assertion. The heap-to-stack pass checks
// the other half: an allocation stored into such a variable that it cannot
// convert is an error too (plugin/llvm/HeapToStack.cpp, isAsserted).
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_CLANG_ASSERT_H
#define CLANG_ESCAPE_CLANG_ASSERT_H

#include "clang/Session.h"

#include "clang/Basic/SourceLocation.h"

#include <vector>

namespace escape {

/// The annotation string of the assertion.
constexpr const char *StackAnnotation = "escape::stack";

struct AssertionFailure {
  clang::SourceLocation Loc; ///< expansion location of the marked entity
  std::string Message;
  std::vector<RemarkNote> Notes; ///< raw positions (fromPos), -m=2 flow
};

/// Checks every ESCAPE_STACK variable and function with a body outside
/// system headers, in translation-unit order.
std::vector<AssertionFailure> checkStackAssertions(EscapeSession &Session);

} // namespace escape

#endif // CLANG_ESCAPE_CLANG_ASSERT_H
