; A local struct of two small-buffer strings (leveldb's FileMetaData holds
; two keys): { data0 @0, len0 @8, buf0 @16..32, data1 @32, len1 @40,
; buf1 @48..64 }. Each string's data pointer points at its own small buffer
; until it grows. The allocation of the first string is held at [0, 8); the
; second string's self-pointer (the struct's address + 48) is stored at
; [32, 40), which holds no byte of it: what is loaded from there is that
; address or what else was stored there, and by the pass's convention
; (accesses through an address into the variable stay at or past it)
; nothing reaches the held bytes through an address past them. The first
; string's buffer moves. The twin: the allocation of the second string,
; held at [32, 40), with the first string's self-pointer (+ 16) lying before
; the held bytes: it stays on the heap. A third: the other self-pointer is
; stored over part of the held bytes: refused. A fourth: the neighbour's
; data pointer (its self-pointer) loaded and kept in a global: the slot is
; followed like a held one, and a kept copy of the variable's address
; refuses (code holding it could step back to the held bytes, container_of
; style).
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @read(ptr captures(none) nofree) nounwind memory(argmem: read)
@G = global ptr null

; (To the frame arena: the free tests its pointer at run time.)
; CHECK-LABEL: define i8 @first_grows(
; CHECK:         %p.arena = alloca [40 x i8]
; CHECK:         %arena.own = icmp eq ptr %q, %p.arena
; REMARK: remark: <unknown>:0:0: 'new' of 40 bytes moved to the frame arena
define i8 @first_grows() {
  %v = alloca [64 x i8], align 8
  %b0 = getelementptr inbounds i8, ptr %v, i64 16
  %d1 = getelementptr inbounds i8, ptr %v, i64 32
  %b1 = getelementptr inbounds i8, ptr %v, i64 48
  store ptr %b0, ptr %v
  store ptr %b1, ptr %d1
  %p = call ptr @_Znwm(i64 40) builtin
  store i8 1, ptr %p
  store ptr %p, ptr %v
  %q = load ptr, ptr %v
  %q1 = load ptr, ptr %d1
  call void @read(ptr %q1)
  %c = load i8, ptr %q
  %own = icmp eq ptr %q, %b0
  br i1 %own, label %done, label %free
free:
  call void @_ZdlPv(ptr %q) builtin
  br label %done
done:
  ret i8 %c
}

; CHECK-LABEL: define i8 @second_grows(
; CHECK:         call ptr @_Znwm(i64 40)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 40 bytes stays on the heap: stored to a local variable whose address escapes
define i8 @second_grows() {
  %v = alloca [64 x i8], align 8
  %b0 = getelementptr inbounds i8, ptr %v, i64 16
  %d1 = getelementptr inbounds i8, ptr %v, i64 32
  %b1 = getelementptr inbounds i8, ptr %v, i64 48
  store ptr %b0, ptr %v
  store ptr %b1, ptr %d1
  %p = call ptr @_Znwm(i64 40) builtin
  store i8 1, ptr %p
  store ptr %p, ptr %d1
  %q = load ptr, ptr %d1
  %q0 = load ptr, ptr %v
  call void @read(ptr %q0)
  %c = load i8, ptr %q
  %own = icmp eq ptr %q, %b1
  br i1 %own, label %done, label %free
free:
  call void @_ZdlPv(ptr %q) builtin
  br label %done
done:
  ret i8 %c
}

; CHECK-LABEL: define i8 @self_over_held(
; CHECK:         call ptr @_Znwm(i64 40)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 40 bytes stays on the heap
define i8 @self_over_held() {
  %v = alloca [64 x i8], align 8
  %b1 = getelementptr inbounds i8, ptr %v, i64 48
  %mid = getelementptr inbounds i8, ptr %v, i64 4
  %p = call ptr @_Znwm(i64 40) builtin
  store i8 1, ptr %p
  store ptr %p, ptr %v
  store ptr %b1, ptr %mid
  %q = load ptr, ptr %v
  %c = load i8, ptr %q
  call void @_ZdlPv(ptr %q) builtin
  ret i8 %c
}

; CHECK-LABEL: define i8 @neighbour_kept(
; CHECK:         call ptr @_Znwm(i64 40)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 40 bytes stays on the heap: stored to global 'G'
define i8 @neighbour_kept() {
  %v = alloca [64 x i8], align 8
  %b0 = getelementptr inbounds i8, ptr %v, i64 16
  %d1 = getelementptr inbounds i8, ptr %v, i64 32
  %b1 = getelementptr inbounds i8, ptr %v, i64 48
  store ptr %b0, ptr %v
  store ptr %b1, ptr %d1
  %p = call ptr @_Znwm(i64 40) builtin
  store i8 1, ptr %p
  store ptr %p, ptr %v
  %q = load ptr, ptr %v
  %q1 = load ptr, ptr %d1
  store ptr %q1, ptr @G
  %c = load i8, ptr %q
  %own = icmp eq ptr %q, %b0
  br i1 %own, label %done, label %free
free:
  call void @_ZdlPv(ptr %q) builtin
  br label %done
done:
  ret i8 %c
}
