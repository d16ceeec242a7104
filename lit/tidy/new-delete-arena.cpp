// RUN: %check-tidy %s escape-frame-local-allocation %t -- -std=c++17
// RUN: env ASAN_OPTIONS=detect_leaks=0 %check-tidy %s escape-frame-local-allocation %t.asan -- -std=c++17 -fsanitize=address
// The arena form of the new/delete rewrite: objects too large for the stack,
// arrays (variable or large constant size), and objects whose destructor
// timing a stack object cannot keep (a delete on some paths only, an early
// return, a throw in between). The pointer stays; `new T(args)` becomes
// `new (escape::ArenaNew(escape_arena)) T(args)` (same initialisation),
// `new T[n]` becomes `escape_arena.newArray<T>(n)`, each `delete p` becomes
// `escape_arena.destroy(p)`: the destructor runs exactly where the delete
// did, and not at all on paths where the original leaked. The second run
// compiles both programs with AddressSanitizer (a `delete` left on arena
// memory, a double destroy or a use after destroy fails it); leak detection
// is off because the original program leaks on purpose.
#include <cstdio>
#include <stdexcept>

struct Noisy {
  int Id;
  Noisy() : Id(0) {}
  explicit Noisy(int I) : Id(I) { std::printf("Noisy(%d)\n", Id); }
  ~Noisy() { std::printf("~Noisy(%d)\n", Id); }
};
struct Huge {
  int Id;
  char Pad[4000];
  explicit Huge(int I) : Id(I) { Pad[0] = 1; }
  ~Huge() { std::printf("~Huge(%d)\n", Id); }
};
struct Killer {
  int V = 1;
  void kill() { delete this; }
};
__attribute__((noinline)) void consume(Noisy *P) { delete P; }
__attribute__((noinline)) long sum(const int *A, int N) noexcept {
  long S = 0;
  for (int I = 0; I < N; ++I) S += A[I];
  return S;
}

int huge(int N) {
  // CHECK-FIXES: {{^}}  escape::FrameArena<1024> escape_arena;{{$}}
  Huge *H = new Huge(N);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: new Huge(N) does not escape: allocate it in the frame arena 'escape_arena'
  // CHECK-FIXES: Huge *H = new (escape::ArenaNew(escape_arena)) Huge(N);
  int R = H->Id + H->Pad[0];
  delete H;
  // CHECK-FIXES: escape_arena.destroy(H);
  std::printf("after the delete\n");
  return R;
}

long varArray(int N) {
  int *A = new int[N];
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: new int[N] does not escape: allocate it in the frame arena 'escape_arena'
  // CHECK-FIXES: int *A = escape_arena.newArray<int>(N);
  for (int I = 0; I < N; ++I)
    A[I] = I * I;
  long R = sum(A, N);
  delete[] A;
  return R;
}

double valueArray(int N) {
  double *D = new double[N]();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: new double[N]() does not escape: allocate it in the frame arena 'escape_arena'
  // CHECK-FIXES: double *D = escape_arena.newArrayValueInit<double>(N);
  D[N - 1] += 2.5;
  double R = D[0] + D[N - 1];
  delete[] D;
  return R;
}

int objects(int N) {
  Noisy *Ns = new Noisy[N];
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: new Noisy[N] does not escape: allocate it in the frame arena 'escape_arena'
  // CHECK-FIXES: Noisy *Ns = escape_arena.newArray<Noisy>(N);
  for (int I = 0; I < N; ++I)
    Ns[I].Id = I + 10;
  int R = Ns[N - 1].Id;
  delete[] Ns;
  // CHECK-FIXES: escape_arena.destroyArray(Ns);
  std::printf("objects done\n");
  return R;
}

int bigConstant() {
  char *Buf = new char[8192];
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: new char[8192] does not escape: allocate it in the frame arena 'escape_arena'
  // CHECK-FIXES: char *Buf = escape_arena.newArray<char>(8192);
  Buf[0] = 'a';
  Buf[8191] = 'z';
  int R = Buf[0] + Buf[8191];
  delete[] Buf;
  return R;
}

int sometimes(int N, bool Del) {
  Noisy *P = new Noisy(N);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: new Noisy(N) does not escape: allocate it in the frame arena 'escape_arena' (not a stack object: 'delete P' is not a statement of the block that declares it)
  // CHECK-FIXES: Noisy *P = new (escape::ArenaNew(escape_arena)) Noisy(N);
  int R = P->Id;
  if (Del)
    delete P;
  // CHECK-FIXES: escape_arena.destroy(P);
  return R;
}

int early(int N) {
  Noisy *P = new Noisy(N);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: new Noisy(N) does not escape: allocate it in the frame arena 'escape_arena' (not a stack object: 'delete P' is followed by more than a return in its block and the destructor is not trivial)
  // CHECK-FIXES: Noisy *P = new (escape::ArenaNew(escape_arena)) Noisy(N);
  if (N > 100)
    return -1;
  int R = P->Id;
  delete P;
  std::printf("early done\n");
  return R;
}

__attribute__((noinline)) int check(int V) {
  if (V < 0)
    throw std::runtime_error("negative");
  return V;
}

int throwsBetween(int N) {
  Noisy *P = new Noisy(N);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: new Noisy(N) does not escape: allocate it in the frame arena 'escape_arena' (not a stack object: a call that may throw between 'new' and 'delete P' would change when the destructor runs)
  // CHECK-FIXES: Noisy *P = new (escape::ArenaNew(escape_arena)) Noisy(N);
  int R = check(P->Id);
  delete P;
  return R;
}

long loop(int N) {
  long T = 0;
  for (int I = 1; I <= N; ++I) {
    int *A = new int[I];
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: new int[I] does not escape: allocate it in the frame arena 'escape_arena'
  // CHECK-FIXES: int *A = escape_arena.newArray<int>(I);
    for (int J = 0; J < I; ++J)
      A[J] = J;
    T += sum(A, I);
    delete[] A;
  }
  return T;
}

int passed(int N, bool C) {
  Noisy *P = new Noisy(N);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: new Noisy(N) does not escape, but is not rewritten: 'P' is passed to 'consume', which may delete it (line [[@LINE+3]])
  int R = P->Id;
  if (C)
    consume(P);
  else
    delete P;
  return R;
}

int copied(int N) {
  int *A = new int[N];
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: new int[N] does not escape, but is not rewritten: 'A' is copied (line [[@LINE+1]]); a copy could be deleted
  int *B = A;
  B[0] = 7;
  int R = A[0];
  delete[] A;
  return R;
}

int killer() {
  Killer *K = new Killer;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: new Killer does not escape, but is not rewritten: 'K' calls 'kill', which may delete it (line [[@LINE+3]])
  int R = K->V;
  if (R > 5)
    K->kill();
  else
    delete K;
  return R;
}

int inLoop(int N) {
  int *A = new int[N];
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: new int[N] does not escape, but is not rewritten: 'delete[] A' is inside a loop that does not contain its allocation (line [[@LINE+6]])
  int R = 0;
  for (int I = 0; I < N; ++I) {
    A[I] = I;
    if (I == N - 1) {
      R = A[I];
      delete[] A;
    }
  }
  return R;
}

int braced(int N) {
  int *A = new int[N]{1, 2};
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: new int[N]{1, 2} does not escape, but is not rewritten: the array has a braced initializer
  int R = A[0] + A[1];
  delete[] A;
  return R;
}

int inLambda(int N) {
  Noisy *P = new Noisy(N);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: new Noisy(N) does not escape, but is not rewritten: 'delete P' is inside a lambda (line [[@LINE+1]])
  auto Drop = [&] { delete P; };
  int R = P->Id;
  Drop();
  return R;
}

int main() {
  std::printf("%d\n", huge(1));
  std::printf("%ld\n", varArray(100));
  std::printf("%g\n", valueArray(10));
  std::printf("%d\n", objects(3));
  std::printf("%d\n", bigConstant());
  std::printf("%d %d\n", sometimes(2, true), sometimes(3, false));
  std::printf("%d %d\n", early(4), early(400));
  try {
    std::printf("%d\n", throwsBetween(5));
    std::printf("%d\n", throwsBetween(-6));
  } catch (const std::exception &E) {
    std::printf("caught %s\n", E.what());
  }
  std::printf("%ld\n", loop(50));
  std::printf("%d %d\n", passed(7, true), passed(8, false));
  std::printf("%d %d %d %d %d\n", copied(3), killer(), inLoop(4), braced(3), inLambda(9));
  return 0;
}
