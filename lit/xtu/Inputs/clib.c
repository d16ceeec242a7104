void cset(int *p) { *p = 1; }
int *G; void ckeep(int *p) { G = p; }
