//===- FrontendFacts.cpp - Clang-side verdicts for the IR -----------------===//
#include "llvm/FrontendFacts.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"
#include "llvm/Transforms/Utils/Cloning.h"

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
ALWAYS_ENABLED_STATISTIC(NumStringCallsKept,
                         "Calls of std::string members whose bodies only the "
                         "plugin provides, on strings no local variable "
                         "holds, left to libstdc++.so (noinline)");
ALWAYS_ENABLED_STATISTIC(NumStringViews,
                         "Copies of inline functions calling std::string "
                         "members only the plugin provides out of line, as "
                         "the plain build does");
ALWAYS_ENABLED_STATISTIC(NumReachableArgs,
                         "Call arguments marked escape-reachable-nocapture-"
                         "nofree from the front end's summaries");
ALWAYS_ENABLED_STATISTIC(NumExceptThisArgs,
                         "Call arguments marked escape-nofree-except-this "
                         "from the library model");
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
  uint64_t NoReachable = 0; ///< a subset of NoContent (ReachableFactAttr)
  /// A subset of NoCapture, disjoint from NoFree (NoFreeExceptThisAttr).
  uint64_t NoFreeExceptThis = 0;
};

Fact makeFact(unsigned NumArgs, bool VarArg, uint64_t NoCapture,
              uint64_t NoFree, uint64_t NoContent, uint64_t ContentReturned,
              uint64_t NoReachable, uint64_t NoFreeExceptThis) {
  return {NumArgs,
          VarArg,
          NoCapture,
          NoFree & NoCapture,
          NoContent & NoCapture,
          ContentReturned & NoCapture & ~NoContent,
          NoReachable & NoContent & NoCapture,
          NoFreeExceptThis & NoCapture & ~NoFree};
}

struct FactTable {
  std::mutex M;
  std::string SourceFile;
  StringMap<Fact> Facts;
  StringMap<Fact> Withheld; ///< Only for remarks.
  StringSet<> StringBodies; ///< addStringBody
  StringSet<> StringInline; ///< addStringBody, Inline
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
  T.StringBodies.clear();
  T.StringInline.clear();
  T.SourceFile = SourceFile.str();
}

void escape::addWithheldFrontendFact(StringRef Symbol, unsigned NumArgs,
                                     bool VarArg, uint64_t NoCapture,
                                     uint64_t NoFree, uint64_t NoContent,
                                     uint64_t ContentReturned,
                                     uint64_t NoReachable,
                                     uint64_t NoFreeExceptThis) {
  if (Symbol.empty() || !NoCapture)
    return;
  FactTable &T = table();
  std::lock_guard<std::mutex> Lock(T.M);
  T.Withheld[Symbol] = makeFact(NumArgs, VarArg, NoCapture, NoFree, NoContent,
                                ContentReturned, NoReachable, NoFreeExceptThis);
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
                             uint64_t NoContent, uint64_t ContentReturned,
                             uint64_t NoReachable, uint64_t NoFreeExceptThis) {
  if (Symbol.empty() || !NoCapture)
    return;
  FactTable &T = table();
  std::lock_guard<std::mutex> Lock(T.M);
  T.Facts[Symbol] = makeFact(NumArgs, VarArg, NoCapture, NoFree, NoContent,
                             ContentReturned, NoReachable, NoFreeExceptThis);
  LLVM_DEBUG({
    const Fact &F = T.Facts[Symbol];
    dbgs() << "escape: front-end fact for " << Symbol << ": no-capture mask "
           << F.NoCapture << ", nofree mask " << F.NoFree << ", content mask "
           << F.NoContent << ", content-returned mask " << F.ContentReturned
           << "\n";
  });
}

void escape::addStringBody(StringRef Symbol, bool Inline) {
  if (Symbol.empty())
    return;
  FactTable &T = table();
  std::lock_guard<std::mutex> Lock(T.M);
  (Inline ? T.StringInline : T.StringBodies).insert(Symbol);
}

bool escape::FrontendFactsPass::pending() {
  FactTable &T = table();
  std::lock_guard<std::mutex> Lock(T.M);
  return !T.Facts.empty() || !T.StringBodies.empty();
}

namespace {

/// The std::string members of the module (FrontendFacts.h, addStringBody).
struct StringMembers {
  const StringSet<> &Bodies; ///< Only the plugin provides their bodies.
  const StringSet<> &Inline; ///< linkonce_odr here (a profiled build).
  /// Does the plain build have \p G available_externally?
  bool availableExternally(const Function &G) const {
    return G.hasAvailableExternallyLinkage() ||
           (!G.isDeclaration() && Inline.contains(G.getName()));
  }
};

/// The plain build's view of the available_externally function \p G (an
/// inline member of std::string, or any inline function whose body the
/// module has): G itself when its body calls no member only the plugin
/// provides (\p Bodies), nor a function whose view differs; otherwise a
/// private copy of G in which each call of such a member is `noinline` and
/// each call of such a function calls its view. Inlining the copy gives
/// the code the plain build inlines (the member's own, the plugin-only
/// members called out of line). Copies are made once (\p Views) and only
/// \p Depth levels deep; a cycle gives G itself.
Function *plainView(Function *G, const StringMembers &Members,
                    DenseMap<Function *, Function *> &Views, unsigned Depth) {
  if (auto It = Views.find(G); It != Views.end())
    return It->second;
  Views[G] = G;
  if (Depth == 0 || G->isDeclaration() || !Members.availableExternally(*G))
    return G;
  // What each call of G's body becomes in the copy.
  SmallVector<std::pair<CallBase *, Function *>, 4> Redirect;
  SmallVector<CallBase *, 4> Keep;
  for (Instruction &I : instructions(*G)) {
    auto *CB = dyn_cast<CallBase>(&I);
    Function *H = CB ? CB->getCalledFunction() : nullptr;
    if (!H || H == G)
      continue;
    if (Members.Bodies.contains(H->getName())) {
      Keep.push_back(CB);
      continue;
    }
    if (Function *V = plainView(H, Members, Views, Depth - 1); V != H)
      Redirect.push_back({CB, V});
  }
  if (Keep.empty() && Redirect.empty())
    return G;
  ValueToValueMapTy VMap;
  Function *Copy = CloneFunction(G, VMap);
  Copy->setName(G->getName() + ".escape.plain");
  Copy->setLinkage(GlobalValue::PrivateLinkage);
  for (CallBase *CB : Keep)
    cast<CallBase>(VMap[CB])->addFnAttr(Attribute::NoInline);
  for (auto &[CB, V] : Redirect)
    cast<CallBase>(VMap[CB])->setCalledFunction(V);
  ++NumStringViews;
  Views[G] = Copy;
  return Copy;
}

/// The plain build's code for std::string's members where the string cannot
/// be frame-local in this frame (FrontendFacts.h): in a function with an
/// exact definition (not internal nor linkonce, which are likely inlined
/// into a caller whose string may be local), a call none of whose pointer
/// arguments points into a local variable (CodeGen's IR: every local
/// object is an alloca; a parameter's or `this`'s pointer is loaded from
/// one) of a member only the plugin provides gets `noinline`, and one of an
/// inline member calls its plain view (plainView).
bool keepStringCalls(Module &M, const StringMembers &Members) {
  bool Changed = false;
  DenseMap<Function *, Function *> Views;
  SmallVector<Function *, 64> Fns;
  for (Function &F : M)
    if (!F.isDeclaration() && !F.hasLocalLinkage() && F.hasExactDefinition())
      Fns.push_back(&F);
  for (Function *F : Fns) {
    for (Instruction &I : instructions(*F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      Function *Callee = CB ? CB->getCalledFunction() : nullptr;
      if (!Callee ||
          !(Members.availableExternally(*Callee) ||
            Members.Bodies.contains(Callee->getName())) ||
          CB->isNoInline() ||
          CB->getFunctionType() != Callee->getFunctionType())
        continue;
      if (any_of(CB->args(), [](const Use &A) {
            return A->getType()->isPointerTy() &&
                   isa<AllocaInst>(getUnderlyingObject(A.get()));
          }))
        continue;
      if (Members.Bodies.contains(Callee->getName())) {
        CB->addFnAttr(Attribute::NoInline);
      } else if (Function *V = plainView(Callee, Members, Views, /*Depth=*/4);
                 V != Callee) {
        CB->setCalledFunction(V);
      } else {
        continue;
      }
      ++NumStringCallsKept;
      Changed = true;
    }
  }
  return Changed;
}

} // namespace

PreservedAnalyses escape::FrontendFactsPass::run(Module &M,
                                                 ModuleAnalysisManager &) {
  FactTable &T = table();
  std::lock_guard<std::mutex> Lock(T.M);
  // Facts describe the module of one translation unit, as CodeGen emitted
  // it; any other module (another -c input of the same driver, an LTO
  // link) gets none.
  if ((T.Facts.empty() && T.StringBodies.empty()) ||
      M.getSourceFileName() != T.SourceFile)
    return PreservedAnalyses::all();
  bool Changed = keepStringCalls(M, {T.StringBodies, T.StringInline});
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
        if ((F.NoReachable >> I & 1) &&
            !CB->getParamAttr(I, ReachableFactAttr).isValid()) {
          CB->addParamAttr(I,
                           Attribute::get(M.getContext(), ReachableFactAttr));
          ++NumReachableArgs;
          Changed = true;
        }
        if ((F.NoFreeExceptThis >> I & 1) &&
            !CB->getParamAttr(I, NoFreeExceptThisAttr).isValid()) {
          CB->addParamAttr(
              I, Attribute::get(M.getContext(), NoFreeExceptThisAttr));
          ++NumExceptThisArgs;
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
