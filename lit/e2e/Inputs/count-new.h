// Counts calls to the replaceable operator new. The replacements are
// noinline so that each surviving new-expression is one counted call (a
// converted one is not a call at all).
#include <cstdio>
#include <cstdlib>
#include <new>

static unsigned long HeapAllocs;
__attribute__((noinline)) void *operator new(std::size_t N) {
  ++HeapAllocs;
  if (void *P = std::malloc(N ? N : 1))
    return P;
  throw std::bad_alloc();
}
__attribute__((noinline)) void *operator new[](std::size_t N) {
  return ::operator new(N);
}
__attribute__((noinline)) void operator delete(void *P) noexcept {
  std::free(P);
}
__attribute__((noinline)) void operator delete(void *P, std::size_t) noexcept {
  std::free(P);
}
__attribute__((noinline)) void operator delete[](void *P) noexcept {
  std::free(P);
}
__attribute__((noinline)) void operator delete[](void *P,
                                                 std::size_t) noexcept {
  std::free(P);
}
