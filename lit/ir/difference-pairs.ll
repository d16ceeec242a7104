; `end - begin` where begin and end may point into either of two
; allocations, but always into the same one: phis of one block (or selects
; on one condition) that switch both pointers together, as std::vector's
; begin and end-of-storage do in a loop that reallocates the buffer
; (push_back after reserve). The difference is an offset within whichever
; object they point into. The twins keep the objects on the heap: the
; pointers crossed on one edge (the difference is then the distance between
; the two objects), selects on different conditions, and the integer of a
; paired pointer stored, converted back, returned or passed to a call, and
; integer phis that merge two objects' addresses or do not pair up.
; RUN: %opt -load-pass-plugin=%plugin -escape-max-frame-recursive=1000000 -passes=escape-heap-to-stack -S %s \
; RUN:   -pass-remarks=escape -pass-remarks-missed=escape 2>%t.rem | FileCheck %s
; RUN: FileCheck --check-prefix=REMARK %s < %t.rem

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare ptr @_Znwm(i64) nobuiltin allocsize(0)
declare void @_ZdlPvm(ptr, i64) nobuiltin nounwind
declare void @use(i64)

@Kept = global i64 0
@KeptPtr = global ptr null

; Phis of one block, paired on every edge.
; CHECK-LABEL: define i64 @phi_pair(
; CHECK-NOT:     @_Znwm
; CHECK-NOT:     @_ZdlPvm
; CHECK:         ret i64
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes moved to the stack
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
define i64 @phi_pair(i1 %c) {
entry:
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  br i1 %c, label %l, label %r
l:
  %ae = getelementptr inbounds i8, ptr %a, i64 64
  br label %m
r:
  %be = getelementptr inbounds i8, ptr %b, i64 32
  br label %m
m:
  %begin = phi ptr [ %a, %l ], [ %b, %r ]
  %end = phi ptr [ %ae, %l ], [ %be, %r ]
  store i8 1, ptr %begin
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  call void @use(i64 %d)
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %d
}

; Selects on one condition; the trip count (end - 8) - begin.
; CHECK-LABEL: define i64 @select_pair(
; CHECK-NOT:     @_Znwm
; CHECK:         ret i64
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes moved to the stack
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
define i64 @select_pair(i1 %c, i64 %n) {
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  %ae = getelementptr inbounds i8, ptr %a, i64 %n
  %begin = select i1 %c, ptr %a, ptr %b
  %end = select i1 %c, ptr %ae, ptr %b
  %ei = ptrtoint ptr %end to i64
  %e8 = add i64 %ei, -8
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %e8, %bi
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %d
}

; A loop whose phis move to the second object together (the first pair is
; assumed while its incoming values are checked).
; CHECK-LABEL: define i64 @loop_pair(
; CHECK-NOT:     @_Znwm
; CHECK:         ret i64
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes moved to the stack
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
define i64 @loop_pair(i64 %n) {
entry:
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  %ae = getelementptr inbounds i8, ptr %a, i64 64
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %s = phi i64 [ 0, %entry ], [ %s1, %loop ]
  %begin = phi ptr [ %a, %entry ], [ %begin1, %loop ]
  %end = phi ptr [ %ae, %entry ], [ %end1, %loop ]
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  %s1 = add i64 %s, %d
  %grow = icmp eq i64 %i, 3
  %be = getelementptr inbounds i8, ptr %b, i64 32
  %begin1 = select i1 %grow, ptr %b, ptr %begin
  %end1 = select i1 %grow, ptr %be, ptr %end
  %i1 = add i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %s1
}

; Crossed on one edge: begin is a, end is b's; the difference is the
; distance between the objects.
; CHECK-LABEL: define i64 @phi_crossed(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; CHECK:         call {{.*}} @_Znwm(i64 32)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: converted to an integer
define i64 @phi_crossed(i1 %c) {
entry:
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  br i1 %c, label %l, label %r
l:
  %be = getelementptr inbounds i8, ptr %b, i64 32
  br label %m
r:
  %ae = getelementptr inbounds i8, ptr %a, i64 64
  br label %m
m:
  %begin = phi ptr [ %a, %l ], [ %b, %r ]
  %end = phi ptr [ %be, %l ], [ %ae, %r ]
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  call void @use(i64 %d)
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %d
}

; Crossed in a loop: on the back edge end moves to b and begin stays.
; CHECK-LABEL: define i64 @loop_crossed(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; CHECK:         call {{.*}} @_Znwm(i64 32)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: converted to an integer
define i64 @loop_crossed(i64 %n) {
entry:
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  %ae = getelementptr inbounds i8, ptr %a, i64 64
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
  %s = phi i64 [ 0, %entry ], [ %s1, %loop ]
  %begin = phi ptr [ %a, %entry ], [ %begin, %loop ]
  %end = phi ptr [ %ae, %entry ], [ %end1, %loop ]
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  %s1 = add i64 %s, %d
  %be = getelementptr inbounds i8, ptr %b, i64 32
  %end1 = select i1 true, ptr %be, ptr %end
  %i1 = add i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %s1
}

; Selects on two conditions may pick different objects.
; CHECK-LABEL: define i64 @select_two_conditions(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @select_two_conditions(i1 %c, i1 %c2) {
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  %begin = select i1 %c, ptr %a, ptr %b
  %end = select i1 %c2, ptr %a, ptr %b
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %d
}

; A paired difference beside the integer of a paired pointer stored to a
; global.
; CHECK-LABEL: define i64 @pair_stored(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @pair_stored(i1 %c) {
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  %begin = select i1 %c, ptr %a, ptr %b
  %end = select i1 %c, ptr %a, ptr %b
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  store i64 %bi, ptr @Kept
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %d
}

; ... converted back with inttoptr (after adding a constant) and stored.
; CHECK-LABEL: define i64 @pair_rebuilt(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @pair_rebuilt(i1 %c) {
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  %begin = select i1 %c, ptr %a, ptr %b
  %end = select i1 %c, ptr %a, ptr %b
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  %b8 = add i64 %bi, 8
  %q = inttoptr i64 %b8 to ptr
  store ptr %q, ptr @KeptPtr
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %d
}

; ... returned (plus a constant).
; CHECK-LABEL: define i64 @pair_returned(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @pair_returned(i1 %c) {
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  %begin = select i1 %c, ptr %a, ptr %b
  %end = select i1 %c, ptr %a, ptr %b
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  call void @use(i64 %d)
  %r = add i64 %bi, 4
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %r
}

; ... passed to a call.
; CHECK-LABEL: define i64 @pair_passed(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @pair_passed(i1 %c) {
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  %begin = select i1 %c, ptr %a, ptr %b
  %end = select i1 %c, ptr %a, ptr %b
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  call void @use(i64 %bi)
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %d
}

; One pointer converted on two paths and merged by an integer phi (GVN's
; leftover), then subtracted from.
; CHECK-LABEL: define i64 @int_phi(
; CHECK-NOT:     @_Znwm
; CHECK:         ret i64
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes moved to the stack
define i64 @int_phi(i1 %c) {
entry:
  %a = call ptr @_Znwm(i64 64) #0
  br i1 %c, label %l, label %r
l:
  %al = ptrtoint ptr %a to i64
  br label %m
r:
  %ar = ptrtoint ptr %a to i64
  br label %m
m:
  %x = phi i64 [ %al, %l ], [ %ar, %r ]
  %end = getelementptr inbounds i8, ptr %a, i64 64
  %ei = ptrtoint ptr %end to i64
  %d = sub i64 %ei, %x
  call void @_ZdlPvm(ptr %a, i64 %d) #0
  ret i64 %d
}

; The integer phi merges two objects' addresses: the difference may be the
; distance between them.
; CHECK-LABEL: define i64 @int_phi_two(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @int_phi_two(i1 %c) {
entry:
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  br i1 %c, label %l, label %r
l:
  %al = ptrtoint ptr %a to i64
  br label %m
r:
  %br = ptrtoint ptr %b to i64
  br label %m
m:
  %x = phi i64 [ %al, %l ], [ %br, %r ]
  %end = getelementptr inbounds i8, ptr %a, i64 64
  %ei = ptrtoint ptr %end to i64
  %d = sub i64 %ei, %x
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %d
}

; The integer phi of one pointer, then stored.
; CHECK-LABEL: define void @int_phi_stored(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define void @int_phi_stored(i1 %c) {
entry:
  %a = call ptr @_Znwm(i64 64) #0
  br i1 %c, label %l, label %r
l:
  %al = ptrtoint ptr %a to i64
  br label %m
r:
  %ar = ptrtoint ptr %a to i64
  br label %m
m:
  %x = phi i64 [ %al, %l ], [ %ar, %r ]
  store i64 %x, ptr @Kept
  call void @_ZdlPvm(ptr %a, i64 64) #0
  ret void
}

; A std::vector's end kept as an integer beside its begin (clang -O2 on
; `const std::vector<int> &v = c ? a : b` after the vectors' constructors):
; `phi [0, %empty], [ptrtoint %end, %filled]` pairs with
; `phi [null, %empty], [%begin, %filled]` (0 is null's address). Variable
; size, freed through the phi of it and null: the frame arena.
; CHECK-LABEL: define i64 @int_phi_pair(
; CHECK:         %a.arena = alloca [256 x i8]
; CHECK:         ret i64
; REMARK: remark: <unknown>:0:0: 'new' of variable size moved to the frame arena
define i64 @int_phi_pair(i1 %c, i64 %n) {
entry:
  br i1 %c, label %fill, label %m
fill:
  %a = call ptr @_Znwm(i64 %n) #0
  %end = getelementptr inbounds i8, ptr %a, i64 %n
  %ei = ptrtoint ptr %end to i64
  br label %m
m:
  %e = phi i64 [ 0, %entry ], [ %ei, %fill ]
  %b = phi ptr [ null, %entry ], [ %a, %fill ]
  %bi = ptrtoint ptr %b to i64
  %d = sub i64 %e, %bi
  call void @use(i64 %d)
  %z = icmp eq ptr %b, null
  br i1 %z, label %done, label %free
free:
  call void @_ZdlPvm(ptr %b, i64 %d) #0
  br label %done
done:
  ret i64 %d
}

; The integer phi is the object's end on one edge and null on the other,
; the pointer phi null and the object: the difference may be its address.
; CHECK-LABEL: define i64 @int_phi_unpaired(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
define i64 @int_phi_unpaired(i1 %c) {
entry:
  %a = call ptr @_Znwm(i64 64) #0
  %end = getelementptr inbounds i8, ptr %a, i64 64
  %ei = ptrtoint ptr %end to i64
  br i1 %c, label %l, label %m
l:
  br label %m
m:
  %e = phi i64 [ 0, %entry ], [ %ei, %l ]
  %b = phi ptr [ %a, %entry ], [ null, %l ]
  %bi = ptrtoint ptr %b to i64
  %d = sub i64 %e, %bi
  call void @use(i64 %d)
  call void @_ZdlPvm(ptr %a, i64 64) #0
  ret i64 %d
}

; A copy phi (one value on every edge, as on the way to a landing pad)
; pairs with a phi of its own block: gmock-spec-builders.cc's vector of
; prerequisites (issue 16, yaml-cpp's tests).
; CHECK-LABEL: define i64 @copy_phi_pair(
; CHECK-NOT:     @_Znwm
; CHECK:         ret i64
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes moved to the stack
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes moved to the stack
define i64 @copy_phi_pair(i1 %c, i1 %c2) {
entry:
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  br i1 %c, label %l, label %r
l:
  %ae = getelementptr inbounds i8, ptr %a, i64 64
  br label %j
r:
  %be = getelementptr inbounds i8, ptr %b, i64 32
  br label %j
j:
  %begin = phi ptr [ %a, %l ], [ %b, %r ]
  %end = phi ptr [ %ae, %l ], [ %be, %r ]
  br i1 %c2, label %k1, label %k2
k1:
  br label %m
k2:
  %end2 = getelementptr inbounds i8, ptr %end, i64 -8
  br label %m
m:
  %cb = phi ptr [ %begin, %k1 ], [ %begin, %k2 ]
  %ce = phi ptr [ %end, %k1 ], [ %end2, %k2 ]
  %ei = ptrtoint ptr %ce to i64
  %bi = ptrtoint ptr %cb to i64
  %d = sub i64 %ei, %bi
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %d
}

; The same with the other object's address on one edge.
; CHECK-LABEL: define i64 @copy_phi_crossed(
; CHECK:         call {{.*}} @_Znwm(i64 64)
; CHECK:         call {{.*}} @_Znwm(i64 32)
; REMARK: remark: <unknown>:0:0: 'new' of 64 bytes stays on the heap: converted to an integer
; REMARK: remark: <unknown>:0:0: 'new' of 32 bytes stays on the heap: converted to an integer
define i64 @copy_phi_crossed(i1 %c, i1 %c2) {
entry:
  %a = call ptr @_Znwm(i64 64) #0
  %b = call ptr @_Znwm(i64 32) #0
  br i1 %c, label %l, label %r
l:
  %ae = getelementptr inbounds i8, ptr %a, i64 64
  br label %j
r:
  %be = getelementptr inbounds i8, ptr %b, i64 32
  br label %j
j:
  %begin = phi ptr [ %a, %l ], [ %b, %r ]
  %end = phi ptr [ %ae, %l ], [ %be, %r ]
  br i1 %c2, label %k1, label %k2
k1:
  br label %m
k2:
  %b8 = getelementptr inbounds i8, ptr %b, i64 8
  br label %m
m:
  %cb = phi ptr [ %begin, %k1 ], [ %begin, %k2 ]
  %ce = phi ptr [ %end, %k1 ], [ %b8, %k2 ]
  %ei = ptrtoint ptr %ce to i64
  %bi = ptrtoint ptr %cb to i64
  %d = sub i64 %ei, %bi
  call void @_ZdlPvm(ptr %a, i64 64) #0
  call void @_ZdlPvm(ptr %b, i64 32) #0
  ret i64 %d
}



; std::vector's growth: the new buffer %b reaches the header's begin as
; itself and its end as the copy loop's last cursor (an LCSSA phi of a phi of
; %b and its offsets). Both come from %b alone, so on the back edge the pair
; points into one object: both buffers move.
; CHECK-LABEL: define i64 @grow_copy_loop(
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes moved to the {{stack|frame arena}}
; REMARK: remark: <unknown>:0:0: 'new' of variable size moved to the frame arena
define i64 @grow_copy_loop(i64 %n) {
entry:
  %a = call ptr @_Znwm(i64 16) #0
  %ae = getelementptr inbounds i8, ptr %a, i64 16
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %next ]
  %begin = phi ptr [ %a, %entry ], [ %b, %next ]
  %end = phi ptr [ %ae, %entry ], [ %bend, %next ]
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  %size = shl i64 %d, 1
  %b = call ptr @_Znwm(i64 %size) #0
  br label %copy
copy:
  %dst = phi ptr [ %b, %loop ], [ %dst1, %copy ]
  %src = phi ptr [ %begin, %loop ], [ %src1, %copy ]
  %v = load i8, ptr %src
  store i8 %v, ptr %dst
  %dst1 = getelementptr inbounds i8, ptr %dst, i64 1
  %src1 = getelementptr inbounds i8, ptr %src, i64 1
  %more = icmp ne ptr %src1, %end
  br i1 %more, label %copy, label %next
next:
  %bend = phi ptr [ %dst1, %copy ]
  call void @_ZdlPvm(ptr %begin, i64 %d) #0
  %i1 = add i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  call void @_ZdlPvm(ptr %b, i64 %size) #0
  ret i64 %d
}

; The twin: the copy goes into a second new buffer %c, so on the back edge
; begin is %b and end is %c's: the difference is the distance between two
; objects. Everything stays on the heap.
; CHECK-LABEL: define i64 @grow_copy_crossed(
; CHECK:         call {{.*}} @_Znwm(i64 16)
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: converted to an integer
; REMARK: remark: <unknown>:0:0: 'new' stays on the heap: converted to an integer
; REMARK: remark: <unknown>:0:0: 'new' stays on the heap: converted to an integer
define i64 @grow_copy_crossed(i64 %n) {
entry:
  %a = call ptr @_Znwm(i64 16) #0
  %ae = getelementptr inbounds i8, ptr %a, i64 16
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %next ]
  %begin = phi ptr [ %a, %entry ], [ %b, %next ]
  %end = phi ptr [ %ae, %entry ], [ %cend, %next ]
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  %size = shl i64 %d, 1
  %b = call ptr @_Znwm(i64 %size) #0
  %c = call ptr @_Znwm(i64 %size) #0
  br label %copy
copy:
  %dst = phi ptr [ %c, %loop ], [ %dst1, %copy ]
  %src = phi ptr [ %begin, %loop ], [ %src1, %copy ]
  %v = load i8, ptr %src
  store i8 %v, ptr %dst
  %dst1 = getelementptr inbounds i8, ptr %dst, i64 1
  %src1 = getelementptr inbounds i8, ptr %src, i64 1
  %more = icmp ne ptr %src1, %end
  br i1 %more, label %copy, label %next
next:
  %cend = phi ptr [ %dst1, %copy ]
  call void @use(i64 %d)
  %i1 = add i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %d
}

; The twin whose end comes from %b on one path into the copy loop and from
; %a on the other: the cursor phi merges two objects, and the pair is not
; taken for one.
; CHECK-LABEL: define i64 @grow_copy_merged(
; CHECK:         call {{.*}} @_Znwm(i64 16)
; REMARK: remark: <unknown>:0:0: 'new' of 16 bytes stays on the heap: converted to an integer
; REMARK: remark: <unknown>:0:0: 'new' stays on the heap: converted to an integer
define i64 @grow_copy_merged(i64 %n, i1 %c) {
entry:
  %a = call ptr @_Znwm(i64 16) #0
  %ae = getelementptr inbounds i8, ptr %a, i64 16
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %next ]
  %begin = phi ptr [ %a, %entry ], [ %b, %next ]
  %end = phi ptr [ %ae, %entry ], [ %bend, %next ]
  %ei = ptrtoint ptr %end to i64
  %bi = ptrtoint ptr %begin to i64
  %d = sub i64 %ei, %bi
  %size = shl i64 %d, 1
  %b = call ptr @_Znwm(i64 %size) #0
  %into = select i1 %c, ptr %b, ptr %a
  br label %copy
copy:
  %dst = phi ptr [ %into, %loop ], [ %dst1, %copy ]
  %src = phi ptr [ %begin, %loop ], [ %src1, %copy ]
  %v = load i8, ptr %src
  store i8 %v, ptr %dst
  %dst1 = getelementptr inbounds i8, ptr %dst, i64 1
  %src1 = getelementptr inbounds i8, ptr %src, i64 1
  %more = icmp ne ptr %src1, %end
  br i1 %more, label %copy, label %next
next:
  %bend = phi ptr [ %dst1, %copy ]
  call void @use(i64 %d)
  %i1 = add i64 %i, 1
  %done = icmp eq i64 %i1, %n
  br i1 %done, label %exit, label %loop
exit:
  ret i64 %d
}
attributes #0 = { builtin }
