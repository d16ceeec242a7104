// The callee keeps its pointer arguments in a local struct that it hands to
// another function by reference: LLVM's FunctionAttrs cannot show that the
// pointers are not captured (they are stored to memory), the AST summary
// can (the struct dies in the frame). With the front end's facts the pass
// moves both objects to the stack.
struct Pair {
  int *A;
  int *B;
};
__attribute__((noinline)) static int readPair(const Pair &P) {
  return *P.A + *P.B;
}
__attribute__((noinline)) int sum2(int *A, int *B) {
  Pair P{A, B};
  return readPair(P);
}
int useSum2() {
  int *X = new int(1);
  int *Y = new int(2);
  int R = sum2(X, Y);
  delete X;
  delete Y;
  return R;
}

// A member function that stores `this` in a local and reads through it.
struct Acc {
  int V = 0;
  __attribute__((noinline)) int twice();
};
struct Ref {
  Acc *Target;
};
__attribute__((noinline)) static int readRef(const Ref &R) {
  return R.Target->V;
}
int Acc::twice() {
  Ref R{this};
  return 2 * readRef(R);
}
int useAcc(int N) {
  Acc *A = new Acc;
  A->V = N;
  int R = A->twice();
  delete A;
  return R;
}

// Escapes on both sides.
int *G;
__attribute__((noinline)) void keep(int *P) { G = P; }
void useKeep() { keep(new int(3)); }
