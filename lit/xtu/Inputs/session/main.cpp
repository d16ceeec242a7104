// The example of issue 14: one compile printed both "escapes to heap, but
// 'p' is marked escape::stack" and "does not escape" for the same 'new'.
#include <escape/Stack.h>
int keep(int *p);
int f() {
  ESCAPE_STACK int *p = new int(1);
  int r = keep(p);
  delete p;
  return r;
}
