#include "count-new.h"
#include <memory>

struct Big {
  int A[64];
};
long use(const Big &B); // in lto-callee.cpp

int main() {
  long T = 0;
  for (int I = 0; I < 1000; ++I) {
    auto P = std::make_unique<Big>();
    P->A[I % 64] = I;
    T += use(*P);
  }
  std::printf("allocations: %lu checksum: %ld\n", HeapAllocs, T);
}
