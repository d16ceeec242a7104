// The std::string members the plugin instantiates in a C++17 unit
// (plugin/clang/StringBodies.h) keep the linkage libstdc++'s `extern template
// class basic_string<char>` gives them without the plugin: CodeGen emits them
// available_externally (bodies to inline, no comdat), the object defines none
// of them, and a call that is not inlined goes to libstdc++.so. The buffer of
// a local string still moves to the stack.
//
// Before any LLVM pass: non-template members available_externally, a member
// template's specialization linkonce_odr (as without the plugin), C++20
// and _GLIBCXX_ASSERTIONS units unchanged (the declarations are left out
// there without the plugin too).
// RUN: %clangxx -std=c++17 -O2 %escape -S -emit-llvm -Xclang -disable-llvm-passes %s -o - | FileCheck --check-prefix=IR17 %s
// RUN: %clangxx -std=c++20 -O2 %escape -S -emit-llvm -Xclang -disable-llvm-passes %s -o - | FileCheck --check-prefix=IR20 %s
// RUN: %clangxx -std=c++17 -D_GLIBCXX_ASSERTIONS -O2 %escape -S -emit-llvm -Xclang -disable-llvm-passes %s -o - | FileCheck --check-prefix=IR20 %s
// RUN: %clangxx -std=c++14 -D_GLIBCXX_USE_CXX11_ABI=0 -O2 %escape -S -emit-llvm -Xclang -disable-llvm-passes %s -o - | FileCheck --check-prefix=COW %s
// IR17-DAG: define available_externally {{.*}}@_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_createERmm(
// IR17-DAG: define available_externally {{.*}}@_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE7reserveEm({{.*}}) #{{[0-9]+}} align 2 {
// IR17-DAG: define available_externally {{.*}}@_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEED2Ev(
// IR17-DAG: define linkonce_odr {{.*}}@_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE12_M_constructIPKcEEvT_S8_St20forward_iterator_tag({{.*}} comdat
// IR17-NOT: define linkonce_odr {{.*}}@_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_create
// IR20-DAG: define linkonce_odr {{.*}}@_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_createERmm({{.*}} comdat
// IR20-DAG: define linkonce_odr {{.*}}@_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE7reserveEm({{.*}} comdat
// IR20-NOT: define available_externally {{.*}}basic_string
// COW-DAG: define available_externally {{.*}}@_ZNSs7reserveEm(
// COW-DAG: define available_externally {{.*}}@_ZNSs4_Rep9_S_createEmmRKSaIcE(
//
// The object: reserve (its address is taken, so a call stays) is
// libstdc++.so's; a C++20 object defines its own copy.
// RUN: %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-profile -S -emit-llvm -Xclang -disable-llvm-passes %s -o - | FileCheck --check-prefix=IR20 %s
// (A profiled build keeps them in the object, as in C++20: the profiler
// counts the allocations of the calls that are not inlined.)
// RUN: %clangxx -std=c++17 -O2 %escape -c %s -o %t17.o
// RUN: nm --defined-only %t17.o | FileCheck --check-prefix=OBJ17 %s
// RUN: nm --undefined-only %t17.o | FileCheck --check-prefix=UNDEF17 %s
// RUN: %clangxx -std=c++20 -O2 %escape -c %s -o %t20.o
// RUN: nm --defined-only %t20.o | FileCheck --check-prefix=OBJ20 %s
// OBJ17-NOT: _ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE7reserveEm
// OBJ17-NOT: _ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_createERmm
// UNDEF17: U _ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE7reserveEm
// OBJ20: W _ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE7reserveEm
//
// It links and runs, optimised (the local buffer moves) and at -O0, where
// the plugin leaves the headers alone.
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape %s -o %t17 2>&1 | FileCheck --check-prefix=MOVED %s
// RUN: %t17 | FileCheck --check-prefix=OUT %s
// RUN: %clangxx -std=c++20 -O2 %escape %s -o %t20 && %t20 | FileCheck --check-prefix=OUT %s
// RUN: %clangxx -std=c++17 -O0 %escape %s -o %t0 && %t0 | FileCheck --check-prefix=OUT %s
// OUT: local 2600000
// OUT: reserved 100
#include <cstdio>
#include <string>

__attribute__((noinline)) unsigned long count(const std::string &S) {
  return S.size();
}

__attribute__((noinline)) unsigned long local(int I) {
  std::string S(26, 'a' + I % 26);
  // MOVED: string-external.cpp:[[@LINE-1]]:{{[0-9]+}}: remark: {{.*}} of 27 bytes moved to the stack
  return count(S);
}

std::string Kept("kept: longer than the small buffer");
void (std::string::*volatile Reserve)(std::string::size_type) =
    &std::string::reserve;

int main() {
  unsigned long N = 0;
  for (int I = 0; I < 100000; ++I)
    N += local(I);
  std::printf("local %lu\n", N);
  (Kept.*Reserve)(100);
  std::printf("reserved %d\n", Kept.capacity() >= 100 ? 100 : 0);
}
