// Lambdas: captures by value and by reference, calls, std::function.
// RUN: %clangxx -std=c++20 %verify %m1 %s
#include <functional>

struct Obj { int v = 0; };
Obj *GO;
std::function<int()> GF;
void opaque(void *);

int l1() { Obj *o = new Obj; auto f = [o] { return o->v; }; int r = f(); delete o; return r; } // expected-remark {{new Obj does not escape}}
int l2() { Obj *o = new Obj; auto f = [&o] { return o->v; }; return f(); }                    // expected-remark {{new Obj does not escape}}
void l3() { Obj *o = new Obj; auto f = [o] { GO = o; }; f(); }                                 // expected-remark {{new Obj escapes to heap}}
void l4() { Obj *o = new Obj; auto f = [&o] { GO = o; }; f(); }                                // expected-remark {{new Obj escapes to heap}}
void l5() { Obj *o = new Obj; GF = [o] { return o->v; }; }                                     // expected-remark {{new Obj escapes to heap}}
void l6() { Obj *o = new Obj; auto f = [o] { return o->v; }; opaque(&f); }                     // expected-remark {{new Obj escapes to heap}}
int l7() { Obj *o = new Obj; return [o] { return o->v; }(); }                                  // expected-remark {{new Obj does not escape}}
void l8() { auto f = [] { return new Obj; }; GO = f(); }                                       // expected-remark {{new Obj escapes to heap}}
void l9() { auto f = [] { Obj *o = new Obj; int v = o->v; delete o; return v; }; f(); }        // expected-remark {{new Obj does not escape}}
int l10() { Obj *o = new Obj; int (*fp)(Obj *) = [](Obj *p) { return p->v; }; return fp(o); } // expected-remark {{new Obj escapes to heap}} expected-remark {{p does not escape}}
auto l11() { Obj *o = new Obj; return [o] { return o->v; }; }                                  // expected-remark {{new Obj escapes to heap}}
int l12() { Obj *o = new Obj; auto g = [o](int k) { return o->v + k; }; return g(1) + g(2); }  // expected-remark {{new Obj does not escape}}
void l13() { Obj *o = new Obj; auto f = [o]() mutable { o = nullptr; }; f(); delete o; }       // expected-remark {{new Obj does not escape}}
void l14() { Obj *o = new Obj; auto f = [=] { GO = o; }; f(); }                                // expected-remark {{new Obj escapes to heap}}
int l15() { Obj *o = new Obj; std::function<int()> f = [o] { return o->v; }; return f(); }     // expected-remark {{new Obj does not escape}}
struct Owner {
  Obj *o = nullptr;
  void run() { auto f = [this] { GO = o; }; f(); } // expected-remark {{leaking param content: this}}
};
void l16() { Owner *w = new Owner; w->o = new Obj; w->run(); } // expected-remark {{new Owner does not escape}} expected-remark {{new Obj escapes to heap}}
