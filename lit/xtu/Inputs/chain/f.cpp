void g(int *p);
void f(int *p) { g(p); }
