//===- PassPlugin.cpp - Pass plugin entry point and pipeline placement ----===//
//
// Where the heap-to-stack pass runs (see docs/heap-to-stack.md):
//
//  * ScalarOptimizerLate, inside the CGSCC function-simplification pipeline:
//    the function has had its callees inlined (make_unique, vector and string
//    buffers and new/delete pairs are seen whole) and FunctionAttrs has
//    already inferred captures(none)/nofree on the callees that were not
//    inlined (they are simplified first, bottom-up). It runs before the
//    function is itself inlined into its callers (sound: the decision is
//    local to the frame) and long before AddressSanitizer, which clang adds
//    at OptimizerLast. A function that changed is re-run through SROA,
//    EarlyCSE (MemorySSA) and InstCombine by the pass itself, because only
//    SimplifyCFG and InstCombine follow this extension point.
//    This point is in every pipeline that contains function simplification:
//    -O1..-O3 and -Os/-Oz, the -flto=thin pre-link and post-link backends
//    and the -flto=full pre-link compile.
//  * FullLinkTimeOptimizationLast, for the -flto=full link (whose pipeline
//    has no function-simplification pipeline), where cross-module inlining
//    can expose more pairs; again with the SROA/EarlyCSE/InstCombine clean-up.
//  * Nothing at -O0.
//
// Beside it, passes that do not change the IR: with -fsave-optimization-
// record, RecordsPass writes the analysis' remarks to the record at
// PipelineStart, at every level (Records.h; registered on its own, by
// RegisterRecords, so that it does not depend on the pass's options); with
// -m, SiteReportPass at OptimizerLast, and DropLocationsPass, which removes
// the debug locations the front end turned on for that report alone
// (SiteReport.h).
//
//===----------------------------------------------------------------------===//
#include "llvm/FrontendFacts.h"
#include "llvm/HeapToStack.h"
#include "llvm/HeapToStackPass.h"
#include "llvm/PassInterface.h"
#include "llvm/Profile.h"
#include "llvm/Records.h"
#include "llvm/SiteReport.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"

using namespace llvm;

namespace {

/// Parses
/// `escape-heap-to-stack<max-object=N;max-frame=N;arena=N;cleanup;
/// defer-missed;profile>`.
bool parsePassName(StringRef Name, FunctionPassManager &FPM,
                   const escape::HeapToStackOptions &Base) {
  if (!PassBuilder::checkParametrizedPassName(Name, "escape-heap-to-stack"))
    return false;
  escape::HeapToStackOptions Opts = Base;
  auto Cleanup = escape::HeapToStackPass::CleanupKind::None;
  bool DeferMissed = false;
  auto Params = PassBuilder::parsePassParameters(
      [&](StringRef Params) -> Expected<bool> {
        while (!Params.empty()) {
          StringRef P;
          std::tie(P, Params) = Params.split(';');
          StringRef Whole = P;
          uint64_t N = 0;
          if (P == "cleanup")
            Cleanup = escape::HeapToStackPass::CleanupKind::Full;
          else if (P == "cleanup-no-instcombine")
            Cleanup = escape::HeapToStackPass::CleanupKind::NoInstCombine;
          else if (P == "defer-missed")
            DeferMissed = true;
          else if (P == "profile")
            Opts.Profile = true;
          else if (P.consume_front("max-object=") && !P.getAsInteger(0, N))
            Opts.MaxObjectBytes = N;
          else if (P.consume_front("max-frame=") && !P.getAsInteger(0, N))
            Opts.MaxFrameBytes = N;
          else if (P.consume_front("arena=") && !P.getAsInteger(0, N))
            Opts.ArenaBytes = N;
          else
            return make_error<StringError>(
                "invalid escape-heap-to-stack parameter '" + Whole +
                    "' (expected max-object=N, max-frame=N, arena=N, "
                    "cleanup, cleanup-no-instcombine, defer-missed or "
                    "profile)",
                inconvertibleErrorCode());
        }
        return true;
      },
      Name, "escape-heap-to-stack");
  if (!Params) {
    errs() << toString(Params.takeError()) << "\n";
    return false;
  }
  FPM.addPass(escape::HeapToStackPass(Opts, Cleanup, DeferMissed));
  return true;
}

} // namespace

void escape::registerHeapToStackCallbacks(PassBuilder &PB,
                                          const HeapToStackOptions &Opts) {
  PB.registerPipelineParsingCallback(
      [Opts](StringRef Name, FunctionPassManager &FPM,
             ArrayRef<PassBuilder::PipelineElement>) {
        return parsePassName(Name, FPM, Opts);
      });
  // The Clang front end's verdicts (FrontendFacts.h), on CodeGen's IR.
  PB.registerPipelineStartEPCallback(
      [Opts](ModulePassManager &MPM, OptimizationLevel) {
        if (FrontendFactsPass::pending())
          MPM.addPass(FrontendFactsPass());
        // Locations turned on for -m's site report alone: only those of
        // calls are needed, and none when there is no site to report nor
        // profile to name (SiteReport.h).
        if (escape::locationsToDrop())
          MPM.addPass(escape::DropLocationsPass(
              /*KeepCalls=*/escape::reportedSitesPending() || Opts.Profile));
      });
  // The module passes that `opt -passes=` may name: the front end's facts
  // (FrontendFacts.h), the missed remarks the pass deferred (below), and the
  // escape profiler's instrumentation (Profile.h), which clang schedules
  // after the whole middle end, so that its sites are the allocations that
  // run.
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "escape-frontend-facts")
          MPM.addPass(FrontendFactsPass());
        else if (Name == "escape-missed-remarks")
          MPM.addPass(MissedRemarksPass());
        else if (Name == "escape-profile")
          MPM.addPass(ProfilePass());
        else
          return false;
        return true;
      });
  // The missed remarks the heap-to-stack runs deferred (below), for the
  // sites still on the heap once they are all done; first at OptimizerLast,
  // before the profiler rewrites the allocation calls (every phase: a
  // pre-link compile's remarks say what its object holds).
  PB.registerOptimizerLastEPCallback([Opts](ModulePassManager &MPM,
                                            OptimizationLevel Level,
                                            ThinOrFullLTOPhase) {
    if (Level != OptimizationLevel::O0 && Opts.Transform)
      MPM.addPass(MissedRemarksPass());
  });
  // -m: the sites the front end called local that stay on the heap, after
  // every heap-to-stack run (SiteReport.h). Not in an LTO pre-link compile:
  // the link decides there.
  PB.registerOptimizerLastEPCallback([](ModulePassManager &MPM,
                                        OptimizationLevel Level,
                                        ThinOrFullLTOPhase P) {
    if (P == ThinOrFullLTOPhase::None && Level != OptimizationLevel::O0 &&
        escape::reportedSitesPending())
      MPM.addPass(escape::SiteReportPass());
  });
  if (Opts.Profile)
    PB.registerOptimizerLastEPCallback(
        [](ModulePassManager &MPM, OptimizationLevel, ThinOrFullLTOPhase P) {
          if (P == ThinOrFullLTOPhase::None)
            MPM.addPass(ProfilePass());
        });
  // After the report and the profiler: code generation, where tracking
  // locations costs the most, does not see the ones -m alone turned on.
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel, ThinOrFullLTOPhase) {
        if (escape::locationsToDrop())
          MPM.addPass(escape::DropLocationsPass(/*KeepCalls=*/false));
      });
  PB.registerScalarOptimizerLateEPCallback(
      [Opts](FunctionPassManager &FPM, OptimizationLevel Level) {
        if (Level == OptimizationLevel::O0 || !Opts.Transform)
          return;
        // (The pipelines run InstCombine after this extension point.)
        FPM.addPass(HeapToStackPass(Opts,
                                    HeapToStackPass::CleanupKind::NoInstCombine,
                                    /*DeferMissed=*/true));
      });
  PB.registerFullLinkTimeOptimizationLastEPCallback(
      [Opts](ModulePassManager &MPM, OptimizationLevel Level) {
        if (Level == OptimizationLevel::O0 || !Opts.Transform)
          return;
        MPM.addPass(createModuleToFunctionPassAdaptor(
            HeapToStackPass(Opts, HeapToStackPass::CleanupKind::Full)));
      });
}

namespace {

/// The process-wide state of one translation unit (PassInterface.h): what
/// the front end configured and the pass builders the pass is registered
/// with. The front end's facts are the third part (FrontendFacts.cpp).
struct TranslationUnitState {
  /// The limits the front end configured (-fplugin-arg-escape-max-object=...)
  escape::HeapToStackOptions Opts;
  /// Both the front end's PassBuilderCallbacks and the pass plugin entry
  /// (-fpass-plugin=) register through registerOnce(), so `-fplugin=`
  /// together with `-fpass-plugin=` schedules the pass once.
  SmallPtrSet<PassBuilder *, 4> Registered;
  /// The pass builders RecordsPass is registered with (registerRecords).
  SmallPtrSet<PassBuilder *, 4> RecordsRegistered;
};

TranslationUnitState &state() {
  static TranslationUnitState S;
  return S;
}

/// The one place where the per-TU state is reset.
void beginTranslationUnit(const escape::HeapToStackOptions *Opts,
                          const char *SourceFile) {
  TranslationUnitState &S = state();
  S.Opts = Opts ? *Opts : escape::HeapToStackOptions();
  S.Registered.clear();
  S.RecordsRegistered.clear();
  escape::resetFrontendFacts(SourceFile ? SourceFile : "");
  escape::resetReportedSites();
  escape::resetRecords(SourceFile ? SourceFile : "");
}

void registerOnce(PassBuilder *PB) {
  TranslationUnitState &S = state();
  if (!PB || !S.Registered.insert(PB).second)
    return;
  escape::registerHeapToStackCallbacks(*PB, S.Opts);
}

void addFact(const char *Symbol, unsigned NumArgs, bool VarArg,
             uint64_t NoCapture, uint64_t NoFree, uint64_t NoContent,
             uint64_t ContentReturned, uint64_t NoReachable,
             uint64_t NoFreeExceptThis) {
  if (Symbol)
    escape::addFrontendFact(Symbol, NumArgs, VarArg, NoCapture, NoFree,
                            NoContent, ContentReturned, NoReachable,
                            NoFreeExceptThis);
}

void addWithheldFact(const char *Symbol, unsigned NumArgs, bool VarArg,
                     uint64_t NoCapture, uint64_t NoFree, uint64_t NoContent,
                     uint64_t ContentReturned, uint64_t NoReachable,
                     uint64_t NoFreeExceptThis) {
  if (Symbol)
    escape::addWithheldFrontendFact(Symbol, NumArgs, VarArg, NoCapture, NoFree,
                                    NoContent, ContentReturned, NoReachable,
                                    NoFreeExceptThis);
}

void addStringBody(const char *Symbol, bool Inline) {
  if (Symbol)
    escape::addStringBody(Symbol, Inline);
}

void addSite(const char *File, unsigned Line, unsigned Col) {
  if (File)
    escape::addReportedSite(File, Line, Col);
}

void addRecord(const ClangEscapeRecord *Record) {
  if (Record)
    escape::addRecord(*Record);
}

/// -fsave-optimization-record: the analysis' remarks (Records.h), first in
/// the pipeline, at every optimisation level (PipelineStart is in the -O0
/// pipeline too); independent of the heap-to-stack pass, which may be off
/// (no-transform).
void registerRecords(PassBuilder *PB) {
  TranslationUnitState &S = state();
  if (!PB || !S.RecordsRegistered.insert(PB).second)
    return;
  PB->registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        if (escape::recordsPending())
          MPM.addPass(escape::RecordsPass());
      });
}

} // namespace

extern "C" LLVM_ATTRIBUTE_VISIBILITY_DEFAULT const ClangEscapePassInterface *
clang_escape_pass_interface(unsigned Version) {
  static const ClangEscapePassInterface Table = {
      escape::PassInterfaceVersion,
      beginTranslationUnit,
      registerOnce,
      addFact,
      addSite,
      escape::setSiteReporter,
      escape::dropLocationsAfterReport,
      addRecord,
      registerRecords,
      addWithheldFact,
      addStringBody};
  return Version == escape::PassInterfaceVersion ? &Table : nullptr;
}

extern "C" LLVM_ATTRIBUTE_WEAK
    LLVM_ATTRIBUTE_VISIBILITY_DEFAULT ::llvm::PassPluginLibraryInfo
    llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "ClangEscape", "0.1",
          [](llvm::PassBuilder &PB) { registerOnce(&PB); }};
}
