// A std::string built in the frame and appended to a string the frame does
// not own (a member): the append copies its characters through
// std::string's _M_append / _M_mutate, which libstdc++ compiles out of line
// and whose body here proves nothing. The front end's library fact for
// that parameter (escape-nofree-except-this: only the characters are read,
// nothing is freed through it; the string appended to may free its own
// buffer) lets the buffer move when the string appended to is not a local
// variable holding it (lit/ir/nofree-except-this.ll). The twin appends the
// line to itself and moves it into the member: it stays on the heap. The
// program prints the same with and without the plugin, and under ASan.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain | FileCheck --check-prefixes=OUT,PLAIN %s
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: %t.escape | FileCheck --check-prefixes=OUT,H2S %s
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1 %t.asan | FileCheck --check-prefixes=OUT,H2S %s
// The fact is on the characters argument of the out-of-line member.
// RUN: %clangxx -std=c++17 -O1 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=IR %s
// IR: {{call|invoke}} void @_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_mutateEmmPKcm(ptr {{[^,]*}}, i64 {{[^,]*}}, i64 {{[^,]*}}, ptr {{[^,]*}}captures(address) "escape-nofree-except-this" {{[^,]*}}, i64
#include <cstdio>
#include <string>

#include "Inputs/count-new.h"

#define NOINLINE __attribute__((noinline))

struct Log {
  std::string Text;
  // A line built in the frame, appended to the member, dropped.
  NOINLINE void add(const char *Word, int N) {
    std::string Line(Word); // REMARK-DAG: string-append.cpp:[[@LINE]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) of variable size moved to the frame arena
    Line.append(size_t(N % 3), '!');
    Text += Line;
  }
  // The twin: the line appended to itself, then moved into the member.
  NOINLINE void addKept(const char *Word) {
    std::string Line(Word); // REMARK-DAG: string-append.cpp:[[@LINE]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) stays on the heap
    Line += Line;
    Text = std::move(Line);
  }
};

int main() {
  Log L;
  L.Text.reserve(100000);
  unsigned long Before = HeapAllocs;
  for (int I = 0; I < 100; ++I)
    L.add("a-word-longer-than-the-small-buffer", I);
  // OUT: add 3599
  // PLAIN-SAME: heap 166
  // H2S-SAME: heap 0
  std::printf("add %zu heap %lu\n", L.Text.size(), HeapAllocs - Before);
  Log K;
  Before = HeapAllocs;
  for (int I = 0; I < 100; ++I)
    K.addKept("a-word-longer-than-the-small-buffer");
  // OUT: kept 70 heap 200
  std::printf("kept %zu heap %lu\n", K.Text.size(), HeapAllocs - Before);
}
