// Guaranteed copy elision: a prvalue is its destination object. A
// constructor or callee that publishes `this` makes the destination escape.
// RUN: %clangxx -std=c++20 %verify %m1 %s
struct L { L *next; int *data; };
struct Node {
  Node *next;
  int *data;
  Node(Node **h) : next(nullptr), data(nullptr) { *h = this; } // expected-remark {{leaking param: this to *h level=0}} expected-remark {{h does not escape}}
};
Node *gh;
Node make(Node **h) { return Node(h); } // expected-remark {{h does not escape}}
Node makeNamed(Node **h) { Node n(h); return n; } // expected-remark {{h does not escape}}

int *selfLoad() {
  L b{nullptr, nullptr};
  L a{&b, nullptr};
  L *p = &a;
  p = p->next;
  p->data = new int(5); // expected-remark {{new int(5) escapes to heap}}
  return b.data;
}
void direct() {
  Node *head = nullptr;
  Node n = Node(&head);
  n.data = new int(8); // expected-remark {{new int(8) escapes to heap}}
  gh = head;
}
void paren() {
  Node *head = nullptr;
  Node n(&head);
  n.data = new int(9); // expected-remark {{new int(9) escapes to heap}}
  gh = head;
}
void cond(bool c) {
  Node *head = nullptr;
  Node n = c ? Node(&head) : Node(&head);
  n.data = new int(10); // expected-remark {{new int(10) escapes to heap}}
  gh = head;
}
void viaCall() {
  Node *head = nullptr;
  Node n = make(&head);
  n.data = new int(7); // expected-remark {{new int(7) escapes to heap}}
  gh = head;
}
void viaNamedReturn() {
  Node *head = nullptr;
  Node n = makeNamed(&head);
  n.data = new int(11); // expected-remark {{new int(11) escapes to heap}}
  gh = head;
}
// Conservative: the callee publishes the returned object's address (here
// only into the caller's local `head`), which the summary does not follow.
void publishedLocally() {
  Node *head = nullptr;
  Node n = make(&head);
  n.data = new int(12); // expected-remark {{new int(12) escapes to heap}}
  delete n.data;
}
void notPublished() {
  L a = L{nullptr, nullptr};
  a.data = new int(13); // expected-remark {{new int(13) does not escape}}
  delete a.data;
}
