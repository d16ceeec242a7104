// A pointer's bits that leave through a non-pointer (integer, floating
// point, bytes, text, a file) are an escape: each mechanism below keeps the
// address of a `new T` in a global in another form, and main rebuilds the
// pointer after make()'s frame is gone. Each must print 7 with the plugin
// (the object stays on the heap) and the -m remark must say it escapes.
// RUN: for m in 1 2 3 4 5 6 7 8 9 10 11 12; do \
// RUN:   %clangxx -std=c++20 -O2 %escape -DMECH=$m %s -o %t.$m || exit 1; \
// RUN:   echo "mech $m: $(%t.$m)"; \
// RUN: done | FileCheck --check-prefix=OUT %s
// RUN: for m in 1 2 3 4 5 6 7 8 9 10 11 12; do \
// RUN:   %clangxx -std=c++20 -O2 %m1 -DMECH=$m -c %s -o /dev/null 2>&1 | grep "new T"; \
// RUN: done | FileCheck --check-prefix=REMARK %s
// RUN: %clangxx -std=c++20 -O2 %m2 -DMECH=6 -c %s -o /dev/null 2>&1 \
// RUN:   | FileCheck --check-prefix=WHY %s
//
// OUT-COUNT-12: mech {{[0-9]+}}: 7
// REMARK-COUNT-12: remark: new T escapes to heap
// REMARK-NOT: new T does not escape
// WHY: remark: leaking param: p
// WHY: note: from reinterpret_cast<uintptr_t &>(p) (its bytes read as a non-pointer (integer, bytes, text or a file), from which the address can be rebuilt)
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>

struct T {
  long v = 7;
};
uint64_t g;
std::string gs;
FILE *gf;

__attribute__((noinline)) void keep(T *p) {
#if MECH == 1 // std::bit_cast to an integer
  g = std::bit_cast<uint64_t>(p);
#elif MECH == 2 // std::bit_cast to a struct of bytes
  struct Bytes {
    unsigned char b[sizeof(T *)];
  };
  Bytes b = std::bit_cast<Bytes>(p);
  std::memcpy(&g, b.b, sizeof g);
#elif MECH == 3 // a union: pointer member written, integer member read
  union {
    T *ptr;
    uint64_t bits;
  } u;
  u.ptr = p;
  g = u.bits;
#elif MECH == 4 // the pointer object's bytes read through unsigned char *
  const unsigned char *c = reinterpret_cast<const unsigned char *>(&p);
  uint64_t x = 0;
  for (unsigned i = 0; i < sizeof p; ++i)
    x |= uint64_t(c[i]) << (8 * i);
  g = x;
#elif MECH == 5 // memcpy into an integer
  uint64_t u;
  std::memcpy(&u, &p, sizeof u);
  g = u;
#elif MECH == 6 // reinterpret_cast to an integer reference
  g = reinterpret_cast<uintptr_t &>(p);
#elif MECH == 7 // type-punned load
  g = *(uintptr_t *)&p;
#elif MECH == 8 // formatted with %p, parsed back in main
  static char buf[64];
  std::snprintf(buf, sizeof buf, "%p", (void *)p);
  gs = buf;
#elif MECH == 9 // a stream
  std::ostringstream os;
  os << (void *)p;
  gs = os.str();
#elif MECH == 10 // the pointer's bytes written to a file
  std::fwrite(&p, sizeof p, 1, gf);
#elif MECH == 11 // a double carrying the bits
  double d;
  std::memcpy(&d, &p, sizeof d);
  std::memcpy(&g, &d, sizeof g);
#elif MECH == 12 // printf with a runtime format
  static char buf[64];
  static const char *fmt = "%p";
  std::snprintf(buf, sizeof buf, fmt, (void *)p);
  gs = buf;
#endif
}

__attribute__((noinline)) long make() {
  T *p = new T;
  keep(p);
  return p->v;
}

__attribute__((noinline)) void clobber() {
  volatile char b[4096];
  for (auto &c : b)
    c = 0x55;
}

int main() {
  gf = std::tmpfile();
  make();
  clobber();
  T *q = nullptr;
#if MECH == 8 || MECH == 9 || MECH == 12
  void *v = nullptr;
  std::sscanf(gs.c_str(), "%p", &v);
  q = static_cast<T *>(v);
#elif MECH == 10
  std::rewind(gf);
  if (std::fread(&q, sizeof q, 1, gf) != 1)
    return 1;
#else
  std::memcpy(&q, &g, sizeof q);
#endif
  std::printf("%ld\n", q->v);
}
