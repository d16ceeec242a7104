// An inline function that is not inlined: linkonce_odr in every TU using it.
struct Big {
  int A[64];
};
__attribute__((noinline)) inline long readBig(const Big &B) {
  long T = 0;
  for (int V : B.A)
    T += V;
  if (T < 0)
    throw T;
  return T;
}
