// The same cases through clang's own warnings and through clang-escape's
// -Wdangling; docs/dangling.md has the table. `clang-warning` lines are what
// -Wreturn-stack-address/-Wdangling* say, `escape-warning` lines what the
// plugin says; a case one of them misses has no line for it.
// RUN: %clangxx -std=c++20 -fsyntax-only -Xclang -verify=clang \
// RUN:   -Xclang -verify-ignore-unexpected=note -Wreturn-stack-address \
// RUN:   -Wdangling -Wdangling-field -Wdangling-gsl %s
// RUN: %clangxx -std=c++20 -fsyntax-only -Xclang -verify=escape \
// RUN:   -Xclang -verify-ignore-unexpected=note -Wno-return-stack-address \
// RUN:   -Wno-dangling -Wno-dangling-field -Wno-dangling-gsl \
// RUN:   %escape -fplugin-arg-escape-Wdangling %s
#include <string>
#include <string_view>
#include <vector>
int *G;
int GV;
struct Node { int *p; Node *next; };
Node *GN;
void sink(int *p);

// Cases clang catches.
// C1: returning the address of a local
int *retAddr() { int x = 1; return &x; } // clang-warning {{address of stack memory associated with local variable 'x' returned}} escape-warning {{address of local variable 'x' outlives its frame: returned}}
// C2: returning a reference to a local
int &retRef() { int x = 1; return x; } // clang-warning {{reference to stack memory associated with local variable 'x' returned}} escape-warning {{address of local variable 'x' outlives its frame: returned}}
// C3: returning a reference to a temporary
const int &retTemp() { return 42; } // clang-warning {{returning reference to local temporary object}} escape-warning {{address of a temporary object outlives its frame: returned}}
// C4: returning the address of a by-value parameter
int *retParamAddr(int p) { return &p; } // clang-warning {{address of stack memory associated with parameter 'p' returned}} escape-warning {{address of parameter 'p' outlives its frame: returned}}
// C5: through a local reference
int &retViaRef() { int x = 1; int &r = x; return r; } // clang-warning {{reference to stack memory associated with local variable 'x' returned}} escape-warning {{address of local variable 'x' outlives its frame: returned}}
// C6: a view of a local string
std::string_view retView() { std::string s = "abc"; return s; } // clang-warning {{address of stack memory associated with local variable 's' returned}} escape-warning {{address of local variable 's' outlives its frame: returned}}
// C7: a view of a temporary string
std::string_view retViewTemp() { return std::string("abc"); } // clang-warning {{returning address of local temporary object}} escape-warning {{address of a temporary object outlives its frame: returned}}
// C8: a lambda capturing a local by reference
auto retLambda() { int x = 1; return [&x] { return x; }; } // clang-warning {{address of stack memory associated with local variable 'x' returned}} escape-warning {{address of local variable 'x' outlives its frame: returned}}
// C9: a reference member bound to a by-value constructor parameter
struct RefField { const int &r; RefField(int v) : r(v) {} }; // clang-warning {{binding reference member 'r' to stack allocated parameter 'v'}} escape-warning {{address of parameter 'v' outlives its frame: stored in '*this'}}
// C10: a pointer member initialised with a parameter's address
struct PtrField { int *p; PtrField(int v) : p(&v) {} }; // clang-warning {{initializing pointer member 'p' with the stack address of parameter 'v'}} escape-warning {{address of parameter 'v' outlives its frame: stored in '*this'}}
// C11: through a [[clang::lifetimebound]] callee without a body
const int &pick(const int &a [[clang::lifetimebound]], const int &b [[clang::lifetimebound]]);
const int &retPick() { int x = 1, y = 2; return pick(x, y); } // clang-warning {{reference to stack memory associated with local variable 'x' returned}} clang-warning {{reference to stack memory associated with local variable 'y' returned}} escape-warning {{address of local variable 'x' outlives its frame: returned}} escape-warning {{address of local variable 'y' outlives its frame: returned}}
// C12: a pointer into a local container / string
const char *retCStr() { std::string s = "abc"; return s.c_str(); } // clang-warning {{address of stack memory associated with local variable 's' returned}} escape-warning {{address of local variable 's' outlives its frame: returned}}
int *retData() { std::vector<int> v(3); return v.data(); } // clang-warning {{address of stack memory associated with local variable 'v' returned}} escape-warning {{address of local variable 'v' outlives its frame: returned}}
// C13: a local array decays to a pointer
int *retArr() { int a[3] = {}; return a; } // clang-warning {{address of stack memory associated with local variable 'a' returned}} escape-warning {{address of local variable 'a' outlives its frame: returned}}
// C14: a temporary that dies inside the frame (not an escape: missed by clang-escape)
int useTempView() { std::string_view v = std::string("abc"); return v.size(); } // clang-warning {{object backing the pointer will be destroyed at the end of the full-expression}}
// C15: the backing array of a returned initializer_list (missed by clang-escape)
std::initializer_list<int> retIL() { return {1, 2}; } // clang-warning {{returning address of local temporary object}}

// Deeper cases: through pointer variables, fields, globals, containers and
// callees' summaries.
// D1: through a pointer variable
int *retViaPtr() { int x = 1; int *p = &x; return p; } // escape-warning {{address of local variable 'x' outlives its frame: returned}}
// D2: stored in a global
void toGlobal() { int x = 1; G = &x; } // escape-warning {{address of local variable 'x' outlives its frame: stored in global 'G'}}
// D3: stored through an out-parameter
void toOut(int **out) { int x = 1; *out = &x; } // escape-warning {{address of local variable 'x' outlives its frame: stored in '*out'}}
// D4: in a field of the caller's object
void toOutField(Node &n) { int x = 1; n.p = &x; } // escape-warning {{address of local variable 'x' outlives its frame: stored in '*n'}}
// D5: in a field of a returned heap object
Node *inHeapReturned() { int x = 1; Node *n = new Node{}; n->p = &x; return n; } // escape-warning {{address of local variable 'x' outlives its frame: returned}}
// D6: in a field of a heap object a global holds
void inHeapGlobal() { int x = 1; Node *n = new Node{}; n->p = &x; GN = n; } // escape-warning {{address of local variable 'x' outlives its frame: stored in global 'GN'}}
// D7: in the caller's container
void inVector(std::vector<int *> &v) { int x = 1; v.push_back(&x); } // escape-warning {{address of local variable 'x' outlives its frame: stored in '*v'}}
// D8: a callee returns its parameter (summary: leaks to result)
int *id(int *p) { return p; }
int *throughCallee() { int x = 1; return id(&x); } // escape-warning {{address of local variable 'x' outlives its frame: returned}}
// D9: a callee keeps it in a global (summary: leaks to heap, proved in its body)
void keep(int *p) { G = p; }
void keepViaCallee() { int x = 1; keep(&x); } // escape-warning {{address of local variable 'x' outlives its frame: kept by 'keep'}}
// D10: two levels of callees
void keep2(int *p) { keep(p); }
void keepTwoLevels() { int x = 1; keep2(&x); } // escape-warning {{address of local variable 'x' outlives its frame: kept by 'keep2'}}
// D11: a callee stores it into another parameter's pointee
void store(int **o, int *v) { *o = v; }
void throughContentSummary(int **out) { int x = 1; store(out, &x); } // escape-warning {{address of local variable 'x' outlives its frame: stored in '*out'}}
// D12: a member function stores a local's address in the object
struct Holder { int *p; void set() { int x = 1; p = &x; } }; // escape-warning {{address of local variable 'x' outlives its frame: stored in '*this'}}
// D13: a struct returned by value holds it
Node retStruct() { int x = 1; Node n{}; n.p = &x; return n; } // escape-warning {{address of local variable 'x' outlives its frame: returned}}
// D14: a constructor keeps it in the returned object
struct Keeper { int *p; Keeper(int *q) : p(q) {} };
Keeper makeKeeper() { int x = 1; return Keeper(&x); } // escape-warning {{address of local variable 'x' outlives its frame: returned}}
// D15: a static array keeps it
int **inStatic() { int x = 1; static int *arr[1]; arr[0] = &x; return arr; } // escape-warning {{address of local variable 'x' outlives its frame: stored in global 'arr'}}

// Correct code: neither warns.
void cleared() { int x = 1; G = &x; G = nullptr; }
void clearedOut(int **out) { int x = 1; *out = &x; *out = nullptr; }
int *reassigned() { int x = 1; int *p = &x; *p = 2; p = &GV; return p; }
void unknown() { int x = 1; sink(&x); }
int *retStatic() { static int s; return &s; }
int localStruct() { int x = 1; Node n{}; n.p = &x; return *n.p; }
