//===- Stack.h - "must stay in this frame" assertions -----------*- C++ -*-===//
//
// ESCAPE_STACK marks a local variable or a function whose allocations must
// stay in their frame (Go's gcassert, built in). With clang-escape loaded
// (-fplugin=ClangEscape.so) the build fails when
//   * the analysis finds that it escapes (the error carries the -m=2 flow),
//   * or the heap-to-stack pass cannot move an allocation stored into a
//     marked variable (optimizing builds; the pass does not run at -O0).
//
//   ESCAPE_STACK auto p = std::make_unique<Big>();  // allocation stays
//   ESCAPE_STACK Big *q = new Big; ... delete q;     // allocation stays
//   ESCAPE_STACK Buffer b;                           // &b never escapes
//   ESCAPE_STACK int hot(int n) { ... }              // no allocation escapes
//
// Other compilers see nothing. See docs/checks/escape-stack-assertion.md.
//
//===----------------------------------------------------------------------===//
#ifndef ESCAPE_STACK_H
#define ESCAPE_STACK_H

#if defined(__clang__)
#define ESCAPE_STACK [[clang::annotate("escape::stack")]]
#else
#define ESCAPE_STACK
#endif

#endif // ESCAPE_STACK_H
