// Found by bench/fuzz (issue 13, `deep` family: gen.py --directed deep),
// minimised.  A recursive function allocates 1004 bytes per level and
// deletes them after the recursive call; 40,000 levels.  Plain builds need
// well under 8 MiB of stack; on 95b3eaa (and main's tree at 16:10) the pass
// moves the allocation to the stack ("'new' of 1004 bytes moved to the
// stack"), so the recursion needs ~40 MB and crashes (SIGSEGV at -O1 and
// -O2).  A frame allocation in a function that may recurse multiplies by the
// depth.
//
// RUN: %clangxx -O2 %s -o %t.plain && %t.plain | FileCheck %s
// RUN: %clangxx -O2 %escape %s -o %t.o2 && %t.o2 | FileCheck %s
// RUN: %clangxx -O1 %escape %s -o %t.o1 && %t.o1 | FileCheck %s
// CHECK: 3024054049
#include <cstdio>
struct Big { unsigned v; unsigned pad[250]; };
__attribute__((noinline)) unsigned deep(unsigned d, unsigned n) {
  if (d == 0u) return n;
  Big *b = new Big{d + n, {}};
  unsigned s = deep(d - 1u, n);
  s = s * 3u + b->v + b->pad[d % 250u];
  delete b;
  return s;
}
int main(int argc, char **) { std::printf("%u\n", deep(40000u, (unsigned)argc)); }
