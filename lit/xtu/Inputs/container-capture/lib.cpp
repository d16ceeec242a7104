#include <string>
#include <utility>
#include <vector>
// Const members: nothing captured.
int size(const std::string &S) { return int(S.size()); }
long sum(const std::vector<int> &V) {
  long N = 0;
  for (int X : V)
    N += X;
  return N;
}
// Members that may release or reallocate the storage: captured.
void clear(std::string &S) { S.clear(); }
void append(std::string &S) { S.append(100, 'c'); }
void shrink(std::string &S) { S.shrink_to_fit(); }
void destroy(std::string &S) { S.~basic_string(); }
void push(std::vector<int> &V) { V.push_back(1); }
// Given by non-const reference to a move or swap: captured.
void sink(std::string &S) { std::string T = std::move(S); }
void moveIn(std::vector<int> &V) {
  std::vector<int> T;
  T = std::move(V);
}
void swapIn(std::vector<int> &V) {
  std::vector<int> T;
  T.swap(V);
}
// A non-const begin: captured (conservatively).
int begin(std::string &S) { return *S.begin(); }
