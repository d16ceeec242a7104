// Loop depth (objects live across iterations) and sizes (frame arena).
// RUN: %clangxx -std=c++20 %verify %m1 %s
// RUN: %clangxx -std=c++20 %verify=small %m1 -fplugin-arg-escape-max-object=64 %s
#include <cstdlib>
#include <memory>

struct Node { Node *next; int v; };
struct Big { char data[4096]; };
struct Mid { char data[128]; };
Node *G;

void perIteration() {
  for (int i = 0; i < 10; ++i) {
    Node *n = new Node; // expected-remark {{new Node does not escape}} small-remark {{new Node does not escape}}
    n->v = i;
    delete n;
  }
}
void carried() {
  Node *head = nullptr;
  for (int i = 0; i < 10; ++i) {
    Node *n = new Node; // expected-remark {{new Node does not escape (live across loop iterations: frame arena)}} small-remark {{new Node does not escape (live across loop iterations: frame arena)}}
    n->next = head;
    head = n;
  }
}
void carriedAndLeaked() {
  Node *head = nullptr;
  for (int i = 0; i < 10; ++i) {
    Node *n = new Node; // expected-remark {{new Node escapes to heap}} small-remark {{new Node escapes to heap}}
    n->next = head;
    head = n;
  }
  G = head;
}
void whileLoop(int k) {
  Node *last = nullptr;
  while (k--)
    last = new Node; // expected-remark {{new Node does not escape (live across loop iterations: frame arena)}} small-remark {{new Node does not escape (live across loop iterations: frame arena)}}
  (void)last;
}
void doLoop(int k) {
  do {
    auto p = std::make_unique<Node>(); // expected-remark {{std::make_unique<Node>() does not escape}} small-remark {{std::make_unique<Node>() does not escape}}
    p->v = k;
  } while (--k);
}
void nested() {
  for (int i = 0; i < 3; ++i) {
    Node *outer = new Node; // expected-remark {{new Node does not escape}} small-remark {{new Node does not escape}}
    for (int j = 0; j < 3; ++j) {
      Node *inner = new Node; // expected-remark {{new Node does not escape (live across loop iterations: frame arena)}} small-remark {{new Node does not escape (live across loop iterations: frame arena)}}
      inner->next = nullptr;
      outer->next = inner;
    }
    delete outer;
  }
}
void rangeFor(int (&arr)[4]) { // expected-remark {{arr does not escape}} small-remark {{arr does not escape}}
  for (int x : arr) {
    int *p = new int(x); // expected-remark {{new int(x) does not escape}} small-remark {{new int(x) does not escape}}
    delete p;
  }
}
void big() { Big *b = new Big; b->data[0] = 1; delete b; } // expected-remark {{new Big does not escape (too large for stack: 4096 bytes > 1024: frame arena)}} small-remark {{new Big does not escape (too large for stack: 4096 bytes > 64: frame arena)}}
void mid() { Mid *m = new Mid; m->data[0] = 1; delete m; } // expected-remark {{new Mid does not escape}} small-remark {{new Mid does not escape (too large for stack: 128 bytes > 64: frame arena)}}
void bigEscapes() { G = reinterpret_cast<Node *>(new Big); } // expected-remark {{new Big escapes to heap}} small-remark {{new Big escapes to heap}}
void varArray(int n) { int *a = new int[n]; a[0] = 0; delete[] a; } // expected-remark {{new int[n] does not escape (non-constant size: frame arena)}} small-remark {{new int[n] does not escape (non-constant size: frame arena)}}
void constArray() { int *a = new int[300]; a[0] = 0; delete[] a; } // expected-remark {{new int[300] does not escape (too large for stack: 1200 bytes > 1024: frame arena)}} small-remark {{new int[300] does not escape (too large for stack: 1200 bytes > 64: frame arena)}}
void mallocConst() { void *m = malloc(32); free(m); } // expected-remark {{malloc(...) does not escape}} small-remark {{malloc(...) does not escape}}
void mallocVar(unsigned n) { void *m = malloc(n); free(m); } // expected-remark {{malloc(...) does not escape (non-constant size: frame arena)}} small-remark {{malloc(...) does not escape (non-constant size: frame arena)}}
void callocBig() { void *m = calloc(100, 100); free(m); } // expected-remark {{calloc(...) does not escape (too large for stack: 10000 bytes > 1024: frame arena)}} small-remark {{calloc(...) does not escape (too large for stack: 10000 bytes > 64: frame arena)}}
void mallocEscapes() { G = (Node *)malloc(sizeof(Node)); } // expected-remark {{malloc(...) escapes to heap}} small-remark {{malloc(...) escapes to heap}}
