// RUN: %check-tidy %s escape-stack-assertion %t --no-run -- -std=c++17
// escape-stack-assertion: ESCAPE_STACK variables and functions whose
// allocations (or address) escape, with the flow as notes.
#include <escape/Stack.h>
#include <memory>

struct Big {
  int V[4];
};
Big *Keep;
void sink(Big *);

int ok() {
  ESCAPE_STACK auto P = std::make_unique<Big>();
  ESCAPE_STACK Big B{};
  return P->V[0] + B.V[1];
}

int leaks() {
  ESCAPE_STACK Big *P = new Big{};
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: new Big{} escapes to heap, but 'P' is marked escape::stack [escape-stack-assertion]
  // CHECK-MESSAGES: :[[@LINE+1]]:3: note: flow: {heap} = P:
  sink(P);
  return 0;
}

int address() {
  ESCAPE_STACK Big B{};
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: the address of 'B' escapes, but 'B' is marked escape::stack
  Keep = &B;
  return 0;
}

ESCAPE_STACK int whole() {
  // CHECK-MESSAGES: :[[@LINE+1]]:10: warning: new Big{} escapes to heap, but function 'whole' is marked escape::stack
  Keep = new Big{};
  return 0;
}

ESCAPE_STACK Big Global;
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'Global' is marked escape::stack, which applies to local variables and functions only
