// The library model's facts for the characters std::string's out-of-line
// members read (library::stringCharsParam): the const searches and
// comparisons get captures(address) and nofree on their `const char*`;
// the members that may reallocate the string (_M_append, _M_mutate,
// _M_replace) get captures(address) and escape-nofree-except-this, never
// nofree (the string's old buffer, into which the characters may point, is
// freed). `this` gets nothing. The copy-on-write string
// (_GLIBCXX_USE_CXX11_ABI=0) gets no fact. At -O0 nothing is inlined (the
// searches are called); at -O1 append is, and calls _M_append.
// RUN: %clangxx -std=c++17 -O0 -S -emit-llvm %escape %s -o - | FileCheck %s
// RUN: %clangxx -std=c++17 -O1 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=O1 %s
// RUN: %clangxx -std=c++17 -O0 -D_GLIBCXX_USE_CXX11_ABI=0 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=COW --implicit-check-not=escape-nofree-except-this '--implicit-check-not=captures(address)' %s
#include <string>

std::string Member;

// CHECK-LABEL: define {{.*}} @_Z6searchRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEEPKc(
// CHECK: call {{.*}} @_ZNKSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE4findEPKcmm(ptr noundef nonnull align 8 dereferenceable(32) %{{[0-9]+}}, ptr nofree noundef captures(address) %{{[0-9]+}}, i64
// CHECK: call {{.*}} @_ZNKSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE7compareEPKc(ptr noundef nonnull align 8 dereferenceable(32) %{{[0-9]+}}, ptr nofree noundef captures(address) %{{[0-9]+}})
// COW-LABEL: define {{.*}} @_Z6searchRKSsPKc(
size_t search(const std::string &S, const char *P) {
  return S.find(P, 0, 3) + size_t(S.compare(P));
}

// O1-LABEL: define {{.*}} @_Z6appendPKcm(
// O1: call {{.*}} @_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_appendEPKcm(ptr noundef nonnull align 8 dereferenceable(32) @_Z6MemberB5cxx11, ptr noundef captures(address) "escape-nofree-except-this" %{{[0-9]+}}, i64
// COW-LABEL: define {{.*}} @_Z6appendPKcm(
void append(const char *P, size_t N) { Member.append(P, N); }
