// When profiling, the heap-to-stack pass records the reason of each refusal
// in words also without -Rpass-missed=escape: the profile's reason is the
// missed remark's (it used to be only the position, " (at ...)", for the
// reasons the pass put into words for remarks only: a call that may keep
// the object, a local variable it is loaded back from).
//
// RUN: %clangxx -O2 -g %escape -fplugin-arg-escape-profile %s %profile-rt -o %t
// RUN: rm -f %t.json && env CLANG_ESCAPE_PROFILE=%t.json %t
// RUN: %python %S/Inputs/sites.py %t.json | FileCheck %s
// RUN: %clangxx -O2 -g %escape -fplugin-arg-escape-profile -Rpass-missed=escape -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK

__attribute__((noinline)) void keep(int *P) {
  asm volatile("" : : "r"(P) : "memory");
}

int main() {
  int *P = new int(1); // line 17
  keep(P);
  int R = *P;
  delete P;
  return R - 1;
}

// CHECK: reasons.cpp:17:{{[0-9]+}} main alloc=1 local=1 later=0 thread=0 never=0 bytes=4 converted=0 moved= reason=passed to 'keep', whose body here may keep or free it: passed to inline assembly, which may keep it (at {{.*}}reasons.cpp:18:3)
// REMARK: reasons.cpp:17:12: remark: 'new' of 4 bytes stays on the heap: passed to 'keep', whose body here may keep or free it: passed to inline assembly, which may keep it (at {{.*}}reasons.cpp:18:3)
