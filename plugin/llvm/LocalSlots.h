//===- LocalSlots.h - Calls through a local object's function pointer -----===//
//
// A std::function (or any struct with a function-pointer member) that lives
// in a local variable holds its invoker and manager in pointer fields; its
// call operator loads the invoker and calls it with the object's address.
// GVN cannot forward the stored function to those loads: the indirect call
// itself receives the object, so for all GVN knows it rewrites the field
// before the next load. The calls stay indirect, the lambda is never
// inlined, and everything it captures "is passed to an indirect call".
//
// resolveLocalFunctionSlots() does the forwarding for one function: a load
// of a pointer-sized field of a static alloca reads constant C (a function,
// or a pointer into a constant global: a table of functions such as
// GoogleMock's `Matcher::vtable_` or a C++ vtable, from which a load at a
// constant offset then reads a function) when
//  * every write to the field's bytes, anywhere in the function, is a
//    store of C (a load before the first store reads an uninitialised
//    value, which C refines);
//  * every other write to the alloca has a known place that does not
//    overlap the field: stores and memory intrinsics at constant offsets,
//    and calls that receive the address, where the call either neither
//    writes through nor captures the argument (its attributes), or its
//    callee has an exact body whose writes through the argument are at
//    constant offsets that miss the field and which keeps no copy of the
//    pointer (a few levels deep). A call through a field is a call of the
//    field's function (the hypothesis is checked for the calls it resolves:
//    the invoker and manager of a std::function are such callees);
//  * the address is not captured: not stored, not converted to an integer,
//    not merged in a phi or select, not returned, and only given to calls
//    as above. Until then nobody else holds it, so nothing else writes it.
// Every load of such a field becomes C, so the call is direct; the CGSCC
// pipeline runs again on a function whose indirect call became direct, and
// the inliner can then inline the lambda. A body that may be replaced at
// link time (linkonce_odr: a lambda in an inline function or a template)
// proves nothing about the copy that runs, unless that copy is this one:
// such a callee, called through a field or directly with the address, is
// judged by its body here and then inlined at the call (small, viable
// bodies only), so that the copy judged is the copy that runs. Inside a
// body judged, a call through one of the variable's fields calls what the
// hypothesis says the field holds (GoogleMock's MatchPrintAndExplain calls
// its matcher's table), and a replaceable body called there is allowed
// only where the bodies above it are inlined too: after inlining, those
// calls are the next level, made direct and inlined in turn.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_LLVM_LOCALSLOTS_H
#define CLANG_ESCAPE_LLVM_LOCALSLOTS_H

namespace llvm {
class Function;
} // namespace llvm

namespace escape {

/// Forwards the functions stored into function-pointer fields of F's local
/// variables to the loads of those fields (see the file comment). Returns
/// the number of indirect calls made direct; of those, the ones to a body
/// that may be replaced at link time are inlined (this copy is the one
/// judged), and *Inlined counts them.
unsigned resolveLocalFunctionSlots(llvm::Function &F,
                                   unsigned *Inlined = nullptr);

} // namespace escape

#endif // CLANG_ESCAPE_LLVM_LOCALSLOTS_H
