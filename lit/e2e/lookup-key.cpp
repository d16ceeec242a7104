// A local std::string used as the key of an unordered_map lookup: the
// front end's fact on _Hashtable::find's `const key_type&` (std::hash and
// std::equal_to of the string only read it: IRFacts.cpp, lookupFact) lets
// the key's buffer move although find is not inlined. The twin's hash
// functor keeps the key's characters' address: no fact, the buffer stays
// on the heap. Both print what the plain build prints.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.ref && %t.ref > %t.ref.out
// RUN: FileCheck %s < %t.ref.out
// RUN: %clangxx -std=c++17 -O2 %escape %s -o %t.h2s && %t.h2s | diff %t.ref.out -
// RUN: %clangxx -std=c++17 -O2 -fsanitize=address %escape %s -o %t.asan && %t.asan | diff %t.ref.out -
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=REMARK %s
#include <cstdio>
#include <string>
#include <unordered_map>

std::unordered_map<std::string, int> Table;

__attribute__((noinline)) int look(const char *P, int N) {
  std::string Key(P, N);
  // REMARK: lookup-key.cpp:[[#@LINE-1]]:15: remark: 'new' {{.*}} moved to the frame arena
  auto It = Table.find(Key);
  return It == Table.end() ? -1 : It->second;
}

const char *Seen;
struct KeepingHash {
  size_t operator()(const std::string &S) const {
    Seen = S.data();
    return S.size();
  }
};
std::unordered_map<std::string, int, KeepingHash> Kept;

__attribute__((noinline)) int lookKept(const char *P, int N) {
  std::string Key(P, N);
  // REMARK: lookup-key.cpp:[[#@LINE-1]]:15: remark: 'new' {{.*}} stays on the heap
  auto It = Kept.find(Key);
  return It == Kept.end() ? -1 : It->second;
}

int main() {
  static const char Text[] = "0123456789012345678901234567890123456789";
  Table[Text] = 7;
  Kept[Text] = 8;
  int S = 0;
  for (int I = 30; I <= 40; ++I)
    S += look(Text, I) + lookKept(Text, I);
  std::printf("%d\n", S);
}
// CHECK: -5
