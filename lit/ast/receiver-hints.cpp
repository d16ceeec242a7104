// -m=2 hints for a receiver (`this`) name what can be done about it: no
// attribute can be written on `this`, so the argument hint ([[clang::noescape]])
// would be wrong there (issue 17 item 5).
// RUN: %clangxx -std=c++20 %verify %m2 %s
struct Node {
  int *p;
  Node(int *q); // defined in another file
};
struct Shape {
  int w = 0;
  virtual int area();
};
struct Square final : Shape {
  int area() override;
};
void sink(int *p);

int outOfLine() {
  Node *n = new Node(nullptr); // expected-remark {{new Node(nullptr) escapes to heap}} \
                               // expected-note {{flow: {heap} = &{storage for new Node(nullptr)}:}} \
                               // expected-note {{from receiver of 'Node::Node' (passed to a function without a visible body)}} \
                               // expected-note {{hint: the method (or constructor) is defined in another file, so its receiver is assumed kept; define it in the header, or let the analysis read its summary (-fplugin-arg-escape-summaries=DIR, docs/cross-tu.md)}}
  int r = n->p != nullptr;
  delete n;
  return r;
}

int virtualCall() {
  Shape *s = new Shape; // expected-remark {{new Shape escapes to heap}} \
                        // expected-note {{flow: s = &{storage for new Shape}:}} \
                        // expected-note {{from s = new Shape (initialization)}}
  int r = s->area(); // expected-note {{flow: {heap} = s:}} \
                     // expected-note {{from receiver of 'Shape::area' (passed to a virtual call)}} \
                     // expected-note {{hint: an override may keep the object; mark the class or the method final}}
  delete s;
  return r;
}

// Final: the call is direct, so the hint is about the body, not overrides.
int finalClass() {
  Square *s = new Square; // expected-remark {{new Square escapes to heap}} \
                          // expected-note {{flow: s = &{storage for new Square}:}} \
                          // expected-note {{from s = new Square (initialization)}}
  int r = s->area(); // expected-note {{flow: {heap} = s:}} \
                     // expected-note {{from receiver of 'Square::area' (passed to a function without a visible body)}} \
                     // expected-note {{hint: the method (or constructor) is defined in another file, so its receiver is assumed kept; define it in the header, or let the analysis read its summary (-fplugin-arg-escape-summaries=DIR, docs/cross-tu.md)}}
  delete s;
  return r;
}

// An argument keeps the attribute hint.
void argument() {
  int *q = new int(3); // expected-remark {{new int(3) escapes to heap}} \
                       // expected-note {{flow: q = &{storage for new int(3)}:}} \
                       // expected-note {{from q = new int(3) (initialization)}}
  sink(q); // expected-note {{flow: {heap} = q:}} \
           // expected-note {{from argument 1 to 'sink' (passed to a function without a visible body)}} \
           // expected-note {{hint: if the callee does not keep the pointer, mark its parameter [[clang::noescape]] or make its body visible}}
  delete q;
}
