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
#include <optional>

namespace llvm {
class PassBuilder;
} // namespace llvm

namespace escape {

/// Limits for the transformation. An unset value means "the -mllvm option,
/// or its default"; a set one (zero included) wins.
struct HeapToStackOptions {
  /// Largest object moved to a stack slot.
  std::optional<uint64_t> MaxObjectBytes;
  /// Stack bytes one function may add (slots and arena buffers).
  std::optional<uint64_t> MaxFrameBytes;
  /// Frame-arena buffer of one site: variable sizes and objects live across
  /// loop iterations use it while they fit (else the heap); a constant size
  /// above MaxObjectBytes needs a buffer of its size. 0 disables the arena.
  std::optional<uint64_t> ArenaBytes;
  /// The escape profiler (docs/profile.md): the pass records why each
  /// remaining allocation stays on the heap and counts the ones it moved,
  /// and the profile pass instruments what is left. False: no metadata, no
  /// counters, no hooks.
  bool Profile = false;
  /// False with -fplugin-arg-escape-no-transform: only the profile pass
  /// runs (nothing moves).
  bool Transform = true;
};

/// Registers the heap-to-stack pass at its pipeline point.
void registerHeapToStackCallbacks(llvm::PassBuilder &PB,
                                  const HeapToStackOptions &Opts);

} // namespace escape

#endif // CLANG_ESCAPE_LLVM_HEAPTOSTACK_H
