// C++ constructs that make objects escape, and ones that do not.
// RUN: %clangxx -std=c++20 %verify %m1 %s
#include <coroutine>
#include <cstring>
#include <cstdint>
#include <new>
#include <thread>
#include <future>
#include <utility>

struct Obj { Obj *next = nullptr; int v = 0; };
Obj *GO;
uintptr_t GI;

void t1() { Obj *o = new Obj; throw o; }                                  // expected-remark {{new Obj escapes to heap}}
void t2() { Obj *o = new Obj; throw o->v; }                               // expected-remark {{new Obj does not escape}}
void t3() { Obj *o = new Obj; try { throw 1; } catch (int) { delete o; } } // expected-remark {{new Obj does not escape}}
void t4() { try { throw 1; } catch (Obj *e) { e->next = new Obj; } }      // expected-remark {{new Obj escapes to heap}}
void i1() { Obj *o = new Obj; GI = reinterpret_cast<uintptr_t>(o); }       // expected-remark {{new Obj escapes to heap}}
void i2() { Obj *o = new Obj; uintptr_t u = (uintptr_t)o; (void)u; }       // expected-remark {{new Obj escapes to heap}}
void i3() { Obj *o = reinterpret_cast<Obj *>(GI); o->next = new Obj; }     // expected-remark {{new Obj escapes to heap}}
void m1() { Obj *o = new Obj; Obj *a[1]; std::memcpy(a, &o, sizeof o); GO = a[0]; } // expected-remark {{new Obj escapes to heap}}
void m2() { Obj *o = new Obj; Obj *a[1]; std::memcpy(a, &o, sizeof o); a[0]->v = 1; } // expected-remark {{new Obj does not escape}}
void m3() { Obj *o = new Obj; Obj copy; std::memcpy(&copy, o, sizeof copy); delete o; } // expected-remark {{new Obj does not escape}}
// A source whose type holds no pointers has none to turn into bits (reading
// past its object is undefined); one holding a pointer, or read as
// characters, may.
struct PtrPair { Obj *o; long n; };
void m4(const int *src) { long buf[2]; std::memcpy(buf, src, 16); }           // expected-remark {{src does not escape}}
void m5(const PtrPair *src) { long buf[2]; std::memcpy(buf, src, 16); }       // expected-remark {{leaking param content: src}}
void m6(const unsigned char *src) { long buf[2]; std::memcpy(buf, src, 16); } // expected-remark {{leaking param content: src}}
void m4() { Obj *o = new Obj; std::memset(o, 0, sizeof *o); delete o; }   // expected-remark {{new Obj does not escape}}
void th1() { Obj *o = new Obj; std::thread t([o] { o->v++; }); t.join(); } // expected-remark {{new Obj escapes to heap}}
void th2() { Obj *o = new Obj; std::thread t([](Obj *p) { p->v++; }, o); t.join(); } // expected-remark {{new Obj escapes to heap}} expected-remark {{p does not escape}}
int th3() { Obj *o = new Obj; auto f = std::async([o] { return o->v; }); return f.get(); } // expected-remark {{new Obj escapes to heap}}
void p1() { alignas(Obj) unsigned char buf[sizeof(Obj)]; Obj *o = new (buf) Obj; o->next = new Obj; } // expected-remark {{new Obj does not escape}}
void p2() { alignas(Obj) unsigned char buf[sizeof(Obj)]; Obj *o = new (buf) Obj; o->next = new Obj; GO = o; } // expected-remark {{new Obj escapes to heap}}
void r1() { Obj *o = new Obj; Obj &r = *o; GO = &r; }                       // expected-remark {{new Obj escapes to heap}}
void r2() { Obj *o = new Obj; Obj *&r = o; GO = r; }                        // expected-remark {{new Obj escapes to heap}}
void r3() { Obj *o = new Obj; Obj &r = *o; r.v = 2; delete o; }            // expected-remark {{new Obj does not escape}}
Obj &r4() { Obj *o = new Obj; return *o; }                                  // expected-remark {{new Obj escapes to heap}}
void sb1() { auto [a, b] = std::pair<Obj *, int>(new Obj, 1); GO = a; (void)b; } // expected-remark {{new Obj escapes to heap}}
void sb2() { auto [a, b] = std::pair<Obj *, int>(new Obj, 1); a->v = b; delete a; } // expected-remark {{new Obj does not escape}}
struct P2 { Obj *x; Obj *y; };
void sb3() { P2 p{new Obj, nullptr}; auto &[x, y] = p; GO = x; (void)y; }   // expected-remark {{new Obj escapes to heap}}
void ar1() { Obj *arr[4] = {}; arr[1] = new Obj; arr[1]->v = 2; }          // expected-remark {{new Obj does not escape}}
void ar2() { Obj *arr[4] = {}; arr[1] = new Obj; GO = arr[3]; }            // expected-remark {{new Obj escapes to heap}}
void gt1() { Obj *keep = nullptr; again: Obj *o = new Obj; if (!keep) { keep = o; goto again; } } // expected-remark {{new Obj does not escape (live across loop iterations: frame arena)}}
void asm1() { Obj *o = new Obj; asm volatile("" : : "r"(o)); }             // expected-remark {{new Obj escapes to heap}}
void cast1() { Obj *o = new Obj; void *v = static_cast<void *>(o); GO = static_cast<Obj *>(v); } // expected-remark {{new Obj escapes to heap}}
void cast2() { Obj *o = new Obj; const Obj *c = o; int k = c->v; (void)k; delete o; } // expected-remark {{new Obj does not escape}}
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }                                  // expected-remark {{this does not escape}}
    std::suspend_never initial_suspend() { return {}; }                      // expected-remark {{this does not escape}}
    std::suspend_never final_suspend() noexcept { return {}; }               // expected-remark {{this does not escape}}
    void return_void() {}                                                    // expected-remark {{this does not escape}}
    void unhandled_exception() {}                                            // expected-remark {{this does not escape}}
  };
};
Task co1() { Obj *o = new Obj; co_await std::suspend_never{}; delete o; }   // expected-remark {{new Obj escapes to heap}}
#include <cstdio>
void lc1() { char *b = new char[64]; std::snprintf(b, 64, "%d", 1); std::puts(b); delete[] b; } // expected-remark {{new char[64] does not escape}}
char *GC;
void lc2() { char *b = new char[64]; std::strcpy(b, "x"); GC = std::strchr(b, 'x'); } // expected-remark {{new char[64] escapes to heap}}
void lc3() { char *b = new char[64]; char *e = std::strcpy(b, "x"); e[0] = 'y'; delete[] b; } // expected-remark {{new char[64] does not escape}}

// An explicit call of a trivial destructor runs no code; a destructor
// defined elsewhere may keep `this` (twin).
struct TrivialDtor { int v = 0; };
void dtor1() { TrivialDtor *t = new TrivialDtor; t->~TrivialDtor(); ::operator delete(t); } // expected-remark {{new TrivialDtor does not escape}}
struct OutOfLineDtor { ~OutOfLineDtor(); };
void dtor2() { OutOfLineDtor *o = new OutOfLineDtor; o->~OutOfLineDtor(); ::operator delete(o); } // expected-remark {{new OutOfLineDtor escapes to heap}}
