// [[clang::noescape]] and [[clang::lifetimebound]] as contracts.
// Without a body they are trusted: a noescape argument is not leaked, a
// lifetimebound one (or `this`) flows to the result. With a body they are
// verified: -Wannotations warns when the body certainly breaks them.
// RUN: %clangxx -std=c++20 -fsyntax-only -Xclang -verify \
// RUN:   -Xclang -verify-ignore-unexpected=note -Wno-return-stack-address \
// RUN:   %escape -fplugin-arg-escape-m -fplugin-arg-escape-Wannotations \
// RUN:   -fplugin-arg-escape-Wdangling %s
// Off by default:
// RUN: %clangxx -std=c++20 -fsyntax-only -Wno-return-stack-address %escape \
// RUN:   -fplugin-arg-escape-m %s 2>&1 | not grep 'escape-annotations'
int *G;
struct Node { int *p; };
void sink(int *p);

// Trusted on callees without a body.
void opaqueSafe([[clang::noescape]] int *p);
void callNoescape() { int *p = new int(1); opaqueSafe(p); delete p; } // expected-remark {{new int(1) does not escape}}
void callPlain() { int *p = new int(1); sink(p); } // expected-remark {{new int(1) escapes to heap}}
// ... and in the type of a function pointer.
void viaPointer(void (*f)(__attribute__((noescape)) int *)) { int *q = new int(1); f(q); delete q; } // expected-remark {{new int(1) does not escape}}
void viaPlainPointer(void (*f)(int *)) { int *q = new int(1); f(q); } // expected-remark {{new int(1) escapes to heap}}
// lifetimebound: the result refers to the argument (and still escapes:
// the attribute does not say the callee keeps nothing else).
const int &pick(const int &a [[clang::lifetimebound]], const int &b);
const int &usePick() { int x = 1; static int y = 2; return pick(x, y); } // expected-warning {{address of local variable 'x' outlives its frame: returned}}
const int &usePickOther() { int x = 1; static int y = 2; return pick(y, x); }
int *keepFirst(int *a [[clang::lifetimebound]]);
int *usePtr() { int *p = new int(1); return keepFirst(p); } // expected-remark {{new int(1) escapes to heap}}
struct V {
  int a;
  int &at() [[clang::lifetimebound]];
  int &plain();
};
int &useAt() { V v{}; return v.at(); } // expected-warning {{address of local variable 'v' outlives its frame: returned}}
int &usePlain() { V v{}; return v.plain(); }

// Verified where the body is visible.
void okNoEscape([[clang::noescape]] int *p) { int v = *p; (void)v; } // expected-remark {{p does not escape}}
void badNoEscape([[clang::noescape]] int *p) { G = p; } // expected-remark {{leaking param: p}} expected-warning {{parameter 'p' is marked noescape but escapes: stored in global 'G'}}
int *badNoEscapeRet(__attribute__((noescape)) int *p) { return p; } // expected-remark {{leaking param: p to result level=0}} expected-warning {{parameter 'p' is marked noescape but escapes: returned}}
void badNoEscapeField([[clang::noescape]] int *p, Node *n) { n->p = p; } // expected-remark {{leaking param: p to *n level=0}} expected-remark {{n does not escape}} expected-warning {{parameter 'p' is marked noescape but escapes: stored in '*n'}}
void keepIt(int *p) { G = p; } // expected-remark {{leaking param: p}}
void badNoEscapeCallee([[clang::noescape]] int *p) { keepIt(p); } // expected-remark {{leaking param: p}} expected-warning {{parameter 'p' is marked noescape but escapes: kept by 'keepIt'}}
// Not certain (an unknown callee may keep it) or undone: no warning.
void mayNoEscape([[clang::noescape]] int *p) { sink(p); } // expected-remark {{leaking param: p}}
void clearedNoEscape([[clang::noescape]] int *p) { G = p; G = nullptr; } // expected-remark {{leaking param: p}}

const int &okLB(const int &a [[clang::lifetimebound]]) { return a; } // expected-remark {{leaking param: a to result level=0}}
const int &badLB(const int &a [[clang::lifetimebound]]) { G = const_cast<int *>(&a); return a; } // expected-remark {{leaking param: a}} expected-remark {{leaking param: a to result level=0}} expected-warning {{parameter 'a' is marked lifetimebound but outlives the call by more than the result: stored in global 'G'}}
int *badLBStore(int *a [[clang::lifetimebound]], Node &n) { n.p = a; return a; } // expected-remark {{leaking param: a to result level=0}} expected-remark {{leaking param: a to *n level=0}} expected-remark {{n does not escape}} expected-warning {{parameter 'a' is marked lifetimebound but outlives the call by more than the result: stored in '*n'}}
// The annotation on an earlier declaration counts.
int *declaredLB(int *a [[clang::lifetimebound]]);
int *declaredLB(int *a) { G = a; return a; } // expected-remark {{leaking param: a}} expected-remark {{leaking param: a to result level=0}} expected-warning {{parameter 'a' is marked lifetimebound but outlives the call by more than the result: stored in global 'G'}}
struct S {
  int v;
  int &get() [[clang::lifetimebound]] { return v; } // expected-remark {{leaking param: this to result level=0}}
  int &leak() [[clang::lifetimebound]] { G = &v; return v; } // expected-remark {{leaking param: this}} expected-remark {{leaking param: this to result level=0}} expected-warning {{'this' is marked lifetimebound but outlives the call by more than the result: stored in global 'G'}}
};
