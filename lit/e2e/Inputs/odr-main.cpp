#include "count-new.h"
#include "odr-reader.h"
#include <memory>

long other(int); // odr-other.cpp, which also uses readBig

int main() {
  long T = other(3);
  for (int I = 0; I < 1000; ++I) {
    auto P = std::make_unique<Big>();
    P->A[I % 64] = I;
    T += readBig(*P);
  }
  std::printf("allocations: %lu checksum: %ld\n", HeapAllocs, T);
}
