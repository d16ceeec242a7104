// Frame-arena buffers that one free may release share one alloca, and such
// a free tests the group's range once instead of one range per buffer
// (HeapToStack.cpp, ArenaGroup). operator+ on an rvalue returns the
// temporary's buffer, so the result's destructor frees an object of one of
// several sites (libjsoncpp's getFormattedErrorMessages): the temporaries'
// buffers, live across iterations, are bump buffers of one group. Pieces
// longer than the buffers fall back to the heap and must still be freed
// there: the program counts the operator new and operator delete calls, and
// every object allocated is deleted (a free skipped would show as live
// objects, a stack pointer freed would abort). The twin keeps the lines and
// stays on the heap. The program prints the same with and without the
// plugin, and under ASan (which groups nothing; this function's buffers do
// not move there).
// RUN: %clangxx -std=c++17 -O2 %s -o %t.plain
// RUN: %t.plain | FileCheck --check-prefixes=OUT,PLAIN %s
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape -fno-caret-diagnostics %s -o %t.escape 2>%t.rem
// RUN: FileCheck --check-prefix=REMARK %s < %t.rem
// RUN: %t.escape | FileCheck --check-prefixes=OUT,H2S %s
// RUN: %clangxx -std=c++17 -O2 %escape -S -emit-llvm %s -o - | FileCheck --check-prefix=IR %s
// RUN: %clangxx -std=c++17 -O2 -g -fsanitize=address %escape %s -o %t.asan
// RUN: env ASAN_OPTIONS=detect_stack_use_after_return=1 %t.asan | FileCheck --check-prefix=OUT %s
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#define NOINLINE __attribute__((noinline))

static unsigned long News, Deletes;
NOINLINE void *operator new(std::size_t N) {
  ++News;
  if (void *P = std::malloc(N ? N : 1))
    return P;
  throw std::bad_alloc();
}
NOINLINE void operator delete(void *P) noexcept {
  Deletes += P != nullptr;
  std::free(P);
}
NOINLINE void operator delete(void *P, std::size_t) noexcept {
  Deletes += P != nullptr;
  std::free(P);
}

struct Error {
  std::string Where, Message;
};

// The groups: the temporaries' 256-byte buffers side by side in larger
// allocas, none alone.
// IR-LABEL: define {{.*}}@_Z6formatRKSt6vectorI5ErrorSaIS0_EE(
// IR-NOT: alloca [256 x i8]
// IR: alloca [{{512|768|1024|1280|1536|1792|2048}} x i8], align 16, !escape.h2s
// IR-NOT: alloca [256 x i8]
// IR-LABEL: define
// REMARK-DAG: arena-group.cpp:[[@LINE+5]]:{{[0-9]+}}: remark: 'new' (in 'allocate' {{.*}}) of variable size moved to the frame arena (live across loop iterations
NOINLINE unsigned long format(const std::vector<Error> &Errors) {
  std::string Text;
  for (const Error &E : Errors) {
    Text += "* " + E.Where + "\n";
    Text += "  " + E.Message + "\n";
  }
  unsigned long Sum = Text.size();
  for (char C : Text)
    Sum = Sum * 31 + static_cast<unsigned char>(C);
  return Sum;
}

// The twin: the lines are kept.
struct Log {
  std::vector<std::string> Lines;
  NOINLINE void keep(const std::vector<Error> &Errors) {
    for (const Error &E : Errors) {
      Lines.push_back("* " + E.Where + "\n");
      Lines.push_back("  " + E.Message + "\n");
    }
  }
};

int main() {
  std::vector<Error> Errors;
  for (int I = 0; I < 8; ++I)
    Errors.push_back({"line " + std::to_string(I) + ", a place long enough",
                      // Every third message is longer than any buffer.
                      std::string(I % 3 ? 40 : 600, char('a' + I))});
  unsigned long News0 = News, Deletes0 = Deletes;
  unsigned long Sum = 0;
  for (int I = 0; I < 50; ++I)
    Sum += format(Errors);
  // OUT: sum [[SUM:[0-9]+]] live 0
  // PLAIN-SAME: heap 1400
  // H2S-SAME: heap 600
  std::printf("sum %lu live %ld heap %lu\n", Sum,
              long(News - News0) - long(Deletes - Deletes0), News - News0);
  Log L;
  L.keep(Errors);
  // OUT: kept 16
  std::printf("kept %zu\n", L.Lines.size());
}
