// std::function (Models.cpp, modelFunction): the function object holds the
// callable's state; the callable's operator() is applied when it is stored
// (with unknown arguments) and its result is what invocations return. An
// invocation leaks its own arguments (the callable is not known there).
// Copies and moves make the destination refer to the source.
// RUN: %clangxx -std=c++20 %verify %m1 %s
// clang-format off
#include <functional>
#include <utility>

struct Obj { int v = 0; };
Obj *GO;
std::function<int()> GF;
void opaque(void *);
void takeFn(const std::function<int()> &);

// Converted: the function object is a local, called locally.
int f1() { Obj *o = new Obj; std::function<int()> f = [o] { return o->v; }; int r = f(); delete o; return r; }   // expected-remark {{new Obj does not escape}}
int f2() { Obj *o = new Obj; std::function<int()> f = [&o] { return o->v; }; int r = f(); delete o; return r; }  // expected-remark {{new Obj does not escape}}
int f3() { Obj *o = new Obj; std::function<int()> f; f = [o] { return o->v; }; int r = f(); delete o; return r; } // expected-remark {{new Obj does not escape}}
int f4() { Obj *o = new Obj; std::function<int()> f = [o] { return o->v; }; auto g = std::move(f); int r = g(); delete o; return r; } // expected-remark {{new Obj does not escape}}
struct Functor { Obj *o; int operator()() const { return o->v; } }; // expected-remark {{this does not escape}}
int f5() { Obj *o = new Obj; std::function<int()> f = Functor{o}; int r = f(); delete o; return r; } // expected-remark {{new Obj does not escape}}

// Refused: the function object (so what it captured) leaves the frame.
void r1() { Obj *o = new Obj; std::function<int()> f = [o] { return o->v; }; GF = f; }                      // expected-remark {{new Obj escapes to heap}}
std::function<int()> r2() { Obj *o = new Obj; std::function<int()> f = [o] { return o->v; }; return f; }   // expected-remark {{new Obj escapes to heap}}
void r3() { Obj *o = new Obj; std::function<int()> f = [o] { return o->v; }; takeFn(f); }                   // expected-remark {{new Obj escapes to heap}}
void r4() { Obj *o = new Obj; std::function<int()> f = [o] { return o->v; }; GF = std::move(f); }           // expected-remark {{new Obj escapes to heap}}
void r5() { Obj *o = new Obj; auto *h = new std::function<int()>([o] { return o->v; }); opaque(h); }        // expected-remark {{new Obj escapes to heap}} expected-remark {{new std::function<int ()>(...) escapes to heap}}
// Refused: the callable itself leaks what it captured, or returns it.
void r6() { Obj *o = new Obj; std::function<void()> f = [o] { GO = o; }; f(); }                            // expected-remark {{new Obj escapes to heap}}
Obj *r7() { Obj *o = new Obj; std::function<Obj *()> f = [o] { return o; }; return f(); }                  // expected-remark {{new Obj escapes to heap}}
struct Leaky { Obj *o; int operator()() const { GO = o; return 0; } }; // expected-remark {{leaking param content: this}}
void r8() { Obj *o = new Obj; std::function<int()> f = Leaky{o}; }                                          // expected-remark {{new Obj escapes to heap}}
// Refused: an invocation's arguments leak (the callable is unknown there).
int r9() { Obj *o = new Obj; std::function<int(Obj *)> f = [](Obj *p) { return p->v; }; int r = f(o); delete o; return r; } // expected-remark {{new Obj escapes to heap}} expected-remark {{p does not escape}}
// Refused: a generic lambda's operator() is a template: unknown.
void r10() { Obj *o = new Obj; std::function<int()> f = [o](auto...) { return o->v; }; f(); }              // expected-remark {{new Obj escapes to heap}}
