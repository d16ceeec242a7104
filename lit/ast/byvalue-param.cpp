// A by-value class parameter with a non-trivial destructor lives in the
// caller's frame (Itanium C++ ABI: the caller destroys it after the call).
// What the callee stores into it outlives the callee's frame; what the
// caller passed in does not escape by this.
// RUN: %clangxx -std=c++17 %verify %m1 %s
#include <memory>

struct T { int v = 1; };
struct S { int *p; ~S(); };
struct Trivial { int *p; };

void reassign(std::unique_ptr<T> q) { // expected-remark {{q does not escape}}
  q = std::make_unique<T>();          // expected-remark {{std::make_unique<T>() escapes to heap}}
}
int local(std::unique_ptr<T> q) {     // expected-remark {{q does not escape}}
  auto r = std::make_unique<T>();     // expected-remark {{std::make_unique<T>() does not escape}}
  return r->v + q->v;
}
void storeField(S s) {                // expected-remark {{leaking param: s}}
  int *x = new int(3);                // expected-remark {{new int(3) escapes to heap}}
  s.p = x;
}
int trivial(Trivial t) {              // expected-remark {{t does not escape}}
  int *x = new int(3); // trivial destructor: nothing reads t after the call
                                      // expected-remark@-1 {{new int(3) does not escape}}
  t.p = x;
  int r = *t.p;
  delete x;
  return r;
}
