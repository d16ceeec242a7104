// The plugin puts std::string's out-of-line members in the module
// (StringBodies.h) so that the pass sees the allocations of local strings.
// Where a string cannot be frame-local -- a member of `*this`, a string
// reached through a parameter, in a function that is not itself a likely
// inlinee -- the calls keep the plain build's code (FrontendFacts.h,
// addStringBody): the inline members are inlined as usual, the members
// only the plugin provides stay calls to libstdc++.so. A local string's
// buffer still moves, and the program prints the same.
// RUN: %clangxx -std=c++17 -O2 %escape -S -emit-llvm %s -o - | FileCheck --check-prefix=IR %s
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %s -o - | FileCheck --check-prefix=IR %s
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=MOVED %s
// RUN: %clangxx -std=c++17 -O2 %escape -Xclang -print-stats -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=STATS %s
// RUN: %clangxx -std=c++17 -O2 %s -o %t.ref && %t.ref > %t.ref.out
// RUN: %clangxx -std=c++17 -O2 %escape %s -o %t.h2s && %t.h2s | diff %t.ref.out -
// RUN: FileCheck --check-prefix=OUT %s < %t.ref.out
#include <cstdio>
#include <string>

struct Holder {
  std::string Name;
  void add(const char *S);
  unsigned long length() const;
};

// `this->Name`: as without the plugin, append is inlined and calls
// libstdc++.so's _M_append, whose allocation no frame could own.
// IR-LABEL: define {{.*}} @_ZN6Holder3addEPKc(
// IR:         call {{.*}} @_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_appendEPKcm(
// IR-NOT:     call {{.*}} @_Znwm
// IR:         ret void
__attribute__((noinline)) void Holder::add(const char *S) { Name.append(S); }

// An inline member stays inlined: no call of size().
// IR-LABEL: define {{.*}} @_ZNK6Holder6lengthEv(
// IR-NOT:     call
// IR:         ret i64
__attribute__((noinline)) unsigned long Holder::length() const {
  return Name.size();
}

// A local string: its members are inlined and its buffer moves.
__attribute__((noinline)) unsigned long local(const char *S) {
  std::string L("x");
  L.append(S, 40);
  return L.size() + L[7];
}
// MOVED: string-calls.cpp:[[#@LINE-3]]:{{[0-9]+}}: remark: {{.*}} of 42 bytes moved to the stack
// STATS: {{^ *}}[[#]] escape-frontend-facts{{ +}}- Calls of std::string members whose bodies only the plugin provides, on strings no local variable holds, left to libstdc++.so (noinline)

int main() {
  Holder H;
  for (int I = 0; I < 40; ++I)
    H.add("0123456789");
  std::printf("%lu %lu\n", H.length(), local("0123456789012345678901234567890123456789"));
}
// OUT: 400 95
