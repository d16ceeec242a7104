extern int *last;
void remember(int *p) { last = p; }
int peek(const int *p) { return *p; }
int *fresh() { return new int(7); }
int local() { int *q = new int(3); int v = *q; delete q; return v; }
