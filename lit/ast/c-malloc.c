// C files work: malloc/calloc are allocation sites, parameters summarised.
// RUN: %clang -std=c11 %verify %m1 %s
#include <stdlib.h>
#include <string.h>

struct node { struct node *next; int v; };
struct node *head;

int sum(const int *a, int n) { int s = 0; for (int i = 0; i < n; ++i) s += a[i]; return s; } // expected-remark {{a does not escape}}
void push(struct node *n) { n->next = head; head = n; } // expected-remark {{leaking param: n}}

int local(void) {
  int *a = malloc(16 * sizeof(int)); // expected-remark {{malloc(...) does not escape}}
  memset(a, 0, 16 * sizeof(int));
  int s = sum(a, 16);
  free(a);
  return s;
}
void published(void) {
  struct node *n = calloc(1, sizeof *n); // expected-remark {{calloc(...) escapes to heap}}
  push(n);
}
struct node *returned(void) {
  struct node *n = malloc(sizeof *n); // expected-remark {{malloc(...) escapes to heap}}
  return n;
}
void variable(size_t k) {
  char *b = malloc(k); // expected-remark {{malloc(...) does not escape (non-constant size: frame arena)}}
  b[0] = 0;
  free(b);
}
