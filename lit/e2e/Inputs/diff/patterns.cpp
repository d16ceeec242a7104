// Allocation patterns, convertible and not. Prints one checksum per pattern;
// the output must not change with the heap-to-stack pass, and AddressSanitizer
// (with detect_stack_use_after_return=1) must stay silent.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

struct Big {
  int A[64];
  explicit Big(int X) {
    for (int I = 0; I < 64; ++I)
      A[I] = X * I;
  }
};
struct Node {
  Node *Next;
  long V;
};
struct Throws {
  int A[16];
  explicit Throws(int X) {
    if (X % 7 == 3)
      throw std::runtime_error("ctor");
    A[0] = X;
  }
};

__attribute__((noinline)) long sumRef(const Big &B) {
  long T = 0;
  for (int V : B.A)
    T += V;
  return T;
}
static Big *Kept;
__attribute__((noinline)) void keep(Big *B) { Kept = B; }
__attribute__((noinline)) void destroy(Big *B) { delete B; }
__attribute__((noinline)) Big *factory(int X) { return new Big(X); }

long makeUniqueLoop(int N) { // converted: dies in each iteration
  long T = 0;
  for (int I = 0; I < N; ++I) {
    auto P = std::make_unique<Big>(I);
    T += sumRef(*P);
  }
  return T;
}
long newDeleteLoop(int N) { // converted
  long T = 0;
  for (int I = 0; I < N; ++I) {
    Big *P = new Big(I);
    P->A[I % 64] += 1;
    T += sumRef(*P);
    delete P;
  }
  return T;
}
long escapesToGlobal(int N) { // must stay on the heap
  long T = 0;
  for (int I = 0; I < N; ++I) {
    Big *P = new Big(I);
    delete Kept;
    keep(P);
    T += sumRef(*Kept);
  }
  delete Kept;
  Kept = nullptr;
  return T;
}
long freedInCallee(int N) { // must stay on the heap
  long T = 0;
  for (int I = 0; I < N; ++I) {
    Big *P = new Big(I);
    T += sumRef(*P);
    destroy(P);
  }
  return T;
}
long fromFactory(int N) { // allocated in a callee: not ours to move
  long T = 0;
  for (int I = 0; I < N; ++I) {
    Big *P = factory(I);
    T += sumRef(*P);
    delete P;
  }
  return T;
}
long linkedList(int N) { // live across iterations: must stay on the heap
  Node *Head = nullptr;
  for (int I = 0; I < N; ++I)
    Head = new Node{Head, I};
  long T = 0;
  while (Head) {
    Node *Next = Head->Next;
    T += Head->V;
    delete Head;
    Head = Next;
  }
  return T;
}
long vectorTemps(int N) {
  long T = 0;
  for (int I = 0; I < N; ++I) {
    std::vector<int> V(64, I);
    V[I % 64] = 3;
    for (int X : V)
      T += X;
  }
  return T;
}
long stringTemps(int N) {
  long T = 0;
  for (int I = 0; I < N; ++I) {
    std::string S(40, 'a' + I % 26);
    S += std::to_string(I);
    T += S.size() + S[I % S.size()];
  }
  return T;
}
long variableSize(int N) {
  long T = 0;
  for (int I = 1; I < N; ++I) {
    int *P = new int[I % 100 + 1];
    for (int J = 0; J <= I % 100; ++J)
      P[J] = J;
    T += P[I % 100];
    delete[] P;
  }
  return T;
}
long exceptions(int N) {
  long T = 0;
  for (int I = 0; I < N; ++I) {
    try {
      auto P = std::make_unique<Throws>(I);
      if (I % 5 == 1)
        throw std::runtime_error("body");
      T += P->A[0];
    } catch (const std::exception &E) {
      T += std::strlen(E.what());
    }
  }
  return T;
}
long mallocFree(int N) {
  long T = 0;
  for (int I = 0; I < N; ++I) {
    int *P = static_cast<int *>(std::calloc(32, sizeof(int)));
    P[I % 32] = I;
    for (int J = 0; J < 32; ++J)
      T += P[J];
    std::free(P);
  }
  return T;
}
long sharedPtr(int N) {
  long T = 0;
  for (int I = 0; I < N; ++I) {
    auto P = std::make_shared<Big>(I);
    auto Q = P;
    T += sumRef(*Q) + P.use_count();
  }
  return T;
}
long toThread(int N) { // sent to another thread
  long T = 0;
  for (int I = 0; I < N; ++I) {
    Big *P = new Big(I);
    long R = 0;
    std::thread Th([P, &R] { R = sumRef(*P); });
    Th.join();
    T += R;
    delete P;
  }
  return T;
}
long recursive(int D) {
  if (D == 0)
    return 1;
  auto P = std::make_unique<Big>(D);
  return sumRef(*P) % 1000 + recursive(D - 1);
}
long conditionalFree(int N) { // freed on some paths only
  long T = 0;
  for (int I = 0; I < N; ++I) {
    Big *P = new Big(I);
    T += sumRef(*P);
    if (I % 3 == 0)
      delete P;
    else {
      delete Kept;
      Kept = P;
    }
  }
  delete Kept;
  Kept = nullptr;
  return T;
}

int main(int Argc, char **) {
  int N = 200 * Argc;
  std::printf("makeUniqueLoop %ld\n", makeUniqueLoop(N));
  std::printf("newDeleteLoop %ld\n", newDeleteLoop(N));
  std::printf("escapesToGlobal %ld\n", escapesToGlobal(N));
  std::printf("freedInCallee %ld\n", freedInCallee(N));
  std::printf("fromFactory %ld\n", fromFactory(N));
  std::printf("linkedList %ld\n", linkedList(N));
  std::printf("vectorTemps %ld\n", vectorTemps(N));
  std::printf("stringTemps %ld\n", stringTemps(N));
  std::printf("variableSize %ld\n", variableSize(N));
  std::printf("exceptions %ld\n", exceptions(N));
  std::printf("mallocFree %ld\n", mallocFree(N));
  std::printf("sharedPtr %ld\n", sharedPtr(N));
  std::printf("toThread %ld\n", toThread(8));
  std::printf("recursive %ld\n", recursive(50));
  std::printf("conditionalFree %ld\n", conditionalFree(N));
  return 0;
}
