// Code that does not compile: the compiler's errors, nothing from the plugin,
// no crash.
// RUN: not %clangxx -std=c++20 -fsyntax-only %m2 %s 2>&1 | FileCheck %s --implicit-check-not=remark: --implicit-check-not="PLEASE submit"
// CHECK: error: use of undeclared identifier 'undeclared'
// CHECK: error: no matching function for call to 'take'
struct Node { Node *next; };
Node *G;
void take(Node *);
void broken() {
  Node *n = new Node;
  G = undeclared;
  take(n, n);
}
template <typename T> void tmpl(T t) { t.missing(); }
