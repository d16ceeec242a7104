#pragma once
inline int twice(int n) {
  int *t = new int(n);
  int r = *t * 2;
  delete t;
  return r;
}
