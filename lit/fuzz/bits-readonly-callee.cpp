// Found by bench/fuzz (issue 13, `bits` family: gen.py --directed bits,
// routes bits_long / bits_double / bits_pun), minimised.  The pointer is
// stored in a local struct; a read-only noinline callee returns the struct's
// bits as a long, which main turns back into a pointer after f's frame is
// gone.  The object escapes.  On 95b3eaa the front end said "does not
// escape" and the pass moved it to the stack; with the front-end fix of the
// issue-13 work in progress (main's tree at 16:10) the remark says it
// escapes, but the pass still moves it (wrong value at -O2,
// stack-use-after-return under ASan).
//
// RUN: %clangxx -std=c++20 -O2 %s -o %t.plain && %t.plain | FileCheck %s
// RUN: %clangxx -std=c++20 -O2 %escape %s -o %t.plugin && %t.plugin | FileCheck %s
// RUN: %clangxx -std=c++20 -O1 -fsanitize=address -fno-omit-frame-pointer %escape %s -o %t.asan
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1:detect_leaks=0 %t.asan | FileCheck %s
// RUN: %clangxx -std=c++20 -O2 %m1 -Rpass=escape -c %s -o /dev/null 2>&1 \
// RUN:   | FileCheck --check-prefix=REMARK --implicit-check-not="moved to the stack" %s
// CHECK: 42
#include <cstdio>
#include <cstring>
struct Node { unsigned v; };
struct Box { Node *p; };
long g_long;
__attribute__((noinline)) long bits_long(const Box &b) { long x; std::memcpy(&x, &b.p, sizeof x); return x; }
__attribute__((noinline)) void f(unsigned n) {
  // REMARK: bits-readonly-callee.cpp:[[@LINE+1]]:13: remark: new Node{n + 5u} escapes
  Node *p = new Node{n + 5u};
  Box bx{p};
  g_long = bits_long(bx);
}
__attribute__((noinline)) void clobber() { volatile char buf[256]; for (int i = 0; i < 256; ++i) buf[i] = (char)i; }
int main() { f(37); clobber(); std::printf("%u\n", reinterpret_cast<Node *>(g_long)->v); }
