// A profiled build keeps and inlines std::string's member calls as the build
// it measures does. A profiled build keeps the members in the object
// (linkonce_odr, so that their allocations are counted), where the plain
// build has them available_externally; the pass is told, and gives the
// profiled build the plain build's plain views and kept calls
// (FrontendFacts.h). Here `checkName`, out of line, reads its string
// parameter with find_first_not_of; inlined into `define`, the temporary
// made from `validChars()` moves to the frame arena in both builds, and the
// profile counts it converted. (The profiled build used to inline the
// members' out-of-line bodies there, memchr among them, and kept the
// temporary on the heap: muparser's CheckName and CheckOprt.)
//
// RUN: %clangxx -std=c++17 -O2 -g %escape -fplugin-arg-escape-profile %s %profile-rt -o %t
// RUN: rm -f %t.json && env CLANG_ESCAPE_PROFILE=%t.json %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/sites.py %t.json | FileCheck %s
//
// The remarks outside the library's headers are the same (the profiled
// object also compiles the members' out-of-line bodies, whose own
// allocations have remarks of their own).
// RUN: %clangxx -std=c++17 -O2 -g %escape -Rpass=escape -Rpass-missed=escape -c %s -o /dev/null 2>&1 | grep 'remark:' | grep -v '^/usr/' > %t.plain
// RUN: %clangxx -std=c++17 -O2 -g %escape -fplugin-arg-escape-profile -Rpass=escape -Rpass-missed=escape -c %s -o /dev/null 2>&1 | grep 'remark:' | grep -v '^/usr/' > %t.prof
// RUN: diff %t.plain %t.prof
// RUN: FileCheck %s --check-prefix=REMARKS < %t.prof
//
// OUT: checksum 10
#include <cstdio>
#include <string>

struct Names {
  int Bad = 0;
  __attribute__((noinline)) void error() { ++Bad; }
  __attribute__((noinline)) const char *validChars() const {
    return "abcdefghijklmnopqrstuvwxyz_0123456789";
  }
  void checkName(const std::string &Name, const std::string &Chars);
  void define(const std::string &Name) { checkName(Name, validChars()); }
};

void Names::checkName(const std::string &Name, const std::string &Chars) {
  if (Name.empty() || Name.find_first_not_of(Chars) != std::string::npos ||
      (Name[0] >= '0' && Name[0] <= '9'))
    error();
}

int main() {
  Names N;
  std::string Good = "good_name", Bad = "9lives";
  for (int I = 0; I < 10; ++I)
    N.define(I % 2 ? Good : Bad);
  std::printf("checksum %d\n", N.Bad * 2);
}

// REMARKS: string-calls.cpp:36:{{[0-9]+}}: remark: 'new' (in 'allocate' at new_allocator.h:{{[0-9]+}}) of variable size moved to the frame arena

// CHECK: string-calls.cpp:36:{{[0-9]+}} Names::define alloc=0 local=0 later=0 thread=0 never=0 bytes=0 converted=10 moved=arena reason=
// CHECK-NEXT: string-calls.cpp:36:{{[0-9]+}} Names::define alloc=0 {{.*}} moved=arena-heap
