// Issue 13 (A): a pointer kept in a local variable comes back out of it as the
// result of a read-only callee -- a long, a double, a struct of bytes. With
// the pass alone (no front-end facts) the object must stay on the heap, so
// the program prints the same as without the plugin.
// RUN: %clangxx -std=c++20 -O2 %s -o %t.ref && %t.ref > %t.ref.out
// RUN: FileCheck %s < %t.ref.out
// RUN: %clangxx -std=c++20 -O2 %escape -fplugin-arg-escape-no-ir-facts %s -o %t.h2s
// RUN: %t.h2s | diff %t.ref.out -
// RUN: %clangxx -std=c++20 -O2 %escape %s -o %t.facts
// RUN: %t.facts | diff %t.ref.out -
// RUN: %clangxx -std=c++20 -O2 -fpass-plugin=%plugin %s -o %t.pass
// RUN: %t.pass | diff %t.ref.out -
// The remark names the reader.
// RUN: %clangxx -std=c++20 -O2 %escape -fplugin-arg-escape-no-ir-facts -Rpass-missed=escape -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=REMARK %s
#include <cstdio>
#include <cstring>

struct T {
  long v = 7;
};
struct Holder {
  T *p;
};
struct Bytes {
  unsigned char b[8];
};
long g;
double gd;
Bytes gb;

// The reproduction of the issue.
__attribute__((noinline)) long peek(const Holder *h) {
  long x;
  std::memcpy(&x, h, sizeof x);
  return x;
}
__attribute__((noinline)) long make() {
  T *p = new T;
  Holder h{p};
  g = peek(&h);
  return p->v;
}

__attribute__((noinline)) double peekDouble(const Holder *h) {
  double x;
  std::memcpy(&x, h, sizeof x);
  return x;
}
__attribute__((noinline)) long makeDouble() {
  T *p = new T;
  Holder h{p};
  gd = peekDouble(&h);
  return p->v;
}

__attribute__((noinline)) Bytes peekBytes(const Holder *h) {
  Bytes x;
  std::memcpy(&x, h, sizeof x);
  return x;
}
__attribute__((noinline)) long makeBytes() {
  T *p = new T;
  Holder h{p};
  gb = peekBytes(&h);
  return p->v;
}

// Overwrites the stack where the frames above lived.
__attribute__((noinline)) void clobber() {
  volatile char b[4096];
  for (auto &c : b)
    c = 0x55;
}

int main() {
  T *q;
  make();
  clobber();
  std::memcpy(&q, &g, sizeof q);
  std::printf("long: %ld\n", q->v);
  makeDouble();
  clobber();
  std::memcpy(&q, &gd, sizeof q);
  std::printf("double: %ld\n", q->v);
  makeBytes();
  clobber();
  std::memcpy(&q, &gb, sizeof q);
  std::printf("bytes: %ld\n", q->v);
}
// CHECK: long: 7
// CHECK: double: 7
// CHECK: bytes: 7
// REMARK-DAG: container-bytes.cpp:38:10: remark: 'new' of 8 bytes stays on the heap: stored to a local variable passed to 'peek', which may return bytes of the stored pointer in its result (of type 'i64')
// REMARK-DAG: container-bytes.cpp:50:10: remark: 'new' of 8 bytes stays on the heap: stored to a local variable passed to 'peekDouble', which may return bytes of the stored pointer in its result (of type 'double')
// REMARK-DAG: container-bytes.cpp:62:10: remark: 'new' of 8 bytes stays on the heap: stored to a local variable passed to 'peekBytes', which may return bytes of the stored pointer in its result (of type 'i64')
