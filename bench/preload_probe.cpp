// Self-check for bench/alloc_count.c, run by compare.py before measuring:
// performs every kind of allocation the preload is supposed to count, N times
// (N = argv[1], default 0), with each pointer escaping through an empty asm so
// that no compiler can elide the allocation, and prints what a correct count
// adds per iteration. compare.py runs it with N = 0 and N = 1000 and checks
// the difference of the two counts.
#include <cstdio>
#include <cstdlib>
#include <new>

struct alignas(64) Over {
  char C[64];
};

template <class T> static inline T *keep(T *P) {
  asm volatile("" : "+r"(P) : : "memory");
  return P;
}

int main(int Argc, char **Argv) {
  long N = Argc > 1 ? std::atol(Argv[1]) : 0;
  for (long I = 0; I < N; ++I) {
    delete keep(new int);                     // operator new: 4
    delete[] keep(new int[10]);               // operator new[]: 40
    delete keep(new Over);                    // aligned new: 64
    delete[] keep(new Over[2]);               // aligned new[]: 128
    delete keep(new (std::nothrow) int);      // nothrow new: 4
    void *F = keep(std::malloc(3));           // malloc: 3
    F = keep(std::realloc(F, 30));            // realloc: 30
    std::free(F);
    std::free(keep(std::calloc(2, 5)));       // calloc: 10
    void *H = nullptr;
    if (posix_memalign(&H, 32, 7) == 0)       // posix_memalign: 7
      std::free(keep(H));
    std::free(keep(std::aligned_alloc(64, 64))); // aligned_alloc: 64
  }
  std::printf("calls_per_iter=10 bytes_per_iter=354\n");
  return 0;
}
