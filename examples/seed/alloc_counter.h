// Counts heap allocations like Go's runtime.MemStats.Mallocs: every
// operator new call increments Mallocs. Replacing the global operator new is
// standard C++; new-expressions stay elidable.
#pragma once
#include <cstdlib>
#include <new>

inline unsigned long long Mallocs = 0;

void *operator new(std::size_t N) {
  ++Mallocs;
  if (void *P = std::malloc(N ? N : 1))
    return P;
  throw std::bad_alloc();
}
void operator delete(void *P) noexcept { std::free(P); }
void operator delete(void *P, std::size_t) noexcept { std::free(P); }
