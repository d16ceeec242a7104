; Objects that may outlive the frame stay on the heap, with a missed remark
; naming the escaping use.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; CHECK-NOT: alloca
; REMARK-NOT: moved to the stack

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@g = global ptr null
@gi = global i64 0

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @_Z4sinkP1S(ptr)
declare void @freer(ptr captures(none))
declare i32 @pthread_create(ptr, ptr, ptr, ptr)
declare void @worker(ptr)

; Passed to a callee that may capture it.
; CHECK-LABEL: define void @unknown_call(
; CHECK: call ptr @_Znwm
; REMARK: remark: unknown.cpp:4:12: 'new' of 16 bytes stays on the heap: passed to 'sink', which may keep it: mark the parameter {{\[\[}}clang::noescape]] (at unknown.cpp:5:3)
define void @unknown_call() !dbg !5 {
  %p = call ptr @_Znwm(i64 16) #0, !dbg !7
  call void @_Z4sinkP1S(ptr %p), !dbg !8
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; captures(none) but may free it: freed in callee means no.
; CHECK-LABEL: define void @freed_in_callee(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to 'freer', which may free it
define void @freed_in_callee() {
  %p = call ptr @_Znwm(i64 16) #0
  call void @freer(ptr %p)
  ret void
}

; Stored to a global.
; CHECK-LABEL: define void @store_global(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to global 'g'
define void @store_global() {
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %p, ptr @g
  ret void
}

; Stored through a parameter: reachable after return.
; CHECK-LABEL: define void @store_param(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored through parameter 'out', reachable after return
define void @store_param(ptr %out) {
  %p = call ptr @_Znwm(i64 16) #0
  %f = getelementptr i8, ptr %out, i64 8
  store ptr %p, ptr %f
  ret void
}

; Returned.
; CHECK-LABEL: define ptr @returned(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: returned
define ptr @returned() {
  %p = call ptr @_Znwm(i64 16) #0
  %q = getelementptr i8, ptr %p, i64 4
  ret ptr %q
}

; Converted to an integer that escapes.
; CHECK-LABEL: define void @ptrtoint(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: converted to an integer
define void @ptrtoint() {
  %p = call ptr @_Znwm(i64 16) #0
  %i = ptrtoint ptr %p to i64
  store i64 %i, ptr @gi
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; Sent to another thread.
; CHECK-LABEL: define void @thread(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: sent to another thread by 'pthread_create'
define void @thread(ptr %t) {
  %p = call ptr @_Znwm(i64 16) #0
  %r = call i32 @pthread_create(ptr %t, ptr null, ptr @worker, ptr %p)
  ret void
}

; Passed to an indirect call.
; CHECK-LABEL: define void @indirect(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to an indirect call, which may keep it
define void @indirect(ptr %fn) {
  %p = call ptr @_Znwm(i64 16) #0
  call void %fn(ptr %p)
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; A musttail call outlives the frame even if it does not capture.
; CHECK-LABEL: define void @musttail(
; CHECK: call ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: passed to a musttail call, which outlives the frame
declare void @nc(ptr captures(none)) nofree
define void @musttail(ptr %unused) {
  %p = call ptr @_Znwm(i64 16) #0
  musttail call void @nc(ptr %p)
  ret void
}

attributes #0 = { builtin }

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus_14, file: !1, producer: "clang", isOptimized: true, runtimeVersion: 0, emissionKind: LineTablesOnly)
!1 = !DIFile(filename: "unknown.cpp", directory: "/tmp")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "unknown_call", scope: !1, file: !1, line: 3, type: !6, scopeLine: 3, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!6 = !DISubroutineType(types: !{})
!7 = !DILocation(line: 4, column: 12, scope: !5)
!8 = !DILocation(line: 5, column: 3, scope: !5)
