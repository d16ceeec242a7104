// Standard containers and strings as temporaries, locals passed by
// reference, and values that outlive their loop iteration.
#include <cstdio>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <vector>

__attribute__((noinline)) long total(const std::vector<int> &V) {
  long T = 0;
  for (int X : V)
    T += X;
  return T;
}
__attribute__((noinline)) size_t hashOf(const std::string &S) {
  size_t H = 1469598103934665603ull;
  for (char C : S)
    H = (H ^ static_cast<unsigned char>(C)) * 1099511628211ull;
  return H;
}

int main(int Argc, char **) {
  int N = 300 * Argc;
  long T = 0;
  size_t H = 0;
  std::vector<std::unique_ptr<std::vector<int>>> Kept;
  for (int I = 0; I < N; ++I) {
    std::vector<int> V(64, I);
    T += total(V);
    std::string S = "a string long enough to leave SSO behind: " +
                    std::to_string(I);
    H ^= hashOf(S);
    if (I % 10 == 0) // outlives the iteration
      Kept.push_back(std::make_unique<std::vector<int>>(V));
    std::list<int> L{I, I + 1, I + 2};
    for (int X : L)
      T += X;
    std::map<int, int> M{{I, 1}, {I + 1, 2}};
    T += M.size();
    auto A = std::make_unique<int[]>(16);
    A[I % 16] = I;
    for (int J = 0; J < 16; ++J)
      T += A[J];
  }
  for (auto &P : Kept)
    T += total(*P);
  std::printf("%ld %zu %zu\n", T, H, Kept.size());
}
