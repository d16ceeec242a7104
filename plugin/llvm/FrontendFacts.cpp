//===- FrontendFacts.cpp - Clang-side verdicts for the IR -----------------===//
#include "llvm/FrontendFacts.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"

#include <mutex>
#include <string>

using namespace llvm;

#define DEBUG_TYPE "escape-frontend-facts"

// Always enabled (TrackingStatistic): Debian's LLVM is a release build, where
// STATISTIC counts nothing. clang -Xclang -print-stats or -save-stats prints
// them (docs/heap-to-stack.md, "Statistics").
ALWAYS_ENABLED_STATISTIC(NumFactArgs, "Call arguments marked captures(address) "
                                      "from the front end's summaries");
ALWAYS_ENABLED_STATISTIC(NumExactSkipped,
                         "Callees with facts whose exact body in the module "
                         "decides instead");
ALWAYS_ENABLED_STATISTIC(NumNoFreeArgs, "Call arguments marked nofree from the "
                                        "front end's summaries");
ALWAYS_ENABLED_STATISTIC(
    NumContentArgs, "Call arguments marked escape-content-nocapture-nofree "
                    "from the front end's summaries");
ALWAYS_ENABLED_STATISTIC(NumContentReturnedArgs,
                         "Call arguments marked escape-content-returned from "
                         "the front end's summaries");

namespace {

struct Fact {
  unsigned NumArgs = 0;
  bool VarArg = false;
  uint64_t NoCapture = 0;
  uint64_t NoFree = 0;    ///< a subset of NoCapture
  uint64_t NoContent = 0; ///< a subset of NoCapture (ContentFactAttr)
  /// A subset of NoCapture, disjoint from NoContent (ContentReturnedAttr).
  uint64_t ContentReturned = 0;
};

Fact makeFact(unsigned NumArgs, bool VarArg, uint64_t NoCapture,
              uint64_t NoFree, uint64_t NoContent, uint64_t ContentReturned) {
  return {NumArgs,
          VarArg,
          NoCapture,
          NoFree & NoCapture,
          NoContent & NoCapture,
          ContentReturned & NoCapture & ~NoContent};
}

struct FactTable {
  std::mutex M;
  std::string SourceFile;
  StringMap<Fact> Facts;
  StringMap<Fact> Withheld; ///< Only for remarks.
};

FactTable &table() {
  static FactTable T;
  return T;
}

} // namespace

void escape::resetFrontendFacts(StringRef SourceFile) {
  FactTable &T = table();
  std::lock_guard<std::mutex> Lock(T.M);
  T.Facts.clear();
  T.Withheld.clear();
  T.SourceFile = SourceFile.str();
}

void escape::addWithheldFrontendFact(StringRef Symbol, unsigned NumArgs,
                                     bool VarArg, uint64_t NoCapture,
                                     uint64_t NoFree, uint64_t NoContent,
                                     uint64_t ContentReturned) {
  if (Symbol.empty() || !NoCapture)
    return;
  FactTable &T = table();
  std::lock_guard<std::mutex> Lock(T.M);
  T.Withheld[Symbol] =
      makeFact(NumArgs, VarArg, NoCapture, NoFree, NoContent, ContentReturned);
}

bool escape::withheldFrontendFact(const Function &Callee, unsigned ArgNo,
                                  bool NoFree) {
  FactTable &T = table();
  std::lock_guard<std::mutex> Lock(T.M);
  auto It = T.Withheld.find(Callee.getName());
  if (It == T.Withheld.end() || ArgNo >= 64)
    return false;
  const Fact &F = It->second;
  // The IR signature must be the Clang one, argument for argument.
  if (Callee.arg_size() != F.NumArgs || Callee.isVarArg() != F.VarArg)
    return false;
  return ((NoFree ? F.NoFree : F.NoCapture) >> ArgNo) & 1;
}

void escape::addFrontendFact(StringRef Symbol, unsigned NumArgs, bool VarArg,
                             uint64_t NoCapture, uint64_t NoFree,
                             uint64_t NoContent, uint64_t ContentReturned) {
  if (Symbol.empty() || !NoCapture)
    return;
  FactTable &T = table();
  std::lock_guard<std::mutex> Lock(T.M);
  T.Facts[Symbol] =
      makeFact(NumArgs, VarArg, NoCapture, NoFree, NoContent, ContentReturned);
  LLVM_DEBUG({
    const Fact &F = T.Facts[Symbol];
    dbgs() << "escape: front-end fact for " << Symbol << ": no-capture mask "
           << F.NoCapture << ", nofree mask " << F.NoFree << ", content mask "
           << F.NoContent << ", content-returned mask " << F.ContentReturned
           << "\n";
  });
}

bool escape::FrontendFactsPass::pending() {
  FactTable &T = table();
  std::lock_guard<std::mutex> Lock(T.M);
  return !T.Facts.empty();
}

PreservedAnalyses escape::FrontendFactsPass::run(Module &M,
                                                 ModuleAnalysisManager &) {
  FactTable &T = table();
  std::lock_guard<std::mutex> Lock(T.M);
  // Facts describe the module of one translation unit, as CodeGen emitted
  // it; any other module (another -c input of the same driver, an LTO
  // link) gets none.
  if (T.Facts.empty() || M.getSourceFileName() != T.SourceFile)
    return PreservedAnalyses::all();
  bool Changed = false;
  // What the front end proved, in LLVM's terms: no copy of the pointer
  // (its provenance) outlives the call; its address may be compared (a
  // comparison captures only the address).
  const CaptureInfo Proved(CaptureComponents::Address);
  for (Function &Callee : M) {
    auto It = T.Facts.find(Callee.getName());
    if (It == T.Facts.end())
      continue;
    // A body that is the one that runs (an exact definition) is the
    // authority: LLVM's own inference (FunctionAttrs) reads it, including
    // what the AST cannot see. Facts only fill in for declarations and
    // bodies that may be replaced at link time (linkonce_odr, weak_odr,
    // available_externally), which prove nothing in the IR.
    if (!Callee.isDeclaration() && Callee.hasExactDefinition()) {
      LLVM_DEBUG(dbgs() << "escape: " << Callee.getName()
                        << ": exact body, its facts are not used\n");
      ++NumExactSkipped;
      continue;
    }
    // A definition another one may replace at run time (-fPIC
    // -fsemantic-interposition: an external function of a shared library,
    // which the executable or a preloaded library may define differently):
    // the summary of this body says nothing of the one that runs. (A
    // linkonce_odr body is one of the program's copies of the same source,
    // by the ODR; an interposed definition need not be.)
    if (!Callee.isDeclaration() && Callee.isInterposable()) {
      LLVM_DEBUG(dbgs() << "escape: " << Callee.getName()
                        << ": interposable body, its facts are not used\n");
      continue;
    }
    const Fact &F = It->second;
    // The IR signature must be the Clang one, argument for argument.
    if (Callee.arg_size() != F.NumArgs || Callee.isVarArg() != F.VarArg) {
      LLVM_DEBUG(dbgs() << "escape: " << Callee.getName()
                        << ": IR signature differs from the facts'\n");
      continue;
    }
    bool Shape = true;
    for (unsigned I = 0; I < F.NumArgs && I < 64; ++I)
      if ((F.NoCapture >> I & 1) && !Callee.getArg(I)->getType()->isPointerTy())
        Shape = false;
    if (!Shape) {
      LLVM_DEBUG(dbgs() << "escape: " << Callee.getName()
                        << ": a fact on an argument that is not a pointer\n");
      continue;
    }
    for (User *U : Callee.users()) {
      auto *CB = dyn_cast<CallBase>(U);
      if (!CB || CB->getCalledOperand() != &Callee ||
          CB->getFunctionType() != Callee.getFunctionType())
        continue;
      for (unsigned I = 0; I < F.NumArgs && I < 64; ++I) {
        if ((F.NoFree >> I & 1) && !CB->paramHasAttr(I, Attribute::NoFree)) {
          CB->addParamAttr(I, Attribute::NoFree);
          ++NumNoFreeArgs;
          Changed = true;
        }
        // (A string attribute: only checkContainer reads it.)
        if ((F.NoContent >> I & 1) &&
            !CB->getParamAttr(I, ContentFactAttr).isValid()) {
          CB->addParamAttr(I, Attribute::get(M.getContext(), ContentFactAttr));
          ++NumContentArgs;
          Changed = true;
        }
        if ((F.ContentReturned >> I & 1) &&
            !CB->getParamAttr(I, ContentReturnedAttr).isValid()) {
          CB->addParamAttr(I,
                           Attribute::get(M.getContext(), ContentReturnedAttr));
          ++NumContentReturnedArgs;
          Changed = true;
        }
        if (!(F.NoCapture >> I & 1))
          continue;
        CaptureInfo Old = CB->getCaptureInfo(I);
        CaptureInfo New = Old & Proved;
        if (New == Old)
          continue;
        CB->removeParamAttr(I, Attribute::Captures);
        CB->addParamAttr(I, Attribute::getWithCaptureInfo(M.getContext(), New));
        ++NumFactArgs;
        Changed = true;
      }
    }
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
