//===- SiteReport.cpp - What became of the sites -m called local ---------===//
//
// See SiteReport.h.
//
//===----------------------------------------------------------------------===//
#include "llvm/SiteReport.h"
#include "llvm/HeapToStackPass.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <optional>
#include <string>
#include <vector>

using namespace llvm;

namespace {

/// Metadata kind: why the heap-to-stack pass leaves the call on the heap.
constexpr const char *HeapReasonMD = "escape.heap.reason";
/// The heap fallback of a frame-arena site (HeapToStack.cpp, ArenaHeapMD):
/// the site was moved to the frame arena.
constexpr const char *ArenaHeapMD = "escape.arena.heap";

struct Site {
  std::string File;
  unsigned Line, Col;
};

struct SiteState {
  std::vector<Site> Sites;
  /// Sites by (line, column).
  DenseMap<std::pair<unsigned, unsigned>, SmallVector<unsigned, 1>> ByLineCol;
  escape::SiteReporter Report = nullptr;
  void *Ctx = nullptr;
  /// The locations exist only for the report (dropLocationsAfterReport).
  bool DropLocations = false;
  /// DropLocationsPass has removed all of them (StripDebugInfo): no pass
  /// makes new ones, so a later run has nothing to remove.
  bool AllDropped = false;
};

SiteState &state() {
  static SiteState S;
  return S;
}

/// \p L's file is \p File (as the front end printed it: relative to the
/// working directory, or absolute).
bool sameFile(const DILocation *L, StringRef File) {
  StringRef F = L->getFilename();
  if (F == File)
    return true;
  SmallString<256> A;
  if (sys::path::is_absolute(F)) {
    A = F;
  } else {
    A = L->getDirectory();
    sys::path::append(A, F);
  }
  SmallString<256> B(File);
  sys::fs::make_absolute(B);
  sys::path::remove_dots(A, /*remove_dot_dot=*/true);
  sys::path::remove_dots(B, /*remove_dot_dot=*/true);
  return A == B;
}

std::optional<unsigned> siteOf(const CallBase &CB) {
  const SiteState &S = state();
  for (const DILocation *L = CB.getDebugLoc().get(); L; L = L->getInlinedAt())
    if (auto It = S.ByLineCol.find({L->getLine(), L->getColumn()});
        It != S.ByLineCol.end())
      for (unsigned I : It->second)
        if (sameFile(L, S.Sites[I].File))
          return I;
  return std::nullopt;
}

} // namespace

void escape::resetReportedSites() { state() = SiteState(); }

void escape::addReportedSite(StringRef File, unsigned Line, unsigned Col) {
  SiteState &S = state();
  S.ByLineCol[{Line, Col}].push_back(S.Sites.size());
  S.Sites.push_back({File.str(), Line, Col});
}

void escape::setSiteReporter(SiteReporter Report, void *Ctx) {
  state().Report = Report;
  state().Ctx = Ctx;
}

bool escape::reportedSitesPending() {
  return state().Report && !state().Sites.empty();
}

void escape::dropLocationsAfterReport() { state().DropLocations = true; }

bool escape::locationsToDrop() { return state().DropLocations; }

bool escape::isReportedSite(const CallBase &CB) {
  return reportedSitesPending() && siteOf(CB);
}

void escape::tagHeapReason(CallBase &CB, StringRef Reason) {
  LLVMContext &Ctx = CB.getContext();
  CB.setMetadata(HeapReasonMD, MDNode::get(Ctx, {MDString::get(Ctx, Reason)}));
}

PreservedAnalyses escape::SiteReportPass::run(Module &M,
                                              ModuleAnalysisManager &MAM) {
  if (!reportedSitesPending())
    return PreservedAnalyses::all();
  SiteState &S = state();
  FunctionAnalysisManager &FAM =
      MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  std::vector<bool> Said(S.Sites.size());
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    const TargetLibraryInfo &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB || CB->hasMetadata(ArenaHeapMD))
        continue;
      auto *Why = dyn_cast_or_null<MDNode>(CB->getMetadata(HeapReasonMD));
      if (!Why && !isAllocationFn(CB, &TLI))
        continue;
      std::optional<unsigned> Index = siteOf(*CB);
      if (!Index || Said[*Index])
        continue;
      Said[*Index] = true;
      std::string Reason;
      if (Why && Why->getNumOperands() == 1)
        if (auto *Text = dyn_cast<MDString>(Why->getOperand(0)))
          Reason = Text->getString().str();
      if (Reason.empty())
        Reason = "the heap-to-stack pass did not consider it in '" +
                 escape::prettyFunctionName(&F) +
                 "' (see -Rpass-missed=escape)";
      S.Report(S.Ctx, *Index, Reason.c_str());
    }
  }
  return PreservedAnalyses::all();
}

PreservedAnalyses escape::DropLocationsPass::run(Module &M,
                                                 ModuleAnalysisManager &) {
  if (!locationsToDrop())
    return PreservedAnalyses::all();
  if (!KeepCalls) {
    // The end of the pipeline of a unit without a site to report: the
    // start already removed them all (a walk of every instruction saved).
    if (state().AllDropped)
      return PreservedAnalyses::all();
    state().AllDropped = true;
    return StripDebugInfo(M) ? PreservedAnalyses::none()
                             : PreservedAnalyses::all();
  }
  bool Changed = false;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (!isa<CallBase>(I) && I.getDebugLoc()) {
        I.setDebugLoc(DebugLoc());
        Changed = true;
      }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
