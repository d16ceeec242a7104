// bench-flags: -std=c++17
// std::make_shared<Node>() per iteration, copied into a local shared_ptr and
// read through a non-inlined function; every owner dies in the iteration.
// The control block and the object are one allocation; reference counting is
// atomic unless the program is single-threaded (libstdc++ checks at run
// time), so this also measures what clang-escape leaves in place.
#include <cstdio>
#include <memory>

struct Node {
  long long A, B;
  int Tag[16];
  Node(long long X, long long Y) : A(X), B(Y), Tag{} {
    for (int I = 0; I < 16; ++I)
      Tag[I] = static_cast<int>((X + I) & 0xff);
  }
};

#if defined(__clang__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE __attribute__((noipa))
#endif

NOINLINE long long score(const Node &N) {
  long long S = N.A * 3 - N.B;
  for (int I = 0; I < 16; ++I)
    S += N.Tag[I];
  return S;
}

int main() {
  long long Total = 0;
  for (int I = 0; I < 15000000; ++I) {
    std::shared_ptr<Node> P = std::make_shared<Node>(I, I / 3);
    std::shared_ptr<Node> Q = P;
    Total += score(*Q) + Q.use_count();
  }
  std::printf("total=%lld\n", Total);
  return 0;
}
