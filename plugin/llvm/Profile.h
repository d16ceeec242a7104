//===- Profile.h - The escape profiler's instrumentation -------*- C++ -*-===//
//
// -fplugin-arg-escape-profile (docs/profile.md). Two halves:
//
//  * the heap-to-stack pass, when profiling, tags every allocation call it
//    leaves on the heap with why (tagRefusal) and gives every site it moves a
//    counter of its executions (countConverted);
//  * ProfilePass, at the end of the middle end (OptimizerLast: after all
//    inlining and every heap-to-stack run, so its sites are the heap
//    allocations that really run), gives every remaining allocation call a
//    site record and a call to the runtime after it, and makes the frames of
//    the functions holding such calls visible to the runtime: an entry hook
//    returning the frame's id, an exit hook before every return and on
//    every unwind out of the function (calls that may throw become invokes
//    of a cleanup that pops the frame and resumes).
//
// The runtime (runtime/Profile.cpp, libclang_escape_profile.a) sees every
// free, decides whether the object died in its frame, and writes the
// profile at exit. Site records are shared with it: keep EscapeProfSite in
// runtime/Profile.cpp in step with siteType().
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_LLVM_PROFILE_H
#define CLANG_ESCAPE_LLVM_PROFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/PassManager.h"

namespace llvm {
class CallBase;
class Module;
} // namespace llvm

namespace escape {

/// Records on an allocation call why the heap-to-stack pass leaves it on the
/// heap (metadata escape.profile.reason; the last verdict wins, so a call
/// inlined into a caller and refused there again carries the caller's).
void tagRefusal(llvm::CallBase &Alloc, llvm::StringRef Reason);

/// Before the heap-to-stack pass moves \p Alloc (to a stack slot, "stack",
/// or the frame arena, "arena"): a site record and an atomic count of the
/// executions of the moved site. The heap fallback of an arena site stays
/// an allocation call; it is tagged as such.
void countConverted(llvm::CallBase &Alloc, llvm::StringRef How);

/// Instruments the remaining heap allocations of a module (see above).
class ProfilePass : public llvm::PassInfoMixin<ProfilePass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace escape

#endif // CLANG_ESCAPE_LLVM_PROFILE_H
