; A call returning an object whose buffer its callee allocates (`a + b` of
; two std::strings when the inliner left libstdc++'s operator+ out of
; line): the allocation is the callee's, which must keep it on the heap
; ("stored to the returned object (sret)"). When this frame frees a pointer
; it loads from the returned local object (the temporary's destructor), the
; pass inlines the small callee (returnsFreshAllocation) and judges the
; allocation as this frame's. A call that reallocates a buffer held in a
; local variable (std::string's _M_mutate: allocate, copy, free the old
; one) is inlined too (hidesFrees); its allocation is then a site of this
; frame, analysed in the next round.
; Twins: a frame that keeps the loaded pointer (inlined, stays on the heap),
; a frame that frees nothing from the object (not inlined), a noinline
; callee, a callee that does not store the allocation into the returned
; object, a reallocation whose body keeps the new buffer.
; RUN: %opt -load-pass-plugin=%plugin -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%Str = type { ptr, i64 }

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
declare void @use(ptr captures(none)) memory(read) nounwind

@Kept = global ptr null

; make(n): { new char[n], n }, returned through sret.
define linkonce_odr void @make(ptr sret(%Str) %ret, i64 %n) {
  %buf = call ptr @_Znwm(i64 %n) builtin
  store ptr %buf, ptr %ret
  %len = getelementptr inbounds i8, ptr %ret, i64 8
  store i64 %n, ptr %len
  ret void
}

; The same, but noinline.
define linkonce_odr void @make_noinline(ptr sret(%Str) %ret, i64 %n) noinline {
  %buf = call ptr @_Znwm(i64 %n) builtin
  store ptr %buf, ptr %ret
  %len = getelementptr inbounds i8, ptr %ret, i64 8
  store i64 %n, ptr %len
  ret void
}

; Returns a buffer it does not allocate into the object (kept elsewhere).
define linkonce_odr void @make_global(ptr sret(%Str) %ret, i64 %n) {
  %buf = call ptr @_Znwm(i64 %n) builtin
  store ptr %buf, ptr @Kept
  store ptr @Kept, ptr %ret
  ret void
}

; grow(s, n): a new buffer of n bytes, the old one copied and freed.
define linkonce_odr void @grow(ptr %s, i64 %n) {
  %old = load ptr, ptr %s
  %new = call ptr @_Znwm(i64 %n) builtin
  call void @llvm.memcpy.p0.p0.i64(ptr %new, ptr %old, i64 4, i1 false)
  call void @_ZdlPvm(ptr %old, i64 4) builtin
  store ptr %new, ptr %s
  ret void
}

; The same, but the new buffer is also kept in a global.
define linkonce_odr void @grow_kept(ptr %s, i64 %n) {
  %old = load ptr, ptr %s
  %new = call ptr @_Znwm(i64 %n) builtin
  call void @_ZdlPvm(ptr %old, i64 4) builtin
  store ptr %new, ptr %s
  store ptr %new, ptr @Kept
  ret void
}

declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

; CHECK-LABEL: define void @temp_freed(
; CHECK:         alloca [16 x i8]
; CHECK-NOT:     call void @make(
; CHECK:         ret void
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena
define void @temp_freed() {
  %t = alloca %Str
  call void @make(ptr sret(%Str) %t, i64 16)
  call void @use(ptr %t)
  %p = load ptr, ptr %t
  call void @_ZdlPvm(ptr %p, i64 16) builtin
  ret void
}

; Inlined (the frame frees from the object), but the pointer is kept.
; CHECK-LABEL: define void @temp_kept(
; CHECK-NOT:     call void @make(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to global 'Kept' (loaded back from a local variable holding it)
define void @temp_kept() {
  %t = alloca %Str
  call void @make(ptr sret(%Str) %t, i64 16)
  %p = load ptr, ptr %t
  store ptr %p, ptr @Kept
  call void @_ZdlPvm(ptr %p, i64 16) builtin
  ret void
}

; Nothing freed from the object here: not inlined.
; CHECK-LABEL: define void @temp_not_freed(
; CHECK:         call void @make(ptr sret(%Str) %t, i64 16)
define void @temp_not_freed() {
  %t = alloca %Str
  call void @make(ptr sret(%Str) %t, i64 16)
  call void @use(ptr %t)
  ret void
}

; CHECK-LABEL: define void @temp_noinline(
; CHECK:         call void @make_noinline(ptr sret(%Str) %t, i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: memory allocated inside 'make_noinline' stays on the heap: it was not inlined here
define void @temp_noinline() {
  %t = alloca %Str
  call void @make_noinline(ptr sret(%Str) %t, i64 16)
  %p = load ptr, ptr %t
  call void @_ZdlPvm(ptr %p, i64 16) builtin
  ret void
}

; The callee's allocation does not go into the returned object.
; CHECK-LABEL: define void @temp_global(
; CHECK:         call void @make_global(ptr sret(%Str) %t, i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: memory allocated inside 'make_global' stays on the heap: it was not inlined here
define void @temp_global() {
  %t = alloca %Str
  call void @make_global(ptr sret(%Str) %t, i64 16)
  %p = load ptr, ptr %t
  call void @_ZdlPvm(ptr %p, i64 16) builtin
  ret void
}

; A local buffer reallocated by a call: both allocations move (the first
; is freed inside the inlined reallocation, through a pointer loaded back:
; a frame-arena placement whose free tests its pointer). Either free may
; release either buffer: the two buffers share one alloca (4 bytes, then 32
; at the next 16-byte boundary), and each free tests its whole range once.
; CHECK-LABEL: define void @grown(
; CHECK:         %arena.group = alloca [48 x i8]
; CHECK-NOT:     alloca [4 x i8]
; CHECK:         getelementptr inbounds i8, ptr %arena.group, i64 16
; CHECK-NOT:     call void @grow(
; CHECK:         icmp uge ptr %old.i, %arena.group
; CHECK-NEXT:    getelementptr inbounds i8, ptr %arena.group, i64 48
; CHECK-NEXT:    icmp ult ptr %old.i,
; CHECK-NOT:     icmp eq ptr %old.i
; CHECK:         call void @_ZdlPvm(ptr %old.i, i64 4)
; CHECK:         icmp uge ptr %p, %arena.group
; CHECK-NOT:     icmp eq ptr %p
; CHECK:         call void @_ZdlPvm(ptr %p, i64 32)
; CHECK:         ret void
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 4 bytes moved to the frame arena
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the frame arena
define void @grown() {
  %s = alloca ptr
  %b = call ptr @_Znwm(i64 4) builtin
  store ptr %b, ptr %s
  call void @grow(ptr %s, i64 32)
  call void @use(ptr %s)
  %p = load ptr, ptr %s
  call void @_ZdlPvm(ptr %p, i64 32) builtin
  ret void
}

; The reallocation keeps the new buffer: inlined, it stays on the heap (the
; first buffer, freed by the inlined body's tested free, moves).
; CHECK-LABEL: define void @grown_kept(
; CHECK-NOT:     call void @grow_kept(
; CHECK:         call ptr @_Znwm(i64 32)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: stored to global 'Kept'
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 4 bytes moved to the frame arena
define void @grown_kept() {
  %s = alloca ptr
  %b = call ptr @_Znwm(i64 4) builtin
  store ptr %b, ptr %s
  call void @grow_kept(ptr %s, i64 32)
  %p = load ptr, ptr %s
  call void @_ZdlPvm(ptr %p, i64 32) builtin
  ret void
}

