#include "util.h"

struct Big {
  int a[300];
};
int *g;
void sink(int *);

Big *make() { return new Big{}; }

int local(int n) {
  int *arr = new int[n];
  int *one = new int(1);
  Big *big = new Big{};
  int s = arr[0] + *one + big->a[0] + twice(n);
  delete[] arr;
  delete one;
  delete big;
  return s;
}

void publish() {
  int *q = new int(3);
  g = q;
}

void opaque() {
  int *r = new int(4);
  sink(r);
}
