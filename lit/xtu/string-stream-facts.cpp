// The library model's facts for the string streams' constructors from a
// string (library::stringStreamFromString): the `const basic_string&`
// argument of the complete-object constructors of basic_istringstream,
// basic_ostringstream and basic_stringstream (char and wchar_t) gets
// captures(address), nofree and the content fact; the stream (`this`) and
// the mode get nothing. The C++20 rvalue constructor, which takes the
// argument's buffer, gets nothing, nor does the copy-on-write string's
// (_GLIBCXX_USE_CXX11_ABI=0). At -O0 the constructors are called.
// RUN: %clangxx -std=c++17 -O0 -S -emit-llvm %escape %s -o - | FileCheck %s
// RUN: %clangxx -std=c++20 -O0 -S -emit-llvm %escape %s -o - | FileCheck --check-prefixes=CHECK,CXX20 %s
// RUN: %clangxx -std=c++17 -O0 -D_GLIBCXX_USE_CXX11_ABI=0 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=COW --implicit-check-not=escape-content-nocapture-nofree '--implicit-check-not=captures(address)' %s
#include <sstream>
#include <string>

// CHECK-LABEL: define {{.*}} @_Z2inRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE(
// CHECK: call void @_ZNSt7__cxx1119basic_istringstreamIcSt11char_traitsIcESaIcEEC1ERKNS_12basic_stringIcS2_S3_EESt13_Ios_Openmode(ptr noundef nonnull align 8 dereferenceable({{[0-9]+}}) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(32) "escape-content-nocapture-nofree" %{{[0-9]+}}, i32 noundef 8)
// COW-LABEL: define {{.*}} @_Z2inRKSs(
double in(const std::string &S) {
  std::istringstream In(S);
  double V = 0;
  In >> V;
  return V;
}

// CHECK-LABEL: define {{.*}} @_Z3outRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE(
// CHECK: call void @_ZNSt7__cxx1119basic_ostringstreamIcSt11char_traitsIcESaIcEEC1ERKNS_12basic_stringIcS2_S3_EESt13_Ios_Openmode(ptr noundef nonnull align 8 dereferenceable({{[0-9]+}}) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(32) "escape-content-nocapture-nofree" %{{[0-9]+}}, i32 noundef 16)
std::string out(const std::string &S) {
  std::ostringstream Out(S);
  Out << 1;
  return Out.str();
}

// CHECK-LABEL: define {{.*}} @_Z4bothRKNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE(
// CHECK: call void @_ZNSt7__cxx1118basic_stringstreamIcSt11char_traitsIcESaIcEEC1ERKNS_12basic_stringIcS2_S3_EESt13_Ios_Openmode(ptr noundef nonnull align 8 dereferenceable({{[0-9]+}}) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(32) "escape-content-nocapture-nofree" %{{[0-9]+}}, i32 noundef %{{[0-9]+}})
std::string both(const std::string &S) {
  std::stringstream B(S);
  return B.str();
}

// CHECK-LABEL: define {{.*}} @_Z4wideRKNSt7__cxx1112basic_stringIwSt11char_traitsIwESaIwEEE(
// CHECK: call void @_ZNSt7__cxx1119basic_istringstreamIwSt11char_traitsIwESaIwEEC1ERKNS_12basic_stringIwS2_S3_EESt13_Ios_Openmode(ptr noundef nonnull align 8 dereferenceable({{[0-9]+}}) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(32) "escape-content-nocapture-nofree" %{{[0-9]+}}, i32 noundef 8)
size_t wide(const std::wstring &S) {
  std::wistringstream In(S);
  return In.str().size();
}

#if __cplusplus > 201703L
// CXX20-LABEL: define {{.*}} @_Z5movedNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEE(
// CXX20: call void @_ZNSt7__cxx1119basic_istringstreamIcSt11char_traitsIcESaIcEEC1EONS_12basic_stringIcS2_S3_EESt13_Ios_Openmode(ptr noundef nonnull align 8 dereferenceable({{[0-9]+}}) %{{[0-9]+}}, ptr noundef nonnull align 8 dereferenceable(32) %{{[0-9]+}}, i32 noundef 8)
std::string moved(std::string S) {
  std::istringstream In(std::move(S));
  return In.str();
}
#endif
