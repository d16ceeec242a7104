void h(int *p);
void g(int *p) { h(p); }
