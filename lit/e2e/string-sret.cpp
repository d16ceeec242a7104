// A std::string temporary built by operator+ that the inliner left out of
// line (libjsoncpp's test runner builds every child's path so, and passes
// it down): the buffer is allocated inside operator+, which must keep it
// on the heap, since it returns it ("stored to the returned object
// (sret)"). The pass inlines such a call when this frame frees from the
// returned object (lit/ir/inline-result-alloc.ll), and the reallocation in
// the append that follows (std::string::_M_mutate: a new buffer, the old
// one freed); the buffers are then this frame's and move. The twin keeps
// the first path in a global and stays on the heap. The program prints the
// same with and without the plugin, and under ASan.
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

struct Node {
  const char *Name;
  int NumKids;
  const Node *Kids;
};

long Total;
std::string KeptPath;

NOINLINE void visit(const std::string &Path) {
  Total += long(Path.size()) + Path[Path.size() / 2];
}

// Each child's path is a temporary dropped after the call.
NOINLINE void walk(const Node &N, const std::string &Base) {
  for (int I = 0; I < N.NumKids; ++I)
    visit(Base + "/" + N.Kids[I].Name); // REMARK-DAG: string-sret.cpp:[[@LINE]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) of variable size moved to the frame arena
}

// The twin: the first child's path is kept in a global.
NOINLINE void walkKept(const Node &N, const std::string &Base) {
  for (int I = 0; I < N.NumKids; ++I) {
    std::string P = Base + "/" + N.Kids[I].Name; // REMARK-DAG: string-sret.cpp:[[@LINE]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) stays on the heap: stored to global 'KeptPath{{.*}}' (loaded back from a local variable holding it)
    visit(P);
    if (I == 0)
      KeptPath = std::move(P);
  }
}

int main() {
  static const Node Leaves[] = {{"a-leaf-with-a-long-enough-name", 0, nullptr},
                                {"another-leaf-with-a-long-name", 0, nullptr},
                                {"x", 0, nullptr}};
  Node Root{"root", 3, Leaves};
  std::string Base = "the/base/path/of/every/node";
  unsigned long Before = HeapAllocs;
  for (int R = 0; R < 100; ++R)
    walk(Root, Base);
  // OUT: walk 39700
  // PLAIN-SAME: heap 800
  // H2S-SAME: heap 0
  std::printf("walk %ld heap %lu\n", Total, HeapAllocs - Before);
  Before = HeapAllocs;
  Total = 0;
  for (int R = 0; R < 100; ++R)
    walkKept(Root, Base);
  // OUT: kept 39700 the/base/path/of/every/node/a-leaf-with-a-long-enough-name heap 800
  std::printf("kept %ld %s heap %lu\n", Total, KeptPath.c_str(),
              HeapAllocs - Before);
}
