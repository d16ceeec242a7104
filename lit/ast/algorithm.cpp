// <algorithm> and <numeric> calls (Models.cpp, modelAlgorithm): element
// values move between the iterator ranges (copy and transform write into
// the output range), the callable's operator() is applied to the elements,
// and the result is one of the iterators, the output iterator, the callable
// (for_each) or the accumulated value. Function pointers, generic lambdas,
// other iterators (back_inserter) and class elements compared by their own
// operators stay unknown.
// RUN: %clangxx -std=c++20 %verify %m1 %s
// clang-format off
#include <algorithm>
#include <iterator>
#include <numeric>
#include <vector>

struct Obj { int v = 0; };
struct Key { int k; bool operator<(const Key &o) const; }; // user operator<: unknown code
Obj *GO;
std::vector<Obj *> GV;
void opaque(void *);

// Converted: the elements stay in frame-local ranges, the callables keep nothing.
int c1() { Obj *o = new Obj; Obj *arr[2] = {o, o}; auto it = std::find(arr, arr + 2, o); int r = (*it)->v; delete o; return r; }                      // expected-remark {{new Obj does not escape}}
int c2() { Obj *o = new Obj; std::vector<Obj *> v{o}; int r = std::count_if(v.begin(), v.end(), [](Obj *p) { return p->v > 0; }); delete o; return r; } // expected-remark {{new Obj does not escape}} expected-remark {{p does not escape}}
int c3() { Obj *o = new Obj; std::vector<Obj *> v{o}, w(1); std::copy(v.begin(), v.end(), w.begin()); int r = w[0]->v; delete o; return r; }          // expected-remark {{new Obj does not escape}}
int c4() { Obj *o = new Obj; std::vector<Obj *> v{o, o}; std::sort(v.begin(), v.end(), [](Obj *a, Obj *b) { return a->v < b->v; }); int r = v[0]->v; delete o; return r; } // expected-remark {{new Obj does not escape}} expected-remark {{a does not escape}} expected-remark {{b does not escape}}
int c5() { Obj *o = new Obj; std::vector<Obj *> v{o}; int r = std::accumulate(v.begin(), v.end(), 0, [](int s, Obj *p) { return s + p->v; }); delete o; return r; } // expected-remark {{new Obj does not escape}} expected-remark {{p does not escape}}
bool c6() { Obj *o = new Obj; std::vector<Obj *> v{o}; bool r = std::any_of(v.begin(), v.end(), [](const Obj *p) { return p->v; }); delete o; return r; } // expected-remark {{new Obj does not escape}} expected-remark {{p does not escape}}
int c7() { Obj *o = new Obj; std::vector<Obj *> v{o}, w(1); std::transform(v.begin(), v.end(), w.begin(), [](Obj *p) { return p; }); int r = w[0]->v; delete o; return r; } // expected-remark {{new Obj does not escape}} expected-remark {{leaking param: p to result level=0}}
int c8() { Obj *o = new Obj; std::vector<Obj *> v{o}; int n = 0; std::for_each(v.begin(), v.end(), [&n](Obj *p) { n += p->v; }); delete o; return n; } // expected-remark {{new Obj does not escape}} expected-remark {{p does not escape}}
int c9() { Obj *o = new Obj; std::vector<Obj *> v{o}; auto it = std::find_if(v.begin(), v.end(), [](Obj *p) { return p->v == 0; }); int r = it == v.end() ? 0 : (*it)->v; delete o; return r; } // expected-remark {{new Obj does not escape}} expected-remark {{p does not escape}}

// Copying a trivially copyable class runs none of the program's code: copy
// and copy_n move its values (its pointers with them). Values without
// pointers carry no address (c13: the ints of s reach *d, s itself not).
struct Pt { Obj *o; int n; };
Pt GP[1];
int c12() { Obj *o = new Obj; Pt a[1] = {{o, 1}}, b[1]; std::copy(a, a + 1, b); int r = b[0].o->v; delete o; return r; } // expected-remark {{new Obj does not escape}}
int c13(const int *s, int *d, int n) { std::copy_n(s, n, d); return d[0]; } // expected-remark {{s does not escape}} expected-remark {{d does not escape}}
// Refused: the struct (with its pointer) copied into a global array.
void r6c() { Obj *o = new Obj; Pt a[1] = {{o, 1}}; std::copy_n(a, 1, GP); } // expected-remark {{new Obj escapes to heap}}

// Refused: the callable leaks the element.
void r1() { Obj *o = new Obj; std::vector<Obj *> v{o}; std::for_each(v.begin(), v.end(), [](Obj *p) { GO = p; }); }              // expected-remark {{new Obj escapes to heap}} expected-remark {{leaking param: p}}
void r2() { Obj *o = new Obj; std::vector<Obj *> v{o, o}; std::sort(v.begin(), v.end(), [](Obj *a, Obj *b) { GO = a; return a < b; }); } // expected-remark {{new Obj escapes to heap}} expected-remark {{leaking param: a}} expected-remark {{b does not escape}}
// Refused: copied or transformed into a range that outlives the frame.
void r3() { Obj *o = new Obj; std::vector<Obj *> v{o}; std::copy(v.begin(), v.end(), GV.begin()); }                                // expected-remark {{new Obj escapes to heap}}
void r4() { Obj *o = new Obj; std::vector<Obj *> v{o}, w(1); std::transform(v.begin(), v.end(), w.begin(), [](Obj *p) { return p; }); GO = w[0]; } // expected-remark {{new Obj escapes to heap}} expected-remark {{leaking param: p to result level=0}}
// Refused: the returned iterator (so the element) leaves the frame.
Obj *r5() { Obj *o = new Obj; std::vector<Obj *> v{o}; return *std::find_if(v.begin(), v.end(), [](Obj *p) { return p->v == 0; }); } // expected-remark {{new Obj escapes to heap}} expected-remark {{p does not escape}}
// Refused (unknown): back_inserter, a function pointer.
void r6() { Obj *o = new Obj; std::vector<Obj *> v{o}; std::vector<Obj *> w; std::copy(v.begin(), v.end(), std::back_inserter(w)); } // expected-remark {{new Obj escapes to heap}}
int r7() { Obj *o = new Obj; std::vector<Obj *> v{o}; bool (*fp)(Obj *) = [](Obj *p) { return p->v > 0; }; int r = std::count_if(v.begin(), v.end(), fp); delete o; return r; } // expected-remark {{new Obj escapes to heap}} expected-remark {{p does not escape}}
// A generic lambda is not modelled: std::for_each's small body is analysed
// instead (Summaries.cpp), with the lambda's specialization.
void c10() { Obj *o = new Obj; std::vector<Obj *> v{o}; std::for_each(v.begin(), v.end(), [](auto *p) { (void)p; }); }             // expected-remark {{new Obj does not escape}}
// Without a callable, only built-in element operators are modelled.
void r9(std::vector<Key> &v) { std::sort(v.begin(), v.end()); }            // expected-remark {{leaking param: v}}
void r10(std::vector<int *> &v) { std::sort(v.begin(), v.end()); }         // expected-remark {{v does not escape}}
void r11(Obj **a, Obj **b, int n) { std::copy(a, a + n, b); }              // expected-remark {{leaking param: a to *b level=1}} expected-remark {{b does not escape}}
