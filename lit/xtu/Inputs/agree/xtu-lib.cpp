// Defined in its own translation unit (see agree/xtu-main.cpp).
void fill(int *P, int N) {
  for (int I = 0; I < N; ++I)
    P[I] = I;
}
