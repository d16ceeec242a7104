// A std::string temporary that operator+ moves into its result (`std::string
// (b, e) + "?"`: operator+(string&&, const char*) appends to the temporary
// and returns it moved), compared and destroyed in the frame (pugixml's
// test_narrow). The result's data pointer is a phi of the temporary's
// buffer and its own small buffer; comparing through it (bcmp) and freeing
// it (`if (p != local_buf) delete p`) read nothing of the bytes that hold
// the buffer's address (lit/ir/moved-string.ll), so both allocations (the
// temporary's and the reallocation of the append) move. The twin keeps
// the result in a member and stays on the heap. The program prints the same
// with and without the plugin, and under ASan.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain | FileCheck --check-prefixes=OUT,PLAIN %s
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: %t.escape | FileCheck --check-prefixes=OUT,H2S %s
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1 %t.asan | FileCheck --check-prefixes=OUT,H2S %s
#include <cstdio>
#include <string>

#include "Inputs/count-new.h"

#define NOINLINE __attribute__((noinline))

// REMARK-DAG: string-moved.cpp:[[@LINE+4]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) of variable size moved to the frame arena
NOINLINE bool sameButLast(const std::string &Result, const char *Expected,
                          size_t Length) {
  return Length > 0 &&
         Result == std::string(Expected, Expected + Length - 1) + "?";
}

struct Log {
  std::string Last;
  // The twin: the concatenation is kept.
  // REMARK-DAG: string-moved.cpp:[[@LINE+3]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) stays on the heap
  NOINLINE bool keepButLast(const std::string &Result, const char *Expected,
                            size_t Length) {
    Last = std::string(Expected, Expected + Length - 1) + "?";
    return Result == Last;
  }
};

int main() {
  const char *Text = "a string well past the small buffer: ";
  std::string Probe = std::string(Text) + "?";
  std::string Other = "another string, also past the small buffer";
  size_t N = std::char_traits<char>::length(Text) + 1;
  unsigned long Before = HeapAllocs;
  int Same = 0;
  for (int I = 0; I < 100; ++I)
    Same += sameButLast(I % 2 ? Probe : Other, Text, N);
  // OUT: same 50
  // PLAIN-SAME: heap 200
  // H2S-SAME: heap 0
  std::printf("same %d heap %lu\n", Same, HeapAllocs - Before);
  Log L;
  Before = HeapAllocs;
  Same = 0;
  for (int I = 0; I < 100; ++I)
    Same += L.keepButLast(I % 2 ? Probe : Other, Text, N);
  // OUT: kept 50 {{[0-9]+}} heap {{[1-9][0-9]*}}
  std::printf("kept %d %zu heap %lu\n", Same, L.Last.size(),
              HeapAllocs - Before);
}
