// The program of "Escape analysis in Go" (shared/seed), in C++.
//
// Go decides for you: `&Big{}` returned from a function escapes to the heap,
// `var b Big` used and discarded stays on the stack. C++ programmers often
// write `std::make_unique` or `new` where the object never outlives the
// function; clang-escape finds those and (with its IR pass) moves them to
// the stack.
//
//   clang++-22 -std=c++20 -O2 -fplugin=build/lib/ClangEscape.so \
//       -fplugin-arg-escape-m examples/seed/escape.cpp
#include <cstdio>
#include <memory>
#include <vector>

// Heap allocations so far, like Go's runtime.MemStats.mallocs(): counted by
// bench/alloc_count.c when it is preloaded (scripts/demo.sh does that).
extern "C" unsigned long long escape_heap_allocations() __attribute__((weak));
static unsigned long long mallocs() {
  return escape_heap_allocations ? escape_heap_allocations() : 0;
}

struct Big {
  int data[64];
};

// 1. Returning a pointer to a new object: it outlives the frame.
Big *makePtr() { return new Big{}; }

// 2. Created, used, discarded: it never outlives the frame.
int sumLocal() {
  auto b = std::make_unique<Big>();
  for (int i = 0; i < 64; ++i)
    b->data[i] = i;
  int s = 0;
  for (int v : b->data)
    s += v;
  return s;
}

// 3. Passed by reference to a function that only reads it.
int sumOf(const Big &b) {
  int s = 0;
  for (int v : b.data)
    s += v;
  return s;
}
int sumPassed() {
  Big *b = new Big{};
  for (int i = 0; i < 64; ++i)
    b->data[i] = 2 * i;
  int s = sumOf(*b);
  delete b;
  return s;
}

int main() {
  // Stack path: 100k calls, no heap growth once the objects are moved.
  unsigned long long A = mallocs();
  long Total = 0;
  for (int i = 0; i < 100000; ++i)
    Total += sumLocal() + sumPassed();
  unsigned long long B = mallocs();
  std::printf("sumLocal+sumPassed: %llu heap objects\n", B - A);

  // Heap path: each makePtr allocates, and must.
  std::vector<std::unique_ptr<Big>> Keep;
  Keep.reserve(100000);
  unsigned long long C = mallocs();
  for (int i = 0; i < 100000; ++i)
    Keep.emplace_back(makePtr());
  unsigned long long D = mallocs();
  std::printf("makePtr: %llu heap objects (escaped)\n", D - C);
  std::printf("checksum %ld %zu\n", Total, Keep.size());
  if (!escape_heap_allocations)
    std::printf("(run with LD_PRELOAD=alloc_count.so to count allocations)\n");
  return 0;
}
