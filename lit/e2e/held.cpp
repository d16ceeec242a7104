// Objects reachable only from frame-local objects are frame-local (issue 16):
// a node stored into another node that the pass moves to the stack is held
// by a local variable (the holder's slot), and moves too when nothing copies
// it out of the holder: its free through the holder (`delete n2->next`)
// tests the pointer at run time (a frame-arena buffer). A chain of holders
// moves one link per round, while a holder's own address is not stored in
// another object.
//
// The twins stay on the heap: the holder kept in a global (so what it holds
// is reachable after the frame), the held pointer loaded back and kept,
// kept by a callee given the holder, kept through a copy saved before the
// holder's delete, returned; a list built in a loop (each node holds the
// previous one). Every program prints the same with and without the plugin,
// and under AddressSanitizer.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=MOVED %s < %t.rem
// RUN: FileCheck --check-prefix=HEAP %s < %t.rem
// A node moved by the second analysis gets no missed remark from the first:
// RUN: grep -c "held.cpp:.*'new'.*stays on the heap" %t.rem | FileCheck --check-prefix=COUNT %s
// COUNT: {{^}}8{{$}}
// RUN: %t.escape | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | diff %t.plain.out -
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
#include <cstdio>
#include <memory>

#define NOINLINE __attribute__((noinline))

struct Node {
  int v;
  Node *next;
};
struct Err {
  int x;
};

// Walks the list: returns a value loaded *through* the held pointers, never
// their bits.
NOINLINE static int sum(const Node *N) {
  int S = 0;
  for (; N; N = N->next)
    S += N->v;
  return S;
}
static Node *Kept1, *Kept2, *Kept3, *Kept4;
// Keeps what its argument holds (not the argument).
NOINLINE static void keepNext(const Node *H) { Kept3 = H->next; }

// --- Moved ------------------------------------------------------------------

// (GVN forwards N1 to the load of N2->next across the read-only sum: the
// frees are N1's own.)
NOINLINE int pair(int A) {
  Node *N1 = new Node{A, nullptr}; // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}'new' of 16 bytes moved to the stack
  Node *N2 = new Node{A + 1, N1};  // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}'new' of 16 bytes moved to the stack
  int S = sum(N2);
  delete N2->next;
  delete N2;
  return S;
}

// A callee that may overwrite the held pointer keeps the load of N2->next:
// the free of what is loaded back tests it at run time.
NOINLINE static void clearIfBig(Node *H) {
  if (H->next->v > 1000)
    H->next = nullptr;
}
NOINLINE int pairWritten(int A) {
  Node *N1 = new Node{A, nullptr}; // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}'new' of 16 bytes moved to the frame arena (a 16-byte stack buffer; freed through a pointer that may be another object's
  Node *N2 = new Node{A + 1, N1};  // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}'new' of 16 bytes moved to the stack
  clearIfBig(N2);
  int S = sum(N2);
  delete N2->next;
  delete N2;
  return S;
}

NOINLINE int directFrees(int A) {
  Node *N1 = new Node{A, nullptr}; // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}'new' of 16 bytes moved to the stack
  Node *N2 = new Node{A * 2, N1};  // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}'new' of 16 bytes moved to the stack
  int S = sum(N2);
  delete N1;
  delete N2;
  return S;
}

// The holder is freed first; the held node is used through a saved copy
// (forwarded: N1's own free).
NOINLINE int savedCopy(int A) {
  Node *N1 = new Node{A, nullptr}; // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}moved to the stack
  Node *N2 = new Node{A + 3, N1};  // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}moved to the stack
  int S = sum(N2);
  Node *Saved = N2->next;
  delete N2;
  S += sum(Saved);
  delete Saved;
  return S;
}

// A holder per iteration (one slot), holding a node of the frame.
NOINLINE int holderLoop(int A) {
  Node *Shared = new Node{A, nullptr}; // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}moved to the stack
  int S = 0;
  for (int I = 0; I < A; ++I) {
    Node *H = new Node{I, Shared}; // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}moved to the stack (one slot reused by every loop iteration)
    S += sum(H);
    delete H;
  }
  delete Shared;
  return S;
}

// A chain of three: C moves, then B (held by C's slot); A's holder is B,
// whose slot's address is stored in C: A stays.
NOINLINE int chain3(int X) {
  Node *A = new Node{X, nullptr}; // HEAP-DAG: held.cpp:[[@LINE]]:{{.*}}stays on the heap: stored to a local variable whose address escapes
  Node *B = new Node{X + 1, A};   // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}moved to the stack
  Node *C = new Node{X + 2, B};   // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}moved to the stack
  int S = sum(C);
  delete A;
  delete B;
  delete C;
  return S;
}

// --- Stay on the heap ---------------------------------------------------------

// The holder is kept: so is what it holds.
NOINLINE int holderKept(int A) {
  Node *N1 = new Node{A, nullptr}; // HEAP-DAG: held.cpp:[[@LINE]]:{{.*}}stays on the heap: stored into another heap object (allocated by {{.*}}), which may outlive the frame
  Node *N2 = new Node{A + 1, N1};  // HEAP-DAG: held.cpp:[[@LINE]]:{{.*}}stays on the heap: stored to global
  Kept1 = N2;
  return sum(N2);
}

// The holder moves; what it holds is loaded back out of it and kept.
NOINLINE int reloadedKept(int A) {
  Node *N1 = new Node{A, nullptr}; // HEAP-DAG: held.cpp:[[@LINE]]:{{.*}}stays on the heap: stored to global
  Node *N2 = new Node{A + 1, N1};  // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}moved to the stack
  int S = sum(N2);
  Kept2 = N2->next;
  delete N2;
  return S;
}

// A callee given the holder keeps what it holds.
NOINLINE int calleeKeeps(int A) {
  Node *N1 = new Node{A, nullptr}; // HEAP-DAG: held.cpp:[[@LINE]]:{{.*}}stays on the heap: stored to a local variable passed to 'keepNext', which may copy it out or free it
  Node *N2 = new Node{A + 1, N1};  // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}moved to the stack
  keepNext(N2);
  int S = sum(N2);
  delete N2;
  return S;
}

// Kept through a copy saved before the holder's delete.
NOINLINE int savedKept(int A) {
  Node *N1 = new Node{A, nullptr}; // HEAP-DAG: held.cpp:[[@LINE]]:{{.*}}stays on the heap: stored to global
  Node *N2 = new Node{A + 1, N1};  // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}moved to the stack
  int S = sum(N2);
  Node *Saved = N2->next;
  delete N2;
  Kept4 = Saved;
  return S;
}

// Returned out of the holder (forwarded; N2, then unused, is deleted by
// the optimizer).
NOINLINE Node *returnedOut(int A) {
  Node *N1 = new Node{A, nullptr}; // HEAP-DAG: held.cpp:[[@LINE]]:{{.*}}stays on the heap: returned
  Node *N2 = new Node{A + 1, N1};
  Node *R = N2->next;
  delete N2;
  return R;
}

// Each node holds the previous one: a chain live across iterations.
NOINLINE int listInLoop(int A) {
  Node *Head = nullptr;
  for (int I = 0; I < A; ++I)
    Head = new Node{I, Head}; // HEAP-DAG: held.cpp:[[@LINE]]:{{.*}}stays on the heap: stored to memory that may outlive the frame
  int S = sum(Head);
  while (Head) {
    Node *Next = Head->next;
    delete Head;
    Head = Next;
  }
  return S;
}

// Owned by std::unique_ptr across a throw: the frees run on unwinding.
NOINLINE int uniqueThrow(int A) {
  try {
    auto N1 = std::make_unique<Node>(Node{A, nullptr}); // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}moved to the
    auto N2 = std::make_unique<Node>(Node{A + 1, N1.get()}); // MOVED-DAG: held.cpp:[[@LINE]]:{{.*}}moved to the stack
    if (N2->next->v % 3 == 0)
      throw Err{sum(N2.get())};
    return sum(N2.get());
  } catch (const Err &E) {
    return E.x * 100;
  }
}

int main(int Argc, char **) {
  int A = 5 + Argc;
  std::printf("%d %d %d %d %d %d\n", pair(A), pairWritten(A), directFrees(A),
              savedCopy(A), holderLoop(A), chain3(A));
  std::printf("%d %d %d %d\n", holderKept(A), reloadedKept(A), calleeKeeps(A),
              savedKept(A));
  Node *R = returnedOut(A);
  std::printf("%d %d %d %d %d\n", R->v, listInLoop(A), uniqueThrow(A),
              uniqueThrow(A + 1), uniqueThrow(A + 2));
  std::printf("%d %d %d %d\n", sum(Kept1), sum(Kept2), sum(Kept3), sum(Kept4));
  delete R;
  delete Kept1->next;
  delete Kept1;
  delete Kept2;
  delete Kept3;
  delete Kept4;
  return 0;
}

// OUT: 13 13 18 21 51 21
// OUT-NEXT: 13 13 13 13
// OUT-NEXT: 6 15 1300 15 17
// OUT-NEXT: 13 6 6 6
