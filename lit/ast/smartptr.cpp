// std::make_unique, std::make_shared and smart pointer operations.
// RUN: %clangxx -std=c++20 %verify %m1 %s
#include <memory>
#include <utility>

struct Vec { int x = 0, y = 0; };
struct Node { Node *next = nullptr; int val = 0; };
Vec *GV;
std::unique_ptr<Vec> GU;
std::shared_ptr<Vec> GS;
std::weak_ptr<Vec> GW;

int useVec(const Vec &v) { return v.x + v.y; } // expected-remark {{v does not escape}}
void keepVec(Vec *v) { GV = v; }               // expected-remark {{leaking param: v}}
void takeUnique(std::unique_ptr<Vec> p) { GU = std::move(p); } // expected-remark {{leaking param: p}}
int byRef(std::unique_ptr<Vec> &p) { return p->x; } // expected-remark {{p does not escape}}

int u1() { auto v = std::make_unique<Vec>(); v->x = 1; return v->x + v->y; } // expected-remark {{std::make_unique<Vec>() does not escape}}
int u2() { auto v = std::make_unique<Vec>(); return useVec(*v); }            // expected-remark {{std::make_unique<Vec>() does not escape}}
int u3() { auto v = std::make_unique<Vec>(); return byRef(v); }              // expected-remark {{std::make_unique<Vec>() does not escape}}
void u4() { auto v = std::make_unique<Vec>(); keepVec(v.get()); }            // expected-remark {{std::make_unique<Vec>() escapes to heap}}
void u5() { auto v = std::make_unique<Vec>(); GV = v.release(); }            // expected-remark {{std::make_unique<Vec>() escapes to heap}}
void u6() { auto v = std::make_unique<Vec>(); GU = std::move(v); }           // expected-remark {{std::make_unique<Vec>() escapes to heap}}
void u7() { auto v = std::make_unique<Vec>(); takeUnique(std::move(v)); }    // expected-remark {{std::make_unique<Vec>() escapes to heap}}
std::unique_ptr<Vec> u8() { return std::make_unique<Vec>(); }                // expected-remark {{std::make_unique<Vec>() escapes to heap}}
std::unique_ptr<Vec> u9() { auto v = std::make_unique<Vec>(); return v; }    // expected-remark {{std::make_unique<Vec>() escapes to heap}}
void u10() { auto v = std::make_unique<Vec>(); auto w = std::move(v); w->x = 2; } // expected-remark {{std::make_unique<Vec>() does not escape}}
void u11() { std::unique_ptr<Vec> v; v.reset(new Vec); v->y = 3; }         // expected-remark {{new Vec does not escape}}
void u12() { std::unique_ptr<Vec> v(new Vec); GV = &*v; }                   // expected-remark {{new Vec escapes to heap}}
void u13() { auto a = std::make_unique<Vec>(); auto b = std::make_unique<Vec>(); a.swap(b); } // expected-remark 2 {{std::make_unique<Vec>() does not escape}}
void u14() { auto a = std::make_unique<Vec>(); std::unique_ptr<Vec> b; b.swap(a); GU = std::move(b); } // expected-remark {{std::make_unique<Vec>() escapes to heap}}
void u15() { auto a = std::make_unique<int[]>(16); a[0] = 1; }             // expected-remark {{std::make_unique<int[]>(...) does not escape}}
void u16(int n) { auto a = std::make_unique<int[]>(n); a[0] = 1; }         // expected-remark {{std::make_unique<int[]>(...) does not escape (non-constant size: frame arena)}}
void u17() { auto n = std::make_unique<Node>(); n->next = new Node; }       // expected-remark {{std::make_unique<Node>() does not escape}} expected-remark {{new Node does not escape}}
void u18() { auto n = std::make_unique<Node>(); n->next = new Node; GV = reinterpret_cast<Vec *>(n->next); } // expected-remark {{std::make_unique<Node>() does not escape}} expected-remark {{new Node escapes to heap}}
void u19() { auto v = std::make_unique<Vec>(); if (v) v->x = 1; }          // expected-remark {{std::make_unique<Vec>() does not escape}}

int s1() { auto p = std::make_shared<Vec>(); auto q = p; return q->x + (int)p.use_count(); } // expected-remark {{std::make_shared<Vec>() does not escape}}
void s2() { auto p = std::make_shared<Vec>(); GS = p; }                     // expected-remark {{std::make_shared<Vec>() escapes to heap}}
void s3() { auto p = std::make_shared<Vec>(); GW = p; }                     // expected-remark {{std::make_shared<Vec>() escapes to heap}}
void s4() { auto p = std::make_shared<Vec>(); std::weak_ptr<Vec> w = p; auto q = w.lock(); q->x = 1; } // expected-remark {{std::make_shared<Vec>() does not escape}}
std::shared_ptr<Vec> s5() { return std::make_shared<Vec>(); }               // expected-remark {{std::make_shared<Vec>() escapes to heap}}
void s6() { auto p = std::make_shared<Vec>(); GV = p.get(); }               // expected-remark {{std::make_shared<Vec>() escapes to heap}}
void s7() { std::shared_ptr<Vec> p(new Vec); p->x = 1; }                     // expected-remark {{new Vec does not escape}}
void s8() { std::shared_ptr<Vec> p(new Vec, [](Vec *v) { GV = v; }); }     // expected-remark {{new Vec escapes to heap}} expected-remark {{leaking param: v}}
struct Derived : Vec { int z = 0; };
void s9() { std::shared_ptr<Vec> p = std::make_shared<Derived>(); auto d = std::static_pointer_cast<Derived>(p); d->z = 1; } // expected-remark {{std::make_shared<Derived>() does not escape}}
void s10() { std::shared_ptr<Vec> p = std::make_shared<Derived>(); GS = std::static_pointer_cast<Vec>(p); } // expected-remark {{std::make_shared<Derived>() escapes to heap}}

struct Self : std::enable_shared_from_this<Self> {
  std::shared_ptr<Self> me() { return shared_from_this(); } // expected-remark {{leaking param: this to result level=0}}
};
std::shared_ptr<Self> GSelf;
void e1() { auto s = std::make_shared<Self>(); auto t = s->me(); (void)t; } // expected-remark {{std::make_shared<Self>() does not escape}}
void e2() { auto s = std::make_shared<Self>(); GSelf = s->me(); }          // expected-remark {{std::make_shared<Self>() escapes to heap}}

struct Deleter { void operator()(Vec *v) const { GV = v; } };              // expected-remark {{this does not escape}} expected-remark {{leaking param: v}}
void d1() { std::unique_ptr<Vec, Deleter> p(new Vec); }                    // expected-remark {{new Vec escapes to heap}}
