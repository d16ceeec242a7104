// Remark filters (docs/remarks.md, "Filters"): -m prints every remark, as
// Go's -m does; m-only=, m-function= and m-path= narrow it (and imply m).
// bin/clang-escape takes the same filters as --only and --function.
//
// RUN: %clangxx -fsyntax-only %m1 %s 2>&1 | FileCheck %s --check-prefix=ALL --implicit-check-not=remark:
// ALL: remark-filters.cpp:29:25: remark: this does not escape
// ALL: remark-filters.cpp:31:29: remark: std::make_unique<Box>(...) does not escape
// ALL: remark-filters.cpp:32:29: remark: new int(n) escapes to heap
// ALL: remark-filters.cpp:33:20: remark: leaking param: p
// RUN: %clangxx -fsyntax-only %escape -fplugin-arg-escape-m-only=sites %s 2>&1 | FileCheck %s --check-prefix=SITES --implicit-check-not=remark:
// SITES: remark: std::make_unique<Box>(...) does not escape
// SITES: remark: new int(n) escapes to heap
// RUN: %clangxx -fsyntax-only %escape -fplugin-arg-escape-m-only=heap %s 2>&1 | FileCheck %s --check-prefix=HEAP --implicit-check-not=remark:
// HEAP: remark: new int(n) escapes to heap
// HEAP: remark: leaking param: p
// RUN: %clangxx -fsyntax-only %escape -fplugin-arg-escape-m-only=sites,heap -fplugin-arg-escape-m-function='^app::(local|keep)$' %s 2>&1 | FileCheck %s --check-prefix=BOTH --implicit-check-not=remark:
// BOTH: remark: new int(n) escapes to heap
// RUN: %clangxx -fsyntax-only %escape -fplugin-arg-escape-m-path=does-not-match %s 2>&1 | count 0
// RUN: not %clangxx -fsyntax-only %escape -fplugin-arg-escape-m-only=stack %s 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: clang-escape: '-fplugin-arg-escape-m-only=stack': 'stack' is not sites, heap or all
// RUN: not %clangxx -fsyntax-only %escape '-fplugin-arg-escape-m-function=(' %s 2>&1 | FileCheck %s --check-prefix=BADRE
// BADRE: error: clang-escape: '-fplugin-arg-escape-m-function=(': parentheses not balanced
// RUN: %escape-tool --only=heap --function='^app::keep$' %s -- -std=c++17 2>/dev/null | FileCheck %s --check-prefix=TOOL --implicit-check-not=remark-filters.cpp
// TOOL: remark-filters.cpp:32:29: new int(n) escapes to heap
// RUN: not %escape-tool --only=stack %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=TOOLBAD
// TOOLBAD: --only='stack': 'stack' is not sites, heap or all
#include <memory>
namespace app {
struct Box { int v; int get() const { return v; } };
int *g;
int local(int n) { auto b = std::make_unique<Box>(Box{n}); return b->get(); }
int *keep(int n) { int *p = new int(n); g = p; return p; }
void remember(int *p) { g = p; }
} // namespace app
