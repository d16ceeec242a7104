; Objects reachable only from frame-local objects are frame-local (issue 16):
; an allocation stored into another allocation that the same run moves to a
; stack slot is analysed again after the move, when the store is one into a
; local variable (the slot) and checkContainer's rules apply: the holder's
; uses may not copy the held pointer out or free it, what is loaded back
; from the holder is followed like the allocation, and its frees test the
; pointer at run time (a frame-arena buffer of the object's size).
; Holders here are 32 bytes, held objects 16 (the remarks have no position).
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 \
; RUN:   -passes=escape-heap-to-stack -S %s -pass-remarks=escape \
; RUN:   -pass-remarks-missed=escape -pass-remarks-output=%t.yaml 2>%t.rem \
; RUN:   | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem
; A site moved by the second analysis gets no missed remark from the first:
; the functions with a missed remark are exactly these.
; RUN: grep -A4 -e '--- !Missed' %t.yaml | grep 'Function:' \
; RUN:   | FileCheck --check-prefix=MISSED %s
; MISSED:      Function: merged_difference
; MISSED-NEXT: Function: holder_escapes
; MISSED-NEXT: Function: holder_escapes
; MISSED-NEXT: Function: reloaded_kept
; MISSED-NEXT: Function: reloaded_returned
; MISSED-NEXT: Function: callee_keeps_next
; MISSED-NEXT: Function: callee_frees_next
; MISSED-NEXT: Function: callee_returns_next
; MISSED-NEXT: Function: callee_returns_next_bits
; MISSED-NEXT: Function: callee_loads_next_as_int
; MISSED-NEXT: Function: list_in_loop
; MISSED-NEXT: Function: chain3
; MISSED-NEXT: Function: self_address
; MISSED-NOT:  Function:
; Without the frame arena, a held object freed through its holder stays (its
; free cannot test the pointer); one freed directly still moves.
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 \
; RUN:   -escape-arena-bytes=0 -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>&1 >/dev/null \
; RUN:   | FileCheck --check-prefix=NOARENA %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPv(ptr) nobuiltin nounwind
declare void @opaque(ptr)
@g = global ptr null
@gi = global i64 0

; --- Callees with exact bodies ----------------------------------------------

; Walks the list: `for (; n; n = n->next) s += n->v;` The result is loaded
; *through* the held pointer (the objects' contents), not its bits.
define i32 @sum(ptr readonly captures(address_is_null) %n0) #1 {
entry:
  %empty = icmp eq ptr %n0, null
  br i1 %empty, label %done, label %loop
loop:
  %s = phi i32 [ %add, %loop ], [ 0, %entry ]
  %n = phi ptr [ %next, %loop ], [ %n0, %entry ]
  %v = load i32, ptr %n, align 8
  %add = add nsw i32 %v, %s
  %nextp = getelementptr inbounds nuw i8, ptr %n, i64 8
  %next = load ptr, ptr %nextp, align 8
  %end = icmp eq ptr %next, null
  br i1 %end, label %done, label %loop
done:
  %r = phi i32 [ 0, %entry ], [ %add, %loop ]
  ret i32 %r
}
; Reads the held object's value.
define i32 @peek_next(ptr readonly captures(none) %n) #1 {
  %nextp = getelementptr inbounds i8, ptr %n, i64 8
  %next = load ptr, ptr %nextp
  %v = load i32, ptr %next
  ret i32 %v
}
; Keeps the held pointer (not the holder).
define void @keep_next(ptr readonly captures(none) %n) #2 {
  %nextp = getelementptr inbounds i8, ptr %n, i64 8
  %next = load ptr, ptr %nextp
  store ptr %next, ptr @g
  ret void
}
; Frees the held object.
define void @free_next(ptr readonly captures(none) %n) #3 {
  %nextp = getelementptr inbounds i8, ptr %n, i64 8
  %next = load ptr, ptr %nextp
  call void @_ZdlPv(ptr %next) #0
  ret void
}
; Returns the held pointer.
define ptr @next_of(ptr readonly captures(none) %n) #1 {
  %nextp = getelementptr inbounds i8, ptr %n, i64 8
  %next = load ptr, ptr %nextp
  ret ptr %next
}
; Returns the held pointer's bits as an integer.
define i64 @next_bits(ptr readonly captures(none) %n) #1 {
  %nextp = getelementptr inbounds i8, ptr %n, i64 8
  %next = load ptr, ptr %nextp
  %i = ptrtoint ptr %next to i64
  ret i64 %i
}
; Loads the held pointer as an integer and returns it.
define i64 @next_as_int(ptr readonly captures(none) %n) #1 {
  %nextp = getelementptr inbounds i8, ptr %n, i64 8
  %i = load i64, ptr %nextp
  ret i64 %i
}

; Loads through the variable's address merged with the held pointer: the
; variable's held bytes (the held pointer, an address) or the held object's
; contents (another pointer): their difference with the held pointer may
; carry its bits.
define i64 @diff_through_merge(ptr readonly captures(none) %v, i1 %k) #1 {
  %bp = getelementptr inbounds i8, ptr %v, i64 8
  %b = load ptr, ptr %bp
  %n = select i1 %k, ptr %v, ptr %b
  %xp = getelementptr inbounds i8, ptr %n, i64 8
  %x = load ptr, ptr %xp
  %xi = ptrtoint ptr %x to i64
  %bi = ptrtoint ptr %b to i64
  %d = sub i64 %xi, %bi
  ret i64 %d
}

; --- Moved ------------------------------------------------------------------

; `n2 = new Node{a + 1, n1}; s = sum(n2); delete n2->next; delete n2;`
; n2 moves to a slot; then n1 is held by a local variable, and its free of
; the pointer loaded back tests it at run time.
; CHECK-LABEL: define i32 @pair(
; CHECK-DAG:     %n2.h2s = alloca [32 x i8]
; CHECK-DAG:     %n1.arena = alloca [16 x i8]
; CHECK:         store ptr %n1.p, ptr %n2.next
; CHECK:         call i32 @sum(ptr %n2.h2s)
; CHECK:         %l = load ptr, ptr %n2.next
; CHECK-NEXT:    %arena.own = icmp eq ptr %l, %n1.arena
; REMARK:      remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena (a 16-byte stack buffer; freed through a pointer that may be another object's
; NOARENA:      remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; NOARENA-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: freed through a pointer that may not be this allocation (frame arena disabled: -escape-arena-bytes=0)
define i32 @pair(i32 %a) {
  %n1 = call ptr @_Znwm(i64 16) #0
  store i32 %a, ptr %n1
  %n1.next = getelementptr inbounds i8, ptr %n1, i64 8
  store ptr null, ptr %n1.next
  %n2 = call ptr @_Znwm(i64 32) #0
  store i32 %a, ptr %n2
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  %s = call i32 @sum(ptr %n2)
  %l = load ptr, ptr %n2.next
  call void @_ZdlPv(ptr %l) #0
  call void @_ZdlPv(ptr %n2) #0
  ret i32 %s
}

; Both freed through their own pointers, the held one first: both slots.
; CHECK-LABEL: define i32 @direct_frees(
; CHECK-DAG:     %n2.h2s = alloca [32 x i8]
; CHECK-DAG:     %n1.h2s = alloca [16 x i8]
; CHECK-NOT:     @_Znwm
; CHECK-NOT:     @_ZdlPv
; CHECK:         ret i32
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
; NOARENA-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; NOARENA-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define i32 @direct_frees(i32 %a) {
  %n1 = call ptr @_Znwm(i64 16) #0
  store i32 %a, ptr %n1
  %n2 = call ptr @_Znwm(i64 32) #0
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  %s = call i32 @peek_next(ptr %n2)
  call void @_ZdlPv(ptr %n1) #0
  call void @_ZdlPv(ptr %n2) #0
  ret i32 %s
}

; The holder freed first; the held object used and freed through a copy
; loaded before.
; CHECK-LABEL: define i32 @saved_copy(
; CHECK-DAG:     %n2.h2s = alloca [32 x i8]
; CHECK-DAG:     %n1.arena = alloca [16 x i8]
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena
define i32 @saved_copy(i32 %a) {
  %n1 = call ptr @_Znwm(i64 16) #0
  store i32 %a, ptr %n1
  %n2 = call ptr @_Znwm(i64 32) #0
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  %saved = load ptr, ptr %n2.next
  call void @_ZdlPv(ptr %n2) #0
  %v = load i32, ptr %saved
  call void @_ZdlPv(ptr %saved) #0
  ret i32 %v
}

; A holder in a loop, each iteration's freed before the next: one slot; the
; held object, allocated before the loop, lives in the frame.
; CHECK-LABEL: define i32 @holder_in_loop(
; CHECK-DAG:     %h.h2s = alloca [32 x i8]
; CHECK-DAG:     %a.h2s = alloca [16 x i8]
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack (one slot reused by every loop iteration)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define i32 @holder_in_loop(i32 %n) {
entry:
  %a = call ptr @_Znwm(i64 16) #0
  store i32 %n, ptr %a
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s1, %loop ]
  %h = call ptr @_Znwm(i64 32) #0
  store i32 %i, ptr %h
  %h.next = getelementptr inbounds i8, ptr %h, i64 8
  store ptr %a, ptr %h.next
  %x = call i32 @sum(ptr %h)
  %s1 = add i32 %s, %x
  call void @_ZdlPv(ptr %h) #0
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  call void @_ZdlPv(ptr %a) #0
  ret i32 %s1
}

; (A local variable, not a holder: what `main` sees once `pair` is inlined,
; with n2 already a slot.) The variable holds n1 and is walked by @sum, whose
; phi merges the variable's address with the held pointer loaded back: the
; load of `n->v` is at offset 0 of the variable or through n1, never n1's
; bytes. Refused before as one that "may return bytes of the stored pointer
; in its result (of type 'i32')".
; CHECK-LABEL: define i32 @local_list(
; CHECK:         %n1.h2s = alloca [16 x i8]
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack
define i32 @local_list(i32 %a) {
  %v = alloca [16 x i8], align 8
  %n1 = call ptr @_Znwm(i64 16) #0
  store i32 %a, ptr %n1
  store i32 %a, ptr %v
  %v.next = getelementptr inbounds i8, ptr %v, i64 8
  store ptr %n1, ptr %v.next
  %s = call i32 @sum(ptr %v)
  call void @_ZdlPv(ptr %n1) #0
  ret i32 %s
}

; A held object and its holder per iteration, neither freed (leaked in the
; source). Allocated before the holder, the held object of one iteration is
; still in the slot when its site runs again (no lifetime marker of the
; slot in between): live across iterations, the bump buffer. Allocated
; after the holder, the slot's lifetime.start (the holder's site) comes
; first: an earlier iteration's object is unreachable, one slot.
; CHECK-LABEL: define void @held_first(
; CHECK-DAG:     %h.h2s = alloca [32 x i8]
; CHECK-DAG:     %a.arena.cur = alloca i64
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack (one slot reused by every loop iteration)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes moved to the frame arena (live across loop iterations
define void @held_first(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %a = call ptr @_Znwm(i64 16) #0
  %h = call ptr @_Znwm(i64 32) #0
  %h.next = getelementptr inbounds i8, ptr %h, i64 8
  store ptr %a, ptr %h.next
  %x = call i32 @sum(ptr %h)
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void
}
; CHECK-LABEL: define void @holder_first(
; CHECK-DAG:     %h.h2s = alloca [32 x i8]
; CHECK-DAG:     %a.h2s = alloca [16 x i8]
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack (one slot reused by every loop iteration)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes moved to the stack (one slot reused by every loop iteration)
define void @holder_first(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %h = call ptr @_Znwm(i64 32) #0
  %a = call ptr @_Znwm(i64 16) #0
  %h.next = getelementptr inbounds i8, ptr %h, i64 8
  store ptr %a, ptr %h.next
  %x = call i32 @sum(ptr %h)
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void
}

; --- Stay on the heap ---------------------------------------------------------

; (A local variable.) The callee's load through a merge of the variable's
; address and the held pointer may read the held object's contents: not an
; offset of the held object, so `x - b` carries its address bits.
; CHECK-LABEL: define i64 @merged_difference(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'diff_through_merge', which may return bytes of the stored pointer in its result (of type 'i64')
define i64 @merged_difference(i1 %k) {
  %v = alloca [16 x i8], align 8
  %n1 = call ptr @_Znwm(i64 16) #0
  %n1.next = getelementptr inbounds i8, ptr %n1, i64 8
  store ptr @g, ptr %n1.next
  %v.next = getelementptr inbounds i8, ptr %v, i64 8
  store ptr %n1, ptr %v.next
  %d = call i64 @diff_through_merge(ptr %v, i1 %k)
  call void @_ZdlPv(ptr %n1) #0
  ret i64 %d
}

; The holder escapes (stored to a global): so does what it holds.
; CHECK-LABEL: define void @holder_escapes(
; CHECK:         call ptr @_Znwm(i64 16)
; CHECK:         call ptr @_Znwm(i64 32)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored into another heap object (allocated by {{.*}}), which may outlive the frame
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: stored to global 'g'
define void @holder_escapes() {
  %n1 = call ptr @_Znwm(i64 16) #0
  %n2 = call ptr @_Znwm(i64 32) #0
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  store ptr %n2, ptr @g
  ret void
}

; The holder moves; the held pointer loaded back out of it is kept.
; CHECK-LABEL: define void @reloaded_kept(
; CHECK:         %n2.h2s = alloca [32 x i8]
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to global 'g' (loaded back from a local variable holding it)
define void @reloaded_kept() {
  %n1 = call ptr @_Znwm(i64 16) #0
  %n2 = call ptr @_Znwm(i64 32) #0
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  %l = load ptr, ptr %n2.next
  store ptr %l, ptr @g
  call void @_ZdlPv(ptr %n2) #0
  ret void
}

; ... or returned.
; CHECK-LABEL: define ptr @reloaded_returned(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: returned (loaded back from a local variable holding it)
define ptr @reloaded_returned() {
  %n1 = call ptr @_Znwm(i64 16) #0
  %n2 = call ptr @_Znwm(i64 32) #0
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  %l = load ptr, ptr %n2.next
  call void @_ZdlPv(ptr %n2) #0
  ret ptr %l
}

; A callee given the holder keeps what it holds (not the holder).
; CHECK-LABEL: define void @callee_keeps_next(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'keep_next', which may copy it out or free it
define void @callee_keeps_next() {
  %n1 = call ptr @_Znwm(i64 16) #0
  %n2 = call ptr @_Znwm(i64 32) #0
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  call void @keep_next(ptr %n2)
  call void @_ZdlPv(ptr %n2) #0
  ret void
}

; ... frees it (and the caller frees it again through the holder: the
; double free stays the allocator's to report).
; CHECK-LABEL: define void @callee_frees_next(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'free_next', which may copy it out or free it
define void @callee_frees_next() {
  %n1 = call ptr @_Znwm(i64 16) #0
  %n2 = call ptr @_Znwm(i64 32) #0
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  call void @free_next(ptr %n2)
  %l = load ptr, ptr %n2.next
  call void @_ZdlPv(ptr %l) #0
  call void @_ZdlPv(ptr %n2) #0
  ret void
}

; ... returns it, its bits as an integer, or loads it as an integer.
; CHECK-LABEL: define ptr @callee_returns_next(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; (The returned pointer is followed like one loaded back: it is returned.)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: returned (loaded back from a local variable holding it)
define ptr @callee_returns_next() {
  %n1 = call ptr @_Znwm(i64 16) #0
  %n2 = call ptr @_Znwm(i64 32) #0
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  %r = call ptr @next_of(ptr %n2)
  call void @_ZdlPv(ptr %n2) #0
  ret ptr %r
}
; CHECK-LABEL: define i64 @callee_returns_next_bits(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'next_bits', which may return bytes of the stored pointer in its result (of type 'i64')
define i64 @callee_returns_next_bits() {
  %n1 = call ptr @_Znwm(i64 16) #0
  %n2 = call ptr @_Znwm(i64 32) #0
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  %r = call i64 @next_bits(ptr %n2)
  call void @_ZdlPv(ptr %n2) #0
  ret i64 %r
}
; CHECK-LABEL: define i64 @callee_loads_next_as_int(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable passed to 'next_as_int', which may return bytes of the stored pointer in its result (of type 'i64')
define i64 @callee_loads_next_as_int() {
  %n1 = call ptr @_Znwm(i64 16) #0
  %n2 = call ptr @_Znwm(i64 32) #0
  %n2.next = getelementptr inbounds i8, ptr %n2, i64 8
  store ptr %n1, ptr %n2.next
  %r = call i64 @next_as_int(ptr %n2)
  call void @_ZdlPv(ptr %n2) #0
  ret i64 %r
}

; A list built in a loop, each node pointing to the previous one: the site
; is its own holder, and not moved (no slot could hold a chain).
; CHECK-LABEL: define i32 @list_in_loop(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to memory that may outlive the frame
define i32 @list_in_loop(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %head = phi ptr [ null, %entry ], [ %node, %loop ]
  %node = call ptr @_Znwm(i64 16) #0
  store i32 %i, ptr %node
  %next = getelementptr inbounds i8, ptr %node, i64 8
  store ptr %head, ptr %next
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  %s = call i32 @sum(ptr %node)
  ret i32 %s
}

; A chain of three: c moves, then b (held by c's slot), but a's holder is b,
; whose slot's address is stored in c: the rule for local variables refuses
; a variable whose address is stored (what is loaded through the copy is not
; followed).
; CHECK-LABEL: define i32 @chain3(
; CHECK-DAG:     %c.h2s = alloca [32 x i8]
; CHECK-DAG:     %b.h2s = alloca [32 x i8]
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable whose address escapes
define i32 @chain3(i32 %x) {
  %a = call ptr @_Znwm(i64 16) #0
  store i32 %x, ptr %a
  %b = call ptr @_Znwm(i64 32) #0
  %b.next = getelementptr inbounds i8, ptr %b, i64 8
  store ptr %a, ptr %b.next
  %c = call ptr @_Znwm(i64 32) #0
  %c.next = getelementptr inbounds i8, ptr %c, i64 8
  store ptr %b, ptr %c.next
  %s = call i32 @sum(ptr %c)
  call void @_ZdlPv(ptr %a) #0
  call void @_ZdlPv(ptr %b) #0
  call void @_ZdlPv(ptr %c) #0
  ret i32 %s
}

; (A local variable, not a holder: the rule the holders rely on.) The
; variable's own address stored over a held pointer: what is loaded back may
; be the variable, and a load through it a held pointer, which nothing
; follows. Moved before; the own address must lie past every held range (a
; std::string's small buffer does).
; CHECK-LABEL: define void @self_address(
; CHECK:         call ptr @_Znwm(i64 16)
; REMARK-NEXT: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: stored to a local variable whose address escapes
define void @self_address(i1 %c) {
entry:
  %v = alloca [24 x i8], align 8
  %n1 = call ptr @_Znwm(i64 16) #0
  %next = getelementptr inbounds i8, ptr %v, i64 8
  %other = getelementptr inbounds i8, ptr %v, i64 16
  store ptr %n1, ptr %next
  store ptr %n1, ptr %other
  br i1 %c, label %self, label %go
self:
  store ptr %v, ptr %other
  br label %go
go:
  %q = load ptr, ptr %other
  %qn = getelementptr inbounds i8, ptr %q, i64 8
  %r = load ptr, ptr %qn
  store ptr %r, ptr @g
  ret void
}

attributes #0 = { builtin }
attributes #1 = { nofree norecurse nosync nounwind memory(read) }
attributes #2 = { nofree norecurse nosync nounwind }
attributes #3 = { norecurse nosync nounwind }
