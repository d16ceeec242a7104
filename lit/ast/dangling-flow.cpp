// -Wdangling explains each warning with the -m=2 flow, step by step, each
// note at its own place; a callee's own flow follows, prefixed by its name.
// RUN: %clangxx -std=c++20 %verify %escape -fplugin-arg-escape-Wdangling %s
int *G;
struct Node { int *p; };
void viaPointer() {
  int x = 1;   // expected-note {{'x' declared here}}
  int *p = &x; // expected-note {{flow: p = &x:}} expected-note {{from &x (address-of)}} expected-note {{from p = &x (initialization)}}
  G = p;       // expected-warning {{address of local variable 'x' outlives its frame: stored in global 'G' [escape-dangling]}} \
               // expected-note {{flow: G = p:}} expected-note {{from G = p (assign)}} expected-note {{from G (stored to global)}}
}
void keep(int *p) { G = p; } // expected-note {{in 'keep': flow: G = p:}} expected-note {{in 'keep': from G = p (assign)}} expected-note {{in 'keep': from G (stored to global)}}
void viaCallee() {
  int x = 1; // expected-note {{'x' declared here}}
  keep(&x);  // expected-warning {{address of local variable 'x' outlives its frame: kept by 'keep' [escape-dangling]}} \
             // expected-note {{flow: {heap} = &x:}} expected-note {{from &x (address-of)}} expected-note {{from argument 1 to 'keep' (call parameter)}}
}
Node *inHeap() {
  int x = 1;            // expected-note {{'x' declared here}}
  Node *n = new Node{}; // expected-note {{flow: n = &{storage for new Node{}}:}} expected-note {{from n = new Node{} (initialization)}}
  n->p = &x;            // expected-note {{flow: {storage for new Node{}} = &x:}} expected-note {{from &x (address-of)}} \
                        // expected-note {{from n->p = &x (assign)}} expected-note {{from n->p (stored through pointer)}}
  return n;             // expected-warning {{address of local variable 'x' outlives its frame: returned [escape-dangling]}} \
                        // expected-note {{flow: result = n:}} expected-note {{from return n (return)}}
}
const int &retTemp() {
  return 42; // expected-warning {{returning reference to local temporary object}} \
             // expected-warning {{address of a temporary object outlives its frame: returned [escape-dangling]}} \
             // expected-note {{flow: result = &temporary:}} expected-note {{from return 42 (return)}} \
             // expected-note {{the temporary is created here}}
}
