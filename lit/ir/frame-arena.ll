; The frame arena for constant-size objects: above max-object (a buffer of the
; object's size, if the arena allows that much) and objects that stay live
; across loop iterations (a buffer filled by successive objects through a bump
; cursor, then the heap; never reused within the frame, so stack use does not
; grow with the trip count). Frees test the pointer at run time.
; (Functions here call unknown declarations and may be re-entered through
; them; the recursion budget, tested in recursion.ll, is lifted.)
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -S %s | %opt -passes=verify -disable-output
; A 4 KiB arena (pass parameter, as the Clang plugin passes it, and -mllvm).
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes='escape-heap-to-stack<arena=4096>' -S %s \
; RUN:   -pass-remarks=escape 2>%t.big.rem | FileCheck --check-prefix=BIG %s
; RUN: FileCheck --check-prefix=BIGREM %s < %t.big.rem
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -escape-arena-bytes=4096 -S %s \
; RUN:   | FileCheck --check-prefix=BIG %s
; Full clean-up: the bump cursor becomes SSA, nothing is left of the heap
; path's shape but the test.
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes='escape-heap-to-stack<cleanup>' -S %s \
; RUN:   | FileCheck --check-prefix=CLEAN %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare ptr @_Znam(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @_ZdaPv(ptr) nobuiltin nounwind
declare i32 @read(ptr captures(none)) nofree nounwind
declare void @may_throw(ptr captures(none)) nofree
declare void @keep(ptr)
declare i32 @__gxx_personality_v0(...)
@g = global ptr null

; 2 KiB, over the 1 KiB slot limit: the default 256-byte arena cannot hold it.
; CHECK-LABEL: define i32 @large(
; CHECK-NOT:     alloca
; CHECK:         call ptr @_Znam(i64 2048)
; REMARK: remark: <unknown>:0:0: 'new[]' of 2048 bytes stays on the heap: larger than the stack-slot limit of 1024 bytes (-escape-max-object) and the frame-arena buffer of 256 bytes (-escape-arena-bytes)
; A 4 KiB arena holds it: a buffer of its size; the test is constant.
; BIG-LABEL: define i32 @large(
; BIG-NEXT:      %p.arena = alloca [2048 x i8], align 16, !escape.h2s
; BIG:           br i1 true, label %arena.stack, label %arena.heap
; BIG:         arena.stack:
; BIG-NEXT:      call void @llvm.lifetime.start.p0(ptr %p.arena)
; BIG:           icmp eq ptr %p.p, %p.arena
; BIG:           call void @llvm.lifetime.end.p0(ptr %p.arena)
; BIGREM: remark: <unknown>:0:0: 'new[]' of 2048 bytes moved to the frame arena (a 2048-byte stack buffer; larger than the stack-slot limit of 1024 bytes)
; CLEAN-LABEL: define i32 @large(
define i32 @large() {
  %p = call ptr @_Znam(i64 2048) #0
  %v = call i32 @read(ptr %p)
  call void @_ZdaPv(ptr %p) #0
  ret i32 %v
}

; Over the 8 KiB frame budget even with the arena at 16 KiB.
; BIG-LABEL: define i32 @over_budget(
; BIG-NOT:       alloca
; BIG:           call ptr @_Znam(i64 9000)
define i32 @over_budget() {
  %p = call ptr @_Znam(i64 9000) #0
  %v = call i32 @read(ptr %p)
  call void @_ZdaPv(ptr %p) #0
  ret i32 %v
}

; The previous iteration's object is read, then deleted, in the next one
; (`delete Prev; Prev = P;`), the last one after the loop: objects of two
; iterations are live at once. Bump placement; each delete tests its pointer.
; A freed object of the buffer goes on a free list (linked through the dead
; object) that the next allocation takes first, so the window of two live
; objects never runs out of buffer.
; CHECK-LABEL: define i32 @sliding(
; CHECK-NEXT:  entry:
; CHECK-NEXT:    %p.arena = alloca [256 x i8], align 16, !escape.h2s
; CHECK-NEXT:    %p.arena.cur = alloca i64, align 8, !escape.h2s
; CHECK-NEXT:    store i64 0, ptr %p.arena.cur
; CHECK-NEXT:    %p.arena.free = alloca ptr, align 8, !escape.h2s
; CHECK-NEXT:    store ptr null, ptr %p.arena.free
; CHECK:       loop:
; CHECK:         %[[CUR:.*]] = load i64, ptr %p.arena.cur
; CHECK:         %arena.off = and i64 %{{.*}}, -16
; CHECK:         %arena.fits = and i1
; CHECK:         %arena.head = load ptr, ptr %p.arena.free
; CHECK:         %[[HAS:.*]] = icmp ne ptr %arena.head, null
; CHECK:         br i1 %[[HAS]], label %arena.reuse, label %arena.bump
; CHECK:       arena.reuse:
; CHECK-NEXT:    %arena.next = load ptr, ptr %arena.head
; CHECK-NEXT:    store ptr %arena.next, ptr %p.arena.free
; CHECK-NEXT:    br label %arena.join
; CHECK:       arena.bump:
; CHECK-NEXT:    br i1 %arena.fits, label %arena.stack, label %arena.heap
; CHECK:       arena.stack:
; CHECK-NEXT:    %arena.obj = getelementptr inbounds i8, ptr %p.arena, i64 %arena.off
; CHECK-NEXT:    %[[END:.*]] = add i64 %arena.off, 16
; CHECK-NEXT:    store i64 %[[END]], ptr %p.arena.cur
; CHECK-NEXT:    br label %arena.join
; CHECK:       arena.heap:
; CHECK-NEXT:    %p = call ptr @_Znwm(i64 16) {{.*}}!escape.arena.heap
; CHECK:       arena.join:
; CHECK-NEXT:    %p.p = phi ptr [ %arena.obj, %arena.stack ], [ %p, %arena.heap ], [ %arena.head, %arena.reuse ]
; Each delete: in the buffer, onto the free list; else the original delete.
; CHECK:         icmp uge ptr %prev, %p.arena
; CHECK:         icmp ult ptr %prev, %{{.*}}
; CHECK:         %[[OLD:.*]] = load ptr, ptr %p.arena.free
; CHECK-NEXT:    store ptr %[[OLD]], ptr %prev
; CHECK-NEXT:    store ptr %prev, ptr %p.arena.free
; CHECK:         call void @_ZdlPv(ptr %prev)
; CHECK:       exit:
; CHECK:         icmp uge ptr %p.p, %p.arena
; CHECK:         call void @_ZdlPv(ptr %p.p)
; CHECK-NOT:     lifetime
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena (live across loop iterations: a 256-byte stack buffer filled by successive objects; the rest stay on the heap)
; CLEAN-LABEL: define i32 @sliding(
; CLEAN-NEXT:  entry:
; CLEAN-NEXT:    %p.arena = alloca [256 x i8]
; CLEAN-NEXT:    br label %loop
; CLEAN:         %p.arena.cur.0 = phi i64 [ 0, %entry ]
; CLEAN-NOT:     load i64
; CLEAN:         call {{.*}}ptr @_Znwm(i64 16)
; CLEAN-LABEL: define
define i32 @sliding(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %next ]
  %acc = phi i32 [ 0, %entry ], [ %acc1, %next ]
  %prev = phi ptr [ null, %entry ], [ %p, %next ]
  %p = call ptr @_Znwm(i64 16) #0
  store i32 %i, ptr %p
  %isnull = icmp eq ptr %prev, null
  br i1 %isnull, label %next, label %use
use:
  %v = call i32 @read(ptr %prev)
  call void @_ZdlPv(ptr %prev) #0
  br label %next
next:
  %w = phi i32 [ 0, %loop ], [ %v, %use ]
  %acc1 = add i32 %acc, %w
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  call void @_ZdlPv(ptr %p) #0
  ret i32 %acc1
}

; Loop-carried and larger than the buffer: stays.
; CHECK-LABEL: define i32 @carried_too_large(
; CHECK-NOT:     alloca
; CHECK:         call ptr @_Znwm(i64 512)
; REMARK: remark: <unknown>:0:0: 'new' of 512 bytes stays on the heap: live across loop iterations and larger than the frame-arena buffer of 256 bytes (-escape-arena-bytes)
; BIG-LABEL: define i32 @carried_too_large(
; BIG:           alloca [4096 x i8]
define i32 @carried_too_large(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %prev = phi ptr [ null, %entry ], [ %p, %loop ]
  %p = call ptr @_Znwm(i64 512) #0
  call void @_ZdlPv(ptr %prev) #0
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  %v = call i32 @read(ptr %p)
  ret i32 %v
}

; The phi mixes two sites: the delete may free either site's object. Each
; site's guard tests for its own buffer and leaves anything else to the next
; test, and the last to the heap: the guards nest around the one delete.
; CHECK-LABEL: define void @two_sites(
; CHECK:         %p.arena = alloca [256 x i8]
; CHECK:         %first.arena = alloca [16 x i8]
; CHECK:         %arena.own = icmp eq ptr %prev, %first.arena
; CHECK-NEXT:    br i1 %arena.own, label %[[FIRST:[0-9]+]], label %[[OTHER:[0-9]+]]
; CHECK:       [[FIRST]]:
; CHECK-NEXT:    call void @llvm.lifetime.end.p0(ptr %first.arena)
; CHECK:       [[OTHER]]:
; CHECK:         icmp uge ptr %prev, %p.arena
; CHECK:         %arena.own5 = and i1
; CHECK:         store ptr %prev, ptr %p.arena.free
; CHECK:         call void @_ZdlPv(ptr %prev)
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena (a 16-byte stack buffer; freed through a pointer that may be another object's
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena (live across loop iterations: a 256-byte stack buffer filled by successive objects; the rest stay on the heap)
define void @two_sites(i32 %n) {
entry:
  %first = call ptr @_Znwm(i64 16) #0
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %prev = phi ptr [ %first, %entry ], [ %p, %loop ]
  %p = call ptr @_Znwm(i64 16) #0
  call void @_ZdlPv(ptr %prev) #0
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; Not in a loop, freed through a phi with null: a plain slot would end its
; lifetime on the null path too; a buffer of the object's size whose free
; tests the pointer at run time (the request always fits it).
; CHECK-LABEL: define void @slot_free_via_phi(
; CHECK:         %p.arena = alloca [16 x i8]
; CHECK:       b:
; CHECK-NEXT:    %q = phi ptr
; CHECK-NEXT:    %arena.own = icmp eq ptr %q, %p.arena
; CHECK:         call void @llvm.lifetime.end.p0(ptr %p.arena)
; CHECK:         call void @_ZdlPv(ptr %q)
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena (a 16-byte stack buffer; freed through a pointer that may be another object's (loaded back from a local variable, or merged with null or another pointer), which each free tests at run time)
define void @slot_free_via_phi(i1 %c) {
entry:
  %p = call ptr @_Znwm(i64 16) #0
  %v = call i32 @read(ptr %p)
  br i1 %c, label %a, label %b
a:
  br label %b
b:
  %q = phi ptr [ %p, %a ], [ null, %entry ]
  call void @_ZdlPv(ptr %q) #0
  ret void
}

; Loop-carried but escaping: the escape rules are the same for every
; placement.
; CHECK-LABEL: define void @carried_escapes(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to global 'g'
define void @carried_escapes(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %prev = phi ptr [ null, %entry ], [ %p, %loop ]
  %p = call ptr @_Znwm(i64 16) #0
  store ptr %prev, ptr @g
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void
}

; Exceptions: an invoked new in the loop and a landing pad that deletes the
; previous object. The heap path keeps the invoke; the landing pad's delete
; tests its pointer like the others.
; CHECK-LABEL: define void @invoked(
; CHECK:       arena.heap:
; CHECK-NEXT:    %p = invoke ptr @_Znwm(i64 16)
; CHECK-NEXT:            to label %arena.join unwind label %lpad
; CHECK:       lpad:
; CHECK:         icmp uge ptr %prev, %p.arena
; CHECK:         call void @_ZdlPv(ptr %prev)
; CHECK:         resume
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena (live across loop iterations
define void @invoked(i32 %n) personality ptr @__gxx_personality_v0 {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %cont ]
  %prev = phi ptr [ null, %entry ], [ %p, %cont ]
  %p = invoke ptr @_Znwm(i64 16) #0
          to label %cont unwind label %lpad
cont:
  call void @may_throw(ptr %p)
  call void @_ZdlPv(ptr %prev) #0
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  call void @_ZdlPv(ptr %p) #0
  ret void
lpad:
  %lp = landingpad { ptr, i32 }
          cleanup
  call void @_ZdlPv(ptr %prev) #0
  resume { ptr, i32 } %lp
}

; Under AddressSanitizer the rest of the buffer is poisoned after each bump,
; and a deleted object in the buffer is poisoned too and not handed out again
; (no free list, like ASan's heap quarantine): use-after-free is still
; reported.
; CHECK-LABEL: define void @asan(
; CHECK-NOT:     arena.free
; CHECK:       arena.stack:
; CHECK:         call void @__asan_poison_memory_region(ptr %{{.*}}, i64 %{{.*}})
; CHECK:         call void @__asan_poison_memory_region(ptr %prev, i64 16)
; CHECK:         call void @_ZdlPv(ptr %prev)
; CHECK-NOT:     arena.free
; CHECK-LABEL:   ret void
define void @asan(i32 %n) sanitize_address {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %prev = phi ptr [ null, %entry ], [ %p, %loop ]
  %p = call ptr @_Znwm(i64 16) #0
  %v = call i32 @read(ptr %p)
  call void @_ZdlPv(ptr %prev) #0
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  call void @_ZdlPv(ptr %p) #0
  ret void
}

; Variable size, live across iterations: bump only (no free list), and each
; object takes at least one byte, so that two live objects (new int[0] too)
; never share an address.
; CHECK-LABEL: define void @carried_variable(
; CHECK-NOT:     arena.free
; CHECK:         %[[STEP:.*]] = call i64 @llvm.umax.i64(i64 %sz, i64 1)
; CHECK:         icmp ule i64 %[[STEP]],
; CHECK:       arena.stack:
; CHECK:         add i64 %arena.off, %[[STEP]]
; REMARK: remark: <unknown>:0:0: 'new[]' of variable size moved to the frame arena (live across loop iterations
define void @carried_variable(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %prev = phi ptr [ null, %entry ], [ %p, %loop ]
  %sz = zext i32 %i to i64
  %p = call ptr @_Znam(i64 %sz) #0
  %v = call i32 @read(ptr %prev)
  call void @_ZdaPv(ptr %prev) #0
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  call void @_ZdaPv(ptr %p) #0
  ret void
}

attributes #0 = { builtin }
