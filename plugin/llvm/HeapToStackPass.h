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
/// across loop iterations). With a Cleanup, a function that changed is
/// re-run through SROA and EarlyCSE (MemorySSA), and InstCombine unless the
/// pipeline runs it next (CleanupKind), so the new slot is promoted and its
/// loads forwarded.
class HeapToStackPass : public llvm::PassInfoMixin<HeapToStackPass> {
public:
  /// What a function the pass changed is re-run through.
  enum class CleanupKind {
    None,
    /// SROA, EarlyCSE and InstCombine (`cleanup`).
    Full,
    /// SROA and EarlyCSE, where the pipeline runs InstCombine next
    /// (`cleanup-no-instcombine`: clang's pipelines run ADCE or SimplifyCFG
    /// and then InstCombine after the ScalarOptimizerLate extension point).
    /// The simplification InstCombine would make is the same, once.
    NoInstCombine,
  };

  /// Cleanup: SROA and friends on a function it changed. DeferMissed: a
  /// "stays on the heap" remark is not said when the site is refused but
  /// recorded on the call and said by MissedRemarksPass at the end of the
  /// pipeline if the call is still there; a later run of the pass (the CGSCC
  /// pipeline visits a function again after inlining into it) may still move
  /// it, and a remark saying the opposite of what the build did is worse
  /// than a late one.
  explicit HeapToStackPass(HeapToStackOptions Opts = {},
                           CleanupKind Cleanup = CleanupKind::None,
                           bool DeferMissed = false)
      : Opts(Opts), Cleanup(Cleanup), DeferMissed(DeferMissed) {}

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
  /// SROA, EarlyCSE (MemorySSA) and, with \p InstCombine, InstCombine on
  /// F, run directly (their time is this pass's).
  static void cleanUp(llvm::Function &F, llvm::FunctionAnalysisManager &FAM,
                      bool InstCombine);

  HeapToStackOptions Opts;
  CleanupKind Cleanup;
  bool DeferMissed;
};

/// Says the "stays on the heap" remarks HeapToStackPass deferred, and the
/// errors of ESCAPE_STACK sites, for the allocation calls still in the
/// module (in function order), and forgets them. At OptimizerLast, after
/// every heap-to-stack run of the pipeline.
class MissedRemarksPass : public llvm::PassInfoMixin<MissedRemarksPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
  void printPipeline(llvm::raw_ostream &OS,
                     llvm::function_ref<llvm::StringRef(llvm::StringRef)>) {
    OS << "escape-missed-remarks";
  }
};

/// The name a remark gives \p F ("sink", "ns::f<int>").
std::string prettyFunctionName(const llvm::Function *F);
/// The user's line of \p I: the outermost call site it was inlined into (as
/// the pass's remarks say it).
const llvm::DILocation *userLocation(const llvm::Instruction *I);

} // namespace escape

#endif // CLANG_ESCAPE_LLVM_HEAPTOSTACKPASS_H
