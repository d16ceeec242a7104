// string_temps.cpp written by hand with a stack buffer.
#include <cstdio>
#include <cstring>

__attribute__((noinline)) unsigned long hashOf(const char *S, unsigned long N) {
  unsigned long H = 1469598103934665603ull;
  for (unsigned long I = 0; I < N; ++I)
    H = (H ^ static_cast<unsigned char>(S[I])) * 1099511628211ull;
  return H;
}

int main() {
  unsigned long H = 0;
  for (int I = 0; I < 18000000; ++I) {
    char S[41];
    std::memset(S, 'a' + I % 26, 40);
    S[40] = 0;
    S[I % 40] = 'Z';
    H += hashOf(S, 40);
  }
  std::printf("checksum %lu\n", H);
}
