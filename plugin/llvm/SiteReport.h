//===- SiteReport.h - What became of the sites -m called local -*- C++ -*-===//
//
// The honesty rule of -m (docs/remarks.md, "What the build does"): when the
// front end says `X does not escape` and the heap-to-stack pass leaves X on
// the heap, the build says so at X, with the pass's reason:
//
//   f.cpp:7:12: remark: std::make_shared<P>(...) does not escape
//   f.cpp:7:12: remark: std::make_shared<P>(...) stays on the heap: <why>
//
// The front end registers each allocation site it reported as not escaping
// (PassInterface.h, AddSite: file, line and column as its remark printed
// them) and a reporter that prints the second line at that site. While
// sites are registered, the heap-to-stack pass puts its refusals of their
// allocation calls into words and records them on the call (metadata
// escape.heap.reason; the last verdict wins, as inlining copies the call
// into callers that refuse it again). SiteReportPass, at the end of the
// middle end (OptimizerLast, after all inlining and every heap-to-stack
// run), reports each registered site an allocation call of which is still
// in the module: a call whose debug location, or a location it was inlined
// through, is the site. A site moved to a stack slot or the frame arena
// (the arena's heap fallback included), or removed by LLVM, has no such
// call and gets no second line.
//
// Finding the sites needs debug locations: a site is found by the location
// of its allocation call, or of a call it was inlined through. Without -g
// (and without -Rpass or an optimization record, which turn location
// tracking on themselves), the front end turns on location tracking for
// this alone and says so (dropLocationsAfterReport). DropLocationsPass then
// keeps only what is needed, where it is needed: at the start of the
// pipeline, nothing when no site is registered, else the locations of calls
// (what inlining turns into allocation calls and inlined-at chains); after
// SiteReportPass (and after the profiler, which names its sites by them),
// nothing. Code generation never sees them and emits the same code as a
// compile without -m.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_LLVM_SITEREPORT_H
#define CLANG_ESCAPE_LLVM_SITEREPORT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/PassManager.h"

namespace llvm {
class CallBase;
} // namespace llvm

namespace escape {

/// Called with a site's index (the order of addReportedSite) and the pass's
/// reason, once per site that stays on the heap.
using SiteReporter = void (*)(void *Ctx, unsigned Site, const char *Reason);

/// Forgets the sites and the reporter of the previous translation unit.
void resetReportedSites();
/// A site the front end reported as not escaping, at File:Line:Col.
void addReportedSite(llvm::StringRef File, unsigned Line, unsigned Col);
void setSiteReporter(SiteReporter Report, void *Ctx);
/// True when sites are registered and a reporter set (SiteReportPass is
/// scheduled, the pass explains the refusals of the sites' calls).
bool reportedSitesPending();
/// Whether \p CB's debug location, or one it was inlined through, is a
/// registered site.
bool isReportedSite(const llvm::CallBase &CB);
/// Records on \p CB why the heap-to-stack pass leaves it on the heap.
void tagHeapReason(llvm::CallBase &CB, llvm::StringRef Reason);

/// The debug locations of this translation unit exist only for the report
/// (see above): DropLocationsPass may remove them. Reset by
/// resetReportedSites().
void dropLocationsAfterReport();
/// Whether DropLocationsPass has locations to drop in this translation unit.
bool locationsToDrop();

/// Reports the registered sites whose allocation calls remain (see above).
class SiteReportPass : public llvm::PassInfoMixin<SiteReportPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

/// When locationsToDrop(): removes the module's debug information
/// (llvm::StripDebugInfo), or, with KeepCalls, the debug locations of every
/// instruction but calls. Scheduled where nothing after it needs them.
class DropLocationsPass : public llvm::PassInfoMixin<DropLocationsPass> {
  bool KeepCalls;

public:
  explicit DropLocationsPass(bool KeepCalls) : KeepCalls(KeepCalls) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace escape

#endif // CLANG_ESCAPE_LLVM_SITEREPORT_H
