#include "util.h"

int *keep(int *p) { return p; }

void touch(int *p) { *p = 1; }

int sum() {
  int *x = new int(twice(2));
  int v = *x;
  delete x;
  return v;
}
