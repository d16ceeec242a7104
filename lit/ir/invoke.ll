; Invokes and landing pads keep working: an invoked new becomes a call to the
; slot; the new-expression cleanup (operator delete on the throw path) is a
; matching free and becomes lifetime.end; the landing pad stays.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s | %opt -passes=verify -disable-output

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
declare i32 @read(ptr captures(none)) nofree nounwind
declare void @use(i32)
declare void @ctor(ptr captures(none)) nofree
declare i32 @__gxx_personality_v0(...)

; CHECK-LABEL: define i32 @throwing_ctor(
; CHECK:         %[[S:.*]] = alloca [64 x i8], align 16
; CHECK-NOT:     @_Znwm
; CHECK:         invoke void @ctor(ptr %[[S]])
; CHECK-NEXT:      to label %ok unwind label %lpad
; CHECK:       lpad:
; CHECK-NEXT:    landingpad
; CHECK-NEXT:      cleanup
; CHECK-NEXT:    call void @llvm.lifetime.end.p0(ptr %[[S]])
; CHECK-NEXT:    resume
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes moved to the stack
define i32 @throwing_ctor() personality ptr @__gxx_personality_v0 {
entry:
  %p = invoke ptr @_Znwm(i64 64) #0
          to label %cont unwind label %lpad0
cont:
  invoke void @ctor(ptr %p)
          to label %ok unwind label %lpad
ok:
  %v = call i32 @read(ptr %p)
  call void @_ZdlPvm(ptr %p, i64 64) #0
  ret i32 %v
lpad:
  %lp = landingpad { ptr, i32 }
          cleanup
  call void @_ZdlPvm(ptr %p, i64 64) #0
  resume { ptr, i32 } %lp
lpad0:
  %lp0 = landingpad { ptr, i32 }
          cleanup
  resume { ptr, i32 } %lp0
}

; An invoke that may capture it: refused, nothing changes.
; CHECK-LABEL: define void @invoke_capture(
; CHECK:         invoke ptr @_Znwm
; REMARK: remark: <unknown>:0:0: 'new' of 8 bytes stays on the heap: passed to 'keep', which may keep it
declare void @keep(ptr)
define void @invoke_capture() personality ptr @__gxx_personality_v0 {
entry:
  %p = invoke ptr @_Znwm(i64 8) #0
          to label %cont unwind label %lpad
cont:
  invoke void @keep(ptr %p)
          to label %ok unwind label %lpad
ok:
  ret void
lpad:
  %lp = landingpad { ptr, i32 }
          cleanup
  resume { ptr, i32 } %lp
}

attributes #0 = { builtin }
