// A std::string temporary whose characters a function only searches and
// compares (find_first_not_of, compare: const members libstdc++ compiles
// out of line, whose bodies here prove nothing). The front end's library
// fact for their `const CharT*` parameter (captures(address) and nofree:
// library::stringCharsParam) lets the function's exact body show that it
// keeps nothing of the temporary, whose buffer then moves (muparser's
// ParserBase::CheckOprt has this shape). The twin keeps the temporary in a
// member and stays on the heap. The program prints the same with and
// without the plugin, and under ASan.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain | FileCheck --check-prefixes=OUT,PLAIN %s
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: %t.escape | FileCheck --check-prefixes=OUT,H2S %s
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1 %t.asan | FileCheck --check-prefixes=OUT,H2S %s
// The facts on the members' calls.
// RUN: %clangxx -std=c++17 -O1 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=IR %s
// IR: {{call|invoke}} {{.*}} @_ZNKSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE17find_first_not_ofEPKcmm(ptr {{[^,]*}}, ptr {{[^,]*}}nofree{{[^,]*}}captures(address) {{[^,]*}}, i64
#include <cstdio>
#include <string>

#include "Inputs/count-new.h"

#define NOINLINE __attribute__((noinline))

struct Names {
  std::string Last;
  // Only reads the characters of both strings.
  bool valid(const std::string &Name, const std::string &Chars) const;
  // The character set is a temporary built from a pointer.
  NOINLINE int add(const std::string &Name, const char *Chars) {
    if (!valid(Name, Chars)) // REMARK-DAG: string-find.cpp:[[@LINE]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) of variable size moved to the frame arena
      return 0;
    Last = Name;
    return 1;
  }
  // The twin: the character set is kept.
  NOINLINE int addKept(const std::string &Name, const char *Chars) {
    std::string Set(Chars); // REMARK-DAG: string-find.cpp:[[@LINE]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) stays on the heap
    if (!valid(Name, Set))
      return 0;
    Last = std::move(Set);
    return 1;
  }
};

NOINLINE bool Names::valid(const std::string &Name,
                           const std::string &Chars) const {
  return !Name.empty() && Name.find_first_not_of(Chars) == std::string::npos &&
         Name.compare(0, 1, Chars.c_str()) != 0;
}

int main() {
  Names N;
  const char *Set = "abcdefghijklmnopqrstuvwxyz_0123456789";
  std::string Name = "a_rather_long_identifier_name";
  unsigned long Before = HeapAllocs;
  int Ok = 0;
  for (int I = 0; I < 100; ++I)
    Ok += N.add(Name, Set);
  // OUT: add 100
  // PLAIN-SAME: heap 101
  // H2S-SAME: heap 1
  std::printf("add %d heap %lu\n", Ok, HeapAllocs - Before);
  Before = HeapAllocs;
  Ok = 0;
  for (int I = 0; I < 100; ++I)
    Ok += N.addKept(Name, Set);
  // OUT: kept 100 37 heap 100
  std::printf("kept %d %zu heap %lu\n", Ok, N.Last.size(), HeapAllocs - Before);
}
