// std::make_unique / make_shared run T's constructor with the arguments:
// what the constructor does with them (and with `this`) counts. A
// constructor that keeps its argument in a global makes it escape; one
// that stores it in the object keeps it in the object; one that registers
// `this` makes the object escape. The constructor is found in the library's
// instantiated body; when it cannot be, the call is unknown.
// RUN: %clangxx -std=c++20 %verify %m1 %s
// clang-format off
#include <any>
#include <memory>

int *G;
struct Keeper { // keeps its argument outside the object
  explicit Keeper(int *P) { G = P; } // expected-remark {{this does not escape}} expected-remark {{leaking param: P}}
};
struct Holder { // stores it in the object
  int *Q;
  explicit Holder(int *P) : Q(P) {} // expected-remark {{this does not escape}} expected-remark {{leaking param: P to *this level=0}}
  ~Holder() {} // expected-remark {{this does not escape}}
};
struct Registered;
Registered *Last;
struct Registered { // registers `this`
  int V;
  Registered(int X) : V(X) { Last = this; } // expected-remark {{leaking param: this}}
};

void k1() {
  int *X = new int(1); // expected-remark {{new int(1) escapes to heap}}
  auto U = std::make_unique<Keeper>(X); // expected-remark {{std::make_unique<Keeper>(...) does not escape}}
}
void k2() {
  int *X = new int(1); // expected-remark {{new int(1) escapes to heap}}
  auto S = std::make_shared<Keeper>(X); // expected-remark {{std::make_shared<Keeper>(...) does not escape}}
}
int h1() {
  int *X = new int(2); // expected-remark {{new int(2) does not escape}}
  auto U = std::make_unique<Holder>(X); // expected-remark {{std::make_unique<Holder>(...) does not escape}}
  int R = *U->Q;
  delete X;
  return R;
}
int h2() {
  int *X = new int(2); // expected-remark {{new int(2) does not escape}}
  auto S = std::make_shared<Holder>(X); // expected-remark {{std::make_shared<Holder>(...) does not escape}}
  int R = *S->Q;
  delete X;
  return R;
}
int r1() {
  auto U = std::make_unique<Registered>(3); // expected-remark {{std::make_unique<Registered>(...) escapes to heap}}
  return U->V;
}
int r2() {
  auto S = std::make_shared<Registered>(3); // expected-remark {{std::make_shared<Registered>(...) escapes to heap}}
  return S->V;
}

// std::any::emplace<T> constructs a T too: a constructor that keeps its
// argument makes the model refuse (unknown call: the argument leaks).
void a1(int *P) { std::any A; A.emplace<Keeper>(P); } // expected-remark {{leaking param: P}}
void a2(int *P) { std::any A; A.emplace<int *>(P); }  // expected-remark {{P does not escape}}
