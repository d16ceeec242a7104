//===- LocalSlots.cpp - Calls through a local object's function pointer ---===//
//
// See LocalSlots.h. The walk over an alloca's uses (collectUses) is the same
// for a callee's argument, which is how a callee's writes are bounded
// (writtenRanges): what is not modelled refuses.
//
//===----------------------------------------------------------------------===//
#include "llvm/LocalSlots.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/Debug.h"
#include "llvm/Transforms/Utils/Cloning.h"

#include <optional>

using namespace llvm;

#define DEBUG_TYPE "escape-heap-to-stack"

ALWAYS_ENABLED_STATISTIC(
    NumSlotCallsDirect,
    "Calls through a local variable's function pointer made direct");

ALWAYS_ENABLED_STATISTIC(
    NumSlotCallsInlined,
    "Calls through a local variable's function pointer to a replaceable "
    "body, inlined");

namespace {

/// Uses visited per alloca, callee bodies included: bounds the time on
/// huge functions.
constexpr unsigned UseBudget = 1024;
/// Levels of callees whose bodies bound their writes (a call through a
/// field is level 1; what it calls with the argument, level 2).
constexpr unsigned MaxDepth = 4;

/// Bytes [Off, Off + Size) of the root are written by I.
struct Write {
  Instruction *I;
  int64_t Off;
  uint64_t Size;
};

/// Call CB receives the root (at byte Off of it, when known) as argument
/// ArgNo.
struct ArgUse {
  CallBase *CB;
  unsigned ArgNo;
  std::optional<int64_t> Off;
};

/// What a function does with a pointer (the root: an alloca, or a callee's
/// argument) and with every pointer derived from it.
struct Uses {
  SmallVector<Write, 8> Writes;
  /// Simple loads of a pointer at a known offset.
  SmallVector<std::pair<LoadInst *, int64_t>, 8> PtrLoads;
  SmallVector<ArgUse, 8> Calls;
};

/// A call that neither writes through argument ArgNo nor keeps its
/// provenance (nor returns it), by its attributes.
bool readsOnly(const CallBase *CB, unsigned ArgNo) {
  return CB->onlyReadsMemory(ArgNo) &&
         !capturesAnyProvenance(CB->getCaptureInfo(ArgNo)) &&
         !CB->paramHasAttr(ArgNo, Attribute::Returned);
}

/// For a store, an atomic read-modify-write or a compare-exchange: the index
/// of its pointer operand and the type of the value it writes there.
std::optional<std::pair<unsigned, Type *>> writeThrough(const Instruction &I) {
  if (const auto *SI = dyn_cast<StoreInst>(&I))
    return {{StoreInst::getPointerOperandIndex(),
             SI->getValueOperand()->getType()}};
  if (const auto *RMW = dyn_cast<AtomicRMWInst>(&I))
    return {{AtomicRMWInst::getPointerOperandIndex(),
             RMW->getValOperand()->getType()}};
  if (const auto *CX = dyn_cast<AtomicCmpXchgInst>(&I))
    return {{AtomicCmpXchgInst::getPointerOperandIndex(),
             CX->getNewValOperand()->getType()}};
  return std::nullopt;
}

/// Collects what is done with Root. False when it may be captured (stored,
/// converted to an integer, merged in a phi or select, returned...), written
/// at an unknown place, used in a way not modelled, or when Budget runs out.
bool collectUses(Value *Root, const DataLayout &DL, Uses &U, unsigned &Budget,
                 const SmallPtrSetImpl<const BasicBlock *> *Live = nullptr) {
  unsigned IdxBits = DL.getIndexTypeSizeInBits(Root->getType());
  SmallVector<std::pair<Value *, std::optional<int64_t>>, 16> Work{{Root, 0}};
  SmallPtrSet<Value *, 16> Seen{Root};
  while (!Work.empty()) {
    auto [V, Off] = Work.pop_back_val();
    for (Use &Us : V->uses()) {
      if (Budget == 0)
        return false;
      --Budget;
      auto *I = dyn_cast<Instruction>(Us.getUser());
      if (!I)
        return false;
      if (Live && !Live->contains(I->getParent()))
        continue;
      if (auto *GEP = dyn_cast<GetElementPtrInst>(I)) {
        APInt Delta(IdxBits, 0);
        std::optional<int64_t> O;
        if (Off && GEP->accumulateConstantOffset(DL, Delta))
          O = *Off + Delta.getSExtValue();
        if (Seen.insert(GEP).second)
          Work.push_back({GEP, O});
        continue;
      }
      if (isa<ICmpInst>(I))
        continue; // (an address comparison writes nothing)
      if (auto *LI = dyn_cast<LoadInst>(I)) {
        if (Off && LI->isSimple() && LI->getType()->isPointerTy())
          U.PtrLoads.push_back({LI, *Off});
        continue;
      }
      if (auto W = writeThrough(*I)) {
        TypeSize Size = DL.getTypeStoreSize(W->second);
        if (Us.getOperandNo() != W->first || !Off || Size.isScalable())
          return false; // (the pointer is the value written: a capture)
        U.Writes.push_back({I, *Off, Size.getFixedValue()});
        continue;
      }
      if (auto *CB = dyn_cast<CallBase>(I)) {
        if (CB->isCallee(&Us))
          return false;
        if (!CB->isArgOperand(&Us)) {
          // (An operand bundle: only llvm.assume's facts are harmless.)
          if (auto *II = dyn_cast<IntrinsicInst>(CB);
              II && II->getIntrinsicID() == Intrinsic::assume)
            continue;
          return false;
        }
        unsigned ArgNo = CB->getArgOperandNo(&Us);
        if (auto *II = dyn_cast<IntrinsicInst>(CB)) {
          if (II->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(II))
            continue;
          if (auto *MI = dyn_cast<AnyMemIntrinsic>(II)) {
            if (ArgNo != 0)
              continue; // (a memcpy's or memmove's source: read)
            auto *Len = dyn_cast<ConstantInt>(MI->getLength());
            if (!Off || !Len)
              return false;
            U.Writes.push_back({MI, *Off, Len->getZExtValue()});
            continue;
          }
        }
        if (CB->isByValArgument(ArgNo))
          continue; // (the callee gets a copy)
        U.Calls.push_back({CB, ArgNo, Off});
        continue;
      }
      return false;
    }
  }
  return true;
}

/// Whether [Off, Off + Size) and [SlotOff, SlotOff + SlotSize) share a byte.
bool overlaps(int64_t Off, uint64_t Size, int64_t SlotOff, uint64_t SlotSize) {
  return Off < SlotOff + int64_t(SlotSize) && SlotOff < Off + int64_t(Size);
}

/// The blocks of Callee that may run when CB calls it: a switch on an
/// argument, or a branch on an equality test of an argument, that CB passes
/// as a constant takes only the edge that constant selects (the manager of
/// a std::function dispatches on its operation this way).
SmallPtrSet<const BasicBlock *, 16> liveBlocks(const Function &Callee,
                                               const CallBase &CB) {
  auto Constant = [&](const Value *V) -> const ConstantInt * {
    const auto *Arg = dyn_cast<Argument>(V);
    if (!Arg || Arg->getParent() != &Callee)
      return nullptr;
    return dyn_cast<ConstantInt>(CB.getArgOperand(Arg->getArgNo()));
  };
  SmallPtrSet<const BasicBlock *, 16> Live;
  SmallVector<const BasicBlock *, 16> Work{&Callee.getEntryBlock()};
  Live.insert(&Callee.getEntryBlock());
  auto Visit = [&](const BasicBlock *BB) {
    if (Live.insert(BB).second)
      Work.push_back(BB);
  };
  while (!Work.empty()) {
    const Instruction *T = Work.pop_back_val()->getTerminator();
    if (const auto *SW = dyn_cast<SwitchInst>(T)) {
      if (const ConstantInt *C = Constant(SW->getCondition())) {
        Visit(SW->findCaseValue(C)->getCaseSuccessor());
        continue;
      }
    } else if (const auto *BR = dyn_cast<BranchInst>(T);
               BR && BR->isConditional()) {
      const auto *Cmp = dyn_cast<ICmpInst>(BR->getCondition());
      if (Cmp && Cmp->isEquality()) {
        const ConstantInt *L = Constant(Cmp->getOperand(0));
        const auto *R = dyn_cast<ConstantInt>(Cmp->getOperand(1));
        if (L && R && L->getType() == R->getType()) {
          bool Equal = L->getValue() == R->getValue();
          bool Taken =
              Cmp->getPredicate() == ICmpInst::ICMP_EQ ? Equal : !Equal;
          Visit(BR->getSuccessor(Taken ? 0 : 1));
          continue;
        }
      }
    }
    for (const BasicBlock *Succ : successors(T))
      Visit(Succ);
  }
  return Live;
}

/// Instructions of a replaceable callee that is inlined through a field.
constexpr unsigned MaxInlinedInstructions = 256;

/// Whether Callee, a body that may be replaced at link time, can be inlined
/// at CB so that the copy judged here is the one that runs: not
/// interposable (a linkonce_odr or weak_odr body is one of the copies the
/// program may run), small, of the call's type, not marked noinline or
/// optnone, with the caller's personality, and viable for InlineFunction.
bool inlinableReplaceable(Function &Callee, const CallBase &CB) {
  const Function *Caller = CB.getFunction();
  if (Callee.isDeclaration() || Callee.isInterposable() || Callee.isVarArg() ||
      &Callee == Caller || Callee.getFunctionType() != CB.getFunctionType() ||
      Callee.hasFnAttribute(Attribute::NoInline) ||
      Callee.hasFnAttribute(Attribute::OptimizeNone) ||
      CB.getAttributes().hasFnAttr(Attribute::NoInline) ||
      (Callee.hasPersonalityFn() &&
       (!Caller->hasPersonalityFn() ||
        Callee.getPersonalityFn() != Caller->getPersonalityFn())))
    return false;
  unsigned Count = 0;
  for (const BasicBlock &BB : Callee)
    Count += BB.size();
  return Count <= MaxInlinedInstructions && isInlineViable(Callee).isSuccess();
}

/// A constant a field may be known to hold: a function, or a pointer into a
/// constant global whose initializer is the one that runs (a table of
/// functions: GoogleMock's `Matcher::vtable_`, a C++ vtable).
bool knownConstant(const Value *V, const DataLayout &DL) {
  if (isa<Function>(V))
    return true;
  if (!isa<Constant>(V) || !V->getType()->isPointerTy())
    return false;
  APInt Off(DL.getIndexTypeSizeInBits(V->getType()), 0);
  const auto *GV = dyn_cast<GlobalVariable>(
      V->stripAndAccumulateConstantOffsets(DL, Off, /*AllowNonInbounds=*/true));
  return GV && GV->isConstant() && GV->hasDefinitiveInitializer();
}

/// The offsets (from the root) of the pointer loads of U.
using LoadOffsets = DenseMap<const LoadInst *, int64_t>;
LoadOffsets loadOffsets(const Uses &U) {
  LoadOffsets LoadOff;
  for (auto [LI, Off] : U.PtrLoads)
    LoadOff[LI] = Off;
  return LoadOff;
}

/// The hypothesis on one alloca's fields: field Off holds Slots[Off] (null:
/// two constants, or a write of something else).
struct Fields {
  const DataLayout &DL;
  MapVector<int64_t, Constant *> Slots;

  /// What a load of a field reads: V is a load LoadOff maps to an offset,
  /// from a pointer Base bytes into the alloca.
  Constant *slotOf(const Value *V, const LoadOffsets &LoadOff,
                   int64_t Base) const {
    const auto *LI = dyn_cast<LoadInst>(V);
    auto It = LI ? LoadOff.find(LI) : LoadOff.end();
    if (It == LoadOff.end())
      return nullptr;
    auto S = Slots.find(Base + It->second);
    return S == Slots.end() ? nullptr : S->second;
  }

  /// The function CB calls under the hypothesis: its callee is a load of a
  /// field holding a function, a load at a constant offset of a table a
  /// field points to, that function itself, or a phi or select of such
  /// values (GVN merges a load on one path with the stored constant on
  /// another).
  Function *callee(const CallBase &CB, const LoadOffsets &LoadOff,
                   int64_t Base) const {
    Function *Fn = nullptr;
    SmallVector<const Value *, 4> Work{CB.getCalledOperand()};
    SmallPtrSet<const Value *, 4> Seen;
    while (!Work.empty()) {
      const Value *V = Work.pop_back_val();
      if (!Seen.insert(V).second)
        continue;
      if (Seen.size() > 16)
        return nullptr;
      Function *This = nullptr;
      if (const auto *PN = dyn_cast<PHINode>(V)) {
        append_range(Work, PN->incoming_values());
        continue;
      }
      if (const auto *Sel = dyn_cast<SelectInst>(V)) {
        Work.append({Sel->getTrueValue(), Sel->getFalseValue()});
        continue;
      }
      if (Constant *C = slotOf(V, LoadOff, Base)) {
        This = dyn_cast<Function>(C);
      } else if (const auto *LI = dyn_cast<LoadInst>(V); LI && LI->isSimple()) {
        // (A load at a constant offset of a table a field points to.)
        APInt Off(DL.getIndexTypeSizeInBits(LI->getPointerOperandType()), 0);
        const Value *Ptr =
            LI->getPointerOperand()->stripAndAccumulateConstantOffsets(
                DL, Off, /*AllowNonInbounds=*/true);
        if (Constant *Table = slotOf(Ptr, LoadOff, Base);
            Table && !isa<Function>(Table))
          This = dyn_cast_or_null<Function>(
              ConstantFoldLoadFromConstPtr(Table, LI->getType(), Off, DL));
      } else {
        This = dyn_cast<Function>(const_cast<Value *>(V));
      }
      if (!This || (Fn && Fn != This) ||
          This->getType() != CB.getCalledOperand()->getType())
        return nullptr;
      Fn = This;
    }
    return Fn;
  }
};

/// Adds to Ranges the bytes of its argument ArgNo (at Base of the root)
/// that Callee, called by CB, may write, including through what it calls
/// with the argument, Depth levels deep; a call through one of the root's
/// fields there calls the function H says the field holds. False when
/// Callee's body proves nothing (not exact, variadic, of another type) or it
/// may capture the argument or write at an unknown place. Only the blocks
/// that may run for CB's constant arguments count (liveBlocks). With
/// Inlined, Callee's body may be one that is replaced at link time: the
/// root's function inlines this copy (directly, or inside a callee it
/// inlines), so it is the one that runs; a replaceable body it calls must
/// be inlined the same way, so it is allowed only below an inlined one.
bool writtenRanges(const Function &Callee, const CallBase &CB, unsigned ArgNo,
                   int64_t Base, unsigned Depth, unsigned &Budget,
                   SmallVectorImpl<std::pair<int64_t, uint64_t>> &Ranges,
                   bool Inlined, const Fields &H) {
  if (Callee.isDeclaration() || (!Callee.hasExactDefinition() && !Inlined) ||
      Callee.isVarArg() || Callee.getFunctionType() != CB.getFunctionType() ||
      ArgNo >= Callee.arg_size())
    return false;
  Uses U;
  Argument *Arg = const_cast<Function &>(Callee).getArg(ArgNo);
  SmallPtrSet<const BasicBlock *, 16> Live = liveBlocks(Callee, CB);
  if (!collectUses(Arg, Callee.getDataLayout(), U, Budget, &Live))
    return false;
  for (const Write &W : U.Writes)
    Ranges.push_back({Base + W.Off, W.Size});
  LoadOffsets LoadOff = loadOffsets(U);
  for (const ArgUse &C : U.Calls) {
    if (readsOnly(C.CB, C.ArgNo))
      continue;
    if (!C.Off || Depth == 0)
      return false;
    Function *Next = C.CB->getCalledFunction();
    if (!Next)
      Next = H.callee(*C.CB, LoadOff, Base);
    if (!Next)
      return false;
    bool Replaceable = !Next->hasExactDefinition();
    if (Replaceable && (!Inlined || !inlinableReplaceable(*Next, *C.CB)))
      return false;
    if (!writtenRanges(*Next, *C.CB, C.ArgNo, Base + *C.Off, Depth - 1, Budget,
                       Ranges, Replaceable, H))
      return false;
  }
  return true;
}

/// Resolves the function-pointer fields of A (LocalSlots.h). Returns the
/// number of calls made direct; *Inlined counts the replaceable bodies
/// inlined.
unsigned resolveAlloca(AllocaInst &A, unsigned &Inlined) {
  const DataLayout &DL = A.getDataLayout();
  unsigned Budget = UseBudget;
  Uses U;
  if (!collectUses(&A, DL, U, Budget))
    return 0;
  uint64_t PtrBytes = DL.getPointerTypeSize(A.getType());

  Fields H{DL, {}};
  auto StoredConstant = [&](const Write &W) -> Constant * {
    auto *SI = dyn_cast<StoreInst>(W.I);
    if (!SI || !SI->isSimple() || W.Size != PtrBytes ||
        !knownConstant(SI->getValueOperand(), DL))
      return nullptr;
    return cast<Constant>(SI->getValueOperand());
  };
  for (const Write &W : U.Writes)
    if (Constant *C = StoredConstant(W)) {
      auto [It, New] = H.Slots.try_emplace(W.Off, C);
      if (!New && It->second != C)
        It->second = nullptr;
    }
  auto Drop = [&](int64_t Off, uint64_t Size, const Write *Except) {
    bool Dropped = false;
    for (auto &[SlotOff, C] : H.Slots)
      if (C && overlaps(Off, Size, SlotOff, PtrBytes) &&
          !(Except && Except->Off == SlotOff && StoredConstant(*Except) == C)) {
        C = nullptr;
        Dropped = true;
      }
    return Dropped;
  };
  for (const Write &W : U.Writes)
    Drop(W.Off, W.Size, &W);

  // The calls that receive A: each must leave every field alone. Dropping a
  // field makes the calls through it unknown, so this repeats until stable.
  // A call whose callee's body may be replaced at link time (through a
  // field, or direct) is judged by this copy's body, which is then inlined
  // there, and so are the replaceable bodies it calls with A.
  LoadOffsets LoadOff = loadOffsets(U);
  for (bool Stable = false; !Stable;) {
    Stable = true;
    if (none_of(H.Slots, [](const auto &S) { return S.second; }))
      return 0;
    for (const ArgUse &C : U.Calls) {
      if (readsOnly(C.CB, C.ArgNo))
        continue;
      Function *Callee = C.CB->getCalledFunction();
      if (!Callee)
        Callee = H.callee(*C.CB, LoadOff, 0);
      SmallVector<std::pair<int64_t, uint64_t>, 4> Ranges;
      if (!Callee || !C.Off)
        return 0;
      bool Replaceable = !Callee->hasExactDefinition();
      if ((Replaceable && !inlinableReplaceable(*Callee, *C.CB)) ||
          !writtenRanges(*Callee, *C.CB, C.ArgNo, *C.Off, MaxDepth - 1, Budget,
                         Ranges, Replaceable, H))
        return 0;
      for (auto [Off, Size] : Ranges)
        if (Drop(Off, Size, nullptr))
          Stable = false;
    }
  }

  // The hypothesis holds. Every call through a field becomes direct, and
  // the replaceable bodies judged are inlined, level by level: the calls
  // through fields and with A that an inlined body brings are the next
  // level. (A call through a field that receives no pointer into A, to a
  // replaceable body that cannot be inlined, stays indirect: it cannot
  // write A.)
  SmallVector<CallBase *, 8> Level;
  bool Field = false;
  for (Instruction &I : instructions(*A.getFunction()))
    if (auto *CB = dyn_cast<CallBase>(&I)) {
      Level.push_back(CB);
      Field |= CB->isIndirectCall() && H.callee(*CB, LoadOff, 0);
    }
  if (!Field)
    return 0; // (nothing to resolve: inline nothing either)
  unsigned Made = 0;
  for (unsigned Depth = 0; Depth <= MaxDepth && !Level.empty(); ++Depth) {
    DenseMap<const CallBase *, unsigned> WithA; // (calls that receive A)
    for (const ArgUse &C : U.Calls)
      if (!readsOnly(C.CB, C.ArgNo))
        WithA[C.CB] = C.ArgNo;
    SmallVector<CallBase *, 8> Inline;
    for (CallBase *CB : Level) {
      Function *Fn = CB->getCalledFunction();
      if (!Fn && CB->isIndirectCall() && (Fn = H.callee(*CB, LoadOff, 0)) &&
          (Fn->hasExactDefinition() || inlinableReplaceable(*Fn, *CB))) {
        LLVM_DEBUG(dbgs() << "escape: " << *CB << " calls " << Fn->getName()
                          << " (a field of " << A.getName() << ")\n");
        CB->setCalledOperand(Fn);
        ++Made;
        if (!Fn->hasExactDefinition())
          Inline.push_back(CB);
      } else if (Fn && !Fn->hasExactDefinition() && WithA.count(CB)) {
        Inline.push_back(CB); // (judged as inlined: inlinableReplaceable)
      }
    }
    Level.clear();
    for (CallBase *CB : Inline) {
      InlineFunctionInfo IFI;
      if (InlineFunction(*CB, IFI).isSuccess()) {
        ++NumSlotCallsInlined;
        ++Inlined;
        append_range(Level, IFI.InlinedCallSites);
      }
    }
    Budget = UseBudget;
    U = Uses();
    if (!collectUses(&A, DL, U, Budget))
      break;
    LoadOff = loadOffsets(U);
  }
  for (auto [LI, Off] : U.PtrLoads) {
    auto S = H.Slots.find(Off);
    if (S == H.Slots.end() || !S->second ||
        LI->getType() != S->second->getType())
      continue;
    LI->replaceAllUsesWith(S->second);
    LI->eraseFromParent();
  }
  NumSlotCallsDirect += Made;
  return Made;
}

} // namespace

unsigned escape::resolveLocalFunctionSlots(Function &F, unsigned *Inlined) {
  // Only allocas that some store gives a function, in a function with an
  // indirect call.
  SetVector<AllocaInst *> Candidates;
  bool Indirect = false;
  for (Instruction &I : instructions(F)) {
    if (auto *CB = dyn_cast<CallBase>(&I))
      Indirect |= CB->isIndirectCall();
    else if (auto *SI = dyn_cast<StoreInst>(&I))
      if (knownConstant(SI->getValueOperand(), F.getDataLayout()))
        if (auto *A = dyn_cast<AllocaInst>(
                getUnderlyingObject(SI->getPointerOperand()));
            A && A->isStaticAlloca())
          Candidates.insert(A);
  }
  if (!Indirect)
    return 0;
  unsigned Made = 0, Count = 0;
  for (AllocaInst *A : Candidates)
    Made += resolveAlloca(*A, Count);
  if (Inlined)
    *Inlined = Count;
  return Made;
}
