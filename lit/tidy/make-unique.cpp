// RUN: %check-tidy %s escape-frame-local-allocation %t -- -std=c++17
// make_unique whose object dies in the frame and whose owner is only
// dereferenced becomes a stack object; every other use of the unique_ptr
// keeps it (with the reason).
#include <cstdio>
#include <memory>
#include <utility>

struct Big {
  int A, B;
  Big(int A, int B) : A(A), B(B) {}
  ~Big() { std::printf("~Big(%d)\n", A); }
  int sum() const { return A + B; }
};
struct Agg {
  int X, Y;
};

__attribute__((noinline)) int peek(const Big *P) { return P->A; }
__attribute__((noinline)) int byRef(const Big &R) { return R.B; }

int deref(int N) {
  auto P = std::make_unique<Big>(N, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: std::make_unique<Big>(...) does not escape: use a stack object: Big P(N, 2) [escape-frame-local-allocation]
  // CHECK-FIXES: Big P(N, 2);
  int R = P->sum() + (*P).A + peek(P.get()) + byRef(*P);
  // CHECK-FIXES: int R = P.sum() + (P).A + peek(&P) + byRef(P);
  std::printf("deref %d\n", R);
  return R;
}

int valueInit() {
  std::unique_ptr<Agg> Q = std::make_unique<Agg>();
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: std::make_unique<Agg>() does not escape: use a stack object: Agg Q{}
  // CHECK-FIXES: Agg Q{};
  return Q->X + Q->Y; // value-initialised: zeros
  // CHECK-FIXES: return Q.X + Q.Y;
}

int getMember() {
  auto P = std::make_unique<Big>(7, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: std::make_unique<Big>(...) does not escape: use a stack object
  return P.get()->B;
  // CHECK-FIXES: return (&P)->B;
}

int moved(int N) {
  auto P = std::make_unique<Big>(N, 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: std::make_unique<Big>(...) does not escape, but is not rewritten: 'P' is moved (line [[@LINE+1]])
  auto Q = std::move(P);
  // CHECK-FIXES: auto P = std::make_unique<Big>(N, 3);
  return Q->sum();
}

int reset(int N) {
  auto P = std::make_unique<Big>(N, 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: {{.*}} not rewritten: it calls 'P.reset()'
  int R = P->sum();
  P.reset();
  return R;
}

int nullTest(int N) {
  auto P = std::make_unique<Big>(N, 5);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: {{.*}} not rewritten: 'P' is tested for null (line [[@LINE+1]])
  return P ? P->A : 0;
}

int passedAsOwner(std::unique_ptr<Big> &Owner) { return Owner->A; }
int passed(int N) {
  auto P = std::make_unique<Big>(N, 6);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: {{.*}} not rewritten: 'P' is used as a std::unique_ptr
  return passedAsOwner(P);
}

int inDecltype(int N) {
  auto P = std::make_unique<Big>(N, 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: {{.*}} not rewritten: 'P' is used as a std::unique_ptr
  decltype(*P) R = *P;
  return R.A;
}

// Escapes: no warning at all.
Big *Keep;
int escapes(int N) {
  auto P = std::make_unique<Big>(N, 8);
  Keep = P.get();
  return Keep->A;
}

// In a loop: one stack object per iteration, destroyed at its end.
int loop() {
  int S = 0;
  for (int I = 0; I < 3; ++I) {
    auto P = std::make_unique<Big>(I, I);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: std::make_unique<Big>(...) does not escape: use a stack object
    S += P->sum();
    // CHECK-FIXES: S += P.sum();
  }
  return S;
}

int main() {
  int R = deref(1) + valueInit() + getMember() + moved(2) + reset(3) +
          nullTest(4) + passed(5) + inDecltype(6) + escapes(7) + loop();
  std::printf("total %d\n", R);
  return 0;
}
