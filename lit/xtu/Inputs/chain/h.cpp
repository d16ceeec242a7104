void h(int *p) { *p = 1; }
