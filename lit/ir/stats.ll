; The pass's statistics (TrackingStatistic: counted also in a release build
; of LLVM such as Debian's, where -mllvm -stats and opt -stats only say
; "Statistics are disabled"; clang's -save-stats and -Xclang -print-stats
; print them): sites analysed, moved to a stack slot or a frame arena, and
; refused by reason. The functions here call declarations only, so the
; CGSCC pipeline analyses each once: the counters are exact, and the sites
; are the sum of the others.
; RUN: rm -rf %t.d && mkdir -p %t.d
; RUN: %clang -O2 -fpass-plugin=%plugin -save-stats=obj -c -x ir %s -o %t.d/out.o 2>/dev/null
; RUN: FileCheck --check-prefix=JSON %s < %t.d/stats.stats
; JSON-DAG: "escape-heap-to-stack.NumSites": 7{{,?$}}
; JSON-DAG: "escape-heap-to-stack.NumToStack": 1{{,?$}}
; JSON-DAG: "escape-heap-to-stack.NumToArena": 1{{,?$}}
; JSON-DAG: "escape-heap-to-stack.NumRecursionShrunk": 1{{,?$}}
; JSON-DAG: "escape-heap-to-stack.NumRefusedEscapes": 2{{,?$}}
; JSON-DAG: "escape-heap-to-stack.NumRefusedFree": 1{{,?$}}
; JSON-DAG: "escape-heap-to-stack.NumRefusedTooLarge": 1{{,?$}}
; JSON-DAG: "escape-heap-to-stack.NumRefusedDirectNew": 1{{,?$}}
; JSON-NOT: NumRefusedFrame
; The same as text, and remarks do not change what is counted.
; RUN: %clang -O2 -fpass-plugin=%plugin -Xclang -print-stats -Rpass=escape \
; RUN:   -Rpass-missed=escape -c -x ir %s -o %t.o 2>&1 | FileCheck %s
; CHECK-DAG: {{^ *}}7 escape-heap-to-stack{{ +}}- Allocation sites analysed
; CHECK-DAG: {{^ *}}1 escape-heap-to-stack{{ +}}- Allocations moved to a stack slot
; CHECK-DAG: {{^ *}}1 escape-heap-to-stack{{ +}}- Allocations moved to a frame arena
; CHECK-DAG: {{^ *}}1 escape-heap-to-stack{{ +}}- Frame-arena buffers shrunk because the function may recurse
; CHECK-DAG: {{^ *}}2 escape-heap-to-stack{{ +}}- Refused: the pointer may outlive the frame
; CHECK-DAG: {{^ *}}1 escape-heap-to-stack{{ +}}- Refused: a deallocation that is not a matching single free
; CHECK-DAG: {{^ *}}1 escape-heap-to-stack{{ +}}- Refused: larger than max-object and the arena
; CHECK-DAG: {{^ *}}1 escape-heap-to-stack{{ +}}- Refused: a direct call to operator new

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare ptr @_Znam(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @_ZdaPv(ptr) nobuiltin nounwind
declare i32 @read(ptr captures(none)) nofree nounwind

@g = global ptr null

; To a stack slot.
define i32 @stack() {
  %p = call ptr @_Znwm(i64 16) #0
  %v = call i32 @read(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %v
}

; To the frame arena (variable size); the function calls itself, so its
; buffer shrinks to the recursion budget.
define i32 @arena(i64 %n) {
  %p = call ptr @_Znam(i64 %n) #0
  %v = call i32 @read(ptr %p)
  %z = icmp ult i64 %n, 8
  br i1 %z, label %done, label %rec
rec:
  %m = lshr i64 %n, 1
  %r = call i32 @arena(i64 %m)
  br label %done
done:
  call void @_ZdaPv(ptr %p) #0
  ret i32 %v
}

; Refused: escapes (twice).
define void @global() {
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr @g
  ret void
}
define ptr @returned() {
  %p = call ptr @_Znwm(i64 16) #0
  ret ptr %p
}

; Refused: freed twice.
define i32 @double_free() {
  %p = call ptr @_Znwm(i64 16) #0
  %v = call i32 @read(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  call void @_ZdlPv(ptr %p) #0
  ret i32 %v
}

; Refused: larger than max-object (1024) and the arena (256).
define i32 @big() {
  %p = call ptr @_Znwm(i64 2048) #0
  %v = call i32 @read(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret i32 %v
}

; Refused: a direct call to operator new, not a new-expression.
define i32 @direct() {
  %p = call ptr @_Znwm(i64 16)
  %v = call i32 @read(ptr %p)
  call void @_ZdlPv(ptr %p)
  ret i32 %v
}

attributes #0 = { builtin }
