// RUN: %check-tidy %s escape-frame-local-allocation %t -config="{CheckOptions: {escape-frame-local-allocation.RewriteNewDeleteArena: false}}" -- -std=c++17
// `T *p = new T(...); ... delete p;` becomes `T p_obj(...); T *p = &p_obj;`
// when the destructor still runs when it did: the delete ends the block, or
// the destructor is trivial. The arena form is off here, so the sites a
// stack object cannot express are refused (new-delete-arena.cpp has them
// with the arena form on, the default).
#include <cstdio>
#include <stdexcept>

struct Big {
  int A, B;
  Big(int A, int B) : A(A), B(B) {}
  ~Big() { std::printf("~Big(%d)\n", A); }
};
struct Pt {
  int X, Y;
};
struct Noisy {
  ~Noisy() { std::printf("~Noisy\n"); }
};

__attribute__((noinline)) int peekPt(const Pt *P) noexcept { return P->X; }
__attribute__((noinline)) int peekBig(const Big *P) noexcept { return P->B; }
__attribute__((noinline)) int mayThrow(int N) {
  if (N < 0)
    throw std::runtime_error("negative");
  return N;
}

int trivial(int N) {
  Pt *P = new Pt{N, 2};
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: new Pt{N, 2} does not escape: use a stack object: Pt P_obj{N, 2}; [escape-frame-local-allocation]
  // CHECK-FIXES: Pt P_obj{N, 2}; Pt *P = &P_obj;
  if (N > 100)
    return 0; // leaks in the original; harmless for a trivial destructor
  int R = peekPt(P) + P->Y;
  delete P;
  // CHECK-FIXES-NOT: delete P;
  return R;
}

int valueInit() {
  Pt *P = new Pt();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: new Pt() does not escape: use a stack object: Pt P_obj{};
  // CHECK-FIXES: Pt P_obj{}; Pt *P = &P_obj;
  int R = P->X + P->Y;
  delete P;
  return R;
}

int lastStatement(int N) {
  int R = 0;
  {
    Big *B = new Big(N, 3);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: new Big(N, 3) does not escape: use a stack object: Big B_obj(N, 3);
    // CHECK-FIXES: Big B_obj(N, 3); Big *B = &B_obj;
    R = peekBig(B) + B->A;
    delete B;
  }
  std::printf("after the block\n");
  return R;
}

int notLast(int N) {
  Big *B = new Big(N, 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: new Big(N, 4) does not escape, but is not rewritten: 'delete B' is followed by more than a return in its block and the destructor is not trivial
  int R = B->A;
  delete B;
  std::printf("after the delete\n");
  return R;
}

int throwsBetween(int N) {
  Big *B = new Big(N, 5);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: {{.*}} not rewritten: a call that may throw between 'new' and 'delete B' would change when the destructor runs
  int R = mayThrow(B->A);
  delete B;
  return R;
}

int earlyReturn(int N) {
  Big *B = new Big(N, 6);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: {{.*}} not rewritten: a return between 'new' and 'delete B'
  if (N > 100)
    return 0;
  int R = B->B;
  delete B;
  return R;
}

int laterLocal(int N) {
  Big *B = new Big(N, 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: {{.*}} not rewritten: a local declared after it with a destructor
  Noisy X;
  int R = B->B;
  delete B;
  return R;
}

int reassigned(int N) {
  Pt *P = new Pt{N, 8};
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: {{.*}} not rewritten: 'P' is modified or its address taken
  Pt *Q = P;
  P = Q;
  int R = P->X;
  delete P;
  return R;
}

int nestedDelete(int N, bool C) {
  Pt *P = new Pt{N, 9};
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: {{.*}} not rewritten: 'delete P' is not a statement of the block that declares it
  int R = P->X;
  if (C)
    delete P;
  return R;
}

int array(int N) {
  int *A = new int[4]{N, 1, 2, 3};
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: {{.*}} not rewritten: arrays are only rewritten over a frame arena (RewriteNewDeleteArena is off)
  int R = A[0] + A[3];
  delete[] A;
  return R;
}

int main() {
  int R = trivial(1) + valueInit() + lastStatement(2) + notLast(3) +
          throwsBetween(4) + reassigned(5) + nestedDelete(6, true) + array(7);
  std::printf("total %d\n", R);
  return 0;
}
