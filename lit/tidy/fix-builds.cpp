// RUN: %check-tidy %s escape-frame-local-allocation %t -- -std=c++17
// Without the arena header on the include path, the arena fixes are
// refused with what to add (a fix that does not build is worse than none);
// the stack fixes, which need no header, stay.
// RUN: %run-tidy %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=NOHDR
// With -I, the same sites get their fixes.
// RUN: %run-tidy %s -- -std=c++17 -I%srcroot/include 2>&1 | FileCheck %s --check-prefix=HDR
// The plugin's in-memory rewrite plans with the same code.
// RUN: %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-m -fplugin-arg-escape-rewrite -fplugin-arg-escape-no-transform -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=RW
// RW: fix-builds.cpp:37:14: remark: std::make_shared<std::vector<int>>(...) rewritten: allocate it in the frame arena 'escape_arena'
// RW: fix-builds.cpp:46:14: remark: std::make_unique<std::vector<std::vector<int>>>(...) rewritten: use a stack object
//
// A fix-it a user keeps must leave a file that builds and reads as theirs:
// the #include goes with the file's other includes (below the licence
// comment, not inside a conditional block), the arena declaration on a
// line of its own indented like the body, and `>>` closing two template
// argument lists is rewritten like `> >`. check_tidy builds and runs the
// fixed file and compares its output with the original's.
//
// Copyright (c) 2026 Example Corp. Licensed under the Example Licence;
// nothing may be inserted above this line.
#include <cstdio>
#include <memory>
#include <vector>
// CHECK-FIXES: #include <vector>
// CHECK-FIXES-NEXT: #include <escape/FrameArena.h>

#ifdef SOME_DEBUG_FLAG
#include <cassert>
#endif

namespace app {

int shared(int N) {
    // CHECK-FIXES: {{^}}int shared(int N) {{[{]$}}
    // CHECK-FIXES: {{^}}    escape::FrameArena<1024> escape_arena;{{$}}
    auto P = std::make_shared<std::vector<int>>(N, 2);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: std::make_shared<std::vector<int>>(...) does not escape: allocate it in the frame arena 'escape_arena'
    // CHECK-FIXES: {{^}}    auto P = std::allocate_shared<std::vector<int>>(escape::ArenaAllocator<std::vector<int>>(escape_arena), N, 2);{{$}}
    // NOHDR: fix-builds.cpp:[[@LINE-3]]:14: warn{{ing}}: std::make_shared<std::vector<int>>(...) does not escape, but is not rewritten: the arena header <escape/FrameArena.h> is not on this file's include path; add it (CMake: target_link_libraries(<target> PRIVATE ClangEscape::FrameArena), or -I<prefix>/include)
    // HDR: fix-builds.cpp:[[@LINE-4]]:14: warn{{ing}}: std::make_shared<std::vector<int>>(...) does not escape: allocate it in the frame arena
    return (int)P->size() + P->back();
}

int unique(int N) {
    auto Q = std::make_unique<std::vector<std::vector<int>>>(N);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: std::make_unique<std::vector<std::vector<int>>>(...) does not escape: use a stack object: std::vector<std::vector<int>> Q(N)
    // CHECK-FIXES: {{^}}    std::vector<std::vector<int>> Q(N);{{$}}
    // NOHDR: fix-builds.cpp:[[@LINE-3]]:14: warn{{ing}}: std::make_unique<std::vector<std::vector<int>>>(...) does not escape: use a stack object
    // HDR: fix-builds.cpp:[[@LINE-4]]:14: warn{{ing}}: std::make_unique<std::vector<std::vector<int>>>(...) does not escape: use a stack object
    return (int)Q->size();
}

} // namespace app

int main() {
  std::printf("%d %d\n", app::shared(3), app::unique(4));
}
