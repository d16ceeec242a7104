extern int *last;
void remember(int *p) { last = p; }
int *fresh() { return new int(7); }
