void fill(int *p) { *p = 7; }
int *Kept;
void keepSecond(int *p, int *q) { *p = 7; Kept = q; }
