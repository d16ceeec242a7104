// std::string's members are instantiated in the unit when the pass runs
// (plugin/clang/StringBodies.h), so a frame-local string longer than the
// small buffer moves to the stack under C++17 too; its escaping twins stay on
// the heap, and every build prints what the plain build prints.
//
// RUN: %clangxx -std=c++17 -O2 %s -o %t.ref && %t.ref > %t.ref.out
// RUN: FileCheck --check-prefix=OUT %s < %t.ref.out
// RUN: %clangxx -std=c++17 -O2 %escape %s -o %t.h2s 2>&1 | FileCheck --allow-empty --check-prefix=NOWARN %s
// RUN: %t.h2s | diff %t.ref.out -
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=MOVED %s
//
// Only the local string moves; the returned one and the one stored in a
// global stay on the heap (the allocation is in the unit now, so the pass says
// why in its own words).
//
// extern-strings: libstdc++'s extern templates, the allocation out of sight.
// RUN: %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-extern-strings -Rpass-missed=escape -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=EXTERN %s
// RUN: %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-extern-strings %s -o %t.ext
// RUN: %t.ext | diff %t.ref.out -
//
// When the macro is redefined: only when the pass runs on the code.
// RUN: %clangxx -std=c++17 -O2 %escape -DSHOW -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=INUNIT %s
// RUN: %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-no-transform -DSHOW -c %s -o /dev/null 2>&1 | FileCheck --allow-empty --check-prefix=NOWARN %s
// RUN: %clangxx -std=c++17 -O0 %escape -DSHOW -c %s -o /dev/null 2>&1 | FileCheck --allow-empty --check-prefix=NOWARN %s
// RUN: %clangxx -std=c++17 %escape -fplugin-arg-escape-m -DSHOW -fsyntax-only %s 2>&1 | FileCheck --check-prefix=NOWARN %s
// RUN: %clangxx -std=c++17 -O2 -DSHOW -c %s -o /dev/null 2>&1 | FileCheck --allow-empty --check-prefix=NOWARN %s
// INUNIT: warning: string members in the unit
// NOWARN-NOT: string members in the unit
//
// Objects built each way link together and agree (the members are inlined
// from the same template source as libstdc++.so's copies, which every call
// that was not inlined runs; string-external.cpp checks the linkage).
// RUN: %clangxx -std=c++17 -O2 %escape -DPART=1 -c %s -o %t.a.o
// RUN: %clangxx -std=c++17 -O2 -DPART=2 -c %s -o %t.b.o
// RUN: %clangxx %t.a.o %t.b.o -o %t.mixed && %t.mixed | diff %t.ref.out -
// OUT: local 2600000
// OUT: kept abcdefghijklmnopqrstuvwxyz-0
// OUT: last abcdefghijklmnopqrstuvwxyz-99
#include <cstdio>
#include <string>

#if defined(SHOW) && _GLIBCXX_EXTERN_TEMPLATE == -1
#warning string members in the unit
#endif

__attribute__((noinline)) unsigned long count(const std::string &S);
std::string made(int I);
extern std::string Kept;

#if !defined(PART) || PART == 1
__attribute__((noinline)) unsigned long count(const std::string &S) {
  return S.size();
}

__attribute__((noinline)) unsigned long local(int I) {
  std::string S(26, 'a' + I % 26);
  // MOVED-DAG: string-bodies.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: {{.*}} of 27 bytes moved to the stack
  // EXTERN: string-bodies.cpp:[[@LINE-2]]:{{[0-9]+}}: remark: memory allocated inside '{{.*}}basic_string{{.*}}' stays on the heap: its body is not visible to the pass
  return count(S);
}

__attribute__((noinline)) std::string made(int I) {
  std::string S("abcdefghijklmnopqrstuvwxyz-");
  // MOVED-DAG: string-bodies.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: {{.*}} stays on the heap: stored to the returned object (sret)
  S += std::to_string(I);
  return S;
}

std::string Kept;
__attribute__((noinline)) void keep(int I) {
  std::string S = made(I);
  if (I == 0)
    Kept = std::string(S.data(), S.size());
  // MOVED-DAG: string-bodies.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: {{.*}} stays on the heap:
}
#endif

#if !defined(PART) || PART == 2
unsigned long local(int I);
void keep(int I);
int main() {
  unsigned long N = 0;
  for (int I = 0; I < 100000; ++I)
    N += local(I);
  std::printf("local %lu\n", N);
  std::string Last;
  for (int I = 0; I < 100; ++I) {
    keep(I);
    Last = made(I);
  }
  std::printf("kept %s\n", Kept.c_str());
  std::printf("last %s\n", Last.c_str());
}
#endif
