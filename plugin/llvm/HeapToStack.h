//===- HeapToStack.h - Heap-to-stack pass interface ------------*- C++ -*-===//
//
// The LLVM side of clang-escape: a pass that rewrites allocations that
// provably die in their frame to stack storage (or a frame arena). The Clang
// plugin schedules it through CodeGenOptions::PassBuilderCallbacks; opt and
// -fpass-plugin= reach it through llvmGetPassPluginInfo().
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_LLVM_HEAPTOSTACK_H
#define CLANG_ESCAPE_LLVM_HEAPTOSTACK_H

#include <cstdint>

namespace llvm {
class PassBuilder;
} // namespace llvm

namespace escape {

/// Limits for the transformation. Values of zero mean "use the default or
/// the -mllvm option".
struct HeapToStackOptions {
  uint64_t MaxObjectBytes = 0; ///< Largest object moved to a stack slot.
  uint64_t MaxFrameBytes = 0;  ///< Stack bytes one function may add.
  /// Frame-arena buffer for one variable-size allocation site (requests
  /// that do not fit use the heap).
  uint64_t ArenaBytes = 0;
};

/// Registers the heap-to-stack pass at its pipeline point.
void registerHeapToStackCallbacks(llvm::PassBuilder &PB,
                                  const HeapToStackOptions &Opts);

} // namespace escape

#endif // CLANG_ESCAPE_LLVM_HEAPTOSTACK_H
