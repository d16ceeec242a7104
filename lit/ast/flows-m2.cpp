// -m=2: each escape is explained step by step, notes at their own places.
// RUN: %clangxx -std=c++20 %verify %m2 %s
struct Big { int data[64]; };
int *G;
void sink(int *p);
void keep(int *p) { G = p; } // expected-remark {{leaking param: p}} \
                             // expected-note {{flow: G = p:}} \
                             // expected-note {{from G = p (assign)}} \
                             // expected-note {{from G (stored to global)}} \
                             // expected-note {{hint: a global keeps the pointer after the function returns}}

Big *makePtr() { return new Big{}; } // expected-remark {{new Big{} escapes to heap}} \
                                     // expected-note {{flow: result = &{storage for new Big{}}:}} \
                                     // expected-note {{from return new Big{} (return)}} \
                                     // expected-note {{hint: returning the pointer hands the object to the caller}}

void unknownCallee() {
  int *q = new int(3); // expected-remark {{new int(3) escapes to heap}} \
                       // expected-note {{flow: q = &{storage for new int(3)}:}} \
                       // expected-note {{from q = new int(3) (initialization)}}
  sink(q); // expected-note {{flow: {heap} = q:}} \
           // expected-note {{from argument 1 to 'sink' (passed to a function without a visible body)}} \
           // expected-note {{hint: if the callee does not keep the pointer, mark its parameter [[clang::noescape]] or make its body visible}}
}
void knownCallee() {
  int *q = new int(4); // expected-remark {{new int(4) escapes to heap}} \
                       // expected-note {{flow: q = &{storage for new int(4)}:}} \
                       // expected-note {{from q = new int(4) (initialization)}}
  keep(q); // expected-note {{flow: {heap} = q:}} \
           // expected-note {{from argument 1 to 'keep' (call parameter)}}
}
struct Base { virtual void use(int *p); };
void virtualCall(Base &b) { // expected-remark {{leaking param: b}}
  int *q = new int(5); // expected-remark {{new int(5) escapes to heap}} \
                       // expected-note {{flow: q = &{storage for new int(5)}:}} \
                       // expected-note {{from q = new int(5) (initialization)}}
  b.use(q); // expected-note {{flow: {heap} = q:}} expected-note {{flow: {heap} = b:}} \
            // expected-note 2 {{(passed to a virtual call)}} \
            // expected-note {{hint: an override may keep the pointer; mark the class or the method final, or the parameter [[clang::noescape]]}} \
            // expected-note {{hint: an override may keep the object; mark the class or the method final}}
}
void throwIt() {
  int *q = new int(6); // expected-remark {{new int(6) escapes to heap}} \
                       // expected-note {{flow: q = &{storage for new int(6)}:}} \
                       // expected-note {{from q = new int(6) (initialization)}}
  throw q; // expected-note {{flow: {heap} = q:}} \
           // expected-note 2 {{from throw q (thrown)}}
}
void loopCarried() {
  int *last = nullptr;
  for (int i = 0; i < 4; ++i)
    last = new int(i); // expected-remark {{new int(i) does not escape (live across loop iterations: frame arena)}} \
                       // expected-note {{flow: last = &{storage for new int(i)}:}} \
                       // expected-note {{from last = new int(i) (assign)}}
  (void)last;
}
int quiet() { int *q = new int(7); int v = *q; delete q; return v; } // expected-remark {{new int(7) does not escape}}
