//===- Profile.cpp - The escape profiler's instrumentation ----------------===//
//
// See Profile.h and docs/profile.md. The runtime's side is
// runtime/Profile.cpp.
//
//===----------------------------------------------------------------------===//
#include "llvm/Profile.h"
#include "llvm/HeapToStackPass.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace {

/// Metadata kinds.
constexpr const char *ReasonMD = "escape.profile.reason";
constexpr const char *FallbackMD = "escape.profile.fallback";
constexpr const char *SiteMD = "escape.profile.site";
/// Names of the site records and the runtime's hooks.
constexpr const char *SiteName = "__escape_prof_site";
constexpr const char *EnterName = "__escape_prof_enter";
constexpr const char *ExitName = "__escape_prof_exit";
constexpr const char *AllocName = "__escape_prof_alloc";
/// Versioned with the site record's layout: an object file instrumented for
/// another layout does not link with this runtime.
constexpr const char *RegisterName = "__escape_prof_register_v2";

/// Field numbers of a site record (runtime/Profile.cpp, EscapeProfSite).
enum SiteField : unsigned {
  FFile,
  FFunction,
  FReason,
  FInlined,
  FMoved,
  FLine,
  FColumn,
  FAllocations,
  FFrameLocal,
  FFreedLater,
  FOtherThread,
  FNeverFreed,
  FBytes,
  FConverted,
  /// Runtime state: the most objects of the site live at once, and the
  /// lifetime histogram (LifetimeBuckets counters).
  FMaxLive,
  FLifetime,
  NumFields = FLifetime + 32 // runtime/Profile.cpp: LifetimeBuckets
};

StructType *siteType(LLVMContext &Ctx) {
  if (StructType *T = StructType::getTypeByName(Ctx, "escape.prof.site"))
    return T;
  Type *Ptr = PointerType::getUnqual(Ctx);
  Type *I32 = Type::getInt32Ty(Ctx), *I64 = Type::getInt64Ty(Ctx);
  SmallVector<Type *, NumFields> Fields{Ptr, Ptr, Ptr, Ptr, Ptr, I32, I32};
  Fields.append(NumFields - FAllocations, I64);
  return StructType::create(Ctx, Fields, "escape.prof.site");
}

Constant *stringConstant(Module &M, StringRef S) {
  if (S.empty())
    return ConstantPointerNull::get(PointerType::getUnqual(M.getContext()));
  Constant *Data = ConstantDataArray::getString(M.getContext(), S);
  auto *GV =
      new GlobalVariable(M, Data->getType(), /*isConstant=*/true,
                         GlobalValue::PrivateLinkage, Data, "escape.prof.str");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(1));
  return GV;
}

/// "make_unique<Big> (unique_ptr.h:1077)" when \p I was inlined into its
/// function, else "".
std::string inlinedFrom(const Instruction &I) {
  const DILocation *L = I.getDebugLoc().get();
  if (!L || !L->getInlinedAt())
    return "";
  const DISubprogram *SP = L->getScope()->getSubprogram();
  std::string Name = SP ? SP->getName().str() : "?";
  return (Name + " (" + sys::path::filename(L->getFilename()) + ":" +
          Twine(L->getLine()) + ")")
      .str();
}

/// A site record for \p I in \p F: where (the user's line, as remarks say
/// it), the function, and why it stays on the heap or where it was moved.
GlobalVariable *createSite(Module &M, const Instruction &I, const Function &F,
                           StringRef Reason, StringRef Moved) {
  LLVMContext &Ctx = M.getContext();
  const DILocation *L = escape::userLocation(&I);
  std::string File = L ? L->getFilename().str() : M.getSourceFileName();
  if (L && !L->getDirectory().empty() && !sys::path::is_absolute(File)) {
    SmallString<256> Full(L->getDirectory());
    sys::path::append(Full, File);
    File = std::string(Full);
  }
  Type *I32 = Type::getInt32Ty(Ctx), *I64 = Type::getInt64Ty(Ctx);
  SmallVector<Constant *, NumFields> Init{
      stringConstant(M, File),
      stringConstant(M, escape::prettyFunctionName(&F)),
      stringConstant(M, Reason),
      stringConstant(M, inlinedFrom(I)),
      stringConstant(M, Moved),
      ConstantInt::get(I32, L ? L->getLine() : 0),
      ConstantInt::get(I32, L ? L->getColumn() : 0)};
  Init.append(NumFields - FAllocations, ConstantInt::get(I64, 0));
  StructType *T = siteType(Ctx);
  auto *GV = new GlobalVariable(M, T, /*isConstant=*/false,
                                GlobalValue::InternalLinkage,
                                ConstantStruct::get(T, Init), SiteName);
  GV->setAlignment(Align(8));
  GV->setMetadata(SiteMD, MDNode::get(Ctx, {}));
  return GV;
}

/// A site's identity: its fields but the counters. Copies of one site (an
/// unrolled loop, a function inlined twice into one caller) share a record.
std::string siteKey(const GlobalVariable &Site) {
  std::string Key;
  auto *Init = cast<ConstantStruct>(Site.getInitializer());
  for (unsigned I = 0; I < FAllocations; ++I) {
    Constant *Op = Init->getOperand(I);
    if (auto *CI = dyn_cast<ConstantInt>(Op))
      Key += std::to_string(CI->getZExtValue());
    else if (auto *GV = dyn_cast<GlobalVariable>(Op))
      if (auto *Data = dyn_cast<ConstantDataArray>(GV->getInitializer()))
        Key += Data->getAsCString();
    Key += '\0';
  }
  return Key;
}

bool isHook(const Function *F) {
  return F && F->getName().starts_with("__escape_prof_");
}

/// A heap allocation call the runtime should count: the malloc family
/// (realloc included), the operator new variants (new-expressions, direct
/// calls, __builtin_operator_new).
bool isHeapAllocation(const CallBase &CB, const TargetLibraryInfo &TLI) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || isa<IntrinsicInst>(CB) || isHook(Callee))
    return false;
  if (isAllocationFn(&CB, &TLI) || isReallocLikeFn(Callee))
    return true;
  // Also calls marked nobuiltin, which isAllocationFn ignores.
  LibFunc LF;
  if (!TLI.getLibFunc(*Callee, LF))
    return false;
  switch (LF) {
  case LibFunc_malloc:
  case LibFunc_calloc:
  case LibFunc_realloc:
  case LibFunc_aligned_alloc:
  case LibFunc_Znwm:
  case LibFunc_Znam:
  case LibFunc_ZnwmRKSt9nothrow_t:
  case LibFunc_ZnamRKSt9nothrow_t:
  case LibFunc_ZnwmSt11align_val_t:
  case LibFunc_ZnamSt11align_val_t:
  case LibFunc_ZnwmSt11align_val_tRKSt9nothrow_t:
  case LibFunc_ZnamSt11align_val_tRKSt9nothrow_t:
    return true;
  default:
    return false;
  }
}

/// The request in bytes, from the allocsize attribute (0 when unknown).
Value *requestBytes(IRBuilder<> &B, CallBase &CB) {
  Attribute AS = CB.getFnAttr(Attribute::AllocSize);
  if (!AS.isValid())
    return B.getInt64(0);
  auto [Elem, Num] = AS.getAllocSizeArgs();
  Value *Size = B.CreateZExtOrTrunc(CB.getArgOperand(Elem), B.getInt64Ty());
  if (Num)
    Size = B.CreateMul(
        Size, B.CreateZExtOrTrunc(CB.getArgOperand(*Num), B.getInt64Ty()));
  return Size;
}

/// Where the code after \p CB's result starts (an invoke's normal edge,
/// split when the destination has other predecessors).
BasicBlock::iterator afterCall(CallBase &CB) {
  if (auto *II = dyn_cast<InvokeInst>(&CB)) {
    BasicBlock *Normal = II->getNormalDest();
    if (!Normal->getSinglePredecessor())
      Normal = SplitEdge(II->getParent(), Normal);
    return Normal->getFirstInsertionPt();
  }
  return std::next(CB.getIterator());
}

Function *personality(Module &M) {
  for (Function &F : M)
    if (F.hasPersonalityFn())
      if (auto *P =
              dyn_cast<Function>(F.getPersonalityFn()->stripPointerCasts()))
        return P;
  // C++ frames use the C++ personality; a module of C only the C one.
  bool Cxx = any_of(
      M, [](const Function &F) { return F.getName().starts_with("_Z"); });
  FunctionType *T = FunctionType::get(Type::getInt32Ty(M.getContext()),
                                      /*isVarArg=*/true);
  return cast<Function>(M.getOrInsertFunction(Cxx ? "__gxx_personality_v0"
                                                  : "__gcc_personality_v0",
                                              T)
                            .getCallee());
}

/// Makes \p F's frames visible to the runtime: Frame = enter() at entry,
/// exit(Frame) before each return and on every unwind out of F. \p AtSites
/// instruments the allocation calls first, given Frame (the calls that may
/// throw become invokes afterwards).
void instrumentFrame(Function &F, FunctionCallee Enter, FunctionCallee Exit,
                     function_ref<void(Value *)> AtSites) {
  LLVMContext &Ctx = F.getContext();
  BasicBlock &Entry = F.getEntryBlock();
  BasicBlock::iterator IP = Entry.getFirstInsertionPt();
  while (IP != Entry.end() && isa<AllocaInst>(*IP))
    ++IP;
  IRBuilder<> B(&Entry, IP);
  if (DISubprogram *SP = F.getSubprogram())
    B.SetCurrentDebugLocation(DILocation::get(Ctx, SP->getLine(), 0, SP));
  // The address of the return address identifies the frame among those
  // running (a longjmp past it is noticed when a frame at or above its depth
  // is entered).
  Triple T(F.getParent()->getTargetTriple());
  Value *Slot = ConstantPointerNull::get(B.getPtrTy());
  if (T.isX86() || T.isAArch64())
    Slot = B.CreateIntrinsic(Intrinsic::addressofreturnaddress, {B.getPtrTy()},
                             {});
  Value *Frame = B.CreateCall(Enter, {Slot}, "escape.prof.frame");
  AtSites(Frame);

  SmallVector<Instruction *, 8> Exits;
  SmallVector<CallInst *, 16> MayThrow;
  SmallVector<LandingPadInst *, 4> Pads;
  bool Funclets = false;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (auto *RI = dyn_cast<ReturnInst>(&I)) {
        // exit() before a musttail call, which must stay next to the ret.
        Instruction *At = RI;
        if (CallInst *CI = RI->getParent()->getTerminatingMustTailCall())
          At = CI;
        Exits.push_back(At);
      } else if (isa<ResumeInst>(I)) {
        Exits.push_back(&I);
      } else if (auto *LP = dyn_cast<LandingPadInst>(&I)) {
        Pads.push_back(LP);
      } else if (I.isEHPad()) {
        Funclets = true;
      } else if (auto *CI = dyn_cast<CallInst>(&I)) {
        if (!CI->doesNotThrow() && !CI->isMustTailCall() &&
            !isa<IntrinsicInst>(CI) && !CI->isInlineAsm() &&
            !isHook(CI->getCalledFunction()))
          MayThrow.push_back(CI);
      }
    }
  for (Instruction *I : Exits) {
    IRBuilder<> XB(I);
    XB.SetCurrentDebugLocation(I->getDebugLoc());
    XB.CreateCall(Exit, {Frame});
  }
  // Unwinding out of F must pop its frame too. (Windows funclets: not
  // supported; their frames pop at the next return of a caller.)
  if (F.doesNotThrow() || Funclets)
    return;
  // A landing pad that only catches is not entered for an exception it does
  // not catch: make each one a cleanup too, so that such an exception runs
  // the pad's dispatch and reaches its resume (which pops).
  for (LandingPadInst *LP : Pads)
    LP->setCleanup(true);
  if (MayThrow.empty())
    return;
  if (!F.hasPersonalityFn())
    F.setPersonalityFn(personality(*F.getParent()));
  BasicBlock *Pad = BasicBlock::Create(Ctx, "escape.prof.unwind", &F);
  IRBuilder<> PB(Pad);
  Type *LPTy =
      StructType::get(PointerType::getUnqual(Ctx), Type::getInt32Ty(Ctx));
  if (!Pads.empty())
    LPTy = Pads.front()->getType();
  LandingPadInst *LP = PB.CreateLandingPad(LPTy, 0);
  LP->setCleanup(true);
  PB.CreateCall(Exit, {Frame});
  PB.CreateResume(LP);
  for (CallInst *CI : MayThrow)
    changeToInvokeAndSplitBasicBlock(CI, Pad);
}

} // namespace

void escape::tagRefusal(CallBase &Alloc, StringRef Reason) {
  LLVMContext &Ctx = Alloc.getContext();
  Alloc.setMetadata(ReasonMD,
                    MDNode::get(Ctx, {MDString::get(Ctx, Reason.str())}));
}

void escape::countConverted(CallBase &Alloc, StringRef How) {
  Function &F = *Alloc.getFunction();
  Module &M = *F.getParent();
  GlobalVariable *Site = createSite(M, Alloc, F, "", How);
  // Kept until ProfilePass collects the records (GlobalOpt would otherwise
  // drop a counter that is only written); volatile for the same reason.
  appendToCompilerUsed(M, {Site});
  IRBuilder<> B(&Alloc);
  B.SetCurrentDebugLocation(Alloc.getDebugLoc());
  Value *Counter = B.CreateStructGEP(Site->getValueType(), Site, FConverted);
  AtomicRMWInst *Inc =
      B.CreateAtomicRMW(AtomicRMWInst::Add, Counter, B.getInt64(1), Align(8),
                        AtomicOrdering::Monotonic);
  Inc->setVolatile(true);
  // The arena's heap fallback (the original call, kept for requests the
  // buffer cannot take) stays an allocation: say why.
  if (How == "arena") {
    LLVMContext &Ctx = Alloc.getContext();
    Alloc.setMetadata(FallbackMD, MDNode::get(Ctx, {}));
    tagRefusal(Alloc, "the heap fallback of a frame-arena site (the request "
                      "did not fit the site's stack buffer)");
  }
}

PreservedAnalyses escape::ProfilePass::run(Module &M,
                                           ModuleAnalysisManager &MAM) {
  LLVMContext &Ctx = M.getContext();
  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  Type *Ptr = PointerType::getUnqual(Ctx);
  Type *I64 = Type::getInt64Ty(Ctx);
  FunctionCallee Enter = M.getOrInsertFunction(
      EnterName, FunctionType::get(I64, {Ptr}, /*isVarArg=*/false));
  FunctionCallee Exit = M.getOrInsertFunction(
      ExitName, FunctionType::get(Type::getVoidTy(Ctx), {I64}, false));
  FunctionCallee Alloc = M.getOrInsertFunction(
      AllocName,
      FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Ptr, I64, I64}, false));
  for (FunctionCallee FC : {Enter, Exit, Alloc})
    if (auto *Fn = dyn_cast<Function>(FC.getCallee())) {
      Fn->addFnAttr(Attribute::NoUnwind);
      Fn->addFnAttr(Attribute::WillReturn);
    }

  // The moved sites whose code is still there.
  SmallVector<GlobalVariable *, 16> Sites;
  SmallPtrSet<GlobalValue *, 16> Dead;
  for (GlobalVariable &GV : M.globals()) {
    if (!GV.hasMetadata(SiteMD))
      continue;
    bool Live = any_of(GV.users(), [](const User *U) {
      return !isa<Constant>(U) || any_of(U->users(), [](const User *UU) {
        return isa<Instruction>(UU);
      });
    });
    if (Live)
      Sites.push_back(&GV);
    else
      Dead.insert(&GV);
  }
  removeFromUsedLists(M, [&](Constant *C) {
    auto *GV = dyn_cast<GlobalVariable>(C);
    return GV && GV->hasMetadata(SiteMD);
  });
  for (GlobalValue *GV : Dead)
    if (GV->use_empty())
      GV->eraseFromParent();

  bool Changed = !Dead.empty();
  // One record per site (see siteKey).
  StringMap<GlobalVariable *> ByKey;
  auto Unique = [&](GlobalVariable *Site) {
    auto [It, New] = ByKey.try_emplace(siteKey(*Site), Site);
    if (New)
      return Site;
    SmallVector<GlobalVariable *, 5> Strings;
    for (Use &Op : Site->getInitializer()->operands())
      if (auto *Str = dyn_cast<GlobalVariable>(Op))
        Strings.push_back(Str);
    Site->replaceAllUsesWith(It->second);
    Site->eraseFromParent();
    for (GlobalVariable *Str : Strings)
      if (Str->use_empty())
        Str->eraseFromParent();
    return It->second;
  };
  {
    SmallVector<GlobalVariable *, 16> Moved;
    std::swap(Moved, Sites);
    for (GlobalVariable *Site : Moved)
      if (GlobalVariable *U = Unique(Site); U == Site)
        Sites.push_back(Site);
  }
  for (Function &F : M) {
    if (F.isDeclaration() || F.hasAvailableExternallyLinkage() ||
        F.hasFnAttribute(Attribute::Naked) || isHook(&F))
      continue;
    auto &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
    SmallVector<CallBase *, 8> Calls;
    for (BasicBlock &BB : F)
      for (Instruction &I : BB)
        if (auto *CB = dyn_cast<CallBase>(&I))
          if (isHeapAllocation(*CB, TLI))
            Calls.push_back(CB);
    if (Calls.empty())
      continue;
    Changed = true;
    instrumentFrame(F, Enter, Exit, [&](Value *Frame) {
      for (CallBase *CB : Calls) {
        std::string Reason;
        if (auto *MD = dyn_cast_or_null<MDNode>(CB->getMetadata(ReasonMD)))
          if (auto *S = dyn_cast<MDString>(MD->getOperand(0)))
            Reason = S->getString().str();
        if (Reason.empty() && F.hasOptNone())
          Reason = "not optimised (optnone or -O0): the pass does not run";
        // The heap fallback of an arena site: "arena-heap" (the tool does not
        // count these executions twice).
        GlobalVariable *Site = createSite(
            M, *CB, F, Reason, CB->hasMetadata(FallbackMD) ? "arena-heap" : "");
        if (GlobalVariable *U = Unique(Site); U == Site)
          Sites.push_back(Site);
        else
          Site = U;
        BasicBlock::iterator After = afterCall(*CB);
        IRBuilder<> B(After->getParent(), After);
        B.SetCurrentDebugLocation(CB->getDebugLoc());
        B.CreateCall(Alloc, {Site, CB, requestBytes(B, *CB), Frame});
      }
    });
  }
  if (Sites.empty()) {
    for (FunctionCallee FC : {Enter, Exit, Alloc})
      if (auto *Fn = dyn_cast<Function>(FC.getCallee()); Fn && Fn->use_empty())
        Fn->eraseFromParent();
    return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
  }

  // The module's table of sites, registered with the runtime at start-up.
  ArrayType *TableTy = ArrayType::get(Ptr, Sites.size());
  SmallVector<Constant *, 16> Entries(Sites.begin(), Sites.end());
  auto *Table = new GlobalVariable(
      M, TableTy, /*isConstant=*/true, GlobalValue::PrivateLinkage,
      ConstantArray::get(TableTy, Entries), "__escape_prof_sites");
  FunctionCallee Register = M.getOrInsertFunction(
      RegisterName, FunctionType::get(Type::getVoidTy(Ctx), {Ptr, I64}, false));
  Function *Ctor =
      Function::Create(FunctionType::get(Type::getVoidTy(Ctx), false),
                       GlobalValue::InternalLinkage, "escape.prof.register", M);
  Ctor->addFnAttr(Attribute::NoUnwind);
  IRBuilder<> B(BasicBlock::Create(Ctx, "", Ctor));
  B.CreateCall(Register, {Table, B.getInt64(Sites.size())});
  B.CreateRetVoid();
  appendToGlobalCtors(M, Ctor, /*Priority=*/0);
  for (FunctionCallee FC : {Enter, Exit, Alloc})
    if (auto *Fn = dyn_cast<Function>(FC.getCallee()); Fn && Fn->use_empty())
      Fn->eraseFromParent();
  return PreservedAnalyses::none();
}
