// std::string temporaries longer than the small-string buffer (15 chars).
#include <cstdio>
#include <string>

__attribute__((noinline)) unsigned long hashOf(const std::string &S) {
  unsigned long H = 1469598103934665603ull;
  for (char C : S)
    H = (H ^ static_cast<unsigned char>(C)) * 1099511628211ull;
  return H;
}

int main() {
  unsigned long H = 0;
  for (int I = 0; I < 18000000; ++I) {
    std::string S(40, static_cast<char>('a' + I % 26));
    S[I % 40] = 'Z';
    H += hashOf(S);
  }
  std::printf("checksum %lu\n", H);
}
