// GoogleMock's ASSERT_THAT(x, IsOK()) (leveldb's ASSERT_LEVELDB_OK) builds a
// Matcher in the frame whose calls go through a constant table of functions
// (`vtable_`), from linkonce_odr bodies (MatchPrintAndExplain, the
// destructor). The pass resolves them with the matcher's fields, inlines the
// bodies it judged (LocalSlots.h), and moves the matcher's 16-byte shared
// payload to the stack. The MatcherInterface object's pointer is copied into
// the payload as an integer (judged as a pointer store: integer-held.ll);
// once the payload is a local variable, the virtual calls through it are
// made direct and their small bodies inlined (devirt-inline-target.ll), and
// the object goes to the frame arena: no heap object per assertion instead
// of two. The failing assertion prints the same.
// REQUIRES: gmock
// RUN: %clangxx -std=c++17 -O2 %s -o %t.ref -lgmock -lgtest -lpthread
// RUN: %t.ref --gtest_brief=1 | FileCheck --check-prefixes=CHECK,REF %s
// RUN: %clangxx -std=c++17 -O2 %escape -Rpass=escape %s -o %t.h2s -lgmock -lgtest -lpthread 2>&1 | FileCheck --check-prefix=REMARK %s
// RUN: %t.h2s --gtest_brief=1 | FileCheck --check-prefixes=CHECK,H2S %s
// RUN: %clangxx -std=c++17 -O1 -fsanitize=address %escape %s -o %t.asan -lgmock -lgtest -lpthread
// RUN: %t.asan --gtest_brief=1 | FileCheck --check-prefixes=CHECK %s
// REMARK-DAG: gmock-matchers.h:{{[0-9]+}}:{{[0-9]+}}: remark: 'new' (in 'Init' at gtest-matchers.h:{{[0-9]+}}) of 16 bytes moved to the stack
// REMARK-DAG: gmock-matchers.h:{{[0-9]+}}:{{[0-9]+}}: remark: 'new' (in 'operator Matcher<const Status &>' at gmock-matchers.h:{{[0-9]+}}) of 8 bytes moved to the frame arena
#include "Inputs/count-new.h"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

struct Status {
  int Code;
  bool ok() const { return Code == 0; }
};
MATCHER(IsOK, "") { return arg.ok(); }
__attribute__((noinline)) Status get(int I) { return Status{I < 0 ? 7 : 0}; }

TEST(Matchers, IsOK) {
  unsigned long Before = HeapAllocs;
  for (int I = 0; I < 1000; ++I)
    ASSERT_THAT(get(I), IsOK());
  std::printf("heap objects per assertion: %lu\n",
              (HeapAllocs - Before) / 1000);
}
// REF: heap objects per assertion: 2
// H2S: heap objects per assertion: 0

TEST(Matchers, Fails) { EXPECT_THAT(get(-1), IsOK()); }
// CHECK: gmock-matcher.cpp:[[#@LINE-1]]: Failure
// CHECK-NEXT: Value of: get(-1)
// CHECK-NEXT: Expected: is o k
// CHECK-NEXT: Actual: 4-byte object <07-00 00-00> (of type Status)

int main(int argc, char **argv) {
  testing::InitGoogleTest(&argc, argv);
  int R = RUN_ALL_TESTS();
  std::printf("failed: %d\n", R);
}
// CHECK: failed: 1
