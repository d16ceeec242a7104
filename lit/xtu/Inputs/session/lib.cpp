// keep() reads *p; with -DKEEP it also keeps p in a global.
int *Kept;
int keep(int *p) {
#ifdef KEEP
  Kept = p;
#endif
  return *p;
}
