// -Wdangling: warnings only for flows that certainly happen. Each correct
// function below has a twin that is wrong (the same code without the step
// that makes it correct), so a check that stops working fails here.
// RUN: %clangxx -std=c++20 -fsyntax-only -Xclang -verify \
// RUN:   -Xclang -verify-ignore-unexpected=note -Wno-return-stack-address \
// RUN:   %escape -fplugin-arg-escape-Wdangling %s
// Off by default, and -Wno-dangling turns it off again:
// RUN: %clangxx -std=c++20 -fsyntax-only -Wno-return-stack-address %escape \
// RUN:   -fplugin-arg-escape-m %s 2>&1 | not grep 'escape-dangling'
// RUN: %clangxx -std=c++20 -fsyntax-only -Wno-return-stack-address %escape \
// RUN:   -fplugin-arg-escape-Wdangling -fplugin-arg-escape-Wno-dangling %s 2>&1 \
// RUN:   | not grep 'escape-dangling'
// -w hides them, -Werror makes them errors:
// RUN: %clangxx -std=c++20 -fsyntax-only -w %escape -fplugin-arg-escape-Wdangling \
// RUN:   %s 2>&1 | not grep 'escape-dangling'
// RUN: not %clangxx -std=c++20 -fsyntax-only -Werror -Wno-return-stack-address \
// RUN:   %escape -fplugin-arg-escape-Wdangling %s 2>&1 | grep 'error: address of local variable'
#include <set>
#include <string>
#include <vector>
int *G;
int GV;
struct Node { int *p; Node *next; };
void sink(int *p);
void safe([[clang::noescape]] int *p);

// Cleared before the function returns: the global, the out-parameter and
// the field no longer hold the address.
void cleared() { int x = 1; G = &x; G = nullptr; }
void notCleared() { int x = 1; G = nullptr; G = &x; } // expected-warning {{address of local variable 'x' outlives its frame: stored in global 'G'}}
void clearedOut(int **out) { int x = 1; *out = &x; *out = nullptr; }
void clearedField(Node &n) { int x = 1; n.p = &x; n.p = nullptr; }
void notClearedField(Node &n) { int x = 1; n.p = nullptr; n.p = &x; } // expected-warning {{address of local variable 'x' outlives its frame: stored in '*n'}}
void clearedHeap(Node *&out) { int x = 1; Node *n = new Node{}; n->p = &x; n->p = nullptr; out = n; }
void notClearedHeap(Node *&out) { int x = 1; Node *n = new Node{}; n->p = &x; out = n; } // expected-warning {{address of local variable 'x' outlives its frame: stored in '*out'}}
void clearedContainer(std::vector<int *> &v) { int x = 1; v.push_back(&x); v.pop_back(); }
// Cleared by a callee (one level deep), or maybe by a function we do not see.
void clearG() { G = nullptr; }
void clearedByCallee() { int x = 1; G = &x; clearG(); }
void reset();
void maybeClearedByUnknown() { int x = 1; G = &x; reset(); }
void notClearedByLibrary() { int x = 1; G = &x; std::string s = "a"; } // expected-warning {{address of local variable 'x' outlives its frame: stored in global 'G'}}

// Reassigned before it is read (source order; an assignment in a branch
// between counts too).
int *reassigned() { int x = 1; int *p = &x; *p = 2; p = &GV; return p; }
int *readThenReassigned() { int x = 1; int *p = &x; G = p; p = &GV; return p; } // expected-warning {{address of local variable 'x' outlives its frame: stored in global 'G'}}
int *assignedAfterRead() { int x = 1; int *p = &GV; G = p; p = &x; return &GV; }

// Only possible, not certain: an unknown callee may keep it, a pointer may
// point into the frame, a callee stores then clears.
void unknown() { int x = 1; sink(&x); }
void noescape() { int x = 1; safe(&x); }
void mayPointToLocal(bool c) { int x = 1; int *local = nullptr; int **pp = c ? &G : &local; *pp = &x; }
void mustPointToGlobal() { int x = 1; int **pp = &G; *pp = &x; } // expected-warning {{address of local variable 'x' outlives its frame: stored in global 'G'}}
void keepThenClear(int *p) { G = p; G = nullptr; }
void callsKeepThenClear() { int x = 1; keepThenClear(&x); }
void keepIt(int *p) { G = p; }
void callsKeepIt() { int x = 1; keepIt(&x); } // expected-warning {{address of local variable 'x' outlives its frame: kept by 'keepIt'}}

// Static and heap storage, objects that stay in the frame.
int *retStatic() { static int s; return &s; }
int *retHeap() { int *p = new int(1); return p; }
int localStruct() { int x = 1; Node n{}; n.p = &x; return *n.p; }
int *retParam(int *p) { return p; }
int &retRefParam(int &r) { return r; }
void copyInto(std::vector<std::string> &out) { std::string s = "a"; out.push_back(s); }

// An object that registers itself and unregisters in its destructor.
std::set<struct Reg *> Registry;
struct Reg { Reg() { Registry.insert(this); } ~Reg() { Registry.erase(this); } };
void useReg() { Reg r; }
// Returned by value: after copy elision the object is the caller's.
struct Self { Self *self; };
Self makeSelf() { Self s; s.self = &s; return s; }

// A loop that clears in the same iteration, and one that does not.
void loopCleared(int n) { for (int i = 0; i < n; ++i) { int x = i; G = &x; sink(G); G = nullptr; } }
void loopNotCleared(int n) { for (int i = 0; i < n; ++i) { int x = i; G = &x; } } // expected-warning {{address of local variable 'x' outlives its frame: stored in global 'G'}}

// Lambdas: by reference is the address, by copy is not.
auto byRef() { int x = 1; return [&x] { return x; }; } // expected-warning {{address of local variable 'x' outlives its frame: returned}}
auto byCopy() { int x = 1; return [x] { return x; }; }
auto byRefInLambda() { return [] { int y = 1; return &y; }; } // expected-warning {{address of local variable 'y' outlives its frame: returned}}

// Structured bindings, temporaries bound to references, compound statements.
struct Pair { int a, b; };
int *retBinding() { auto [a, b] = Pair{1, 2}; return &a; } // expected-warning {{address of a structured binding outlives its frame: returned}}
const int *retExtended() { const int &r = 3; return &r; } // expected-warning {{address of a temporary object outlives its frame: returned}}

// Library containers copy what they are given: characters appended to a
// string, an element pushed through std::stack, a string built from
// iterators. A string_view keeps the pointer.
#include <stack>
#include <string_view>
void appendBuffer(std::string *dst) { char buf[4] = {'a', 'b', 'c', 'd'}; dst->append(buf, sizeof(buf)); }
void pushCopy(std::stack<int> &s) { int v = 1; s.push(v); }
std::string fromIterators(const std::string &a) { std::string t(a.begin(), a.end()); return t; }
std::string_view viewOfBuffer() { char buf[4] = {'a', 'b', 'c', 0}; return std::string_view(buf); } // expected-warning {{address of local variable 'buf' outlives its frame: returned}}
std::vector<int *> listOfLocals() { int x = 1; std::vector<int *> v{&x}; return v; } // expected-warning {{address of local variable 'x' outlives its frame: returned}}
std::vector<int *> copiedVector() { int x = 1; std::vector<int *> v; v.push_back(&x); std::vector<int *> w = v; return w; } // expected-warning {{address of local variable 'x' outlives its frame: returned}}
