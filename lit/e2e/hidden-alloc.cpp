// std::string beyond the small-string buffer allocates inside _M_construct /
// _M_create, which libstdc++ compiles into libstdc++.so (extern template):
// the allocation is not in the module, and the missed remark says so at the
// user's line. That is the pass alone, and the plugin with extern-strings; by
// default the plugin instantiates the members in the unit
// (plugin/clang/StringBodies.h) and the buffer moves (string-bodies.cpp).
// RUN: %clangxx -O2 -fpass-plugin=%plugin -Rpass-missed=escape -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clangxx -O2 %escape -fplugin-arg-escape-extern-strings -Rpass-missed=escape -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clangxx -O2 %escape -Rpass=escape -Rpass-missed=escape -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=INUNIT %s
// INUNIT: hidden-alloc.cpp:[[#@LINE+13]]:{{[0-9]+}}: remark: 'new' (in 'allocate' at new_allocator.h:{{[0-9]+}}) of 41 bytes moved to the stack (one slot reused by every loop iteration)
#include <string>

__attribute__((noinline)) unsigned long hashOf(const std::string &S) {
  unsigned long H = 0;
  for (char C : S)
    H = H * 31 + C;
  return H;
}

unsigned long f(int N) {
  unsigned long H = 0;
  for (int I = 0; I < N; ++I) {
    std::string S(40, static_cast<char>('a' + I % 26));
    H += hashOf(S);
  }
  return H;
}
// CHECK: hidden-alloc.cpp:23:17: remark: memory allocated inside 'std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char>>::_M_construct' stays on the heap: its body is not visible to the pass (compiled elsewhere, e.g. into a library such as libstdc++.so, or in another translation unit without LTO), so the allocation cannot be moved to the stack (the memory is freed at {{.*}}hidden-alloc.cpp:25:3)
