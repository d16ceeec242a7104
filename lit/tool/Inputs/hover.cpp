int *g;
void keep(int *p) { g = p; }
int local() { int *q = new int(3); int v = *q; delete q; return v; }
int viaKeep() { int *r = new int(4); keep(r); return *r; }
