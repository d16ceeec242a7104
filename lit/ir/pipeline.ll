; The plugin schedules the pass in the default pipelines: after inlining
; (the new/delete pair below is only visible once @make and @drop are
; inlined), followed by SROA/EarlyCSE/InstCombine (the slot's store is forwarded
; to the final load); at -O0 nothing happens; the full-LTO link pipeline runs
; it too. The plugin loads into opt (no Clang in the process).
; RUN: %opt -load-pass-plugin=%plugin -passes='default<O2>' -S %s \
; RUN:   -pass-remarks=escape 2>%t.rem | FileCheck --check-prefix=O2 %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; RUN: %opt -load-pass-plugin=%plugin -passes='default<O1>' -S %s | FileCheck --check-prefix=O2 %s
; RUN: %opt -load-pass-plugin=%plugin -passes='default<O3>' -S %s | FileCheck --check-prefix=O2 %s
; RUN: %opt -load-pass-plugin=%plugin -passes='lto<O2>' -S %s | FileCheck --check-prefix=O2 %s
; RUN: %opt -load-pass-plugin=%plugin -passes='thinlto<O2>' -S %s | FileCheck --check-prefix=O2 %s
; RUN: %opt -load-pass-plugin=%plugin -passes='default<O0>' -S %s | FileCheck --check-prefix=O0 %s
; Without the plugin the allocation stays (so the checks above mean something).
; RUN: %opt -passes='default<O2>' -S %s | FileCheck --check-prefix=O0 %s
; The pass is not scheduled twice and sits in the function simplification
; pipeline, before the module optimization pipeline (and ASan).
; RUN: %opt -load-pass-plugin=%plugin -passes='default<O2>' -print-pipeline-passes \
; RUN:   -disable-output %s | FileCheck --check-prefix=PIPE %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind

define internal ptr @make(i32 %x) {
  %p = call ptr @_Znwm(i64 64) #0
  store i32 %x, ptr %p
  ret ptr %p
}
define internal void @drop(ptr %p) {
  call void @_ZdlPv(ptr %p) #0
  ret void
}
define i32 @reader(ptr %p, i32 %n) noinline {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %acc = phi i32 [ 0, %entry ], [ %acc1, %loop ]
  %g = getelementptr i32, ptr %p, i32 %i
  %v = load i32, ptr %g
  %acc1 = add i32 %acc, %v
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret i32 %acc1
}

define i32 @user(i32 %x) {
  %p = call ptr @make(i32 %x)
  %s = call i32 @reader(ptr %p, i32 16)
  %first = load i32, ptr %p
  call void @drop(ptr %p)
  %r = add i32 %s, %first
  ret i32 %r
}

; O2-LABEL: define {{.*}}i32 @user(
; O2-NOT:     @_Znwm
; O2-NOT:     @_ZdlPv
; O2:         alloca [64 x i8], align 16
; O2:         add i32 %{{.*}}, %x
; O2-LABEL: }
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes moved to the stack
; O0: call {{.*}}ptr @_Znwm(i64 64)
; PIPE: cgscc(
; PIPE-SAME: gvn<>{{.*}}escape-heap-to-stack<cleanup-no-instcombine;defer-missed>
; PIPE-NOT: escape-heap-to-stack
; The missed remarks it deferred are said once the pipeline is done with it.
; PIPE-SAME: escape-missed-remarks
attributes #0 = { builtin }
