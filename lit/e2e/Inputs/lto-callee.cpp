// Defined in another translation unit: only (Thin)LTO sees that it neither
// keeps nor frees its argument.
struct Big {
  int A[64];
};
long use(const Big &B) {
  long T = 0;
  for (int V : B.A)
    T += V;
  return T;
}
