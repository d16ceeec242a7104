; Statistics of a site analysed again (docs/heap-to-stack.md rule 7): n1,
; stored into n2, is refused by the first analysis and moved by the second,
; after n2 moved to a slot. It counts once as a site, and its first refusal
; is not counted (the counts are final verdicts: sites = moved + refused).
; (One function calling a declaration: the CGSCC pipeline analyses it once.)
; RUN: rm -rf %t.d && mkdir -p %t.d
; RUN: %clang -O2 -fpass-plugin=%plugin -save-stats=obj -c -x ir %s -o %t.d/out.o 2>/dev/null
; RUN: FileCheck %s < %t.d/held-stats.stats
; RUN: FileCheck --check-prefix=NOREFUSAL %s < %t.d/held-stats.stats
; CHECK-DAG: "escape-heap-to-stack.NumSites": 2{{,?$}}
; CHECK-DAG: "escape-heap-to-stack.NumToStack": 2{{,?$}}
; NOREFUSAL-NOT: NumRefused

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @reads(ptr readonly captures(none)) nofree nounwind memory(read)

define i32 @pair(i32 %a) {
  %n1 = call ptr @_Znwm(i64 16) #0
  store i32 %a, ptr %n1
  %n2 = call ptr @_Znwm(i64 32) #0
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  call void @reads(ptr %n2)
  %l = load ptr, ptr %n2.next
  %v = load i32, ptr %l
  call void @_ZdlPv(ptr %l) #0
  call void @_ZdlPv(ptr %n2) #0
  ret i32 %v
}

attributes #0 = { builtin }
