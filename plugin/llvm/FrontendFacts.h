//===- FrontendFacts.h - Clang-side verdicts for the IR ---------*- C++ -*-===//
//
// The Clang front end proves things the IR cannot see: a parameter that does
// not escape according to its summary (the callee's body in this TU, a
// stored cross-TU summary). Clang's own `noescape` travels through the
// function *type*, which cannot be changed after parsing without breaking
// redeclarations, so the front end hands its verdicts to this module pass
// instead (same process: ClangEscapeFrontend.so reaches resetFrontendFacts()
// and addFrontendFact() through the table of PassInterface.h), keyed by
// symbol name, before code generation. The pass runs first
// in the pipeline, on the IR exactly as CodeGen emitted it, and adds
// `captures(address)` (and `nofree` where the callee frees nothing
// reachable from the argument, and ContentFactAttr where it neither
// captures nor frees what it loads from the argument's pointee) to the
// matching arguments of every direct
// call of a callee without an exact body in the module (a declaration, or
// a linkonce_odr/weak_odr/available_externally body): an exact body is
// left to LLVM's own inference. A fact states what LLVM's attribute means
// (LangRef "Pointer Capture"), not merely "does not outlive the frame":
// see calleeFacts() and docs/design.md, "What the pass trusts".
// docs/cross-tu.md ("From the AST to the IR") has the rules.
//
// The same pass keeps the plain build's calls to std::string's members
// whose bodies only the plugin puts in the module (addStringBody,
// StringBodies.h) where the string cannot be frame-local here: a call none
// of whose pointer arguments points into a local variable of the caller
// (`this->name_.append(...)`, a string reached through a parameter), in a
// function that is not itself a likely inlinee (internal or linkonce
// linkage), gets `noinline`, as the call to libstdc++.so's copy it is
// without the plugin. Inlining such a member cannot expose an allocation
// the pass could move (the string outlives the frame), and its code,
// optimised and code-generated in every such caller, was most of the
// plugin's compile cost (docs/benchmarks.md, "Where std::string's members
// cost"). Performance only: `noinline` changes no behaviour. A profiled
// build (Profile.h) keeps the members in the object, linkonce_odr; it
// names the inline ones too, and the pass treats them as the plain build's
// available_externally copies, so that the profiled build keeps and inlines
// the same calls as the build it measures.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_LLVM_FRONTENDFACTS_H
#define CLANG_ESCAPE_LLVM_FRONTENDFACTS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/PassManager.h"

#include <cstdint>

namespace escape {

/// A string attribute on a call's argument: the front end proved that the
/// callee neither captures (LangRef "Pointer Capture": kept anywhere,
/// returned, turned into bits, given to unproven code) nor frees any pointer
/// it loads from the memory the argument points to, nor anything reachable
/// from there (the summary's Capture and Free levels are neither 0 nor 1).
/// The heap-to-stack pass reads it for a local variable holding an
/// allocation (a std::string's buffer) passed to a callee without an exact
/// body (checkContainer); it is not an LLVM attribute and nothing else reads
/// it.
constexpr const char *ContentFactAttr = "escape-content-nocapture-nofree";
/// A string attribute on a call's argument: as ContentFactAttr, except that
/// a pointer the callee loads from the argument's pointee (or computes from
/// one: `data() + i`) may be returned. It leaves the call that way and no
/// other, and nothing reachable from there is freed. The callee returns a
/// pointer; checkContainer follows the call's result like a pointer loaded
/// back from the variable. Never on the same argument as ContentFactAttr.
constexpr const char *ContentReturnedAttr = "escape-content-returned";
/// A string attribute on a call's argument, always with ContentFactAttr:
/// nothing reachable from the argument, at any level, is captured or freed
/// (the summary records no destination, Capture nor Free at all). The pass
/// reads it for a local variable holding the address of another that
/// holds an allocation (a lookup key holding the address of a struct that
/// holds a buffer: checkContainer, heldOnlyByReachableReaders).
constexpr const char *ReachableFactAttr = "escape-reachable-nocapture-nofree";
/// A string attribute on a call's argument, always with captures(address)
/// and never with `nofree`: the callee frees nothing through the argument,
/// but the object `this` (argument 0) points to may free memory it owns,
/// into which the argument may point (std::string's _M_append, _M_mutate
/// and _M_replace copy characters from it, and may reallocate the string's
/// own buffer, which `s.append(s)` passes: library::stringCharsParam). The
/// pass reads it for an allocation no object `this` points to holds
/// (AllocUseTracker::checkCall); nothing else reads it.
constexpr const char *NoFreeExceptThisAttr = "escape-nofree-except-this";

class FrontendFactsPass : public llvm::PassInfoMixin<FrontendFactsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  /// `escape-frontend-facts` (-print-pipeline-passes, -passes=).
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>) {
    OS << "escape-frontend-facts";
  }
  /// True when the front end has handed facts for the coming module (the
  /// pass is only scheduled then: opt and lld have no front end).
  static bool pending();
};

/// Forgets the facts of the previous translation unit; the next ones are
/// for the module whose source file name is SourceFile. (Called from
/// beginTranslationUnit(), PassPlugin.cpp, with the rest of the per-TU
/// state.)
void resetFrontendFacts(llvm::StringRef SourceFile);
/// Symbol (IR name) is a member of std::basic_string whose body only the
/// plugin puts in the module (see the file comment); with \p Inline, an
/// inline member that a profiled build has linkonce_odr and the plain build
/// available_externally (StringBodies.h), which the pass treats as the
/// plain build has it.
void addStringBody(llvm::StringRef Symbol, bool Inline);
/// Symbol (IR name) has NumArgs fixed IR arguments, the Clang parameters
/// one to one (`this` first); bit I of NoCapture: argument I is a pointer
/// the callee does not capture; bit I of NoFree (a subset): nor free
/// (`nofree`, from the summaries' "may free" level); bit I of NoContent (a
/// subset of NoCapture): nor capture or free anything it loads from what
/// argument I points to (ContentFactAttr); bit I of ContentReturned (a
/// subset of NoCapture): the same, except through the result
/// (ContentReturnedAttr); bit I of NoReachable (a subset of NoContent): nor
/// anything reachable from argument I at any level (ReachableFactAttr); bit I
/// of NoFreeExceptThis (a subset of NoCapture, disjoint from NoFree):
/// NoFreeExceptThisAttr.
void addFrontendFact(llvm::StringRef Symbol, unsigned NumArgs, bool VarArg,
                     uint64_t NoCapture, uint64_t NoFree, uint64_t NoContent,
                     uint64_t ContentReturned, uint64_t NoReachable,
                     uint64_t NoFreeExceptThis);
/// The same for a fact the front end proved with another translation unit's
/// summary and withheld (no xtu-ir-facts): it changes no attribute; only the
/// remarks use it (withheldFrontendFact).
void addWithheldFrontendFact(llvm::StringRef Symbol, unsigned NumArgs,
                             bool VarArg, uint64_t NoCapture, uint64_t NoFree,
                             uint64_t NoContent, uint64_t ContentReturned,
                             uint64_t NoReachable, uint64_t NoFreeExceptThis);
/// Whether a withheld fact says that Callee does not capture argument ArgNo
/// (and, with NoFree, does not free it either), for Callee's IR signature.
bool withheldFrontendFact(const llvm::Function &Callee, unsigned ArgNo,
                          bool NoFree);

} // namespace escape

#endif // CLANG_ESCAPE_LLVM_FRONTENDFACTS_H
