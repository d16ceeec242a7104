//===- HeapToStackPass.h - The heap-to-stack function pass -----*- C++ -*-===//
//
// Internal to plugin/llvm: the pass class, shared by PassPlugin.cpp (pipeline
// registration) and HeapToStack.cpp (the analysis and the rewrite).
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_LLVM_HEAPTOSTACKPASS_H
#define CLANG_ESCAPE_LLVM_HEAPTOSTACKPASS_H

#include "llvm/HeapToStack.h"

#include "llvm/IR/PassManager.h"

namespace llvm {
class DILocation;
class Instruction;
} // namespace llvm

namespace escape {

/// Moves allocations (new-expressions, __builtin_operator_new, the malloc
/// family) whose object provably dies in the current frame to an entry-block
/// alloca (deleting their matching deallocations) or to a frame-arena buffer
/// with a heap fallback (variable sizes, sizes above max-object, objects live
/// across loop iterations). With Cleanup set, a function that changed is
/// re-run through SROA, EarlyCSE (MemorySSA) and InstCombine so the new slot
/// is promoted and its loads forwarded.
class HeapToStackPass : public llvm::PassInfoMixin<HeapToStackPass> {
public:
  explicit HeapToStackPass(HeapToStackOptions Opts = {}, bool Cleanup = false)
      : Opts(Opts), Cleanup(Cleanup) {}

  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);

  /// Not required: skipped for optnone functions (everything at -O0).
  static bool isRequired() { return false; }

  /// Prints the name the pipeline parser accepts (-print-pipeline-passes).
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>);

  /// Resolved limits (options struct first, then -mllvm, then defaults).
  uint64_t maxObjectBytes() const;
  uint64_t maxFrameBytes() const;
  uint64_t arenaBytes() const;

private:
  HeapToStackOptions Opts;
  bool Cleanup;
};

/// The name a remark gives \p F ("sink", "ns::f<int>").
std::string prettyFunctionName(const llvm::Function *F);
/// The user's line of \p I: the outermost call site it was inlined into (as
/// the pass's remarks say it).
const llvm::DILocation *userLocation(const llvm::Instruction *I);

} // namespace escape

#endif // CLANG_ESCAPE_LLVM_HEAPTOSTACKPASS_H
