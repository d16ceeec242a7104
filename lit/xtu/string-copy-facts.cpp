// A function that copies a std::string it is given keeps nothing of that
// string: the small-buffer string's members copy characters (its copy gets
// a buffer of its own), so the front end's model does not count their
// string arguments as captured (Models.cpp, library::copiesCharacters), and
// an inline callee (linkonce_odr: only the front end's facts count) that
// assigns or copy-constructs from its argument gets the content fact. A
// local string longer than the small buffer, handed to such a callee and
// then destroyed, moves to the frame arena. std::pair's constructors are
// analysed from their bodies like user code (library::pairConstructor):
// `std::make_pair(level, meta)` copies a struct of strings the same way
// (leveldb's VersionEdit::AddFile). The twins stay on the heap: a callee
// that moves the string out (it takes the buffer), and a pair of a class
// whose copy constructor keeps the source's address. Every program prints
// the same plain, with the plugin, and under AddressSanitizer.
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain > %t.plain.out
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -Rpass-missed=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REM %s < %t.rem
// RUN: %t.escape | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: %t.asan | diff %t.plain.out -
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=IR %s
// std::pair's constructor out of line (no inlining at all), for its facts:
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape -mllvm -inline-threshold=-1000 %s -o - | FileCheck --check-prefix=PAIR %s
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#define NOINLINE __attribute__((noinline)) inline

std::string Kept;

NOINLINE void keepCopy(const std::string &S) { Kept = S; }
// The twin: the buffer itself is taken.
NOINLINE void keepMoved(std::string &S) { Kept = std::move(S); }

// IR-DAG: {{call|invoke}} {{.*}}@_Z8keepCopyRKNSt7__cxx1112basic_string{{[^(]*}}(ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree"
// IR-DAG: call {{.*}}@_Z9keepMovedRNSt7__cxx1112basic_string{{[^(]*}}(ptr {{[^,"]*}})

unsigned copied(unsigned N) {
  std::string S(N, 'c'); // REM-DAG: string-copy-facts.cpp:[[@LINE]]:{{[0-9]+}}: remark: 'new' {{.*}} moved to the frame arena
  S[0] = 'C';
  keepCopy(S);
  return unsigned(S.size()) + Kept[0];
}
unsigned moved(unsigned N) {
  std::string S(N, 'm'); // REM-DAG: string-copy-facts.cpp:[[@LINE]]:{{[0-9]+}}: remark: 'new' {{.*}} stays on the heap
  keepMoved(S);
  return unsigned(S.size()) + Kept[0];
}

struct Key {
  std::string Rep;
};
struct Meta {
  long Number = 0;
  Key Smallest, Largest;
};
// Keeps the address of what it is copied from.
struct Tracked {
  static const Tracked *Last;
  std::string Name;
  Tracked() = default;
  Tracked(const Tracked &O) : Name(O.Name) { Last = &O; }
};
const Tracked *Tracked::Last;

std::vector<std::pair<int, Meta>> Files;
std::vector<std::pair<int, Tracked>> Tracks;

// (make_pair's body calls the constructor.)
// PAIR-DAG: call void @_ZNSt4pairIi4MetaEC2IRiRS0_{{[^(]*}}(ptr {{[^,]*}}, ptr {{[^,]*}}, ptr {{[^,]*}}captures(address){{[^,]*}}"escape-content-nocapture-nofree"
void addFile(int Level, long Number, const std::string &Small) {
  Meta F;
  F.Number = Number;
  F.Smallest.Rep = Small;
  F.Largest.Rep = Small + Small;
  Files.push_back(std::make_pair(Level, F));
}
// PAIR-DAG: call void @_ZNSt4pairIi7TrackedEC2IRiRS0_{{[^(]*}}(ptr {{[^,]*}}, ptr {{[^,]*}}, ptr {{[^,"]*}})
void addTrack(int Level, const std::string &Name) {
  Tracked T;
  T.Name = Name;
  Tracks.push_back(std::make_pair(Level, T));
}

int main() {
  unsigned Sum = 0;
  for (unsigned I = 0; I < 20; ++I)
    Sum += copied(40 + I) + moved(40 + I);
  std::string Long(50, 'k');
  for (int I = 0; I < 4; ++I) {
    addFile(I, I * 10, Long);
    addTrack(I, Long);
  }
  // OUT: sum 4510 kept 59 files 4 150 tracks 4 50
  std::printf("sum %u kept %zu files %zu %zu tracks %zu %zu\n", Sum,
              Kept.size(), Files.size(),
              Files[3].second.Smallest.Rep.size() +
                  Files[3].second.Largest.Rep.size(),
              Tracks.size(), Tracks[3].second.Name.size());
}
