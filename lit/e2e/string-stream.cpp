// A std::string temporary handed to a string stream's constructor
// (`std::istringstream In(text)` from a `const char*`: muparser's
// Parser::IsVal, libjsoncpp's decodeDouble). The constructors libstdc++.so
// compiles out of line copy the characters into the stream's own string and
// keep nothing of the argument (library::stringStreamFromString); the front
// end's fact on that parameter (captures(address), nofree and the content
// fact) lets the temporary's buffer move. The stream's own copy and the
// locale's allocations, made inside libstdc++.so, stay on the heap (three
// of the four heap calls of each parse). The twin keeps the text in a
// global and stays on the heap. The program prints the same with and
// without the plugin, and under ASan (where the temporary stays on the
// heap: `parse` may recurse through the stream's extraction, which may call
// back into the module, and no recursion guard is placed under ASan).
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain | FileCheck --check-prefixes=OUT,PLAIN %s
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: %t.escape | FileCheck --check-prefixes=OUT,H2S %s
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1 %t.asan | FileCheck --check-prefixes=OUT,PLAIN %s
// The fact is on the complete-object constructor's string argument, and
// on no other argument.
// RUN: %clangxx -std=c++17 -O1 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=IR %s
// IR: {{call|invoke}} void @_ZNSt7__cxx1119basic_istringstreamIcSt11char_traitsIcESaIcEEC1ERKNS_12basic_stringIcS2_S3_EESt13_Ios_Openmode(ptr noundef nonnull align 8 dereferenceable({{[0-9]+}}) %{{[0-9a-z.]+}}, ptr {{[^,]*}}nofree{{[^,]*}}captures(address) {{[^,]*}}"escape-content-nocapture-nofree"{{[^,]*}}, i32
#include <sstream>
#include <string>

#include "Inputs/count-new.h"

#define NOINLINE __attribute__((noinline))

// REMARK-DAG: string-stream.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) of variable size moved to the frame arena
NOINLINE double parse(const char *Text) {
  std::istringstream In(Text);
  double V = 0;
  In >> V;
  return V;
}

std::string Kept;
// The twin: the text is kept.
// REMARK-DAG: string-stream.cpp:[[@LINE+2]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) stays on the heap
NOINLINE double parseKept(const char *Text) {
  std::string S(Text);
  std::istringstream In(S);
  Kept = std::move(S);
  double V = 0;
  In >> V;
  return V;
}

int main() {
  const char *Text = "3.14159265358979323846264338327950288";
  unsigned long Before = HeapAllocs;
  double Sum = 0;
  for (int I = 0; I < 100; ++I)
    Sum += parse(Text);
  // OUT: sum 314
  // PLAIN-SAME: heap 400
  // H2S-SAME: heap 300
  std::printf("sum %.0f heap %lu\n", Sum, HeapAllocs - Before);
  Before = HeapAllocs;
  Sum = 0;
  for (int I = 0; I < 100; ++I)
    Sum += parseKept(Text);
  // OUT: kept 314 heap 400
  std::printf("kept %.0f heap %lu\n", Sum, HeapAllocs - Before);
}
