// Every std::string member the plugin instantiates in a C++17 unit
// (plugin/clang/StringBodies.h) can be what a move needs, not only those
// that allocate through _M_create: a rule that left some non-template members
// to libstdc++.so (to save compile time, docs/benchmarks.md "Where
// std::string's members cost") loses these moves. Each function's allocation
// needs another member's body:
//
// * appended: _M_append, which calls _M_create itself (and _M_mutate);
// * resized: resize -> _M_replace_aux -> _M_mutate -> _M_create;
// * copied: the allocation is _M_construct<const char*>'s (a member
//   template, in the unit anyway), but `Kept = S` passes S to _M_assign,
//   which only reads it; without _M_assign's body the call captures S and
//   its buffer stays on the heap (libjsoncpp's json_reader.cpp loses its 17
//   moves this way: ErrorInfo::message_ = message).
//
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=MOVED %s
// RUN: %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-extern-strings -Rpass=escape -c %s -o /dev/null 2>&1 | FileCheck --allow-empty --check-prefix=EXTERN %s
// EXTERN-NOT: moved to the
//
// The program prints what the plain build prints.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.ref && %t.ref > %t.ref.out
// RUN: FileCheck --check-prefix=OUT %s < %t.ref.out
// RUN: %clangxx -std=c++17 -O2 %escape %s -o %t.h2s && %t.h2s | diff %t.ref.out -
// OUT: 70500 0123456789012345678901234567890123456789
#include <cstdio>
#include <string>

__attribute__((noinline)) unsigned long count(const std::string &S) {
  return S.size();
}

__attribute__((noinline)) unsigned long appended(const char *P) {
  std::string S("x");
  S.append(P, 40);
  // MOVED-DAG: string-members.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: {{.*}} of 42 bytes moved to the stack
  return count(S);
}

__attribute__((noinline)) unsigned long resized(int N) {
  std::string S;
  S.resize(N, 'a');
  // MOVED-DAG: string-members.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: {{.*}} moved to the frame arena
  return count(S);
}

std::string Kept;
__attribute__((noinline)) void copied(const char *P) {
  std::string S(P);
  // MOVED-DAG: string-members.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: {{.*}} moved to the frame arena
  Kept = S;
}

int main() {
  static const char Text[] = "0123456789012345678901234567890123456789";
  unsigned long N = 0;
  for (int I = 0; I < 1000; ++I)
    N += appended(Text) + resized(20 + I % 20);
  copied(Text);
  std::printf("%lu %s\n", N, Kept.c_str());
}
