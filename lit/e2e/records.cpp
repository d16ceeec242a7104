// Issue 17 item 9: -fsave-optimization-record holds the analysis' remarks
// (what -m and -m=2 print), as remarks of pass "escape" of type Analysis
// (names Escape, DoesNotEscape, LeakingParam, ParamDoesNotEscape), next to
// the heap-to-stack pass's own (Passed/Missed, HeapToStack...), at the
// source file:line:col; the allocation std::make_unique makes in a system
// header is at the user's line. Without -m the text output is unchanged
// (nothing), with -m it is the same with or without the record, and so is
// the code.
// RUN: rm -rf %t && mkdir -p %t
// RUN: cd %S && %clangxx -std=c++17 -O2 %escape -fsave-optimization-record -c records.cpp -o %t/o2.o 2>&1 | count 0
// RUN: FileCheck --input-file=%t/o2.opt.yaml %s
// RUN: FileCheck --input-file=%t/o2.opt.yaml --check-prefix=PASS %s
// Each remark once (the six TEXT lines below).
// RUN: grep -c '^Name: *\(Escape\|DoesNotEscape\|LeakingParam\|ParamDoesNotEscape\)$' %t/o2.opt.yaml | FileCheck --check-prefix=SIX %s
// SIX: {{^}}6{{$}}
// At -O0 the heap-to-stack pass does not run; the analysis' remarks are
// still in the record.
// RUN: cd %S && %clangxx -std=c++17 -O0 %escape -fsave-optimization-record -c records.cpp -o %t/o0.o 2>&1 | count 0
// RUN: FileCheck --input-file=%t/o0.opt.yaml %s --implicit-check-not='Name: *HeapToStack'
// So with no-transform, and with -foptimization-record-file=.
// RUN: cd %S && %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-no-transform -foptimization-record-file=%t/named.yaml -c records.cpp -o %t/nt.o 2>&1 | count 0
// RUN: FileCheck --input-file=%t/named.yaml %s --implicit-check-not='Name: *HeapToStack'
// An LTO pre-link compile: the record has them (the link decides what moves).
// RUN: cd %S && %clangxx -std=c++17 -O2 -flto=thin %escape -fsave-optimization-record -c records.cpp -o %t/lto.o 2>&1 | count 0
// RUN: FileCheck --input-file=%t/lto.opt.yaml %s
// The -m filters apply to the record as to the text: only what escapes.
// RUN: cd %S && %clangxx -std=c++17 -O2 %escape -fplugin-arg-escape-m-only=heap -fsave-optimization-record -c records.cpp -o %t/heap.o 2>&1 | FileCheck --check-prefix=HEAPTEXT %s
// RUN: grep '^Name: *\(Escape\|DoesNotEscape\|LeakingParam\|ParamDoesNotEscape\)$' %t/heap.opt.yaml | FileCheck --check-prefix=HEAP %s
// HEAPTEXT: remark: new P(I, 4) escapes to heap
// HEAPTEXT: remark: leaking param: Q to *Slot level=0
// HEAP:      Name: Escape
// HEAP-NEXT: Name: LeakingParam
// HEAP-NOT:  Name
// The bitstream format.
// RUN: cd %S && %clangxx -std=c++17 -O2 %escape -fsave-optimization-record=bitstream -c records.cpp -o %t/bs.o
// RUN: llvm-remarkutil bitstream2yaml %t/bs.opt.bitstream -o %t/bs.yaml
// RUN: FileCheck --input-file=%t/bs.yaml %s
// The record's pass filter applies.
// RUN: cd %S && %clangxx -std=c++17 -O2 %escape -fsave-optimization-record -foptimization-record-passes=inline -c records.cpp -o %t/inl.o
// RUN: grep -c 'Pass: *inline' %t/inl.opt.yaml
// RUN: not grep 'Pass: *escape' %t/inl.opt.yaml
//
// With -m and -m=2 the text and the code are the same with or without the
// record (which has the flows in both cases); the remarks are printed once,
// also under -Rpass-analysis=escape.
// RUN: cd %S && %clangxx -std=c++17 -O2 %m2 -c records.cpp -o %t/m2.o 2> %t/m2.err
// RUN: cd %S && %clangxx -std=c++17 -O2 %m2 -fsave-optimization-record -c records.cpp -o %t/m2r.o 2> %t/m2r.err
// RUN: diff %t/m2.err %t/m2r.err
// RUN: FileCheck --input-file=%t/m2r.opt.yaml %s
// RUN: cd %S && %clangxx -std=c++17 -O2 %m1 -c records.cpp -o %t/m1.o 2> %t/m1.err
// RUN: cd %S && %clangxx -std=c++17 -O2 %m1 -fsave-optimization-record -Rpass-analysis=escape -c records.cpp -o %t/m1r.o 2> %t/m1r.err
// RUN: diff %t/m1.err %t/m1r.err
// RUN: FileCheck --input-file=%t/m1r.err --check-prefix=TEXT %s --implicit-check-not=note: --implicit-check-not=remark:
// RUN: FileCheck --input-file=%t/m1r.opt.yaml %s
// RUN: llvm-objdump -dr --no-show-raw-insn %t/m1.o | tail -n +3 > %t/m1.dis
// RUN: llvm-objdump -dr --no-show-raw-insn %t/m1r.o | tail -n +3 > %t/m1r.dis
// RUN: diff %t/m1.dis %t/m1r.dis
// RUN: llvm-objdump -dr --no-show-raw-insn %t/o2.o | tail -n +3 > %t/o2.dis
// RUN: diff %t/m1.dis %t/o2.dis
#include <memory>

struct P {
  int X, Y;
  P(int X, int Y) : X(X), Y(Y) {}
};
// CHECK:      --- !Analysis
// CHECK-NEXT: Pass: escape
// CHECK-NEXT: Name: ParamDoesNotEscape
// CHECK-NEXT: DebugLoc: { File: records.cpp, Line: [[@LINE-5]], Column: 3 }
// CHECK-NEXT: Function: _ZN1PC1Eii
// CHECK-NEXT: Args:
// CHECK-NEXT:   - Param: this
// CHECK-NEXT:   - String: ' does not escape'
// CHECK-NEXT: ...
// TEXT: records.cpp:[[@LINE-11]]:3: remark: this does not escape

__attribute__((noinline)) int use(const P *Q) { return Q->X + Q->Y; }
P *Kept;
// CHECK:      Name: ParamDoesNotEscape
// CHECK-NEXT: DebugLoc: { File: records.cpp, Line: [[@LINE-3]], Column: 44 }
// CHECK-NEXT: Function: _Z3usePK1P
// CHECK-NEXT: Args:
// CHECK-NEXT:   - Param: Q
// TEXT: records.cpp:[[@LINE-7]]:44: remark: Q does not escape

int local(int I) {
  auto U = std::make_unique<P>(I, 3);
  return use(U.get());
}
// CHECK:      --- !Analysis
// CHECK-NEXT: Pass: escape
// CHECK-NEXT: Name: DoesNotEscape
// CHECK-NEXT: DebugLoc: { File: records.cpp, Line: [[@LINE-6]], Column: 12 }
// CHECK-NEXT: Function: _Z5locali
// CHECK-NEXT: Args:
// CHECK-NEXT:   - Site: 'std::make_unique<P>(...)'
// CHECK-NEXT:     DebugLoc: { File: records.cpp, Line: [[@LINE-10]], Column: 12 }
// CHECK-NEXT:   - String: ' does not escape'
// CHECK-NEXT: ...
// TEXT: records.cpp:[[@LINE-13]]:12: remark: std::make_unique<P>(...) does not escape
// The pass moved it, with the user's line (the `new` is in <memory>).
// PASS:      Name: HeapToStack{{$}}
// PASS-NEXT: DebugLoc: { File: records.cpp, Line: [[@LINE-16]], Column: 12 }
// PASS-NEXT: Function: _Z5locali

void keep(int I) { Kept = new P(I, 4); }
// CHECK:      --- !Analysis
// CHECK-NEXT: Pass: escape
// CHECK-NEXT: Name: Escape
// CHECK-NEXT: DebugLoc: { File: records.cpp, Line: [[@LINE-4]], Column: 27 }
// CHECK-NEXT: Function: _Z4keepi
// CHECK-NEXT: Args:
// CHECK-NEXT:   - Site: 'new P(I, 4)'
// CHECK-NEXT:     DebugLoc: { File: records.cpp, Line: [[@LINE-8]], Column: 27 }
// CHECK-NEXT:   - String: ' escapes to heap'
// CHECK-NEXT:   - String: '; '
// CHECK-NEXT:   - Note: 'flow: Kept = &{storage for new P(I, 4)}:'
// CHECK-NEXT:     DebugLoc: { File: records.cpp, Line: [[@LINE-12]], Column: 25 }
// CHECK-NEXT:   - String: '; '
// CHECK-NEXT:   - Note: 'from Kept = new P(I, 4) (assign)'
// CHECK:      ...
// TEXT: records.cpp:[[@LINE-16]]:27: remark: new P(I, 4) escapes to heap
// PASS:      Name: HeapToStackMissed
// PASS-NEXT: DebugLoc: { File: records.cpp, Line: [[@LINE-18]], Column: 27 }

void link(P **Slot, P *Q) { *Slot = Q; }
// CHECK:      --- !Analysis
// CHECK-NEXT: Pass: escape
// CHECK-NEXT: Name: ParamDoesNotEscape
// CHECK-NEXT: DebugLoc: { File: records.cpp, Line: [[@LINE-4]], Column: 15 }
// CHECK-NEXT: Function: _Z4linkPP1PS0_
// CHECK-NEXT: Args:
// CHECK-NEXT:   - Param: Slot
// CHECK:      --- !Analysis
// CHECK-NEXT: Pass: escape
// CHECK-NEXT: Name: LeakingParam
// CHECK-NEXT: DebugLoc: { File: records.cpp, Line: [[@LINE-11]], Column: 24 }
// CHECK-NEXT: Function: _Z4linkPP1PS0_
// CHECK-NEXT: Args:
// CHECK-NEXT:   - String: 'leaking param: '
// CHECK-NEXT:   - Param: Q
// CHECK-NEXT:   - String: ' to *Slot level=0'
// TEXT: records.cpp:[[@LINE-17]]:15: remark: Slot does not escape
// TEXT: records.cpp:[[@LINE-18]]:24: remark: leaking param: Q to *Slot level=0
