void fill(int *p) { *p = 7; }
