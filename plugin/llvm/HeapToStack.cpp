//===- HeapToStack.cpp - Move frame-local heap objects to the stack -------===//
//
// For every allocation call the language lets us elide (a new-expression or
// __builtin_operator_new call, i.e. a call to a replaceable operator new that
// carries the `builtin` attribute, or a malloc-family call), decide whether
// the object can outlive the frame. If it cannot, replace the call with an
// entry-block alloca (lifetime.start at the old call site, lifetime.end at
// each deleted deallocation), or with a frame-arena buffer with a heap
// fallback. See docs/heap-to-stack.md for the rules.
//
// Soundness argument in short:
//  * Every use of the pointer and of every value derived from it is visited
//    (CaptureTracking's use walk; shouldExplore() sees each use). Any use that
//    may copy the pointer somewhere it can be read later (store, return,
//    ptrtoint, call argument without captures(none), ...) refuses.
//  * The pointer may be kept in a local variable whose bytes holding it are
//    never read back: no overlapping load (of any type), no memcpy from it,
//    and calls receiving the variable only read memory and return nothing
//    that may carry those bytes, whatever the result's type (a data-flow
//    through the callee's exact body: HeldBytesFlow).
//  * A call that receives the pointer must also be unable to free it (nofree
//    on the call or the parameter, or memory(read)); the only frees allowed
//    are matching deallocations of the pointer itself, and no two of them may
//    run for the same allocation.
//  * Because the pointer never reaches memory, the object can only be reached
//    through SSA values. A non-phi value derived from the allocation is
//    dominated by it and is redefined on every execution of it, so an object
//    of an earlier loop iteration can only be reached through a phi. An
//    allocation in a cycle with a derived phi is refused; without one, a
//    single slot reused by every iteration is correct.
//  * Calls marked `tail` promise not to access the caller's allocas: the
//    marker is dropped from calls that receive the pointer; musttail refuses.
//  * Frame arena (variable sizes, constant sizes above max-object, objects
//    live across loop iterations): the object goes to a stack buffer of the
//    site only when the request fits, else to the original heap call; every
//    matching free tests at run time whether its pointer is in the buffer.
//    Objects of several iterations (a phi carries the pointer) get distinct
//    bump-allocated places in the buffer, which is never reused in the frame
//    except through a free list of objects the program itself freed. Stack
//    use is the buffer, whatever the trip count.
//  * Stack: bounded per function (max-frame), and in a function that may
//    recurse -- a call-graph cycle, or re-entry through a callee that may
//    call back into the module -- by a small budget per level, since the
//    recursion depth is unbounded (mayRecurse, fitRecursionBudget). Over
//    that budget, a frame arena still serves the outermost activation of the
//    function on each thread: a thread-local flag set while one runs sizes
//    the buffer of any activation inside it to 0 bytes (a dynamic alloca),
//    so their requests go to the heap and a level adds no buffer
//    (outermostActivation).
//  * Callee bodies that may be replaced at link time (linkonce_odr,
//    weak_odr, available_externally) prove nothing about the code that runs:
//    only attributes (from the source) count for them.
//
//===----------------------------------------------------------------------===//
#include "Options.h"
#include "llvm/FrontendFacts.h"
#include "llvm/HeapToStackPass.h"
#include "llvm/LocalSlots.h"
#include "llvm/Profile.h"
#include "llvm/SiteReport.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ConstantFolding.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/Analysis/MemoryBuiltins.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/EHPersonalities.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"

#include <deque>
#include <string>

using namespace llvm;

#define DEBUG_TYPE "escape-heap-to-stack"

/// The pass name of the remarks (-Rpass=escape, -pass-remarks=escape).
static constexpr const char *RemarkPass = "escape";

static cl::opt<uint64_t>
    MaxObjectOpt("escape-max-object",
                 cl::init(escape::defaults::MaxObjectBytes),
                 cl::desc("clang-escape: largest allocation (bytes) moved to "
                          "a stack slot"));
static cl::opt<uint64_t>
    MaxFrameOpt("escape-max-frame", cl::init(escape::defaults::MaxFrameBytes),
                cl::desc("clang-escape: stack bytes heap-to-stack may add to "
                         "one function"));
static cl::opt<uint64_t> MaxFrameRecursiveOpt(
    "escape-max-frame-recursive",
    cl::init(escape::defaults::MaxFrameRecursiveBytes),
    cl::desc("clang-escape: stack bytes heap-to-stack may add to a function "
             "that may recurse (a cycle of the call graph, or re-entry "
             "through an unknown callee): added once per level of "
             "recursion, whose depth is unbounded"));
static cl::opt<uint64_t> ArenaOpt(
    "escape-arena-bytes", cl::init(escape::defaults::ArenaBytes),
    cl::desc("clang-escape: size of the per-site frame-arena buffer for "
             "variable-size allocations and objects live across loop "
             "iterations (requests that do not fit use the heap), and the "
             "largest constant-size object above -escape-max-object given a "
             "buffer (0 disables the arena)"));
static cl::opt<bool> InlineResultsOpt(
    "escape-inline-results", cl::init(true), cl::Hidden,
    cl::desc("clang-escape: inline a small call that returns a new "
             "allocation in a local object the frame frees from (a "
             "std::string operator+ left out of line), so that the "
             "allocation is the frame's"));
static cl::opt<bool> TrustNoEscapeOpt(
    "escape-trust-noescape", cl::init(false),
    cl::desc("clang-escape: treat captures(none) ([[clang::noescape]]) on a "
             "declared-only callee's parameter as also meaning 'does not free "
             "it' (unsound if the callee deletes the object)"));

// Statistics (clang -Xclang -print-stats or -save-stats; -mllvm -stats and
// opt -stats print them only with an LLVM built with assertions). Always
// enabled (TrackingStatistic): Debian's LLVM is a release build, where
// STATISTIC counts nothing. A function may be analysed more than once (the
// CGSCC pipeline revisits it), and every analysis counts: NumSites is the
// sum of NumToStack, NumToArena and the NumRefused* counters.
ALWAYS_ENABLED_STATISTIC(NumSites, "Allocation sites analysed");
ALWAYS_ENABLED_STATISTIC(NumToStack, "Allocations moved to a stack slot");
ALWAYS_ENABLED_STATISTIC(NumToArena,
                         "Allocations moved to a frame arena (stack buffer "
                         "with a heap fallback)");
ALWAYS_ENABLED_STATISTIC(NumRefusedDirectNew,
                         "Refused: a direct call to operator new, not a "
                         "new-expression");
ALWAYS_ENABLED_STATISTIC(NumRefusedRealloc, "Refused: reallocated");
ALWAYS_ENABLED_STATISTIC(NumRefusedAddressSpace,
                         "Refused: not in the stack's address space");
ALWAYS_ENABLED_STATISTIC(NumRefusedSize, "Refused: size not known");
ALWAYS_ENABLED_STATISTIC(NumRefusedAlignment,
                         "Refused: alignment not supported");
ALWAYS_ENABLED_STATISTIC(NumRefusedTooLarge,
                         "Refused: larger than max-object and the arena");
ALWAYS_ENABLED_STATISTIC(NumRefusedTooManyUses,
                         "Refused: too many uses to analyze");
ALWAYS_ENABLED_STATISTIC(NumRefusedEscapes,
                         "Refused: the pointer may outlive the frame "
                         "(returned, stored, kept by a call)");
ALWAYS_ENABLED_STATISTIC(NumRefusedMayFree,
                         "Refused: passed to a call that may free it");
ALWAYS_ENABLED_STATISTIC(NumRefusedFree,
                         "Refused: a deallocation that is not a matching "
                         "single free of this pointer");
ALWAYS_ENABLED_STATISTIC(NumRefusedLocalVariable,
                         "Refused: kept in a local variable it may be read "
                         "back from");
ALWAYS_ENABLED_STATISTIC(NumRefusedLoop,
                         "Refused: live across loop iterations, no arena");
ALWAYS_ENABLED_STATISTIC(NumRefusedRecursion,
                         "Refused: the function may recurse (stack budget "
                         "per level)");
ALWAYS_ENABLED_STATISTIC(NumRefusedFrame,
                         "Refused: the function's stack budget is used up");
ALWAYS_ENABLED_STATISTIC(NumRecursionShrunk,
                         "Frame-arena buffers shrunk "
                         "because the function may recurse");
ALWAYS_ENABLED_STATISTIC(NumRecursionGuarded,
                         "Frame-arena buffers of the outermost activation "
                         "only, because the function may recurse");
ALWAYS_ENABLED_STATISTIC(NumAccessNotCapture,
                         "Volatile or atomic accesses through the pointer "
                         "taken as uses, not captures");
ALWAYS_ENABLED_STATISTIC(NumDifferenceNotCapture,
                         "Pointer-to-integer conversions used only for a "
                         "difference within the object, not captures");
ALWAYS_ENABLED_STATISTIC(NumDeallocSizeNotCapture,
                         "Pointer-to-integer conversions used only for the "
                         "size a deallocation receives, not captures");
ALWAYS_ENABLED_STATISTIC(NumInlinedForVptr,
                         "Calls inlined to show virtual calls on an object");
ALWAYS_ENABLED_STATISTIC(NumInlinedForFrees,
                         "Calls inlined to show the frees of an allocation "
                         "held in a local variable");
ALWAYS_ENABLED_STATISTIC(NumDevirtualized,
                         "Virtual calls on an allocation made direct (its "
                         "vtable pointer forwarded)");
ALWAYS_ENABLED_STATISTIC(NumReloadsFollowed,
                         "Pointers loaded back from a local variable holding "
                         "an allocation, followed like the allocation");
ALWAYS_ENABLED_STATISTIC(NumTestedFrees,
                         "Constant-size allocations given a frame-arena "
                         "buffer because a free's pointer may be another "
                         "object's (loaded back, or merged with null or "
                         "another pointer)");
ALWAYS_ENABLED_STATISTIC(NumInlinedDevirtualized,
                         "Small bodies of calls made direct, or in the way "
                         "of a virtual call on an object, inlined");
ALWAYS_ENABLED_STATISTIC(NumIntegerStores,
                         "Pointers stored as integers of their width, "
                         "judged as pointer stores");
ALWAYS_ENABLED_STATISTIC(NumCalleeBodiesJudged,
                         "Arguments judged in the callee's exact body: "
                         "neither kept nor freed there");
ALWAYS_ENABLED_STATISTIC(NumInlinedForResult,
                         "Calls returning a fresh allocation inlined");
ALWAYS_ENABLED_STATISTIC(NumNestedContainers,
                         "Local variables holding the address of a local "
                         "variable that holds an allocation, passed only to "
                         "calls that capture and free nothing reachable");
ALWAYS_ENABLED_STATISTIC(NumContainerResultRefused,
                         "Refused (local variable): a call reading the "
                         "variable may return the allocation's address");

namespace {

/// Why an allocation stays on the heap, by class: one statistic each.
enum class Refusal {
  DirectNew,
  Realloc,
  AddressSpace,
  Size,
  Alignment,
  TooLarge,
  TooManyUses,
  Escapes,
  MayFree,
  Free,
  LocalVariable,
  Loop,
  Recursion,
  Frame,
};

void countRefusal(Refusal R) {
  switch (R) {
  case Refusal::DirectNew:
    ++NumRefusedDirectNew;
    return;
  case Refusal::Realloc:
    ++NumRefusedRealloc;
    return;
  case Refusal::AddressSpace:
    ++NumRefusedAddressSpace;
    return;
  case Refusal::Size:
    ++NumRefusedSize;
    return;
  case Refusal::Alignment:
    ++NumRefusedAlignment;
    return;
  case Refusal::TooLarge:
    ++NumRefusedTooLarge;
    return;
  case Refusal::TooManyUses:
    ++NumRefusedTooManyUses;
    return;
  case Refusal::Escapes:
    ++NumRefusedEscapes;
    return;
  case Refusal::MayFree:
    ++NumRefusedMayFree;
    return;
  case Refusal::Free:
    ++NumRefusedFree;
    return;
  case Refusal::LocalVariable:
    ++NumRefusedLocalVariable;
    return;
  case Refusal::Loop:
    ++NumRefusedLoop;
    return;
  case Refusal::Recursion:
    ++NumRefusedRecursion;
    return;
  case Refusal::Frame:
    ++NumRefusedFrame;
    return;
  }
  llvm_unreachable("unknown refusal");
}

} // namespace

/// Metadata kind marking the allocas this pass created (for the frame budget).
static constexpr const char *SlotMD = "escape.h2s";
/// Metadata kind marking the heap fallback of a frame-arena site.
static constexpr const char *ArenaHeapMD = "escape.arena.heap";
/// On the entry block's test of the recursion guard (outermostActivation).
static constexpr const char *GuardMD = "escape.outermost";
/// On a guarded frame-arena buffer (a dynamic alloca): its bytes in the
/// outermost activation, which later runs count against max-frame.
static constexpr const char *GuardedBytesMD = "escape.guarded.bytes";
/// Metadata kind marking allocation calls already reported as missed.
static constexpr const char *MissedMD = "escape.missed";
/// Metadata kind: a deferred "stays on the heap" remark (the allocation's
/// name, its size or "", the reason), said by MissedRemarksPass.
static constexpr const char *DeferredMissedMD = "escape.missed.deferred";

/// ESCAPE_STACK (include/escape/Stack.h) on a local variable makes Clang emit
/// llvm.var.annotation(%var, "escape::stack"). An allocation stored into such
/// a variable (through GEPs: a smart pointer's fields) must be converted; a
/// miss is an error (docs/checks/escape-stack-assertion.md).
static bool isAsserted(const CallBase *CB) {
  SmallVector<const Value *, 8> Work{CB};
  SmallPtrSet<const Value *, 16> Seen{CB};
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const User *U : V->users()) {
      if (isa<GetElementPtrInst, BitCastInst>(U)) {
        if (Seen.insert(U).second)
          Work.push_back(U);
        continue;
      }
      const auto *SI = dyn_cast<StoreInst>(U);
      if (!SI || SI->getValueOperand() != V)
        continue;
      const auto *AI =
          dyn_cast<AllocaInst>(getUnderlyingObject(SI->getPointerOperand()));
      if (!AI)
        continue;
      for (const User *AU : AI->users())
        if (const auto *II = dyn_cast<IntrinsicInst>(AU)) {
          StringRef Str;
          if (II->getIntrinsicID() == Intrinsic::var_annotation &&
              getConstantStringInfo(II->getArgOperand(1), Str) &&
              Str == "escape::stack")
            return true;
        }
    }
  }
  return false;
}
/// Default operator new alignment (__STDCPP_DEFAULT_NEW_ALIGNMENT__) and the
/// glibc malloc alignment on the 64-bit targets we support.
static constexpr uint64_t DefaultHeapAlign = 16;
/// Larger alignments are left on the heap.
static constexpr uint64_t MaxSlotAlign = 4096;

void escape::HeapToStackPass::printPipeline(
    raw_ostream &OS, function_ref<StringRef(StringRef)>) {
  OS << "escape-heap-to-stack";
  SmallVector<std::string, 4> Params;
  if (Opts.MaxObjectBytes)
    Params.push_back("max-object=" + std::to_string(*Opts.MaxObjectBytes));
  if (Opts.MaxFrameBytes)
    Params.push_back("max-frame=" + std::to_string(*Opts.MaxFrameBytes));
  if (Opts.ArenaBytes)
    Params.push_back("arena=" + std::to_string(*Opts.ArenaBytes));
  if (Cleanup == CleanupKind::Full)
    Params.push_back("cleanup");
  else if (Cleanup == CleanupKind::NoInstCombine)
    Params.push_back("cleanup-no-instcombine");
  if (DeferMissed)
    Params.push_back("defer-missed");
  if (Opts.Profile)
    Params.push_back("profile");
  if (!Params.empty())
    OS << "<" << join(Params, ";") << ">";
}

uint64_t escape::HeapToStackPass::maxObjectBytes() const {
  return Opts.MaxObjectBytes.value_or(MaxObjectOpt.getValue());
}
uint64_t escape::HeapToStackPass::arenaBytes() const {
  return Opts.ArenaBytes.value_or(ArenaOpt.getValue());
}
uint64_t escape::HeapToStackPass::maxFrameBytes() const {
  return Opts.MaxFrameBytes.value_or(MaxFrameOpt.getValue());
}

namespace {

/// "sink" for _Z4sinkP1S, "ns::f<int>" for a template, the raw name otherwise.
std::string prettyName(const Function *F) {
  if (!F)
    return "an indirect call";
  std::string Name = demangle(F->getName());
  // The parameter list starts at the first '(' outside template arguments
  // (and braces) that is not a namespace's
  // (`(anonymous namespace)::`), an operator's (`operator()`), nor the
  // enclosing function's or a lambda's of a local entity
  // (`f(int)::'lambda'(int)::operator()`).
  constexpr StringRef Anonymous = "(anonymous namespace)";
  size_t Depth = 0;
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (C == '<' || C == '{')
      ++Depth;
    else if ((C == '>' || C == '}') && Depth)
      --Depth;
    else if (C == '(' && StringRef(Name).substr(I).starts_with(Anonymous))
      I += Anonymous.size() - 1;
    else if (C == '(' && Depth == 0 && I > 0 &&
             !StringRef(Name).substr(0, I).ends_with("operator")) {
      // The matching ')': followed by "::", a local entity's scope.
      size_t J = I, Parens = 0;
      for (; J < Name.size(); ++J) {
        if (Name[J] == '(')
          ++Parens;
        else if (Name[J] == ')' && --Parens == 0)
          break;
      }
      if (!StringRef(Name).substr(J + 1).starts_with("::"))
        return Name.substr(0, I);
      I = J;
    }
  }
  return Name;
}

/// The user's line: the outermost call site an instruction was inlined into.
const DILocation *outermost(const Instruction *I) {
  const DILocation *L = I ? I->getDebugLoc().get() : nullptr;
  while (L && L->getInlinedAt())
    L = L->getInlinedAt();
  return L;
}

std::string formatLoc(const DILocation *L) {
  return (L->getFilename() + ":" + Twine(L->getLine()) + ":" +
          Twine(L->getColumn()))
      .str();
}

/// " (at file:line:col)" for an escaping use, or "".
std::string describeLoc(const Instruction *I) {
  const DILocation *L = outermost(I);
  return L ? " (at " + formatLoc(L) + ")" : "";
}

/// Remarks point at the user's source line; when the allocation itself came
/// from an inlined library function (make_unique, vector), say which.
DiagnosticLocation remarkLoc(const Instruction *I) {
  return DiagnosticLocation(outermost(I));
}
std::string inlinedFrom(const Instruction *I) {
  const DILocation *L = I->getDebugLoc().get();
  if (!L || !L->getInlinedAt())
    return "";
  std::string Name = L->getScope()->getSubprogram()
                         ? L->getScope()->getSubprogram()->getName().str()
                         : "";
  return (" (in '" + Name + "' at " + sys::path::filename(L->getFilename()) +
          ":" + Twine(L->getLine()) + ")")
      .str();
}

/// Says that allocation \p I (\p What, of \p Size bytes when known) stays on
/// the heap and why: a missed remark, and for an ESCAPE_STACK site
/// (\p Asserted) an error. Said once for a call: by the pass when it refuses
/// it (the last run of its pipeline), or by MissedRemarksPass for the
/// refusals the pass deferred.
void sayMissed(OptimizationRemarkEmitter &ORE, const Instruction &I,
               StringRef What, std::optional<uint64_t> Size, StringRef Reason,
               bool Asserted) {
  const Function &F = *I.getFunction();
  if (Asserted)
    F.getContext().diagnose(DiagnosticInfoGenericWithLoc(
        "'" + What +
            "' is marked ESCAPE_STACK but stays on the heap: " + Reason,
        F, remarkLoc(&I)));
  ORE.emit([&]() {
    OptimizationRemarkMissed R(RemarkPass, "HeapToStackMissed", remarkLoc(&I),
                               I.getParent());
    R << "'" << ore::NV("Allocation", What) << "'" << inlinedFrom(&I);
    if (Size)
      R << " of " << ore::NV("Bytes", *Size) << " bytes";
    R << " stays on the heap: " << ore::NV("Reason", Reason);
    return R;
  });
}

/// True if an instruction for which \p IsTarget holds can execute after
/// \p From without an instruction for which \p IsBarrier holds executing in
/// between (a target that is From itself counts only when From is in a
/// cycle).
bool reachesWhere(const Instruction *From,
                  function_ref<bool(const Instruction &)> IsTarget,
                  function_ref<bool(const Instruction &)> IsBarrier) {
  const BasicBlock *BB = From->getParent();
  for (auto It = std::next(From->getIterator()); It != BB->end(); ++It) {
    if (IsTarget(*It))
      return true;
    if (IsBarrier(*It))
      return false;
  }
  SmallVector<const BasicBlock *, 16> Work(successors(BB));
  SmallPtrSet<const BasicBlock *, 32> Seen;
  while (!Work.empty()) {
    const BasicBlock *B = Work.pop_back_val();
    if (!Seen.insert(B).second)
      continue;
    bool Blocked = false;
    for (const Instruction &I : *B) {
      if (IsTarget(I))
        return true;
      if (IsBarrier(I)) {
        Blocked = true;
        break;
      }
    }
    if (!Blocked)
      append_range(Work, successors(B));
  }
  return false;
}

/// True if \p To can execute after \p From without an instruction for which
/// \p IsBarrier holds executing in between (From == To asks "is From in a
/// cycle").
bool reachesWithout(const Instruction *From, const Instruction *To,
                    function_ref<bool(const Instruction &)> IsBarrier) {
  return reachesWhere(
      From, [&](const Instruction &I) { return &I == To; }, IsBarrier);
}
bool reachesWithout(const Instruction *From, const Instruction *To,
                    const Instruction *Barrier) {
  return reachesWithout(From, To,
                        [&](const Instruction &I) { return &I == Barrier; });
}

/// True if every path from \p From reaches \p To before the function
/// returns or unwinds, and before \p Barrier (paths that loop forever do not
/// count against it): no path leads from From to an end or to Barrier
/// without passing To.
bool alwaysReaches(const Instruction *From, const Instruction *To,
                   const Instruction *Barrier) {
  return !reachesWhere(
      From,
      [&](const Instruction &I) {
        return &I == Barrier || isa<ReturnInst>(I) || isa<ResumeInst>(I) ||
               isa<UnreachableInst>(I) || isa<CleanupReturnInst>(I);
      },
      [&](const Instruction &I) { return &I == To; });
}

/// A phi whose incoming values are all one value (LCSSA phis, mostly) is a
/// copy of it: like any non-phi derived value it is dominated by the
/// allocation and cannot carry an earlier iteration's object.
bool isCopyPhi(const PHINode *PN) {
  const Value *First = PN->getIncomingValue(0);
  return all_of(PN->incoming_values(),
                [&](const Value *V) { return V == First && V != PN; });
}

/// Looks through pointer casts, zero GEPs and copy phis.
const Value *stripCopies(const Value *V) {
  while (true) {
    V = V->stripPointerCasts();
    auto *PN = dyn_cast<PHINode>(V);
    if (!PN || !isCopyPhi(PN))
      return V;
    V = PN->getIncomingValue(0);
  }
}

/// Also looks through GEPs (any index): the allocation a pointer is an
/// offset of, or another value.
const Value *stripOffsets(const Value *V) {
  while (true) {
    V = stripCopies(V);
    auto *GEP = dyn_cast<GEPOperator>(V);
    if (!GEP)
      return V;
    V = GEP->getPointerOperand();
  }
}

/// Bytes [Begin, End) of a local variable holding a value derived from the
/// allocation.
struct HeldRange {
  int64_t Begin, End;
  /// The stored value is a pointer computed from the allocation by GEPs and
  /// casts alone (not merged with another pointer by a phi or select), so the
  /// difference of two such values carries no address bits.
  bool Pure;
};

/// Whether the copy \p MT, reading from byte \p Off of a variable whose
/// byte ranges \p Held hold the allocation's address, reads none of them: a
/// copy of a known length that overlaps no held range, or one of any length
/// that starts after every held range (a std::string's small buffer copied
/// out: the bytes are read forwards from there).
bool copiesOutsideHeld(const MemTransferInst *MT, int64_t Off,
                       ArrayRef<HeldRange> Held) {
  const auto *Len = dyn_cast<ConstantInt>(MT->getLength());
  return all_of(Held, [&](const HeldRange &R) {
    return R.End <= Off ||
           (Len && Off + int64_t(Len->getZExtValue()) <= R.Begin);
  });
}

bool mayReturnHeldBytes(const CallBase *CB, unsigned ArgNo,
                        std::optional<int64_t> Off, ArrayRef<HeldRange> Held,
                        unsigned Depth, bool Writes,
                        bool *ResultHeld = nullptr);
bool mayKeepHeldBytes(const CallBase *CB, unsigned ArgNo,
                      std::optional<int64_t> Off, ArrayRef<HeldRange> Held,
                      unsigned Depth, bool *ResultHeld = nullptr);
bool notKeptNorFreed(const CallBase *CB, unsigned ArgNo);
bool cannotFree(const CallBase *CB, unsigned ArgNo);
bool derivesOnlyFrom(const Value *V, const Value *Alloc, bool OrNull);

/// What the front end proved about what a callee loads from argument ArgNo's
/// pointee (llvm/FrontendFacts.h): nothing of it is kept or freed, result
/// included (escape::ContentFactAttr), or nothing except through a pointer
/// result (escape::ContentReturnedAttr).
enum class ContentFact { None, NotKept, Returned };
ContentFact contentFact(const CallBase *CB, unsigned ArgNo) {
  if (CB->getParamAttr(ArgNo, escape::ContentFactAttr).isValid())
    return ContentFact::NotKept;
  if (CB->getParamAttr(ArgNo, escape::ContentReturnedAttr).isValid())
    return ContentFact::Returned;
  return ContentFact::None;
}

/// Whether a read-only call that receives a local variable holding the
/// allocation's address (\p Held: the bytes that hold it) may hand bytes of
/// that address back in its result, whatever the result's type: an integer,
/// a double, a struct returned in registers, a bool. The callee's exact body
/// is followed from the parameter that points into the variable (at byte
/// \p Off of it, when known): a value loaded from the held bytes carries
/// them, and so does everything computed from it, except
///  * a comparison (address information without provenance: the walk over
///    the allocation's own uses accepts `p == q` too; a branch on it moves
///    no bytes);
///  * a value loaded *through* the pointer (the object's contents, which
///    never hold its address: storing the pointer anywhere but a local
///    variable refuses);
///  * the difference of two loaded addresses (end - begin), when the held
///    values are the allocation plus offsets: an offset, not an address.
///    Not when the bytes may hold another pointer by then (the caller or,
///    with Writes, the callee stores one there): such a load is a whole
///    pointer that may be the allocation's (Carry::Pointer), which may be
///    used as the allocation may (with Writes), but whose difference with
///    another carries bits of an address.
/// With ResultFollowed, the caller follows the call's result like a pointer
/// loaded back from the variable (checkContainer's Reloads): a returned
/// pointer that is the held address plus an offset, or another whole
/// pointer (Carry::Address, Carry::Pointer), is no leak; ReturnsHeld says
/// whether one may be returned.
/// The analysis is a monotone fixpoint over the values computed from the
/// parameter (the slice); values outside it carry nothing.
class HeldBytesFlow {
public:
  /// With \p Writes, the callee may write memory (checkContainer's calls
  /// that are not read-only): see leaks().
  HeldBytesFlow(const Function &F, ArrayRef<HeldRange> Held, unsigned Depth,
                bool Writes, bool ResultFollowed = false)
      : F(F), Held(Held), Depth(Depth), Writes(Writes),
        ResultFollowed(ResultFollowed),
        PtrBytes(F.getDataLayout().getPointerSize()) {}

  /// False only if no value returned may carry bytes of the held address
  /// (and, with Writes, the body neither keeps nor frees that address),
  /// returned pointers aside with ResultFollowed.
  bool mayReturn(unsigned ArgNo, std::optional<int64_t> Off);
  /// With ResultFollowed, after mayReturn() said false: a returned pointer
  /// may be the held address (plus an offset) or another whole pointer.
  bool ReturnsHeld = false;

private:
  /// What a value may carry of the held bytes. Unknown: not computed yet.
  /// Address: the address of one of the site's objects plus an offset that
  /// carries none of its bits. Pointer: that, or another whole pointer
  /// stored over it. Bits: anything (the top).
  enum class Carry : uint8_t { Unknown, None, Address, Pointer, Bits };
  struct State {
    Carry C = Carry::Unknown;
    /// Points into the local variable (at byte Off of it, when known).
    bool Cont = false;
    std::optional<int64_t> Off;
    /// With Cont: it may also point elsewhere (a merge with a value that
    /// does not point into the variable, a held pointer loaded back), so a
    /// load through it may also read that memory instead (the contents of
    /// a held object: nothing of the held bytes, but not an address).
    bool Other = false;
    bool operator==(const State &O) const {
      return C == O.C && Cont == O.Cont && Off == O.Off && Other == O.Other;
    }
    bool known() const { return C != Carry::Unknown || Cont; }
  };
  static State none() { return State{Carry::None, false, std::nullopt}; }

  const Function &F;
  ArrayRef<HeldRange> Held;
  unsigned Depth;
  bool Writes, ResultFollowed;
  unsigned PtrBytes;
  /// The body may write the variable (with Writes): what it loads from the
  /// held bytes may be another pointer.
  bool ContWritten = false;
  DenseMap<const Value *, State> S;

  bool fixpoint(ArrayRef<const Instruction *> Slice);
  bool writesVariable(const Instruction &I) const;

  State get(const Value *V) const {
    auto It = S.find(V);
    return It != S.end() ? It->second : none();
  }
  static Carry join(Carry A, Carry B) {
    if (A == Carry::Unknown)
      return B;
    if (B == Carry::Unknown || A == B)
      return A;
    if (isPointer(A) && isPointer(B))
      return Carry::Pointer;
    return Carry::Bits;
  }
  static bool isPointer(Carry C) {
    return C == Carry::Address || C == Carry::Pointer;
  }
  static State join(const State &A, const State &B) {
    if (!A.known())
      return B;
    if (!B.known())
      return A;
    State R;
    R.C = join(A.C, B.C);
    R.Cont = A.Cont || B.Cont;
    R.Other = A.Other || B.Other;
    // (Off says where the value points when it points into the variable; a
    // state that does not point into it says nothing about that.)
    if (!B.Cont || (A.Cont && A.Off == B.Off))
      R.Off = A.Off;
    else if (!A.Cont)
      R.Off = B.Off;
    return R;
  }
  State transfer(const Instruction &I) const;
  bool leaks(const Instruction &I);
};

HeldBytesFlow::State HeldBytesFlow::transfer(const Instruction &I) const {
  const DataLayout &DL = F.getDataLayout();
  if (auto *LI = dyn_cast<LoadInst>(&I)) {
    State P = get(LI->getPointerOperand());
    if (!P.known())
      return State{};
    // Through the object's address (its contents) or other memory.
    if (!P.Cont)
      return none();
    if (!P.Off)
      return State{Carry::Bits, false, std::nullopt};
    Type *T = LI->getType();
    int64_t B = *P.Off;
    int64_t E = B + int64_t(DL.getTypeStoreSize(T).getFixedValue());
    Carry C = Carry::Unknown; // (no held byte read yet)
    for (const HeldRange &R : Held) {
      if (!(B < R.End && R.Begin < E))
        continue;
      bool Whole = B == R.Begin && E == R.End && E - B == int64_t(PtrBytes) &&
                   (T->isPointerTy() || T->isIntegerTy());
      C = join(C, !Whole                   ? Carry::Bits
                  : R.Pure && !ContWritten ? Carry::Address
                                           : Carry::Pointer);
    }
    if (C == Carry::Unknown)
      C = Carry::None;
    if (P.Other) // (or through the other pointer: contents, not an address)
      C = join(C, Carry::None);
    return State{C, false, std::nullopt};
  }
  if (auto *GEP = dyn_cast<GetElementPtrInst>(&I)) {
    State R = get(GEP->getPointerOperand());
    if (!R.known())
      return State{};
    bool IdxCarries = false;
    for (const Use &Idx : GEP->indices()) {
      State O = get(Idx);
      if (!O.known())
        return State{};
      if (O.C != Carry::None)
        IdxCarries = true;
    }
    if (IdxCarries)
      R.C = Carry::Bits;
    // (Into the variable, the offset moves by the constant: whatever else
    // the base may be, a held pointer merged with the variable's address.)
    if (R.Cont && R.Off) {
      APInt Delta(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
      if (!IdxCarries && GEP->accumulateConstantOffset(DL, Delta))
        R.Off = *R.Off + Delta.getSExtValue();
      else
        R.Off.reset();
    }
    return R;
  }
  if (isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I) || isa<FreezeInst>(I))
    return get(I.getOperand(0));
  if (isa<PtrToIntInst>(I) || isa<PtrToAddrInst>(I) || isa<IntToPtrInst>(I)) {
    // (The variable's own address as an integer: leaks() refuses it.)
    State O = get(I.getOperand(0));
    if (!O.known())
      return State{};
    return State{O.Cont ? Carry::Bits : O.C, false, std::nullopt};
  }
  if (auto *BO = dyn_cast<BinaryOperator>(&I)) {
    State L = get(BO->getOperand(0)), R = get(BO->getOperand(1));
    if (!L.known() || !R.known())
      return State{};
    Carry C = Carry::Bits;
    if (L.Cont || R.Cont)
      C = Carry::Bits;
    else if (L.C == Carry::None && R.C == Carry::None)
      C = Carry::None;
    else if (BO->getOpcode() == Instruction::Add &&
             ((isPointer(L.C) && R.C == Carry::None) ||
              (L.C == Carry::None && isPointer(R.C))))
      C = L.C == Carry::None ? R.C : L.C; // an address plus an offset
    else if (BO->getOpcode() == Instruction::Sub && L.C == Carry::Address &&
             R.C == Carry::Address)
      C = Carry::None; // end - begin
    else if (BO->getOpcode() == Instruction::Sub && isPointer(L.C) &&
             R.C == Carry::None)
      C = L.C; // address - offset
    return State{C, false, std::nullopt};
  }
  if (isa<CmpInst>(I))
    return none();
  if (isa<PHINode>(I) || isa<SelectInst>(I)) {
    // Optimistic: operands not computed yet are joined in when they are.
    State R;
    bool AnyCont = false, AnyOther = false;
    auto Add = [&](const Value *V) {
      State O = get(V);
      if (!O.known())
        return;
      (O.Cont ? AnyCont : AnyOther) = true;
      R = join(R, O);
    };
    if (auto *PN = dyn_cast<PHINode>(&I)) {
      for (const Value *V : PN->incoming_values())
        Add(V);
    } else {
      Add(cast<SelectInst>(I).getTrueValue());
      Add(cast<SelectInst>(I).getFalseValue());
    }
    // (A merge of the variable's address with other pointers, a held one
    // loaded back: a list walked from the variable, `for (; n; n =
    // n->next)`. Loads through it read the variable at R.Off, or through the
    // other pointer an object's contents, which the load joins in: Other.)
    if (AnyCont && AnyOther) {
      R.C = join(R.C, Carry::None);
      R.Other = true;
    }
    return R;
  }
  if (auto *CB = dyn_cast<CallBase>(&I)) {
    if (CB->getType()->isVoidTy())
      return none();
    std::optional<unsigned> ContArg;
    unsigned NCont = 0;
    Carry C = Carry::None;
    for (unsigned A = 0; A < CB->arg_size(); ++A) {
      State O = get(CB->getArgOperand(A));
      if (!O.known())
        return State{};
      // (captures(none) also rules out the result: LangRef "Pointer
      // Capture" counts a returned copy, or bits of one, as a capture.)
      if (O.C != Carry::None && !capturesNothing(CB->getCaptureInfo(A)))
        C = Carry::Bits;
      if (O.Cont) {
        ++NCont;
        ContArg = A;
      }
    }
    // The variable passed on: what that callee returns of it (the front
    // end's facts: nothing, or a pointer it loads from there).
    if (NCont == 1 && C == Carry::None) {
      switch (contentFact(CB, *ContArg)) {
      case ContentFact::NotKept:
        return none();
      case ContentFact::Returned:
        return State{CB->getType()->isPointerTy() ? Carry::Pointer
                                                  : Carry::Bits,
                     false, std::nullopt};
      case ContentFact::None:
        break;
      }
    }
    if (NCont && C == Carry::None &&
        (NCont > 1 || Depth == 0 ||
         mayReturnHeldBytes(CB, *ContArg, get(CB->getArgOperand(*ContArg)).Off,
                            Held, Depth - 1, /*Writes=*/false)))
      C = Carry::Bits;
    return State{C, false, std::nullopt};
  }
  // Aggregates, vectors, other casts and arithmetic: anything computed from
  // a carrying operand carries.
  State R = none();
  for (const Value *Op : I.operands()) {
    State O = get(Op);
    if (!O.known())
      return State{};
    if (O.C != Carry::None || O.Cont)
      R.C = Carry::Bits;
  }
  return R;
}

/// Whether \p I (in the slice, after the fixpoint) may move held bytes, or the
/// variable's address, out of the call: returned, stored, written to memory
/// by a callee, or used in a way not modelled.
bool HeldBytesFlow::leaks(const Instruction &I) {
  auto Carries = [&](const Value *V) {
    State O = get(V);
    return O.C != Carry::None || O.Cont;
  };
  if (auto *RI = dyn_cast<ReturnInst>(&I)) {
    const Value *V = RI->getReturnValue();
    if (!V || !Carries(V))
      return false;
    // A whole pointer, which the caller follows (not the variable's own
    // address: the caller does not follow that).
    State O = get(V);
    if (ResultFollowed && V->getType()->isPointerTy() && !O.Cont &&
        isPointer(O.C)) {
      ReturnsHeld = true;
      return false;
    }
    return true;
  }
  if (auto *SI = dyn_cast<StoreInst>(&I)) {
    // With Writes, overwriting the variable's bytes (with a value that
    // carries nothing) is allowed: the caller reads back whatever is there
    // and tests it at run time (guarded frees).
    return Carries(SI->getValueOperand()) ||
           (get(SI->getPointerOperand()).Cont && (!Writes || SI->isVolatile()));
  }
  if (auto *CB = dyn_cast<CallBase>(&I)) {
    if (auto *II = dyn_cast<IntrinsicInst>(CB))
      if (II->isAssumeLikeIntrinsic() || II->isLifetimeStartOrEnd())
        return false;
    if (Carries(CB->getCalledOperand()))
      return true;
    unsigned NCont = count_if(
        CB->args(), [&](const Use &Arg) { return get(Arg.get()).Cont; });
    for (unsigned A = 0; A < CB->arg_size(); ++A) {
      const Value *Arg = CB->getArgOperand(A);
      if (!Carries(Arg))
        continue;
      State O = get(Arg);
      if (Writes) {
        if (O.Cont) {
          // The variable passed on: the front end's facts for it (what it
          // returns is followed here, transfer()), or that callee's body, in
          // the same mode.
          if (NCont == 1 && O.C == Carry::None &&
              !capturesAnyProvenance(CB->getCaptureInfo(A)) &&
              contentFact(CB, A) != ContentFact::None)
            continue;
          if (NCont > 1 || O.C != Carry::None || Depth == 0 ||
              !CB->doesNotCapture(A) ||
              (!CB->onlyReadsMemory() &&
               mayKeepHeldBytes(CB, A, O.Off, Held, Depth - 1)))
            return true;
          continue;
        }
        // The held address (plus an offset) itself: as for the allocation's
        // own uses, the call must neither keep nor free it.
        if (!isPointer(O.C) || !notKeptNorFreed(CB, A))
          return true;
        continue;
      }
      // A callee that writes memory may copy the bytes there (memcpy).
      if (!CB->onlyReadsMemory())
        return true;
      if (O.Cont && !CB->doesNotCapture(A))
        return true;
    }
    for (const Use &U : CB->operands())
      if (!CB->isArgOperand(&U) && !CB->isCallee(&U) && Carries(U.get()))
        return true; // operand bundles
    return false;
  }
  // The variable's address may only be offset, compared, loaded from and
  // passed to calls.
  for (const Value *Op : I.operands())
    if (get(Op).Cont &&
        !(isa<LoadInst>(I) || isa<GetElementPtrInst>(I) ||
          isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I) || isa<PHINode>(I) ||
          isa<SelectInst>(I) || isa<CmpInst>(I) || isa<FreezeInst>(I)))
      return true;
  if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I) || isa<VAArgInst>(I))
    return true;
  return false;
}

bool HeldBytesFlow::mayReturn(unsigned ArgNo, std::optional<int64_t> Off) {
  // The slice: every instruction computed (transitively) from the parameter.
  SmallVector<const Instruction *, 64> Slice;
  SmallVector<const Value *, 32> Work{F.getArg(ArgNo)};
  S[F.getArg(ArgNo)] = State{Carry::None, true, Off};
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const User *U : V->users()) {
      auto *I = dyn_cast<Instruction>(U);
      if (!I)
        return true;
      if (S.try_emplace(I).second) {
        Slice.push_back(I);
        Work.push_back(I);
      }
    }
    if (Slice.size() > 4096)
      return true;
  }
  if (!fixpoint(Slice))
    return true;
  // A body that writes the variable may store another pointer where the
  // allocation's was: computed again with the held bytes' loads as Pointer.
  if (Writes &&
      any_of(Slice, [&](const Instruction *I) { return writesVariable(*I); })) {
    ContWritten = true;
    for (const Instruction *I : Slice)
      S[I] = State{};
    if (!fixpoint(Slice))
      return true;
  }
  return any_of(Slice, [&](const Instruction *I) { return leaks(*I); });
}

/// Whether \p I (after the fixpoint) may write the variable's bytes: a store
/// through it, or a call given it that may write memory.
bool HeldBytesFlow::writesVariable(const Instruction &I) const {
  if (auto *SI = dyn_cast<StoreInst>(&I))
    return get(SI->getPointerOperand()).Cont;
  if (auto *CB = dyn_cast<CallBase>(&I))
    return !CB->onlyReadsMemory() && any_of(CB->args(), [&](const Use &Arg) {
      return get(Arg.get()).Cont;
    });
  return isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I);
}

/// The states of \p Slice, rising to their fixpoint. False if it takes too
/// long.
bool HeldBytesFlow::fixpoint(ArrayRef<const Instruction *> Slice) {
  SmallVector<const Instruction *, 64> Todo(Slice.rbegin(), Slice.rend());
  unsigned Steps = 0;
  while (!Todo.empty()) {
    if (++Steps > 64 * Slice.size() + 1024)
      return false;
    const Instruction *I = Todo.pop_back_val();
    State Old = S[I];
    State New = join(Old, transfer(*I));
    if (New == Old)
      continue;
    S[I] = New;
    for (const User *U : I->users())
      Todo.push_back(cast<Instruction>(U));
  }
  for (const Instruction *I : Slice) {
    if (!S[I].known() && !I->getType()->isVoidTy())
      S[I] = State{Carry::Bits, false, std::nullopt}; // never computed
  }
  return true;
}

/// Whether the read-only call \p CB, receiving a pointer to byte \p Off (when
/// known) of a local variable holding the allocation's address as argument
/// \p ArgNo, may return bytes of that address (HeldBytesFlow). A result of
/// void type carries nothing; any other result needs a callee whose exact
/// body shows it (\p Depth levels of such calls deep).
/// With \p ResultHeld, a returned pointer that may be the held address (plus
/// an offset) or another whole pointer is allowed, and *ResultHeld says
/// whether there may be one: the caller then follows the result like a
/// pointer loaded back from the variable (HeldBytesFlow's ResultFollowed).
bool mayReturnHeldBytes(const CallBase *CB, unsigned ArgNo,
                        std::optional<int64_t> Off, ArrayRef<HeldRange> Held,
                        unsigned Depth, bool Writes, bool *ResultHeld) {
  if (ResultHeld)
    *ResultHeld = false;
  if (CB->getType()->isVoidTy() && !Writes)
    return false;
  const Function *F = CB->getCalledFunction();
  if (!F || F->isDeclaration() || !F->hasExactDefinition() || F->isVarArg() ||
      ArgNo >= F->arg_size() || F->getFunctionType() != CB->getFunctionType())
    return true;
  HeldBytesFlow Flow(*F, Held, Depth, Writes,
                     /*ResultFollowed=*/ResultHeld != nullptr);
  if (Flow.mayReturn(ArgNo, Off))
    return true;
  if (ResultHeld)
    *ResultHeld = Flow.ReturnsHeld;
  return false;
}

/// Whether the call \p CB, which may write memory, receiving a pointer to
/// byte \p Off (when known) of a local variable holding the allocation's
/// address as argument \p ArgNo, may keep that address (store it, return
/// it, hand it to code that may keep it) or free it, or keep the variable's
/// own address. It may read the held address and use it as the allocation's
/// own uses may (access the object, compare it, pass it to a call that
/// neither keeps nor frees it), and it may overwrite the variable's bytes:
/// what the caller loads back afterwards is then tested at run time before
/// it is freed (checkContainer's Reloads). Needs the callee's exact body
/// (HeldBytesFlow with Writes), \p Depth levels of such calls deep.
bool mayKeepHeldBytes(const CallBase *CB, unsigned ArgNo,
                      std::optional<int64_t> Off, ArrayRef<HeldRange> Held,
                      unsigned Depth, bool *ResultHeld) {
  return mayReturnHeldBytes(CB, ArgNo, Off, Held, Depth, /*Writes=*/true,
                            ResultHeld);
}

/// A C library function that reads the characters from each of its pointer
/// arguments on and returns a number (memcmp, bcmp, strlen, strcmp and
/// their bounded forms): given an address into a local variable past every
/// byte that holds a pointer (a std::string's small buffer), it reads none
/// of those bytes, and its result carries none.
bool comparesForward(const CallBase *CB, const TargetLibraryInfo &TLI) {
  const Function *F = CB->getCalledFunction();
  LibFunc LF;
  if (!F || CB->getType()->isPointerTy() || !TLI.getLibFunc(*F, LF) ||
      !TLI.has(LF))
    return false;
  switch (LF) {
  case LibFunc_memcmp:
  case LibFunc_bcmp:
  case LibFunc_strlen:
  case LibFunc_strnlen:
  case LibFunc_strcmp:
  case LibFunc_strncmp:
    return true;
  default:
    return false;
  }
}

/// A local variable (alloca) the pointer is stored into, e.g. the
/// std::vector object holding its buffer.
struct ContainerStore {
  StoreInst *Store;
  AllocaInst *Container;
};

/// How many of \p CB's arguments point into the local variable \p A.
unsigned argsInto(const CallBase *CB, const AllocaInst *A) {
  return count_if(CB->args(), [&](const Use &Arg) {
    return getUnderlyingObject(Arg.get(), /*MaxLookup=*/0) == A;
  });
}

/// A use of a local variable's address, or of an address computed from it,
/// with the byte offset into the variable when it is known.
struct SlotUse {
  const Use *U;
  std::optional<int64_t> Off;
};

/// Every use of \p A's address and of the addresses computed from it: GEPs
/// and casts (at their constant offsets), and phis and selects that merge it
/// with other objects' addresses (a std::string's data pointer: its small
/// buffer or the heap), at the offset every operand into A has when they
/// agree. Operands that are \p Alloc's or another identified object's
/// (another variable, a global) do not make it unknown; anything else
/// might point into A. The uses by those GEPs, casts, phis and selects are
/// listed too.
SmallVector<SlotUse, 16> slotUses(const AllocaInst *A, const Value *Alloc) {
  const DataLayout &DL = A->getDataLayout();
  unsigned IdxBits = DL.getIndexTypeSizeInBits(A->getType());
  SmallVector<SlotUse, 16> Out;
  SmallVector<std::pair<const Value *, std::optional<int64_t>>, 16> Work{
      {A, 0}};
  SmallPtrSet<const Value *, 16> Seen{A};
  while (!Work.empty()) {
    auto [V, VOff] = Work.pop_back_val();
    for (const Use &U : V->uses()) {
      Out.push_back({&U, VOff});
      const auto *I = cast<Instruction>(U.getUser());
      std::optional<int64_t> Off;
      if (isa<PHINode>(I) || isa<SelectInst>(I)) {
        bool First = true;
        for (const Value *In : I->operands()) {
          if (!In->getType()->isPointerTy())
            continue;
          APInt At(IdxBits, 0);
          const Value *Base = In->stripAndAccumulateConstantOffsets(
              DL, At, /*AllowNonInbounds=*/true);
          const Value *Obj = getUnderlyingObject(Base);
          if (Obj != A && (Obj == Alloc || isIdentifiedObject(Obj)))
            continue;
          // A pointer loaded from another identified object (the
          // temporary a std::string was moved from): checkContainer and
          // heldOnlyByReachableReaders refuse a store of A's address
          // anywhere but into A itself, past every held byte, or into a
          // variable nothing loads from. So such a load is A's address only
          // if that self-pointer was loaded back and stored there, which
          // the allocation's walk follows as the allocation, by the
          // convention that accesses through it stay at or past it (the
          // self-store below): at or past the held bytes either way.
          if (const auto *LI = dyn_cast<LoadInst>(Obj)) {
            const Value *From = getUnderlyingObject(LI->getPointerOperand());
            if (From != A && isIdentifiedObject(From))
              continue;
          }
          std::optional<int64_t> InOff;
          if (Base == A)
            InOff = At.getSExtValue();
          if (First)
            Off = InOff;
          else if (Off != InOff)
            Off.reset();
          First = false;
        }
      } else if (auto *GEP = dyn_cast<GetElementPtrInst>(I)) {
        APInt Delta(IdxBits, 0);
        if (VOff && GEP->accumulateConstantOffset(DL, Delta))
          Off = *VOff + Delta.getSExtValue();
      } else if (isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I)) {
        Off = VOff;
      } else {
        continue;
      }
      if (Seen.insert(I).second)
        Work.push_back({I, Off});
    }
  }
  return Out;
}

/// Whether \p U (a use in slotUses()) computes another address into the
/// variable, which slotUses() follows.
bool derivesAddress(const Use &U) {
  return isa<GetElementPtrInst, BitCastInst, AddrSpaceCastInst, PHINode,
             SelectInst>(U.getUser());
}

/// A held range of the variable is pure only if nothing but offsets of the
/// allocation (or null) is ever stored over it: a store of another value
/// (another object's pointer, the variable's own small buffer) at a known
/// offset makes the ranges it overlaps impure, one at an offset not known
/// (through a variable index, a merge), a copy into the variable or a call
/// that may write it every range. \p Uses: slotUses().
void markOverwritten(const AllocaInst *A, const Value *Alloc,
                     ArrayRef<SlotUse> Uses, MutableArrayRef<HeldRange> Held) {
  const DataLayout &DL = A->getDataLayout();
  auto Overwrite = [&](std::optional<int64_t> B, int64_t Size) {
    for (HeldRange &R : Held)
      if (!B || (*B < R.End && R.Begin < *B + Size))
        R.Pure = false;
  };
  for (const SlotUse &SU : Uses) {
    const Use &U = *SU.U;
    const auto *I = cast<Instruction>(U.getUser());
    if (auto *SI = dyn_cast<StoreInst>(I)) {
      const Value *V = SI->getValueOperand();
      if (U.getOperandNo() == StoreInst::getPointerOperandIndex() &&
          !(V->getType()->isPointerTy() &&
            derivesOnlyFrom(V, Alloc, /*OrNull=*/true)))
        Overwrite(SU.Off, DL.getTypeStoreSize(V->getType()));
      // The variable's address stored into another variable
      // (heldOnlyByReachableReaders): the calls it reaches may write any of
      // its bytes.
      if (U.getOperandNo() != StoreInst::getPointerOperandIndex() &&
          getUnderlyingObject(SI->getPointerOperand()) != A) {
        Overwrite(std::nullopt, 0);
        return;
      }
      continue;
    }
    if (derivesAddress(U) || isa<LoadInst>(I) || isa<ICmpInst>(I))
      continue;
    if (auto *II = dyn_cast<IntrinsicInst>(I))
      if (II->isLifetimeStartOrEnd() ||
          II->getIntrinsicID() == Intrinsic::var_annotation)
        continue;
    // An atomic read-modify-write writes the bytes it addresses.
    if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I)) {
      const Value *New = isa<AtomicRMWInst>(I)
                             ? cast<AtomicRMWInst>(I)->getValOperand()
                             : cast<AtomicCmpXchgInst>(I)->getNewValOperand();
      if (U.getOperandNo() == 0 && U.get() != New) { // (the address)
        Overwrite(SU.Off, DL.getTypeStoreSize(New->getType()));
        continue;
      }
    }
    // Zeroes are null pointers; a call that only reads writes nothing.
    if (auto *MS = dyn_cast<MemSetInst>(I))
      if (auto *C = dyn_cast<ConstantInt>(MS->getValue()); C && C->isZero())
        continue;
    if (auto *MT = dyn_cast<MemTransferInst>(I);
        MT && &U != &MT->getRawDestUse())
      continue; // (copied from)
    // A call that writes nothing through this argument (readonly), the
    // only one into the variable: another pointer could reach it only
    // through the variable's own small buffer, an array it stays within.
    if (auto *CB = dyn_cast<CallBase>(I);
        CB && CB->isArgOperand(&U) &&
        (CB->onlyReadsMemory() ||
         CB->onlyReadsMemory(CB->getArgOperandNo(&U))) &&
        argsInto(CB, A) == 1)
      continue;
    // memcpy into it, a call that may write it: any bytes anywhere.
    Overwrite(std::nullopt, 0);
    return;
  }
}

/// \p SI stores the address of the local variable \p A (which holds the
/// allocation), or an address into it, into another local variable T of the
/// frame whose contents reach only calls that do not capture T and capture
/// and free nothing reachable from it, at any level (the front end's
/// reachable fact, escape::ReachableFactAttr: A is one load away, the
/// allocation two; the content fact, which covers one, is not enough:
/// lit/e2e/key-of-key.cpp): a lookup key,
/// `S s{p}; set.find(&s)`, where find takes `const key_type&`, the address
/// of a temporary holding &s. T's address is used only by those calls (one
/// argument each), by stores into T, lifetime markers and the addresses
/// computed from it: nothing in the frame loads from T, so A's address
/// leaves T only into those calls, and through it neither A's bytes nor the
/// allocation are kept or freed. The calls may write what they load (A's
/// bytes: markOverwritten counts the store as a write of any of them, and
/// what is loaded back from A is followed as any pointer). They go to
/// \p Calls (`tail` markers dropped).
bool heldOnlyByReachableReaders(const StoreInst *SI, const AllocaInst *A,
                                SmallVectorImpl<CallInst *> &Calls) {
  const auto *T =
      dyn_cast<AllocaInst>(getUnderlyingObject(SI->getPointerOperand()));
  if (!T || T == A || !SI->isSimple() || T->getFunction() != A->getFunction())
    return false;
  SmallVector<CallInst *, 2> Readers;
  for (const SlotUse &SU : slotUses(T, A)) {
    const Use &U = *SU.U;
    const auto *I = cast<Instruction>(U.getUser());
    if (derivesAddress(U))
      continue;
    if (const auto *S = dyn_cast<StoreInst>(I)) {
      if (U.getOperandNo() == StoreInst::getPointerOperandIndex() &&
          S->getValueOperand() != U.get())
        continue;
      return false;
    }
    if (const auto *II = dyn_cast<IntrinsicInst>(I);
        II && II->isLifetimeStartOrEnd())
      continue;
    const auto *CB = dyn_cast<CallBase>(I);
    if (!CB || !CB->isArgOperand(&U))
      return false;
    unsigned ArgNo = CB->getArgOperandNo(&U);
    if (argsInto(CB, T) != 1 ||
        capturesAnyProvenance(CB->getCaptureInfo(ArgNo)) ||
        !CB->getParamAttr(ArgNo, escape::ReachableFactAttr).isValid())
      return false;
    if (const auto *CI = dyn_cast<CallInst>(CB)) {
      if (CI->isMustTailCall())
        return false;
      Readers.push_back(const_cast<CallInst *>(CI));
    }
  }
  for (CallInst *CI : Readers)
    if (!is_contained(Calls, CI))
      Calls.push_back(CI);
  return true;
}

/// The pointer may be kept in a local variable A as long as nothing can get
/// it back out where it could escape: A's address is used only by
///  * loads that do not overlap the stored pointer (at any type);
///  * loads of exactly one stored pointer, as a pointer (\p Reloads): the
///    value may be this allocation, or whatever else was stored there
///    since. The caller follows each like the allocation itself (its uses
///    may neither keep nor free it), except that it may be freed: such a
///    free tests at run time whether its pointer is the allocation's
///    (a frame-arena placement), so it does not matter what was stored.
///    The pointer results of the calls below that may return such a
///    pointer (plus an offset) go to \p Reloads too;
///  * stores into A, lifetime markers, memset;
///  * calls that do not capture A and either only read memory and return
///    nothing that may carry bytes of the stored pointer (a void result, or
///    a callee whose exact body shows it: mayReturnHeldBytes), or whose
///    exact body shows that they keep and free nothing of it, though they
///    may use it and overwrite it (mayKeepHeldBytes), or for which the
///    front end proved as much (escape::ContentFactAttr); the same, except
///    that the call may return a pointer it loads from the variable (the
///    exact body shows it, or escape::ContentReturnedAttr), when the result
///    is a pointer; such calls go to \p Calls (their `tail` markers are
///    dropped);
///  * memcpy/memmove into A, or out of bytes of A the pointer is not in;
///  * the freed pointer of a deallocation function (\p TLI): such a call
///    never runs with A's address, which it may not free.
/// Everything else that reads A (a copy of the pointer's bytes, a load of
/// part of it, a callee not known) refuses. A dies with the frame. Returns
/// false if not, with the offending use, and with \p Explain the reason in
/// \p Why. (In a loop, see also storeLiveAcrossIterations.)
bool checkContainer(AllocaInst *A, const Value *Alloc,
                    ArrayRef<StoreInst *> Stores,
                    SmallVectorImpl<Instruction *> &Reloads,
                    SmallVectorImpl<CallInst *> &Calls,
                    const TargetLibraryInfo &TLI, const Instruction *&BadUse,
                    bool Explain, std::string &Why) {
  // The reason is only put into words when someone reads it.
  auto Refuse = [&](function_ref<std::string()> Reason) {
    if (Explain)
      Why = Reason();
    return false;
  };
  const DataLayout &DL = A->getDataLayout();
  unsigned IdxBits = DL.getIndexTypeSizeInBits(A->getType());
  std::optional<bool> InCycle;
  auto AllocInCycle = [&] {
    if (!InCycle) {
      // (A callee's argument, judged in its body: one value per call.)
      const auto *I = dyn_cast<Instruction>(Alloc);
      InCycle = I && reachesWithout(I, I, nullptr);
    }
    return *InCycle;
  };
  // Byte ranges of A holding (a value derived from) the pointer.
  SmallVector<HeldRange, 4> Held;
  for (StoreInst *S : Stores) {
    APInt Off(IdxBits, 0);
    if (S->getPointerOperand()->stripAndAccumulateConstantOffsets(
            DL, Off, /*AllowNonInbounds=*/true) != A) {
      BadUse = S;
      return Refuse(
          [] { return "stored at a variable offset of a local variable"; });
    }
    int64_t Begin = Off.getSExtValue();
    const Value *V = S->getValueOperand();
    // Pure: offsets of this execution's object (merged by phis too, with
    // null, a std::vector's end when it is empty, when no earlier
    // execution's object can reach them: the site is in no cycle). Their
    // difference is an offset: C++ subtracts pointers into one array only.
    bool Pure =
        V->getType()->isPointerTy() &&
        (stripOffsets(V) == Alloc ||
         (derivesOnlyFrom(V, Alloc, /*OrNull=*/true) && !AllocInCycle()));
    Held.push_back(
        {Begin, Begin + int64_t(DL.getTypeStoreSize(V->getType())), Pure});
  }
  auto Overlaps = [&](int64_t B, int64_t E) {
    return any_of(Held,
                  [&](const HeldRange &R) { return B < R.End && R.Begin < E; });
  };
  // Byte B of A lies past every range holding the pointer (not counting
  // the self-slots below).
  size_t PointerRanges = Held.size();
  auto PastHeld = [&](int64_t B) {
    return all_of(ArrayRef(Held).take_front(PointerRanges),
                  [&](const HeldRange &R) { return R.End <= B; });
  };
  SmallVector<SlotUse, 16> Uses = slotUses(A, Alloc);
  markOverwritten(A, Alloc, Uses, Held);

  // Self-slots: A's own address, past every range holding the pointer,
  // stored where no byte of it is held (a std::string beside the one
  // holding the allocation, pointing at its own small buffer: leveldb's
  // FileMetaData holds two keys). Such a slot counts as held from here on
  // (a range that is not Pure): what is loaded from it may be A's address,
  // and is followed like the allocation (kept, it refuses: a container_of
  // from there would reach the pointer), its bytes may not be copied out,
  // and a callee's body is judged on it. Its self-store is then the case
  // of a held slot below.
  int64_t PtrBytes = DL.getPointerSize();
  // The offset a use stores A's own address at, when that address lies past
  // every range holding the pointer (a self-store, below).
  auto SelfStoreAt = [&](const SlotUse &It) -> std::optional<int64_t> {
    auto *SI = dyn_cast<StoreInst>(It.U->getUser());
    APInt At(IdxBits, 0);
    if (!SI || SI->getValueOperand() != It.U->get() || !SI->isSimple() ||
        !It.Off || !PastHeld(*It.Off) ||
        !SI->getValueOperand()->getType()->isPointerTy() ||
        SI->getPointerOperand()->stripAndAccumulateConstantOffsets(
            DL, At, /*AllowNonInbounds=*/true) != A)
      return std::nullopt;
    return At.getSExtValue();
  };
  for (const SlotUse &It : Uses)
    if (std::optional<int64_t> B = SelfStoreAt(It);
        B && !Overlaps(*B, *B + PtrBytes))
      Held.push_back({*B, *B + PtrBytes, /*Pure=*/false});

  for (const SlotUse &It : Uses) {
    const Use &U = *It.U;
    auto *I = cast<Instruction>(U.getUser());
    BadUse = I;
    if (derivesAddress(U))
      continue; // (its uses are listed too)
    if (auto *LI = dyn_cast<LoadInst>(I)) {
      int64_t Size = DL.getTypeStoreSize(LI->getType());
      if (It.Off && !Overlaps(*It.Off, *It.Off + Size))
        continue;
      bool Whole = It.Off && LI->isSimple() && LI->getType()->isPointerTy() &&
                   any_of(Held, [&](const HeldRange &R) {
                     return R.Begin == *It.Off && R.End == *It.Off + Size;
                   });
      if (!Whole)
        return Refuse([] {
          return "stored to a local variable it is loaded back from as "
                 "part of another value";
        });
      if (!is_contained(Reloads, LI))
        Reloads.push_back(LI);
      continue;
    }
    if (auto *SI = dyn_cast<StoreInst>(I)) {
      if (U.getOperandNo() == StoreInst::getPointerOperandIndex() &&
          SI->getValueOperand() != U.get())
        continue;
      // The variable's own address stored where it holds the allocation
      // (a std::string pointing at its small buffer): what is loaded back
      // from there may then be the variable's own address, followed like
      // the allocation (its accesses stay within what it points to: a
      // C++ array). That address must lie past every held range: accesses
      // through it (not followed further) would otherwise read a held
      // pointer (`v.other = &v` over `v.other = p`, then `v.other->next`).
      // (A self-slot, above, is a held slot here.)
      if (std::optional<int64_t> B = SelfStoreAt(It);
          B && any_of(Held, [&](const HeldRange &R) {
            return R.Begin == *B && R.End == *B + PtrBytes;
          }))
        continue;
      if (SI->getValueOperand() == U.get() &&
          heldOnlyByReachableReaders(SI, A, Calls)) {
        ++NumNestedContainers;
        continue;
      }
      return Refuse(
          [] { return "stored to a local variable whose address escapes"; });
    }
    if (isa<ICmpInst>(I))
      continue; // (an address compared keeps nothing)
    // An atomic read-modify-write of bytes the pointer is not in (the
    // reference count beside a pointer in a shared payload): it reads and
    // writes only those bytes.
    if (isa<AtomicRMWInst>(I) || isa<AtomicCmpXchgInst>(I)) {
      const Value *New = isa<AtomicRMWInst>(I)
                             ? cast<AtomicRMWInst>(I)->getValOperand()
                             : cast<AtomicCmpXchgInst>(I)->getNewValOperand();
      if (U.getOperandNo() == 0 && U.get() != New && It.Off &&
          !Overlaps(*It.Off,
                    *It.Off + int64_t(DL.getTypeStoreSize(New->getType()))))
        continue;
    }
    if (auto *II = dyn_cast<IntrinsicInst>(I)) {
      if (II->isLifetimeStartOrEnd())
        continue;
      if (II->getIntrinsicID() == Intrinsic::memset && U.getOperandNo() == 0)
        continue;
      if (II->getIntrinsicID() == Intrinsic::var_annotation)
        continue; // a marker (ESCAPE_STACK): reads and keeps nothing
      if (auto *MT = dyn_cast<MemTransferInst>(II); MT && !MT->isVolatile()) {
        // Copied into: an overwrite (markOverwritten).
        if (&U == &MT->getRawDestUse())
          continue;
        // Copied from bytes the pointer is not in.
        if (It.Off && copiesOutsideHeld(MT, *It.Off, Held))
          continue;
      }
    }
    if (auto *CB = dyn_cast<CallBase>(I)) {
      const Function *Callee = CB->getCalledFunction();
      auto Name = [&]() -> std::string {
        return Callee ? "'" + prettyName(Callee) + "'" : "an indirect call";
      };
      if (!CB->isArgOperand(&U))
        return Refuse(
            [] { return "stored to a local variable used by a call"; });
      // The pointer a deallocation function frees (operator delete, free)
      // may point into the variable only on a path where the call does not
      // run: freeing a local variable is undefined. (A std::string's
      // destructor after a move: `if (p != local_buf) delete p`, where a
      // phi merged the small buffer with the pointer loaded back.)
      if (getFreedOperand(CB, &TLI) == U.get())
        continue;
      if (auto *CI = dyn_cast<CallInst>(CB); CI && CI->isMustTailCall())
        return Refuse([] {
          return "stored to a local variable passed to a musttail call";
        });
      unsigned ArgNo = CB->getArgOperandNo(&U);
      // (It may read the allocation through the variable: its `tail`
      // marker, a promise not to touch the frame, goes.)
      if (auto *CI = dyn_cast<CallInst>(CB); CI && !is_contained(Calls, CI))
        Calls.push_back(CI);
      // The callee's body is followed from the one argument pointing into
      // A.
      unsigned IntoA = argsInto(CB, A);
      // The front end's facts for a callee without an exact body: it keeps
      // and frees nothing loaded from the variable, result included
      // (ContentFact), or except that the result may be such a pointer
      // (ReturnedFact).
      ContentFact Fact =
          IntoA == 1 ? contentFact(CB, ArgNo) : ContentFact::None;
      // The result may be a pointer loaded from the variable: followed.
      bool ResultHeld = Fact == ContentFact::Returned;
      if (capturesAnyProvenance(CB->getCaptureInfo(ArgNo)) ||
          (Fact == ContentFact::None && !CB->onlyReadsMemory() &&
           (IntoA != 1 || mayKeepHeldBytes(CB, ArgNo, It.Off, Held,
                                           /*Depth=*/3, &ResultHeld))))
        return Refuse([&] {
          return "stored to a local variable passed to " + Name() +
                 ", which may copy it out or free it (needs a callee that "
                 "does not capture the variable and either only reads "
                 "memory or has an exact body here that neither keeps "
                 "nor frees what the variable holds)";
        });
      // (mayKeepHeldBytes also follows what a writing callee returns.)
      // The result of a read-only call may carry the pointer's bytes,
      // whatever its type; a whole pointer is followed.
      bool ResultBits = false;
      if (!CB->getType()->isVoidTy() && CB->onlyReadsMemory() &&
          Fact == ContentFact::None &&
          !(It.Off && PastHeld(*It.Off) && comparesForward(CB, TLI)))
        ResultBits = IntoA != 1 ||
                     mayReturnHeldBytes(CB, ArgNo, It.Off, Held, /*Depth=*/3,
                                        /*Writes=*/false, &ResultHeld);
      if (ResultBits || (ResultHeld && !CB->getType()->isPointerTy())) {
        ++NumContainerResultRefused;
        LLVM_DEBUG(dbgs() << "escape: " << *CB
                          << " may return the address held in " << *A << "\n");
        return Refuse([&] {
          std::string Ty;
          raw_string_ostream OS(Ty);
          CB->getType()->print(OS);
          return "stored to a local variable passed to " + Name() +
                 ", which may return bytes of the stored pointer in its "
                 "result (of type '" +
                 Ty + "')";
        });
      }
      if (ResultHeld && !CB->getType()->isVoidTy() &&
          !is_contained(Reloads, CB))
        Reloads.push_back(CB);
      continue;
    }
    return Refuse([&] {
      return "stored to a local variable used by '" +
             std::string(I->getOpcodeName()) + "'";
    });
  }
  BadUse = nullptr;
  return true;
}

/// In a loop, a local variable holding the pointer must be dead (lifetime
/// marker) before the allocation runs again, else an earlier iteration's
/// object stays reachable through it. Returns such a store, or null.
StoreInst *storeLiveAcrossIterations(AllocaInst *A,
                                     ArrayRef<StoreInst *> Stores,
                                     const Instruction *Alloc) {
  auto KillsA = [&](const Instruction &I) {
    auto *II = dyn_cast<IntrinsicInst>(&I);
    return II && II->isLifetimeStartOrEnd() && II->getArgOperand(0) == A;
  };
  for (StoreInst *S : Stores)
    if (reachesWithout(S, Alloc, KillsA))
      return S;
  return nullptr;
}

/// True if every value \p V can take is \p Alloc (an object of this site,
/// possibly from an earlier execution) or null: looks through casts, phis and
/// selects. A free of such a pointer frees an object of this site or nothing.
/// With \p OrWhole, also a pointer that is not computed by an offset (a
/// load, an argument, a call's result, a global: whatever another object it
/// may be, a free frees it whole, or this site's when it is this site's).
bool onlyThisSiteOrNull(const Value *V, const Value *Alloc,
                        bool OrWhole = false) {
  SmallVector<const Value *, 8> Work{V};
  SmallPtrSet<const Value *, 16> Seen;
  while (!Work.empty()) {
    const Value *X = Work.pop_back_val()->stripPointerCasts();
    if (!Seen.insert(X).second || X == Alloc || isa<ConstantPointerNull>(X))
      continue;
    if (auto *PN = dyn_cast<PHINode>(X))
      append_range(Work, PN->incoming_values());
    else if (auto *SI = dyn_cast<SelectInst>(X))
      Work.append({SI->getTrueValue(), SI->getFalseValue()});
    else if (!(OrWhole && (isa<LoadInst>(X) || isa<Argument>(X) ||
                           isa<CallBase>(X) || isa<GlobalValue>(X))))
      return false;
    if (Seen.size() > 64)
      return false;
  }
  return true;
}

/// Calls \p Source once on each value \p V is derived from through casts,
/// GEPs (any index), phis and selects: every other value the walk meets.
/// False as soon as Source is, or past 64 values.
bool forEachSource(const Value *V, function_ref<bool(const Value *)> Source) {
  SmallVector<const Value *, 8> Work{V};
  SmallPtrSet<const Value *, 16> Seen;
  while (!Work.empty()) {
    const Value *X = Work.pop_back_val();
    if (!Seen.insert(X).second)
      continue;
    if (Seen.size() > 64)
      return false;
    if (auto *GEP = dyn_cast<GetElementPtrInst>(X))
      Work.push_back(GEP->getPointerOperand());
    else if (isa<BitCastInst>(X) || isa<AddrSpaceCastInst>(X))
      Work.push_back(cast<Instruction>(X)->getOperand(0));
    else if (auto *PN = dyn_cast<PHINode>(X))
      append_range(Work, PN->incoming_values());
    else if (auto *SI = dyn_cast<SelectInst>(X))
      Work.append({SI->getTrueValue(), SI->getFalseValue()});
    else if (!Source(X))
      return false;
  }
  return true;
}

/// True if \p V is the allocation \p Alloc or a pointer derived from it
/// alone: through casts, GEPs (any index), phis and selects whose every
/// operand is such a pointer (no other object; null only with \p OrNull).
bool derivesOnlyFrom(const Value *V, const Value *Alloc, bool OrNull) {
  return forEachSource(V, [&](const Value *X) {
    return X == Alloc || (OrNull && isa<ConstantPointerNull>(X));
  });
}

/// An address as an integer: a `ptrtoint`, or a phi or select of integers
/// each of which is one or 0 (the conversion of null; a std::vector's end
/// pointer kept as an integer, `phi [0, %empty], [ptrtoint %end, %filled]`).
bool isAddressInteger(const Value *V, unsigned Depth = 0) {
  if (Depth > 3 || !V->getType()->isIntegerTy()) // (no vectors)
    return false;
  if (isa<PtrToIntInst>(V))
    return true;
  auto Conv = [&](const Value *In) {
    auto *C = dyn_cast<ConstantInt>(In);
    return (C && C->isZero()) || isAddressInteger(In, Depth + 1);
  };
  if (auto *SI = dyn_cast<SelectInst>(V))
    return Conv(SI->getTrueValue()) && Conv(SI->getFalseValue());
  if (auto *PN = dyn_cast<PHINode>(V))
    return all_of(PN->incoming_values(), Conv);
  return false;
}

/// The one pointer the address integer \p V converts (a `ptrtoint`, or a phi
/// or select of conversions of that one pointer: GVN leaves `phi [ptrtoint p,
/// %a], [ptrtoint p, %b]` behind; the pointer dominates each incoming edge,
/// so it dominates the phi, and still holds the converted value where the
/// phi is used), or null.
const Value *convertedPointer(const Value *V, unsigned Depth = 0) {
  if (!V->getType()->isIntegerTy()) // (no vectors)
    return nullptr;
  if (auto *P = dyn_cast<PtrToIntInst>(V))
    return P->getPointerOperand();
  if (Depth > 2 || (!isa<PHINode>(V) && !isa<SelectInst>(V)))
    return nullptr;
  const Value *Ptr = nullptr;
  auto Same = [&](const Value *In) {
    const Value *X = convertedPointer(In, Depth + 1);
    if (!X || (Ptr && X != Ptr))
      return false;
    Ptr = X;
    return true;
  };
  if (auto *SI = dyn_cast<SelectInst>(V))
    return Same(SI->getTrueValue()) && Same(SI->getFalseValue()) ? Ptr
                                                                 : nullptr;
  return all_of(cast<PHINode>(V)->incoming_values(), Same) ? Ptr : nullptr;
}

/// True if \p A and \p B, wherever both are available, point into the same
/// object (or are both null), so that the difference of their addresses is
/// an offset within it, whatever the object. Each is a pointer or an
/// address integer (isAddressInteger; `ptrtoint p` stands for p, 0 for
/// null). They do when they are offsets (GEPs; an index computed from the
/// allocation's address is a conversion the tracker checks) from one value,
/// phis of one block whose incoming values pair up so on every edge, or
/// selects on one condition whose arms do. Phis are assumed to pair while
/// their incoming values are checked (a greatest fixpoint): both are
/// assigned on the same edge, from pairs that point into one object by
/// induction over the execution, and where both are used they still hold
/// those values. This is how std::vector's begin, end and end-of-storage
/// travel through a loop that reallocates the buffer (phis of the old and
/// the new buffer, always switched together) and through `c ? a : b`.
struct ValuePairs : SmallVector<std::pair<const Value *, const Value *>, 8> {
  unsigned Steps = 0; ///< Attempts, failed ones included (a budget).
};
bool sameObject(const Value *A, const Value *B, ValuePairs &Assumed);

/// The one value \p V is derived from alone (forEachSource), or null when
/// it merges two values or the walk is too long.
const Value *soleSource(const Value *V) {
  const Value *Sole = nullptr;
  bool One = forEachSource(V, [&](const Value *X) {
    if (Sole && Sole != X)
      return false;
    Sole = X;
    return true;
  });
  return One ? Sole : nullptr;
}

/// sameObject for phis of one block and selects on one condition.
bool samePhisOrSelects(const Value *A, const Value *B, ValuePairs &Assumed) {
  if (std::less<const Value *>()(B, A))
    std::swap(A, B);
  if (is_contained(Assumed, std::make_pair(A, B)))
    return true;
  if (Assumed.size() > 32 || ++Assumed.Steps > 256)
    return false;
  if (auto *SA = dyn_cast<SelectInst>(A)) {
    auto *SB = dyn_cast<SelectInst>(B);
    return SB && SA->getCondition() == SB->getCondition() &&
           sameObject(SA->getTrueValue(), SB->getTrueValue(), Assumed) &&
           sameObject(SA->getFalseValue(), SB->getFalseValue(), Assumed);
  }
  auto *PA = dyn_cast<PHINode>(A);
  auto *PB = dyn_cast<PHINode>(B);
  if (!PA || !PB || PA->getParent() != PB->getParent())
    return false;
  Assumed.push_back({A, B});
  for (unsigned I = 0, E = PA->getNumIncomingValues(); I != E; ++I) {
    const Value *InB = PB->getIncomingValueForBlock(PA->getIncomingBlock(I));
    if (!InB || !sameObject(PA->getIncomingValue(I), InB, Assumed))
      return false;
  }
  return true;
}

bool sameObject(const Value *A, const Value *B, ValuePairs &Assumed) {
  // The pointer an address integer converts; then the value it is an
  // offset of, through copy phis (Base) or not (Offsets: a copy phi may pair
  // with a phi of its own block).
  auto Offsets = [](const Value *V) {
    if (const Value *P = convertedPointer(V))
      V = P;
    while (V->getType()->isPointerTy()) {
      const Value *Next = V->stripPointerCasts();
      if (auto *GEP = dyn_cast<GEPOperator>(Next))
        Next = GEP->getPointerOperand();
      if (Next == V)
        break;
      V = Next;
    }
    return V;
  };
  auto Base = [&](const Value *V) {
    V = Offsets(V);
    return V->getType()->isPointerTy() ? stripOffsets(V) : V;
  };
  auto IsNull = [](const Value *V) {
    auto *C = dyn_cast<ConstantInt>(V);
    return isa<ConstantPointerNull>(V) || (C && C->isZero());
  };
  const Value *BA = Base(A), *BB = Base(B);
  if (BA == BB || (IsNull(BA) && IsNull(BB)))
    return true;
  // Both derived from one value X alone, through any phis (std::vector's
  // new buffer, reached as itself and as the end of the loop that copied
  // the elements into it). Every such value is dominated by X: a phi of
  // them is entered only through edges X dominates (were it in X's own
  // block, X would have to precede its every entry). So where both are
  // used, neither was computed before X's latest execution (a path from X
  // to the use that skipped either one would skip it from the entry): both
  // are offsets of the one pointer X holds then, as when Base is one value.
  if (const Value *X = soleSource(Offsets(A));
      X && derivesOnlyFrom(Offsets(B), X, /*OrNull=*/false))
    return true;
  // Assumptions made in a failed attempt are dropped: only pairs whose
  // every incoming pair was proved (under the kept ones) stay.
  size_t Mark = Assumed.size();
  if (samePhisOrSelects(Offsets(A), Offsets(B), Assumed))
    return true;
  Assumed.truncate(Mark);
  if (samePhisOrSelects(BA, BB, Assumed))
    return true;
  Assumed.truncate(Mark);
  return false;
}

/// Whether the difference of the address integers \p A and \p B carries no
/// address: both convert pointers derived from \p Alloc alone (the one
/// object, through phis and selects that need not pair up), or they point
/// into the same object (sameObject).
bool differenceWithin(const Value *A, const Value *B, const Value *Alloc) {
  const Value *PA = convertedPointer(A);
  const Value *PB = convertedPointer(B);
  if (PA && PB && derivesOnlyFrom(PA, Alloc, /*OrNull=*/false) &&
      derivesOnlyFrom(PB, Alloc, /*OrNull=*/false))
    return true;
  ValuePairs Assumed;
  return sameObject(A, B, Assumed);
}

/// The addresses added into the integer \p V and subtracted from it, for
/// the size arithmetic of onlyDifferencesWithin: each address integer
/// (isAddressInteger) summed through add and sub, with its sign. Anything
/// else carries no address of the allocation: if it was computed from the
/// allocation's address by other means, that computation is a use
/// onlyDifferencesWithin refuses. False past a small depth or size.
bool collectAddresses(const Value *V, int Sign,
                      SmallVectorImpl<std::pair<const Value *, int>> &Terms,
                      unsigned Depth = 0) {
  if (Depth > 8 || Terms.size() > 8)
    return false;
  if (isAddressInteger(V)) {
    Terms.push_back({V, Sign});
    return true;
  }
  auto *BO = dyn_cast<BinaryOperator>(V);
  if (!BO || (BO->getOpcode() != Instruction::Add &&
              BO->getOpcode() != Instruction::Sub))
    return true;
  int RSign = BO->getOpcode() == Instruction::Add ? Sign : -Sign;
  return collectAddresses(BO->getOperand(0), Sign, Terms, Depth + 1) &&
         collectAddresses(BO->getOperand(1), RSign, Terms, Depth + 1);
}

/// How many addresses the integer \p V carries, for onlyDifferencesWithin:
/// 0 when each added address is cancelled by a subtracted one into the same
/// object (differenceWithin), 1 when exactly one address is left, added;
/// nullopt for anything else (an address subtracted and not cancelled, two
/// left, too deep). Every address counts, not only the allocation's: one
/// that cannot be paired may be a pointer into it (a phi of this and another
/// allocation).
std::optional<int> addressCount(const Value *V, const Value *Alloc) {
  SmallVector<std::pair<const Value *, int>, 8> Terms;
  if (!collectAddresses(V, 1, Terms))
    return std::nullopt;
  // Cancel pairs (greedily: a failed match only refuses).
  for (auto &[Plus, PS] : Terms) {
    if (PS != 1)
      continue;
    for (auto &[Minus, MS] : Terms)
      if (MS == -1 && differenceWithin(Plus, Minus, Alloc)) {
        PS = MS = 0;
        break;
      }
  }
  int Left = 0;
  for (auto &[Ptr, S] : Terms) {
    if (S == -1)
      return std::nullopt;
    Left += S;
  }
  return Left;
}

/// The size arithmetic of containers (`end - begin`, a vectorized loop's
/// trip count `(end - 4) - begin`, the size a sized `operator delete`
/// receives): \p P converts a pointer (derived from \p Alloc, maybe also
/// from other objects) to an integer that is only added to or has
/// subtracted from it integers that carry no address, until the conversion
/// of a pointer into the same object is subtracted from it
/// (differenceWithin: derived from Alloc alone, or paired with P's pointer
/// through phis and selects that switch objects together). The difference
/// is an offset between two addresses of one object plus address-free
/// terms: it carries no address, and its uses are arbitrary. Every other
/// use of an integer carrying an address -- stored, compared, passed,
/// returned, multiplied, converted back with inttoptr, added to another
/// conversion, subtracted from an address-free integer or from an address
/// that may be another object's -- is a capture. (Every conversion of a
/// pointer derived from the allocation is a use the tracker checks with
/// this, so an integer this takes as address-free is.)
bool onlyDifferencesWithin(const PtrToIntInst *P, const Value *Alloc) {
  // A vector of addresses is not summed here (CaptureTracking refuses the
  // vector GEP or insertelement that makes one first, but not by contract).
  if (!P->getType()->isIntegerTy())
    return false;
  SmallVector<const Value *, 8> Work{P};
  SmallPtrSet<const Value *, 16> Seen{P};
  while (!Work.empty()) {
    const Value *X = Work.pop_back_val();
    for (const User *U : X->users()) {
      // Address integers merged by a phi or select: followed as one.
      if ((isa<PHINode>(U) || isa<SelectInst>(U)) && isAddressInteger(U)) {
        if (Seen.insert(U).second) {
          if (Seen.size() > 32)
            return false;
          Work.push_back(U);
        }
        continue;
      }
      auto *BO = dyn_cast<BinaryOperator>(U);
      if (!BO || (BO->getOpcode() != Instruction::Add &&
                  BO->getOpcode() != Instruction::Sub))
        return false;
      std::optional<int> N = addressCount(BO, Alloc);
      if (!N || (*N != 0 && *N != 1))
        return false;
      if (*N == 1 && Seen.insert(BO).second) {
        if (Seen.size() > 32)
          return false;
        Work.push_back(BO);
      }
    }
  }
  return true;
}

/// The size (or alignment) a deallocation receives (a sized `operator
/// delete`): \p P converts a pointer to an integer that only reaches, through
/// arithmetic, casts, phis and selects, operands of deallocation calls other
/// than the pointer freed. Whatever bits it carries, a defined program
/// passes the size and alignment of the object it frees, which do not depend
/// on any address: no information about the address leaves. (A std::vector's
/// `end_of_storage - begin` loaded back after a call that may have replaced
/// both, which the difference rule cannot pair.)
bool onlyDeallocationSizes(const PtrToIntInst *P,
                           const TargetLibraryInfo &TLI) {
  SmallVector<const Value *, 8> Work{P};
  SmallPtrSet<const Value *, 16> Seen{P};
  while (!Work.empty()) {
    const Value *X = Work.pop_back_val();
    for (const Use &U : X->uses()) {
      const auto *I = cast<Instruction>(U.getUser());
      if (const auto *CB = dyn_cast<CallBase>(I)) {
        const Value *Freed = getFreedOperand(CB, &TLI);
        if (!Freed || !CB->isArgOperand(&U) || CB->getArgOperand(0) != Freed ||
            CB->getArgOperandNo(&U) == 0)
          return false;
        continue;
      }
      if (!(isa<BinaryOperator>(I) || isa<TruncInst>(I) || isa<ZExtInst>(I) ||
            isa<SExtInst>(I) || isa<FreezeInst>(I) || isa<PHINode>(I) ||
            (isa<SelectInst>(I) && U.getOperandNo() != 0)))
        return false;
      if (Seen.insert(I).second) {
        if (Seen.size() > 64)
          return false;
        Work.push_back(I);
      }
    }
  }
  return true;
}

/// True if \p F's argument \p ArgNo provably never reaches a deallocation:
/// F has an exact definition (no other version can be linked in) and the
/// argument and the values derived from it are only loaded from, stored to,
/// compared, returned, or passed to calls that do not free them (known
/// 'nofree', or the same check a few levels deep). LLVM infers nofree only
/// for whole functions; a function that may throw (so calls __cxa_throw)
/// never gets it, although it cannot free an object it only reads.
bool argNeverFreed(const Function *F, unsigned ArgNo, unsigned Depth) {
  if (!F || F->isDeclaration() || !F->hasExactDefinition() ||
      ArgNo >= F->arg_size())
    return false;
  SmallVector<const Value *, 16> Work{F->getArg(ArgNo)};
  SmallPtrSet<const Value *, 16> Seen{F->getArg(ArgNo)};
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const Use &U : V->uses()) {
      auto *I = cast<Instruction>(U.getUser());
      if (isa<LoadInst>(I) || isa<ICmpInst>(I) || isa<ReturnInst>(I))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(I)) {
        if (SI->getValueOperand() == V)
          return false;
        continue;
      }
      if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I) ||
          isa<AddrSpaceCastInst>(I) || isa<PHINode>(I) || isa<SelectInst>(I)) {
        if (Seen.insert(I).second)
          Work.push_back(I);
        continue;
      }
      auto *CB = dyn_cast<CallBase>(I);
      if (!CB || !CB->isArgOperand(&U))
        return false;
      unsigned CallArg = CB->getArgOperandNo(&U);
      if (CB->hasFnAttr(Attribute::NoFree) || CB->onlyReadsMemory() ||
          CB->paramHasAttr(CallArg, Attribute::NoFree))
        continue;
      if (Depth == 0 ||
          !argNeverFreed(CB->getCalledFunction(), CallArg, Depth - 1))
        return false;
    }
  }
  return true;
}

/// Whether the call \p CB cannot free argument \p ArgNo: `nofree` on the
/// call or the parameter, `memory(read)`, or an exact body that shows it
/// (argNeverFreed).
bool cannotFree(const CallBase *CB, unsigned ArgNo) {
  return CB->hasFnAttr(Attribute::NoFree) || CB->onlyReadsMemory() ||
         CB->paramHasAttr(ArgNo, Attribute::NoFree) ||
         argNeverFreed(CB->getCalledFunction(), ArgNo, /*Depth=*/3);
}

/// Whether the call \p CB keeps no copy of argument \p ArgNo it could reach
/// the object through (it may compare the address: captures(address)), and
/// cannot free it: the test of AllocUseTracker::checkCall for the
/// allocation's own uses (without its -escape-trust-noescape option).
bool notKeptNorFreed(const CallBase *CB, unsigned ArgNo) {
  return !capturesAnyProvenance(CB->getCaptureInfo(ArgNo)) &&
         cannotFree(CB, ArgNo);
}

/// Operator new families: _Znwm, _Znam and their align_val_t variants.
bool isNewFamily(StringRef Family) {
  return Family.starts_with("_Znw") || Family.starts_with("_Zna");
}
bool isScalarNewFamily(StringRef Family) { return Family.starts_with("_Znw"); }

/// True for operator new / new[] in all their variants (Itanium mangling).
bool isOperatorNewName(StringRef Name) {
  return Name.starts_with("_Znw") || Name.starts_with("_Zna");
}

/// Whether \p U is the address operand of a memory access: a load, a store,
/// an atomicrmw, a cmpxchg, or the destination or source of a memory
/// intrinsic. Such a use reads or writes the object and keeps no copy of the
/// pointer. CaptureTracking counts it as a capture when the access is
/// volatile (an atomicrmw, a cmpxchg, or a memory intrinsic too); LangRef
/// ("Pointer Capture", "Volatile Memory Accesses") makes a volatile access
/// capture the address, which is observable, but not the provenance: nothing
/// can access the object through what the access revealed. The pointer as
/// the *stored* value (a store's, an atomicrmw's or a cmpxchg's value
/// operands) is not such a use.
bool accessesThrough(const Use &U) {
  const User *I = U.getUser();
  unsigned Op = U.getOperandNo();
  if (isa<LoadInst>(I))
    return Op == LoadInst::getPointerOperandIndex();
  if (isa<StoreInst>(I))
    return Op == StoreInst::getPointerOperandIndex();
  if (isa<AtomicRMWInst>(I))
    return Op == AtomicRMWInst::getPointerOperandIndex();
  if (isa<AtomicCmpXchgInst>(I))
    return Op == AtomicCmpXchgInst::getPointerOperandIndex();
  if (const auto *MI = dyn_cast<MemIntrinsic>(I))
    return &U == &MI->getRawDestUse() ||
           (isa<MemTransferInst>(MI) &&
            &U == &cast<MemTransferInst>(MI)->getRawSourceUse());
  return false;
}

/// Why a virtual call on an allocation stays indirect
/// (devirtualizeThroughVptr), by allocation and call.
using VirtualCallNotes =
    DenseMap<std::pair<const CallBase *, const CallBase *>, std::string>;

/// A conversion to an integer of the pointer's width whose every use is a
/// plain store of it: the stored bytes are the pointer's, as if the pointer
/// were stored (clang -O2 copies a pointer member through an integer type:
/// a unique_ptr moved into another object, GoogleMock's Matcher payload).
/// What reads them back is judged as for a pointer store.
static bool onlyStoredWhole(const PtrToIntInst *P) {
  const DataLayout &DL = P->getDataLayout();
  if (P->getType()->isVectorTy() ||
      P->getType()->getScalarSizeInBits() !=
          DL.getPointerTypeSizeInBits(P->getOperand(0)->getType()) ||
      P->use_empty())
    return false;
  return all_of(P->users(), [&](const User *U) {
    auto *SI = dyn_cast<StoreInst>(U);
    return SI && SI->isSimple() && SI->getValueOperand() == P &&
           SI->getPointerOperand() != P;
  });
}

/// Verdicts of argNotKeptInBody by callee, argument and depth: the sites of
/// one function ask about the same callees.
struct BodyVerdict {
  bool NotKept = false;
  /// Why not, in words: the first use in the body that may keep or free it.
  std::string Why;
};
using BodyVerdicts =
    DenseMap<std::tuple<const Function *, unsigned, unsigned>, BodyVerdict>;

bool argNotKeptInBody(const Function *F, unsigned ArgNo, unsigned Depth,
                      const TargetLibraryInfo &TLI, BodyVerdicts &Verdicts);

/// How many levels of callees' exact bodies an argument is followed into
/// when their attributes do not show that they neither keep nor free it.
constexpr unsigned BodyDepth = 2;

/// Visits every use of an allocation and of the values derived from it and
/// records the first one that lets the object outlive the frame.
/// The same walk judges a callee's argument (argNotKeptInBody): the root is
/// then an Argument, the frame is the callee's, and any free fails.
class AllocUseTracker : public CaptureTracker {
public:
  /// With \p Explain, a failure also says why in words (Why). \p Root is
  /// the allocation call, or the argument of a callee being judged.
  /// \p Verdicts: judge the exact bodies of callees \p Depth levels deep.
  AllocUseTracker(Value *Root, StringRef Family, const TargetLibraryInfo &TLI,
                  bool Explain, BodyVerdicts *Verdicts = nullptr,
                  unsigned Depth = 0)
      : Root(Root), Alloc(dyn_cast<CallBase>(Root)),
        RootFn(isa<Argument>(Root) ? cast<Argument>(Root)->getParent()
                                   : cast<Instruction>(Root)->getFunction()),
        Family(Family), TLI(TLI), Explain(Explain), Verdicts(Verdicts),
        Depth(Depth) {}

  const TargetLibraryInfo &tli() const { return TLI; }

  SmallVector<CallBase *, 4> Frees;
  SmallVector<CallInst *, 8> Calls; ///< Non-free calls receiving the pointer.
  /// Calls that free nothing through the pointer but may free what their
  /// `this` owns (escape::NoFreeExceptThisAttr): `this` must not hold the
  /// allocation (analyze()).
  SmallVector<const CallBase *, 2> ExceptThis;
  /// Why virtual calls on the object stay indirect (when explaining).
  const VirtualCallNotes *Notes = nullptr;
  SmallVector<ContainerStore, 4> Containers;
  bool HasPhi = false;
  const Instruction *PhiUser = nullptr;
  /// A free through a phi or select (this site's object or null).
  const Instruction *FreeViaPhi = nullptr;
  /// Set while the walk follows a pointer loaded back from a local variable
  /// holding the allocation (checkContainer's Reloads): it may be this
  /// allocation or any other pointer stored there.
  bool Reloaded = false;
  /// Frees of such pointers, and of merges of this allocation with other
  /// pointers: they must test at run time whether the pointer is the
  /// allocation's (a frame-arena placement).
  SmallPtrSet<const CallBase *, 4> Guarded;
  const Instruction *BadUse = nullptr;
  /// The first use that lets the object outlive the frame, by class.
  std::optional<Refusal> Kind;
  /// ... and in words (only when explaining).
  std::string Why;

  bool failed() const { return Kind.has_value(); }

  void tooManyUses() override {
    fail(nullptr, Refusal::TooManyUses, "too many uses to analyze");
  }

  bool shouldExplore(const Use *U) override {
    if (failed())
      return false;
    auto *I = cast<Instruction>(U->getUser());
    if (auto *PN = dyn_cast<PHINode>(I); PN && !isCopyPhi(PN) && !HasPhi) {
      HasPhi = true;
      PhiUser = I;
    }
    if (auto *CB = dyn_cast<CallBase>(I))
      checkCall(CB, U);
    return !failed();
  }

  Action captured(const Use *U, UseCaptureInfo CI) override {
    auto *I = cast<Instruction>(U->getUser());
    if (auto *CB = dyn_cast<CallBase>(I))
      if (is_contained(Frees, CB))
        return ContinueIgnoringReturn;
    // Comparing the address (p == q, p == nullptr) keeps nothing alive.
    if (isa<ICmpInst>(I) && !capturesAnyProvenance(CI.UseCC))
      return Continue;
    if (capturesAddressIsNullOnly(CI.UseCC) && !capturesAnyProvenance(CI.UseCC))
      return Continue;
    // A call that may capture the address but not the provenance (e.g.
    // captures(address)): it can compare the object's address, and cannot
    // reach the object after the frame is gone.
    if (isa<CallBase>(I) && !capturesAnyProvenance(CI.UseCC))
      return Continue;
    // A callee whose exact body shows it keeps nothing (checkCall).
    if (JudgedBodies.contains(U))
      return Continue;
    // An access through the pointer (a reference count's atomic increment).
    if (accessesThrough(*U)) {
      ++NumAccessNotCapture;
      return Continue;
    }
    // `end - begin` of the object's own addresses: an offset, no address.
    if (auto *P = dyn_cast<PtrToIntInst>(I);
        P && onlyDifferencesWithin(P, Root)) {
      ++NumDifferenceNotCapture;
      return ContinueIgnoringReturn;
    }
    // The size a sized delete receives, whatever it is computed from.
    if (auto *P = dyn_cast<PtrToIntInst>(I);
        P && onlyDeallocationSizes(P, TLI)) {
      ++NumDeallocSizeNotCapture;
      return ContinueIgnoringReturn;
    }
    describeCapture(U);
    return failed() ? Stop : ContinueIgnoringReturn;
  }

private:
  Value *Root;
  /// The allocation (null when judging a callee's argument).
  CallBase *Alloc;
  const Function *RootFn;
  StringRef Family;
  const TargetLibraryInfo &TLI;
  bool Explain;
  BodyVerdicts *Verdicts;
  unsigned Depth;
  /// Arguments of calls whose callee's exact body keeps nothing of them.
  SmallPtrSet<const Use *, 4> JudgedBodies;

  /// Why the exact body of \p CB's callee may keep or free argument
  /// \p ArgNo, when bodyKeepsNothing judged it (else empty).
  std::string bodyNote(const CallBase *CB, unsigned ArgNo) const {
    const Function *Callee = CB->getCalledFunction();
    if (!Verdicts || Depth == 0 || !Callee)
      return "";
    auto It = Verdicts->find(std::make_tuple(Callee, ArgNo, Depth - 1));
    return It != Verdicts->end() && !It->second.NotKept ? It->second.Why : "";
  }

  /// Whether the exact body of \p CB's callee shows that it neither keeps
  /// nor frees argument \p ArgNo (argNotKeptInBody), when LLVM's inference
  /// cannot (a pointer stored into a local variable of the callee).
  bool bodyKeepsNothing(const CallBase *CB, unsigned ArgNo) {
    const Function *Callee = CB->getCalledFunction();
    // (A naked body's assembly reads the arguments' registers, which the
    // IR does not show; a coroutine's variables outlive the call.)
    if (!Verdicts || Depth == 0 || !Callee || Callee->isDeclaration() ||
        !Callee->hasExactDefinition() || Callee->isVarArg() ||
        Callee->hasFnAttribute(Attribute::Naked) ||
        Callee->isPresplitCoroutine() ||
        CB->getFunctionType() != Callee->getFunctionType() ||
        ArgNo >= Callee->arg_size())
      return false;
    // The parameter receives the pointer itself (byval, inalloca and
    // preallocated pass a copy of the pointee; paramHasAttr reads the call's
    // and the callee's attributes).
    if (CB->isPassPointeeByValueArgument(ArgNo) ||
        CB->paramHasAttr(ArgNo, Attribute::ByRef) ||
        CB->paramHasAttr(ArgNo, Attribute::Nest))
      return false;
    if (!argNotKeptInBody(Callee, ArgNo, Depth - 1, TLI, *Verdicts))
      return false;
    ++NumCalleeBodiesJudged;
    return true;
  }

  void fail(const Instruction *I, Refusal R, const Twine &Reason) {
    fail(I, R, [&] { return Reason.str(); });
  }
  /// Reason is called only when explaining: the words may cost a demangling.
  void fail(const Instruction *I, Refusal R,
            function_ref<std::string()> Reason) {
    if (failed())
      return;
    BadUse = I;
    Kind = R;
    if (Explain)
      Why = Reason();
  }

  void checkCall(CallBase *CB, const Use *U) {
    if (CB->isCallee(U))
      return fail(CB, Refusal::Escapes, "called as a function");
    if (CB->isBundleOperand(U)) {
      if (auto *II = dyn_cast<IntrinsicInst>(CB))
        if (II->getIntrinsicID() == Intrinsic::assume)
          return;
      return fail(CB, Refusal::Escapes, [&] {
        return "used in an operand bundle of a call to '" +
               prettyName(CB->getCalledFunction()) + "'";
      });
    }
    if (!CB->isArgOperand(U))
      return fail(CB, Refusal::Escapes, "used by a call in an unexpected way");
    if (isa<CallInst>(CB) && cast<CallInst>(CB)->isMustTailCall())
      return fail(CB, Refusal::Escapes,
                  "passed to a musttail call, which outlives the frame");

    if (Value *Freed = getFreedOperand(CB, &TLI); Freed && Freed == U->get()) {
      checkFree(CB, U);
      return;
    }
    if ((CB->getCalledFunction() && isReallocLikeFn(CB->getCalledFunction())) ||
        getReallocatedOperand(CB) == U->get())
      return fail(CB, Refusal::Realloc, [&] {
        return "reallocated by '" + prettyName(CB->getCalledFunction()) + "'";
      });

    unsigned ArgNo = CB->getArgOperandNo(U);
    bool NoFree = cannotFree(CB, ArgNo);
    // captures(address) (e.g. the front end's facts): the callee may
    // compare the address, but keeps no copy it could access the object
    // through.
    bool NoCapture = !capturesAnyProvenance(CB->getCaptureInfo(ArgNo));
    const Function *Callee = CB->getCalledFunction();
    // The attributes do not show it: the callee's exact body may.
    if (!(NoFree && NoCapture) && bodyKeepsNothing(CB, ArgNo)) {
      NoFree = NoCapture = true;
      JudgedBodies.insert(U);
    }
    // A body that may be replaced at link time (linkonce_odr, weak_odr,
    // available_externally) is one refinement of the source; another
    // translation unit's copy may behave differently (docs/heap-to-stack.md),
    // so only attributes from the source count, as for a declaration.
    bool NoExactBody =
        Callee && (Callee->isDeclaration() || !Callee->hasExactDefinition());
    // Nothing freed through it, but `this` may free what it owns
    // (escape::NoFreeExceptThisAttr: a std::string member copying the
    // characters): analyze() checks, once the local variables holding the
    // allocation are known, that `this` is none of them (ExceptThis). Not
    // in a callee's body judged (no allocation to check against).
    if (!NoFree && NoCapture && Alloc && ArgNo != 0 &&
        CB->getParamAttr(ArgNo, escape::NoFreeExceptThisAttr).isValid() &&
        CB->getArgOperand(0)->getType()->isPointerTy()) {
      NoFree = true;
      if (!is_contained(ExceptThis, CB))
        ExceptThis.push_back(CB);
    }
    if (!NoFree && NoCapture && TrustNoEscapeOpt && NoExactBody &&
        ArgNo < Callee->arg_size())
      NoFree = capturesNothing(
          Callee->getAttributes().getParamAttrs(ArgNo).getCaptureInfo());
    if (!NoFree) {
      if (!NoCapture)
        return fail(CB, Refusal::Escapes, [&] {
          return keptByCallMessage(CB, ArgNo) + replaceableNote(Callee) +
                 withheldNote(Callee, ArgNo, /*NoFree=*/false);
        });
      return fail(CB, Refusal::MayFree, [&] {
        return "passed to '" + prettyName(Callee) +
               "', which may free it (not known 'nofree'" +
               (Callee && !Callee->isDeclaration() &&
                        !Callee->hasExactDefinition()
                    ? replaceableNote(Callee)
                    : std::string("; define it in this "
                                  "translation unit or use LTO")) +
               ")" + withheldNote(Callee, ArgNo, /*NoFree=*/true);
      });
    }
    if (auto *CI = dyn_cast<CallInst>(CB))
      if (!is_contained(Calls, CI))
        Calls.push_back(CI);
  }

  void checkFree(CallBase *CB, const Use *U) {
    // A callee that frees its argument frees the caller's object.
    if (!Alloc)
      return fail(CB, Refusal::Free, [&] {
        return "freed by '" + prettyName(CB->getCalledFunction()) + "'";
      });
    std::optional<StringRef> FreeFamily = getAllocationFamily(CB, &TLI);
    auto Callee = [&] { return prettyName(CB->getCalledFunction()); };
    if (!FreeFamily || *FreeFamily != Family)
      return fail(CB, Refusal::Free, [&] {
        return "freed by '" + Callee() +
               "', which does not match the allocation";
      });
    if (isNewFamily(Family) &&
        !CB->getAttributes().hasFnAttr(Attribute::Builtin))
      return fail(CB, Refusal::Free, [&] {
        return "freed by a direct call to '" + Callee() +
               "' (not a delete-expression), which may be replaced";
      });
    if (CB->isNoBuiltin())
      return fail(CB, Refusal::Free, [&] {
        return "freed by '" + Callee() + "', marked nobuiltin";
      });
    if (Reloaded) {
      // Whatever the variable held when loaded: only a placement whose
      // frees test the pointer at run time can take it.
      Guarded.insert(CB);
    } else if (stripCopies(U->get()) != Alloc) {
      // A phi of this site's objects and null (an object of an earlier
      // iteration): only a runtime-guarded placement (frame arena) can take
      // it; analyze() decides. A merge with other whole pointers (another
      // site's object, a pointer loaded back from a variable holding this
      // one): the same test, which frees whatever else it is on the heap.
      // (Not an invoke, which a conversion replaces: another site's
      // candidate may hold the same free. Not a pointer into the object.)
      if (onlyThisSiteOrNull(U->get(), Alloc)) {
        if (!FreeViaPhi)
          FreeViaPhi = CB;
      } else if (isa<CallInst>(CB) &&
                 onlyThisSiteOrNull(U->get(), Alloc, /*OrWhole=*/true)) {
        Guarded.insert(CB);
      } else {
        return fail(CB, Refusal::Free,
                    "freed through a pointer that may not be this "
                    "allocation");
      }
    }
    if (!is_contained(Frees, CB))
      Frees.push_back(CB);
  }

  /// The analysis proved that the callee does not keep (with \p NoFree:
  /// nor free) argument \p ArgNo with another translation unit's summary,
  /// which the pass does not use by default (FrontendFacts.h,
  /// docs/cross-tu.md).
  static std::string withheldNote(const Function *Callee, unsigned ArgNo,
                                  bool NoFree) {
    if (!Callee || !escape::withheldFrontendFact(*Callee, ArgNo, NoFree))
      return "";
    return "; the analysis shows it does not, with another translation "
           "unit's summary, which reaches the code only with "
           "-fplugin-arg-escape-xtu-ir-facts (a clean build)";
  }

  /// Why the body of a callee defined here proves nothing.
  static std::string replaceableNote(const Function *Callee) {
    if (!Callee || Callee->isDeclaration() || Callee->hasExactDefinition())
      return "";
    if (Callee->isInterposable())
      return "; its body here proves nothing: a weak definition may be "
             "replaced at link time by another one";
    StringRef Linkage = Callee->hasAvailableExternallyLinkage()
                            ? "available_externally"
                        : Callee->hasWeakODRLinkage() ? "weak_odr"
                                                      : "linkonce_odr";
    return ("; its body here proves nothing: an inline function or template "
            "(" +
            Linkage +
            ") may be replaced at link time by another translation unit's, "
            "differently optimized copy")
        .str();
  }

  /// Why the call \p CB may keep argument \p ArgNo (the use followed).
  std::string keptByCallMessage(const CallBase *CB, unsigned ArgNo) const {
    const Function *Callee = CB->getCalledFunction();
    if (std::string Why = bodyNote(CB, ArgNo); !Why.empty())
      return "passed to '" + prettyName(Callee) + "', whose body here " +
             "may keep or free it: " + Why;
    if (!Callee && Notes)
      if (auto It = Notes->find({Alloc, CB}); Alloc && It != Notes->end())
        return "passed to a virtual call whose target is not known (" +
               It->second + "), which may keep it";
    if (CB->isInlineAsm())
      return "passed to inline assembly, which may keep it";
    if (!Callee)
      return "passed to an indirect call, which may keep it";
    std::string Name = prettyName(Callee);
    StringRef Raw = Callee->getName();
    if (Raw == "pthread_create" || Raw == "thrd_create" ||
        Raw.contains("6thread") || Raw.contains("5async"))
      return "sent to another thread by '" + Name + "'";
    return "passed to '" + Name +
           "', which may keep it: mark the parameter [[clang::noescape]]";
  }

  /// What a conversion's integer is used for, when it is stored (as
  /// clang -O2 stores a pointer copied through an integer type, e.g. a
  /// unique_ptr moved into another object), converted back or returned: the
  /// first such direct use, in words, or nothing.
  std::string integerUseNote(const PtrToIntInst *P) const {
    for (const User *U : P->users()) {
      if (auto *SI = dyn_cast<StoreInst>(U); SI && SI->getValueOperand() == P) {
        const Value *Obj = getUnderlyingObject(SI->getPointerOperand());
        if (auto *GV = dyn_cast<GlobalVariable>(Obj))
          return " and stored to global '" + demangle(GV->getName()) + "'";
        if (auto *A = dyn_cast<Argument>(Obj))
          return A->hasStructRetAttr()
                     ? " and stored to the returned object (sret)"
                     : " and stored through a parameter, reachable after "
                       "return";
        if (isa<AllocaInst>(Obj))
          return " and stored to a local variable";
        if (auto *CB = dyn_cast<CallBase>(Obj);
            CB && CB != Alloc && isAllocationFn(CB, &TLI))
          return " and stored into another heap object (allocated by '" +
                 prettyName(CB->getCalledFunction()) +
                 "'), which may outlive the frame";
        return " and stored to memory that may outlive the frame";
      }
      if (isa<IntToPtrInst>(U))
        return " and converted back to a pointer";
      if (isa<ReturnInst>(U))
        return " and returned";
    }
    return "";
  }

  /// \p SI stores \p V, the pointer or (\p Prefix says so) its bits: into
  /// a local variable of the frame, a container that checkContainer judges;
  /// anywhere else, the object escapes by that store (a store into another
  /// allocation is judged again if that one moves: heldByNewSlots).
  void describeStore(StoreInst *SI, const Value *V, StringRef Prefix = "") {
    const Value *Obj = getUnderlyingObject(SI->getPointerOperand());
    if (auto *AI = dyn_cast<AllocaInst>(Obj);
        AI && SI->getValueOperand() == V && !SI->isVolatile() &&
        AI->getFunction() == RootFn) {
      Containers.push_back({SI, const_cast<AllocaInst *>(AI)});
      return;
    }
    if (auto *GV = dyn_cast<GlobalVariable>(Obj))
      return fail(SI, Refusal::Escapes, [&] {
        return (Prefix + "stored to global '" + demangle(GV->getName()) + "'")
            .str();
      });
    if (auto *A = dyn_cast<Argument>(Obj)) {
      if (A->hasStructRetAttr())
        return fail(SI, Refusal::Escapes,
                    Prefix + "stored to the returned object (sret)");
      return fail(SI, Refusal::Escapes, [&] {
        std::string Param = A->hasName() ? "'" + A->getName().str() + "'"
                                         : "#" + std::to_string(A->getArgNo());
        return (Prefix + "stored through parameter " + Param +
                ", reachable after return")
            .str();
      });
    }
    if (isa<AllocaInst>(Obj))
      return fail(SI, Refusal::Escapes,
                  Prefix + "stored to a local variable's memory");
    if (auto *CB = dyn_cast<CallBase>(Obj);
        CB && CB != Alloc && isAllocationFn(CB, &TLI))
      return fail(SI, Refusal::Escapes, [&] {
        return (Prefix + "stored into another heap object (allocated by '" +
                prettyName(CB->getCalledFunction()) +
                "'), which may outlive the frame")
            .str();
      });
    return fail(SI, Refusal::Escapes,
                Prefix + "stored to memory that may outlive the frame");
  }

  void describeCapture(const Use *U) {
    auto *I = cast<Instruction>(U->getUser());
    if (isa<ReturnInst>(I))
      return fail(I, Refusal::Escapes, "returned");
    if (auto *SI = dyn_cast<StoreInst>(I))
      return describeStore(SI, U->get());
    if (auto *P = dyn_cast<PtrToIntInst>(I); P && onlyStoredWhole(P)) {
      ++NumIntegerStores;
      for (User *PU : P->users()) {
        describeStore(cast<StoreInst>(PU), P, "converted to an integer and ");
        if (failed())
          return;
      }
      return;
    }
    if (auto *P = dyn_cast<PtrToIntInst>(I))
      return fail(I, Refusal::Escapes, [&] {
        return "converted to an integer" + integerUseNote(P);
      });
    if (auto *CB = dyn_cast<CallBase>(I))
      return fail(I, Refusal::Escapes, [&] {
        return keptByCallMessage(
            CB, CB->isArgOperand(U) ? CB->getArgOperandNo(U) : ~0u);
      });
    if (isa<InsertValueInst>(I) || isa<InsertElementInst>(I))
      return fail(I, Refusal::Escapes,
                  "put into an aggregate value (returned or passed by "
                  "value)");
    // (Its address operand is accessesThrough().)
    if (isa<AtomicCmpXchgInst>(I) &&
        U->getOperandNo() == 1) // (the compare operand)
      return fail(I, Refusal::Escapes,
                  "compared with memory by an atomic compare-exchange");
    if (isa<AtomicCmpXchgInst>(I) || isa<AtomicRMWInst>(I))
      return fail(I, Refusal::Escapes,
                  "stored to memory by an atomic operation");
    return fail(I, Refusal::Escapes,
                Twine("captured by '") + I->getOpcodeName() + "'");
  }
};

/// Functions a library call recognised by TargetLibraryInfo may call through
/// a function-pointer argument.
bool takesCallback(LibFunc LF) {
  return LF == LibFunc_qsort || LF == LibFunc_atexit ||
         LF == LibFunc_cxa_atexit;
}

/// The C++ runtime's exception and guard functions (`__cxa_*`, `_Unwind_*`,
/// `std::terminate`, libstdc++'s `std::__throw_*`). They call into the module
/// only through what they are handed -- an exception's destructor, passed to
/// `__cxa_throw` and run by whichever of them ends the exception's life --
/// and through a replacement of the global operator new/delete (a library
/// exception's message). Unwinding runs landing pads in frames that are
/// already active; a terminate handler does not return.
bool isCxxRuntime(StringRef Name) {
  return Name.starts_with("__cxa_") || Name.starts_with("_Unwind_") ||
         Name == "_ZSt9terminatev" ||
         (Name.starts_with("_ZSt") && Name.contains("__throw_"));
}

/// What isCxxRuntime functions may call in \p M: the exception destructors
/// handed to `__cxa_throw`, and the module's replacements of the global
/// operator new and delete.
SmallVector<const Function *, 8> cxxRuntimeCallbacks(const Module &M) {
  SmallVector<const Function *, 8> Callees;
  if (const Function *Throw = M.getFunction("__cxa_throw"))
    for (const User *U : Throw->users())
      if (auto *CB = dyn_cast<CallBase>(U))
        for (const Value *Arg : CB->args())
          if (auto *Fn = dyn_cast<Function>(Arg->stripPointerCasts()))
            if (!Fn->isDeclaration() && !is_contained(Callees, Fn))
              Callees.push_back(Fn);
  for (const Function &Fn : M)
    if (!Fn.isDeclaration() &&
        (Fn.getName().starts_with("_Znw") || Fn.getName().starts_with("_Zna") ||
         Fn.getName().starts_with("_Zdl") || Fn.getName().starts_with("_Zda")))
      Callees.push_back(&Fn);
  return Callees;
}

/// The C library's functions that end the process without running any of
/// the program's code (a failed `assert`, `abort`): no callback can come
/// from them, bar a signal handler, which may run anywhere anyway. Only
/// declared ones that do not return.
bool endsProcess(const Function &Callee) {
  StringRef N = Callee.getName();
  return Callee.isDeclaration() && Callee.doesNotReturn() &&
         (N == "abort" || N == "__assert_fail" || N == "__assert_perror_fail" ||
          N == "__assert_rtn" || N == "_assert");
}

/// Whether code outside the module (an unknown callee) may call \p F again
/// while it is active: F, or a function that calls it (transitively), is
/// externally visible or has its address taken. `main` is not such an entry:
/// C++ forbids using it, and a C library does not call it back.
bool reenterable(const Function &F) {
  SmallVector<const Function *, 16> Work{&F};
  SmallPtrSet<const Function *, 32> Seen{&F};
  while (!Work.empty()) {
    const Function *G = Work.pop_back_val();
    if (G->getName() == "main")
      continue;
    if (!G->hasLocalLinkage())
      return true;
    for (const Use &U : G->uses()) {
      auto *CB = dyn_cast<CallBase>(U.getUser());
      if (!CB || !CB->isCallee(&U))
        return true; // address taken
      if (Seen.insert(CB->getFunction()).second)
        Work.push_back(CB->getFunction());
    }
    if (Seen.size() > 2048)
      return true;
  }
  return false;
}

/// Whether \p F may be active more than once on the stack, so that what a
/// conversion adds to its frame is added once per level of a recursion of
/// unbounded depth: F is in a cycle of the module's call graph (direct or
/// mutual recursion), or reaches a callee that may call back into the module
/// (an indirect call, inline assembly, a declaration that is neither an
/// intrinsic, nor `nocallback`, nor one that ends the process (endsProcess),
/// nor a library function TargetLibraryInfo
/// recognises that takes no callback, nor the C++ runtime, or a definition
/// that may be replaced at link time) while F is re-enterable from outside.
/// Function constants handed to a library function are callees. Returns the
/// function through which it may recurse (the first callee on the way), and
/// whether that is a cycle of the module's call graph (Cycle) rather than a
/// call back from code the pass cannot see; nullopt if it may not recurse. A
/// call graph too large to walk counts as a cycle.
struct RecursionPath {
  std::string Via;
  bool Cycle;
};
std::optional<RecursionPath> mayRecurse(const Function &F,
                                        const TargetLibraryInfo &TLI) {
  // For every function reached: the callee of F through which it was.
  DenseMap<const Function *, const Function *> Via;
  SmallVector<const Function *, 32> Work{&F};
  std::optional<bool> Reenterable;
  std::optional<SmallVector<const Function *, 8>> RuntimeCallees;
  size_t Scanned = 0;
  bool Cycle = false;
  std::optional<std::string> Unseen; ///< A first call back from unknown code.
  while (!Work.empty()) {
    const Function *G = Work.pop_back_val();
    for (const BasicBlock &BB : *G)
      for (const Instruction &I : BB) {
        if (++Scanned > 200000)
          return RecursionPath{"a call graph too large to analyze", true};
        auto *CB = dyn_cast<CallBase>(&I);
        if (!CB || isa<IntrinsicInst>(CB))
          continue;
        const Function *Hop = G == &F ? nullptr : Via.lookup(G);
        // (A way back found by walking the call graph is a cycle.)
        auto Reach = [&](const Function *Callee) -> std::optional<std::string> {
          const Function *First = Hop ? Hop : Callee;
          if (Callee == &F) {
            Cycle = true;
            return "'" + prettyName(First) + "'";
          }
          if (Via.try_emplace(Callee, First).second)
            Work.push_back(Callee);
          if (Via.size() > 2048) {
            Cycle = true;
            return std::string("a call graph too large to analyze");
          }
          return std::nullopt;
        };
        auto Unknown = [&](const Twine &What) -> std::optional<std::string> {
          if (!Reenterable)
            Reenterable = reenterable(F);
          if (*Reenterable)
            return What.str();
          return std::nullopt;
        };
        std::optional<std::string> Why;
        const Function *Callee = CB->getCalledFunction();
        if (CB->isInlineAsm()) {
          Why = Unknown("inline assembly");
        } else if (!Callee) {
          Why = Unknown("an indirect call, which may call back into the "
                        "module");
        } else if (!Callee->isDeclaration()) {
          Why = Reach(Callee);
          if (!Why && Callee->isInterposable())
            Why = Unknown("'" + prettyName(Callee) +
                          "', whose definition may be replaced at link time");
        } else if (Callee->isIntrinsic() ||
                   Callee->hasFnAttribute(Attribute::NoCallback) ||
                   endsProcess(*Callee)) {
          continue;
        } else if (isCxxRuntime(Callee->getName())) {
          if (!RuntimeCallees)
            RuntimeCallees = cxxRuntimeCallbacks(*F.getParent());
          for (const Function *Fn : *RuntimeCallees)
            if (!Why)
              Why = Reach(Fn);
        } else if (LibFunc LF; TLI.getLibFunc(*Callee, LF) && TLI.has(LF)) {
          // A library function calls back only what it is handed.
          for (const Value *Arg : CB->args())
            if (auto *Fn = dyn_cast<Function>(Arg->stripPointerCasts()))
              if (!Why && !Fn->isDeclaration())
                Why = Reach(Fn);
          if (!Why && takesCallback(LF))
            Why = Unknown("'" + prettyName(Callee) +
                          "', which may call back into the module");
        } else {
          Why = Unknown("'" + prettyName(Callee) +
                        "', which may call back into the module");
        }
        // (A call back from unknown code is kept while the walk looks for
        // a cycle, which decides how the buffer is bounded.)
        if (Why && Cycle)
          return RecursionPath{std::move(*Why), true};
        if (Why && !Unseen)
          Unseen = std::move(*Why);
      }
  }
  if (Unseen)
    return RecursionPath{std::move(*Unseen), false};
  return std::nullopt;
}

/// Indirect calls through the allocation's virtual-table pointer: C++
/// virtual calls on an object whose constructor ran in this function, such
/// as the `_M_dispose` and `_M_destroy` calls of a std::shared_ptr control
/// block made by std::make_shared. GVN does not forward the vtable pointer
/// the constructor stored to these loads across the reference count's
/// atomic operations (acquire loads, acq_rel read-modify-writes clobber
/// every location for it), so the calls stay indirect and the object is
/// "passed to an indirect call". Here the forwarding is done for the one
/// object: a load of a pointer at constant offset VOff of the allocation
/// reads a vtable pointer the function stored when
///  * every write the function makes to bytes [VOff, VOff + 8) of the object
///    is a store of a constant (the vtables the constructors stored), and
///    every path from the allocation to the load passes one of them;
///  * no use of the object that may write it at an unknown place or keep a
///    copy of the pointer (a call that may write through the pointer or
///    capture it, a store of the pointer, a write at a variable offset, ...)
///    can run between the allocation and the load. Until such a use the
///    pointer is in no other hands, so nothing else writes the object; an
///    earlier execution of the allocation (a loop) made another object.
/// The function pointer in the vtable slot is then a constant of the
/// vtable's initializer; when every stored vtable gives the same function,
/// the call becomes a direct call to it (a call to the same symbol the
/// vtable names). Its body is then judged like any direct callee's, and the
/// inliner, which the CGSCC pipeline runs again when a call is
/// devirtualized, can inline it (a delete of `this` becomes a free of the
/// allocation in this frame). Returns the number of calls made direct.
/// With \p Notes, says why each virtual call left indirect is (for remarks).
/// A store of a null pointer or zero, or a memset of zero.
static bool writesNull(const Instruction *I) {
  if (auto *SI = dyn_cast<StoreInst>(I))
    return !SI->isVolatile() && isa<Constant>(SI->getValueOperand()) &&
           cast<Constant>(SI->getValueOperand())->isNullValue();
  if (auto *MS = dyn_cast<MemSetInst>(I))
    return !MS->isVolatile() && isa<ConstantInt>(MS->getValue()) &&
           cast<ConstantInt>(MS->getValue())->isZero();
  return false;
}

/// A direct call whose body the pass may inline here: a definition that is
/// not interposable (a linkonce_odr body counts: see hidesVirtualCalls), not
/// variadic, not this function, of the call's type, not optnone, with a
/// compatible personality, and a call not marked noinline.
static bool inlinableBody(const CallBase *CB) {
  const Function *F = CB->getCalledFunction();
  return F && !F->isDeclaration() && !F->isInterposable() && !F->isVarArg() &&
         F != CB->getFunction() &&
         F->getFunctionType() == CB->getFunctionType() &&
         !F->hasFnAttribute(Attribute::OptimizeNone) &&
         !CB->getAttributes().hasFnAttr(Attribute::NoInline) &&
         !(F->hasPersonalityFn() && CB->getFunction()->hasPersonalityFn() &&
           F->getPersonalityFn() != CB->getFunction()->getPersonalityFn());
}

/// A call that hides virtual calls the frame could resolve: a direct call
/// to a small function whose body makes indirect calls and no direct ones
/// (so that inlining it adds no edge to the call graph), whose body is not
/// interposable. A linkonce_odr or weak_odr body counts: proving facts from
/// it would be wrong (another copy may run), but running it is one of the
/// behaviours the program may have, so its inlined copy is what runs here.
/// libstdc++'s std::shared_ptr release calls _M_release_last_use_cold
/// (marked noinline) with the control block; its virtual _M_dispose and
/// _M_destroy calls are resolved once it is inlined where the block's
/// constructor ran.
/// Direct calls in the body are allowed to functions that satisfy the same
/// rule, \p Depth levels deep (a std::shared_ptr destructor calling
/// _M_release_last_use_cold): they are callees of callees, already in the
/// call graph below this function.
static bool hidesVirtualCalls(const CallBase *CB, unsigned Depth = 1) {
  if (!inlinableBody(CB))
    return false;
  const Function *F = CB->getCalledFunction();
  unsigned Count = 0;
  bool Indirect = false;
  for (const Instruction &I : instructions(*F)) {
    if (++Count > 64)
      return false;
    if (const auto *C = dyn_cast<CallBase>(&I)) {
      if (C->isIndirectCall())
        Indirect = true;
      else if (!isa<IntrinsicInst>(C) &&
               (Depth == 0 || C->getCalledFunction() == F ||
                !hidesVirtualCalls(C, Depth - 1)))
        return false;
    }
  }
  return Indirect;
}

/// A fresh object: a malloc-family call, or a new-expression, whose
/// operator new may not hand out memory others can reach.
static bool isFreshAllocation(const CallBase *CB,
                              const TargetLibraryInfo &TLI) {
  std::optional<StringRef> Family = getAllocationFamily(CB, &TLI);
  return Family && isAllocationFn(CB, &TLI) && !CB->isNoBuiltin() &&
         (*Family == "malloc" ||
          (isNewFamily(*Family) &&
           CB->getAttributes().hasFnAttr(Attribute::Builtin)));
}

/// Instructions of a body that hides frees (hidesFrees), and of one that
/// also reallocates (a std::string's _M_mutate has 66).
constexpr unsigned MaxHidingFrees = 64;
constexpr unsigned MaxReallocating = 128;
/// Such calls inlined per run of the pass on a function.
constexpr unsigned MaxInlinedForFreesCalls = 16;

/// A call that hides frees the frame could test: a direct call to a small
/// function that only frees, accesses memory, calls functions that do not
/// return (a failed assertion) and calls functions of the same kind (\p
/// Depth levels deep), a destructor such as a container's or
/// a smart pointer's on an exception path, which the inliner leaves there as
/// cold. A local variable holding an allocation, given to it, refuses the
/// allocation (the callee frees what it loads from there); inlined, its
/// frees are frees in this frame, which test at run time whether they free
/// the allocation (checkContainer's Reloads). As in hidesVirtualCalls, a
/// linkonce_odr or weak_odr body counts: running its copy here is one of
/// the behaviours the program may have. A body marked noinline, or a call
/// that is, is left alone. The body called (not its callees, which stay
/// calls once it is inlined) may also allocate fresh objects
/// (isFreshAllocation): a reallocation, such as std::string's _M_mutate,
/// which frees the buffer the variable held and stores a new one; inlined,
/// the new buffer is a site of this frame.
static bool hidesFrees(const CallBase *CB, const TargetLibraryInfo &TLI,
                       unsigned Depth = 2) {
  const Function *F = CB->getCalledFunction();
  if (!inlinableBody(CB) || F->hasFnAttribute(Attribute::NoInline))
    return false;
  bool Top = Depth == 2;
  unsigned Count = 0;
  bool Frees = false, Allocates = false;
  for (const Instruction &I : instructions(*F)) {
    if (++Count > (Top ? MaxReallocating : MaxHidingFrees))
      return false;
    const auto *C = dyn_cast<CallBase>(&I);
    if (!C || isa<IntrinsicInst>(C))
      continue;
    if (getFreedOperand(C, &TLI))
      Frees = true;
    else if (C->doesNotReturn())
      continue; // (an assertion's failure: the frame ends there)
    else if (Top && isFreshAllocation(C, TLI))
      Allocates = true;
    else if (C->isIndirectCall() || Depth == 0 || C->getCalledFunction() == F ||
             !hidesFrees(C, TLI, Depth - 1))
      return false;
    else
      Frees = true; // (a callee of the same kind frees)
  }
  return Frees && (Allocates || Count <= MaxHidingFrees);
}

/// The argument of \p CB that receives the returned object (`sret`).
static std::optional<unsigned> sretArgNo(const CallBase &CB) {
  for (unsigned I = 0, E = std::min(CB.arg_size(), 2u); I < E; ++I)
    if (CB.paramHasAttr(I, Attribute::StructRet))
      return I;
  return std::nullopt;
}

/// Instructions of a body that returns a fresh allocation through its
/// sret argument that the pass inlines (returnsFreshAllocation).
constexpr unsigned MaxInlinedForResult = 256;
/// Such bodies inlined per run of the pass on a function.
constexpr unsigned MaxInlinedForResultCalls = 16;

/// A call whose callee allocates the object it returns: a direct call to a
/// small body the pass may inline (inlinableBody, not noinline, viable)
/// that stores a fresh allocation (isFreshAllocation) into its sret
/// argument at a constant offset (returned), the returned object (`a + b` of
/// two std::strings when the inliner left libstdc++'s operator+ out of line, or
/// any function returning a class that owns a buffer). Left out of line, the
/// allocation is the callee's, which must keep it on the heap: the object
/// outlives its frame ("stored to the returned object (sret)"). Inlined, it is
/// this frame's site, judged like any other. As for hidesVirtualCalls, a
/// linkonce_odr body counts: its inlined copy is the one that runs.
static std::optional<int64_t>
returnsFreshAllocation(const CallBase *CB, const TargetLibraryInfo &TLI) {
  if (!inlinableBody(CB))
    return std::nullopt;
  Function *Callee = CB->getCalledFunction();
  std::optional<unsigned> RetNo = sretArgNo(*CB);
  if (Callee->hasFnAttribute(Attribute::NoInline) || !RetNo)
    return std::nullopt;
  const Argument *Ret = Callee->getArg(*RetNo);
  const DataLayout &DL = Callee->getDataLayout();
  unsigned Count = 0;
  std::optional<int64_t> StoredAt;
  for (const Instruction &I : instructions(*Callee)) {
    if (++Count > MaxInlinedForResult)
      return std::nullopt;
    const auto *A = dyn_cast<CallBase>(&I);
    if (StoredAt || !A || !isFreshAllocation(A, TLI))
      continue;
    for (const User *U : A->users()) {
      const auto *SI = dyn_cast<StoreInst>(U);
      APInt Off(DL.getIndexTypeSizeInBits(Ret->getType()), 0);
      if (SI && SI->getValueOperand() == A &&
          SI->getPointerOperand()->stripAndAccumulateConstantOffsets(
              DL, Off, /*AllowNonInbounds=*/true) == Ret) {
        StoredAt = Off.getSExtValue();
        break;
      }
    }
  }
  if (!StoredAt || !isInlineViable(*Callee).isSuccess())
    return std::nullopt;
  return StoredAt;
}

/// Whether the object \p A that \p Producer returns (a local variable) may
/// keep its buffer in this frame: a quick look, to spend no inlining where
/// the analysis would refuse the allocation anyway (the string moved or
/// copied out, given to a callee that may keep it). Its address is only
/// loaded from, stored to, compared, given to lifetime markers and to
/// memset or memcpy into it (and out of bytes after the returned pointer at
/// \p HeldAt, or wholly before it), and to calls that may leave it here: the
/// producer, a free, calls with the front end's content facts on it, calls
/// that only read through it and capture nothing, callees whose exact body
/// keeps nothing of the pointer (mayKeepHeldBytes, as checkContainer asks),
/// and calls that hide frees (inlined: hidesFrees).
static bool mayStayInFrame(const AllocaInst *A, const CallBase *Producer,
                           int64_t HeldAt, const TargetLibraryInfo &TLI) {
  const DataLayout &DL = A->getDataLayout();
  const HeldRange Held{HeldAt, HeldAt + int64_t(DL.getPointerSize()),
                       /*Pure=*/true};
  SmallVector<const Value *, 8> Work{A};
  SmallPtrSet<const Value *, 8> Seen{A};
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const Use &U : V->uses()) {
      const auto *I = cast<Instruction>(U.getUser());
      if (isa<GetElementPtrInst, BitCastInst>(I)) {
        if (Seen.insert(I).second)
          Work.push_back(I);
        continue;
      }
      if (isa<LoadInst, ICmpInst>(I))
        continue;
      // (Also its own address stored into it: a std::string pointing at
      // its small buffer.)
      if (const auto *SI = dyn_cast<StoreInst>(I)) {
        if (U.getOperandNo() == StoreInst::getPointerOperandIndex() ||
            getUnderlyingObject(SI->getPointerOperand()) == A)
          continue;
        return false;
      }
      if (const auto *II = dyn_cast<IntrinsicInst>(I)) {
        if (II->isLifetimeStartOrEnd())
          continue;
        if (const auto *MI = dyn_cast<MemIntrinsic>(II);
            MI && &U == &MI->getRawDestUse())
          continue;
        // Copied from bytes the pointer is not in (a std::string's small
        // buffer, moved into another string), as checkContainer allows.
        if (const auto *MT = dyn_cast<MemTransferInst>(II)) {
          APInt Off(DL.getIndexTypeSizeInBits(A->getType()), 0);
          if (MT->getRawSource()->stripAndAccumulateConstantOffsets(
                  DL, Off, /*AllowNonInbounds=*/true) == A &&
              copiesOutsideHeld(MT, Off.getSExtValue(), Held))
            continue;
        }
        return false;
      }
      const auto *CB = dyn_cast<CallBase>(I);
      if (!CB || !CB->isArgOperand(&U))
        return false;
      unsigned ArgNo = CB->getArgOperandNo(&U);
      const Function *Callee = CB->getCalledFunction();
      if (CB == Producer || getFreedOperand(CB, &TLI) ||
          contentFact(CB, ArgNo) != ContentFact::None ||
          (!capturesAnyProvenance(CB->getCaptureInfo(ArgNo)) &&
           (CB->onlyReadsMemory() || CB->onlyReadsMemory(ArgNo))) ||
          hidesFrees(CB, TLI))
        continue;
      // An exact body that keeps nothing of the returned pointer, as
      // checkContainer will ask.
      APInt Off(DL.getIndexTypeSizeInBits(A->getType()), 0);
      if (Callee && !Callee->isDeclaration() && Callee->hasExactDefinition() &&
          !capturesAnyProvenance(CB->getCaptureInfo(ArgNo)) &&
          U.get()->stripAndAccumulateConstantOffsets(
              DL, Off, /*AllowNonInbounds=*/true) == A &&
          !mayKeepHeldBytes(CB, ArgNo, Off.getSExtValue(), Held,
                            /*Depth=*/3))
        continue;
      return false;
    }
  }
  return true;
}

/// Inlines the calls of \p F that return a fresh allocation
/// (returnsFreshAllocation) into a local variable from which \p F frees a
/// pointer it loads (a std::string temporary's destructor) and which may
/// keep it here (mayStayInFrame): the object may die in this frame. Returns how
/// many were inlined (at most MaxInlinedForResultCalls).
static unsigned inlineResultAllocations(Function &F,
                                        const TargetLibraryInfo &TLI) {
  SmallPtrSet<const AllocaInst *, 8> FreedFrom;
  // The calls, each with the local variable it returns its object in.
  SmallVector<std::pair<CallBase *, const AllocaInst *>, 8> Calls;
  for (Instruction &I : instructions(F)) {
    auto *CB = dyn_cast<CallBase>(&I);
    if (!CB || isa<IntrinsicInst>(CB))
      continue;
    if (const Value *Freed = getFreedOperand(CB, &TLI)) {
      if (const auto *LI = dyn_cast<LoadInst>(getUnderlyingObject(Freed)))
        if (const auto *A = dyn_cast<AllocaInst>(
                getUnderlyingObject(LI->getPointerOperand())))
          FreedFrom.insert(A);
      continue;
    }
    if (std::optional<unsigned> RetNo = sretArgNo(*CB))
      if (const auto *A = dyn_cast<AllocaInst>(
              getUnderlyingObject(CB->getArgOperand(*RetNo))))
        Calls.push_back({CB, A});
  }
  unsigned Inlined = 0;
  for (auto [CB, A] : Calls) {
    if (Inlined == MaxInlinedForResultCalls)
      break;
    if (!FreedFrom.contains(A))
      continue;
    std::optional<int64_t> HeldAt = returnsFreshAllocation(CB, TLI);
    if (!HeldAt || !mayStayInFrame(A, CB, *HeldAt, TLI))
      continue;
    LLVM_DEBUG(dbgs() << "escape: inline " << *CB
                      << ", which returns a fresh allocation\n");
    InlineFunctionInfo IFI;
    if (InlineFunction(*CB, IFI).isSuccess())
      ++Inlined;
  }
  return Inlined;
}

/// Instructions of a body called by a virtual call devirtualizeThroughVptr
/// made direct that the pass inlines (inlinableDevirtualized).
constexpr unsigned MaxInlinedDevirtualized = 128;
/// Such bodies inlined per run of the pass on a function.
constexpr unsigned MaxInlinedDevirtualizedCalls = 32;

/// A call devirtualizeThroughVptr made direct, or a direct call that may
/// write the object between its vtable store and a virtual call, to a small
/// body the pass inlines. Until the body is seen, a direct call that may
/// write the object
/// is a clobber for every virtual call on it after the call (the vtable
/// pointer may change), and a replaceable body proves nothing about what it
/// does with the pointer. The CGSCC pipeline runs the inliner again on a
/// function whose calls became direct only when it then counts fewer
/// indirect and more direct calls than before its own inlining, which the
/// virtual calls of the bodies the inliner brought in defeat (GoogleMock's
/// matcher code). As for hidesVirtualCalls, a linkonce_odr body counts: its
/// inlined copy is the one that runs. Not a call marked noinline, nor a
/// body.
static bool inlinableDevirtualized(const CallBase *CB) {
  if (!inlinableBody(CB))
    return false;
  Function *Callee = CB->getCalledFunction();
  if (Callee->hasFnAttribute(Attribute::NoInline))
    return false;
  unsigned Count = 0;
  for (const BasicBlock &BB : *Callee)
    Count += BB.size();
  return Count <= MaxInlinedDevirtualized &&
         isInlineViable(*Callee).isSuccess();
}

/// Makes direct the virtual calls on \p Alloc whose target its vtable
/// pointer proves; returns how many, and appends them to \p Made, with the
/// direct calls that may write the object before a virtual call left
/// indirect (the run inlines the small ones: inlinableDevirtualized). With
/// \p Notes, why the others stay indirect; with \p Hidden, the calls that
/// hide virtual calls on the object (hidesVirtualCalls), to be inlined.
unsigned devirtualizeThroughVptr(CallBase *Alloc, const TargetLibraryInfo &TLI,
                                 VirtualCallNotes *Notes,
                                 SmallVectorImpl<CallBase *> *Hidden = nullptr,
                                 SmallVectorImpl<CallBase *> *Made = nullptr) {
  const DataLayout &DL = Alloc->getDataLayout();
  unsigned IdxBits = DL.getIndexTypeSizeInBits(Alloc->getType());
  uint64_t PtrBytes = DL.getPointerSize();
  // Writes at a known offset and size; everything that may write at an
  // unknown place or keep the pointer (Clobbers); pointer loads at a known
  // offset (vtable pointer candidates).
  struct Write {
    Instruction *I;
    int64_t Off;
    uint64_t Size;
  };
  SmallVector<Write, 16> Writes;
  SmallVector<Instruction *, 16> Clobbers;
  SmallVector<std::pair<LoadInst *, int64_t>, 8> PtrLoads;
  SmallVector<std::pair<Value *, std::optional<int64_t>>, 16> Work{{Alloc, 0}};
  SmallPtrSet<Value *, 32> Seen{Alloc};
  DenseMap<Value *, std::optional<int64_t>> OffsetOf; ///< Of a derived value.
  // Local variables holding the pointer (the std::shared_ptr objects of the
  // frame): a store of a derived value of pointer size at a constant offset
  // of an alloca, and what the function does with the alloca.
  struct HeldStore {
    StoreInst *S;
    AllocaInst *A;
    int64_t Slot;                  ///< Offset in A.
    std::optional<int64_t> ValOff; ///< Offset of the stored value.
  };
  SmallVector<HeldStore, 8> HeldStores;
  struct AUse {
    Instruction *I;
    int64_t Off;
    uint64_t Size;
  };
  struct ContainerUses {
    bool Scanned = false;
    bool Opaque = false;              ///< Its address may be kept or unknown.
    SmallVector<LoadInst *, 4> Loads; ///< Loads of A (offset in LoadOff).
    DenseMap<LoadInst *, int64_t> LoadOff;
    SmallVector<AUse, 4> Writes; ///< Stores, memsets, memcpys into A.
    SmallVector<AUse, 4> Reads;  ///< memcpy/memmove from A.
    SmallVector<Instruction *, 2> CallUses; ///< Calls not capturing A.
  };
  MapVector<AllocaInst *, ContainerUses> Containers;
  SmallVector<CallBase *, 2> HiddenHolders;
  SmallPtrSet<LoadInst *, 8> Admitted;
  // Where A's address goes (constant offsets; anything else makes A
  // opaque).
  auto ScanContainer = [&](AllocaInst *A, ContainerUses &CU) {
    CU.Scanned = true;
    SmallVector<std::pair<Value *, int64_t>, 8> AWork{{A, 0}};
    SmallPtrSet<Value *, 16> ASeen{A};
    while (!AWork.empty()) {
      auto [V, Off] = AWork.pop_back_val();
      for (Use &U : V->uses()) {
        auto *I = dyn_cast<Instruction>(U.getUser());
        if (!I || ASeen.size() > 256) {
          CU.Opaque = true;
          return;
        }
        if (auto *GEP = dyn_cast<GetElementPtrInst>(I)) {
          APInt Delta(IdxBits, 0);
          if (!GEP->accumulateConstantOffset(DL, Delta)) {
            CU.Opaque = true;
            return;
          }
          if (ASeen.insert(I).second)
            AWork.push_back({I, Off + Delta.getSExtValue()});
        } else if (isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I)) {
          if (ASeen.insert(I).second)
            AWork.push_back({I, Off});
        } else if (auto *LI = dyn_cast<LoadInst>(I)) {
          CU.Loads.push_back(LI);
          CU.LoadOff[LI] = Off;
        } else if (auto *SI = dyn_cast<StoreInst>(I);
                   SI &&
                   U.getOperandNo() == StoreInst::getPointerOperandIndex()) {
          CU.Writes.push_back(
              {I, Off, DL.getTypeStoreSize(SI->getValueOperand()->getType())});
        } else if (auto *RMW = dyn_cast<AtomicRMWInst>(I);
                   RMW && U.getOperandNo() ==
                              AtomicRMWInst::getPointerOperandIndex()) {
          // (It reads what it overwrites: its result.)
          uint64_t Size = DL.getTypeStoreSize(RMW->getValOperand()->getType());
          CU.Writes.push_back({I, Off, Size});
          CU.Reads.push_back({I, Off, Size});
        } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I);
                   CX && U.getOperandNo() ==
                             AtomicCmpXchgInst::getPointerOperandIndex()) {
          uint64_t Size =
              DL.getTypeStoreSize(CX->getNewValOperand()->getType());
          CU.Writes.push_back({I, Off, Size});
          CU.Reads.push_back({I, Off, Size});
        } else if (auto *MI = dyn_cast<MemIntrinsic>(I);
                   MI && isa<ConstantInt>(MI->getLength())) {
          uint64_t Len = cast<ConstantInt>(MI->getLength())->getZExtValue();
          if (&U == &MI->getRawDestUse())
            CU.Writes.push_back({I, Off, Len});
          else
            CU.Reads.push_back({I, Off, Len});
        } else if (auto *II = dyn_cast<IntrinsicInst>(I);
                   II && (II->isLifetimeStartOrEnd() ||
                          II->isAssumeLikeIntrinsic())) {
          continue;
        } else if (isa<ICmpInst>(I)) {
          continue;
        } else if (auto *CB = dyn_cast<CallBase>(I);
                   CB && CB->isArgOperand(&U) &&
                   CB->doesNotCapture(CB->getArgOperandNo(&U))) {
          // It may read the pointer from A and write the object, or store
          // into A, during the call: a clobber there.
          CU.CallUses.push_back(I);
        } else {
          // (A call that may keep A's address but hides virtual calls, e.g.
          // a shared_ptr destructor whose body proves nothing: inlined, it
          // shows what it does with A.)
          if (auto *CB = dyn_cast<CallBase>(I); CB && hidesVirtualCalls(CB))
            HiddenHolders.push_back(CB);
          CU.Opaque = true;
          return;
        }
      }
    }
  };
  // Whether bytes [Off, Off + Size) of A overlap a slot holding the pointer.
  auto OverlapsSlot = [&](AllocaInst *A, int64_t Off, uint64_t Size) {
    return any_of(HeldStores, [&](const HeldStore &H) {
      return H.A == A && Off < H.Slot + int64_t(PtrBytes) &&
             H.Slot < Off + int64_t(Size);
    });
  };
  // A load of a slot reads this execution's object when every path to it
  // runs the allocation and, after its last execution, a store of the
  // object into the slot.
  const Instruction *Entry = &Alloc->getFunction()->getEntryBlock().front();
  // Every path from the function's entry to X runs the allocation.
  auto AfterAlloc = [&](const Instruction *X) {
    return Entry == Alloc || !reachesWithout(Entry, X, Alloc);
  };
  auto Fresh = [&](LoadInst *LI, AllocaInst *A, int64_t Off) {
    if (!AfterAlloc(LI))
      return false;
    // A store of the object, or of null (a store of a null pointer, a zero
    // memset) over the whole slot.
    return !reachesWithout(Alloc, LI, [&](const Instruction &I) {
      if (any_of(HeldStores, [&](const HeldStore &H) {
            return H.S == &I && H.A == A && H.Slot == Off;
          }))
        return true;
      const ContainerUses &CU = Containers.find(A)->second;
      return any_of(CU.Writes, [&](const AUse &W) {
        return W.I == &I && W.Off <= Off &&
               Off + int64_t(PtrBytes) <= W.Off + int64_t(W.Size) &&
               writesNull(&I);
      });
    });
  };
  // A phi of values derived from the allocation (or null) that the
  // allocation dominates: its value is this execution's object too (no
  // path from the allocation to it avoids the definitions it merges).
  SmallVector<PHINode *, 4> Phis;
  auto PhiOfObject = [&](PHINode *PN) {
    if (!AfterAlloc(PN))
      return false;
    return all_of(PN->incoming_values(), [&](Value *In) {
      return Seen.count(In) ||
             (isa<Constant>(In) && cast<Constant>(In)->isNullValue());
    });
  };
  while (true) {
    while (!Work.empty()) {
      Value *V = Work.back().first;
      std::optional<int64_t> Off = Work.back().second;
      OffsetOf[V] = Off;
      Work.pop_back();
      for (Use &U : V->uses()) {
        auto *I = dyn_cast<Instruction>(U.getUser());
        if (!I || Seen.size() > 1024)
          return 0;
        auto WriteOf = [&](uint64_t Size) {
          if (Off)
            Writes.push_back({I, *Off, Size});
          else
            Clobbers.push_back(I);
        };
        unsigned Op = U.getOperandNo();
        if (auto *GEP = dyn_cast<GetElementPtrInst>(I)) {
          APInt Delta(IdxBits, 0);
          std::optional<int64_t> O;
          if (Off && GEP->accumulateConstantOffset(DL, Delta))
            O = *Off + Delta.getSExtValue();
          if (Seen.insert(I).second)
            Work.push_back({I, O});
        } else if (isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I) ||
                   (isa<PHINode>(I) && isCopyPhi(cast<PHINode>(I)))) {
          if (Seen.insert(I).second)
            Work.push_back({I, Off});
        } else if (auto *PN = dyn_cast<PHINode>(I)) {
          if (!is_contained(Phis, PN))
            Phis.push_back(PN);
        } else if (auto *LI = dyn_cast<LoadInst>(I)) {
          if (Off && LI->getType()->isPointerTy() && !LI->isVolatile())
            PtrLoads.push_back({LI, *Off});
        } else if (auto *SI = dyn_cast<StoreInst>(I)) {
          if (Op == StoreInst::getPointerOperandIndex()) {
            WriteOf(DL.getTypeStoreSize(SI->getValueOperand()->getType()));
            continue;
          }
          APInt SOff(IdxBits, 0);
          auto *A = dyn_cast<AllocaInst>(
              SI->getPointerOperand()->stripAndAccumulateConstantOffsets(
                  DL, SOff, /*AllowNonInbounds=*/true));
          if (A && !SI->isVolatile() &&
              SI->getValueOperand()->getType()->isPointerTy() &&
              DL.getTypeStoreSize(SI->getValueOperand()->getType()) ==
                  PtrBytes) {
            HeldStores.push_back({SI, A, SOff.getSExtValue(), Off});
            Containers[A];
          } else {
            Clobbers.push_back(I);
          }
        } else if (auto *P = dyn_cast<PtrToIntInst>(I);
                   P && onlyStoredWhole(P)) {
          // The pointer's bits stored whole: a store of the pointer.
          for (User *PU : P->users()) {
            auto *SI = cast<StoreInst>(PU);
            APInt SOff(IdxBits, 0);
            if (auto *A = dyn_cast<AllocaInst>(
                    SI->getPointerOperand()->stripAndAccumulateConstantOffsets(
                        DL, SOff, /*AllowNonInbounds=*/true))) {
              HeldStores.push_back({SI, A, SOff.getSExtValue(), Off});
              Containers[A];
            } else {
              Clobbers.push_back(SI);
            }
          }
        } else if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
          if (Op == AtomicRMWInst::getPointerOperandIndex())
            WriteOf(DL.getTypeStoreSize(RMW->getValOperand()->getType()));
          else
            Clobbers.push_back(I);
        } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I)) {
          if (Op == AtomicCmpXchgInst::getPointerOperandIndex())
            WriteOf(DL.getTypeStoreSize(CX->getNewValOperand()->getType()));
          else
            Clobbers.push_back(I);
        } else if (isa<ICmpInst>(I)) {
          continue;
        } else if (auto *MI = dyn_cast<MemIntrinsic>(I)) {
          auto *Len = dyn_cast<ConstantInt>(MI->getLength());
          if (&U == &MI->getRawDestUse() && Len)
            WriteOf(Len->getZExtValue());
          else if (!isa<MemTransferInst>(MI) ||
                   &U != &cast<MemTransferInst>(MI)->getRawSourceUse())
            Clobbers.push_back(I);
        } else if (auto *II = dyn_cast<IntrinsicInst>(I);
                   II && II->isAssumeLikeIntrinsic()) {
          continue;
        } else if (auto *CB = dyn_cast<CallBase>(I);
                   CB && getFreedOperand(CB, &TLI) == U.get()) {
          // A deallocation: reading the vtable pointer after it is undefined,
          // so no load that may execute after it reads what it did.
          continue;
        } else if (auto *CB = dyn_cast<CallBase>(I);
                   CB && CB->isArgOperand(&U) &&
                   (CB->onlyReadsMemory() ||
                    CB->onlyReadsMemory(CB->getArgOperandNo(&U))) &&
                   CB->doesNotCapture(CB->getArgOperandNo(&U))) {
          continue; // reads the object during the call and keeps nothing
        } else {
          Clobbers.push_back(I);
        }
      }
    }
    // The containers met so far, and their loads of the pointer that read
    // this execution's object: values derived from the allocation too.
    for (auto &[A, CU] : Containers)
      if (!CU.Scanned)
        ScanContainer(A, CU);
    bool More = false;
    for (auto &[A, CU] : Containers) {
      if (CU.Opaque)
        continue;
      for (LoadInst *LI : CU.Loads) {
        int64_t Off = CU.LoadOff.lookup(LI);
        if (Admitted.count(LI) || LI->isVolatile() ||
            !LI->getType()->isPointerTy() ||
            DL.getTypeStoreSize(LI->getType()) != PtrBytes)
          continue;
        std::optional<std::optional<int64_t>> ValOff;
        for (const HeldStore &H : HeldStores)
          if (H.A == A && H.Slot == Off)
            ValOff = !ValOff || *ValOff == H.ValOff ? H.ValOff
                                                    : std::optional<int64_t>();
        if (!ValOff || !Fresh(LI, A, Off))
          continue;
        Admitted.insert(LI);
        if (Seen.insert(LI).second) {
          Work.push_back({LI, *ValOff});
          More = true;
        }
      }
    }
    for (PHINode *PN : Phis)
      if (!Seen.count(PN) && PhiOfObject(PN)) {
        // The offset when every incoming object is at the same one.
        std::optional<std::optional<int64_t>> POff;
        for (Value *In : PN->incoming_values())
          if (auto It = OffsetOf.find(In); It != OffsetOf.end())
            POff = !POff || *POff == It->second ? It->second
                                                : std::optional<int64_t>();
        Seen.insert(PN);
        Work.push_back({PN, POff ? *POff : std::nullopt});
        More = true;
      }
    if (!More)
      break;
  }
  for (PHINode *PN : Phis)
    if (!Seen.count(PN))
      Clobbers.push_back(PN);
  // What the containers add: a use that may read the pointer out of a
  // container other than an admitted load, or a call receiving it, is a
  // clobber where it runs; a container whose address may be kept or is
  // used in a way not followed holds the pointer in other hands from the
  // store on. A slot whose admitted loads might read another pointer (a
  // store of anything but the object or null into it) leaves the object
  // unknown.
  for (auto &Held : Containers) {
    AllocaInst *A = Held.first;
    ContainerUses &CU = Held.second;
    if (CU.Opaque) {
      for (const HeldStore &H : HeldStores)
        if (H.A == A)
          Clobbers.push_back(H.S);
      continue;
    }
    for (LoadInst *LI : CU.Loads)
      if (!Admitted.count(LI) &&
          OverlapsSlot(A, CU.LoadOff.lookup(LI),
                       DL.getTypeStoreSize(LI->getType())))
        Clobbers.push_back(LI);
    for (const AUse &R : CU.Reads)
      if (OverlapsSlot(A, R.Off, R.Size))
        Clobbers.push_back(R.I);
    append_range(Clobbers, CU.CallUses);
    for (const AUse &W : CU.Writes) {
      if (!OverlapsSlot(A, W.Off, W.Size))
        continue;
      if (any_of(HeldStores, [&](const HeldStore &H) { return H.S == W.I; }))
        continue;
      // Null over whole slots only.
      bool Whole = all_of(HeldStores, [&](const HeldStore &H) {
        return H.A != A || H.Slot + int64_t(PtrBytes) <= W.Off ||
               W.Off + int64_t(W.Size) <= H.Slot ||
               (W.Off <= H.Slot &&
                H.Slot + int64_t(PtrBytes) <= W.Off + int64_t(W.Size));
      });
      if (Whole && writesNull(W.I))
        continue;
      bool Read = any_of(CU.Loads, [&](LoadInst *LI) {
        int64_t LOff = CU.LoadOff.lookup(LI);
        return Admitted.count(LI) && W.Off < LOff + int64_t(PtrBytes) &&
               LOff < W.Off + int64_t(W.Size);
      });
      if (Read) {
        LLVM_DEBUG(dbgs() << "escape: a slot holding " << *Alloc
                          << " may also hold what " << *W.I << " stores\n");
        return 0;
      }
    }
  }

  // The calls receiving an object whose constructor stored a vtable here
  // that hide virtual calls (hidesVirtualCalls): inlined, they show calls
  // the vtable resolves, and what the object is passed to.
  if (Hidden && any_of(Writes, [&](const Write &W) {
        auto *SI = dyn_cast<StoreInst>(W.I);
        return SI && W.Size == PtrBytes &&
               isa<GlobalVariable>(
                   SI->getValueOperand()->stripInBoundsConstantOffsets());
      }))
    for (Instruction *X : concat<Instruction *>(Clobbers, HiddenHolders))
      if (auto *XC = dyn_cast<CallBase>(X);
          XC && hidesVirtualCalls(XC) && !is_contained(*Hidden, XC))
        Hidden->push_back(XC);

  unsigned Count = 0;
  for (const auto &PL : PtrLoads) {
    LoadInst *VLoad = PL.first;
    int64_t VOff = PL.second;
    // The calls whose callee is loaded from a constant offset of this value.
    // (With the phi the vtable pointer went through, when GVN forwarded
    // the stored vtable on some paths: phi [vtable, %13], [load, %12].)
    struct VCall {
      CallBase *CB;
      int64_t Slot;
      const PHINode *Via;
    };
    SmallVector<VCall, 4> Calls;
    SmallVector<std::pair<Value *, const PHINode *>, 4> Bases{{VLoad, nullptr}};
    for (User *U : VLoad->users())
      if (auto *PN = dyn_cast<PHINode>(U);
          PN && all_of(PN->incoming_values(), [&](Value *In) {
            return In == VLoad || isa<Constant>(In);
          }))
        Bases.push_back({PN, PN});
    for (auto [Base, Via] : Bases)
      for (User *U : Base->users()) {
        SmallVector<User *, 4> Slots{U};
        if (auto *GEP = dyn_cast<GetElementPtrInst>(U))
          append_range(Slots, GEP->users());
        for (User *S : Slots) {
          auto *FnLoad = dyn_cast<LoadInst>(S);
          if (!FnLoad || FnLoad->isVolatile())
            continue;
          APInt Slot(IdxBits, 0);
          if (FnLoad->getPointerOperand()->stripAndAccumulateConstantOffsets(
                  DL, Slot, /*AllowNonInbounds=*/true) != Base)
            continue;
          for (User *C : FnLoad->users())
            if (auto *CB = dyn_cast<CallBase>(C);
                CB && CB->getCalledOperand() == FnLoad)
              Calls.push_back({CB, Slot.getSExtValue(), Via});
        }
      }
    if (Calls.empty())
      continue;
    // The stores that may have written the bytes the load reads: all of
    // constant pointers, exactly there.
    SmallVector<StoreInst *, 2> Defs;
    bool Known = all_of(Writes, [&](const Write &W) {
      if (W.Off + int64_t(W.Size) <= VOff || VOff + int64_t(PtrBytes) <= W.Off)
        return true;
      auto *SI = dyn_cast<StoreInst>(W.I);
      if (!SI || SI->isVolatile() || W.Off != VOff || W.Size != PtrBytes ||
          !isa<Constant>(SI->getValueOperand()) ||
          !SI->getValueOperand()->getType()->isPointerTy())
        return false;
      Defs.push_back(SI);
      return true;
    });
    // Why the calls stay indirect, when someone reads it.
    auto Note = [&](function_ref<std::string()> Why) {
      if (Notes)
        for (const auto &Call : Calls)
          Notes->try_emplace({Alloc, Call.CB}, Why());
    };
    if (!Known || Defs.empty()) {
      Note([&] {
        return std::string(
            Known ? "no vtable pointer is stored into the object here: its "
                    "dynamic type is not known in this function (the set "
                    "of overrides is not used; for a class with external "
                    "linkage only the whole program knows it)"
                  : "its vtable pointer may be written other than by storing "
                    "a constant vtable");
      });
      continue;
    }
    auto IsDef = [&](const Instruction &I) { return is_contained(Defs, &I); };
    if (reachesWithout(Alloc, VLoad, IsDef)) {
      Note([] {
        return "a path reaches it on which no vtable pointer was stored";
      });
      continue;
    }
    auto Clobber = find_if(Clobbers, [&](const Instruction *X) {
      return reachesWithout(X, VLoad, Alloc);
    });
    if (Clobber != Clobbers.end()) {
      // The direct calls in the way whose bodies are small: inlined, they
      // show whether they write the object (inlinableDevirtualized).
      if (Made)
        for (Instruction *X : Clobbers)
          if (auto *XC = dyn_cast<CallBase>(X); XC && !XC->isIndirectCall() &&
                                                !is_contained(*Made, XC) &&
                                                reachesWithout(X, VLoad, Alloc))
            Made->push_back(XC);
      Note([&] {
        const Instruction *X = *Clobber;
        auto *XC = dyn_cast<CallBase>(X);
        std::string What =
            XC ? (XC->getCalledFunction()
                      ? "a call to '" + prettyName(XC->getCalledFunction()) +
                            "'"
                      : std::string("an indirect call"))
               : "'" + std::string(X->getOpcodeName()) + "'";
        return "the vtable pointer may be changed before it by " + What +
               ", which may write the object or keep its address" +
               describeLoc(X);
      });
      continue;
    }
    for (const auto &Call : Calls) {
      CallBase *CB = Call.CB;
      int64_t Slot = Call.Slot;
      Function *Target = nullptr;
      // The vtables the call may read its target from: those stored, and
      // the constants of the phi it went through (the stored vtable,
      // forwarded on that path; any other constant is judged alike).
      SmallVector<Constant *, 4> VTables;
      for (StoreInst *SI : Defs)
        VTables.push_back(cast<Constant>(SI->getValueOperand()));
      if (Call.Via)
        for (Value *In : Call.Via->incoming_values())
          if (auto *C = dyn_cast<Constant>(In))
            VTables.push_back(C);
      bool One = all_of(VTables, [&](Constant *VT) {
        Constant *Fn = ConstantFoldLoadFromConstPtr(
            VT, CB->getCalledOperand()->getType(),
            APInt(IdxBits, Slot, /*isSigned=*/true), DL);
        auto *F = Fn ? dyn_cast<Function>(Fn->stripPointerCasts()) : nullptr;
        if (!F || (Target && F != Target))
          return false;
        Target = F;
        return true;
      });
      if (!One || Target->getFunctionType() != CB->getFunctionType()) {
        if (Notes)
          Notes->try_emplace({Alloc, CB},
                             One ? "its target's type differs"
                                 : "the vtables stored into the object "
                                   "hold different functions in its slot");
        continue;
      }
      LLVM_DEBUG(dbgs() << "escape: " << *CB << " calls " << Target->getName()
                        << " (vtable pointer of " << *Alloc << ")\n");
      CB->setCalledOperand(Target);
      ++NumDevirtualized;
      ++Count;
      if (Made)
        Made->push_back(CB);
    }
  }
  return Count;
}

/// Where a converted object goes.
enum class Placement {
  /// A stack slot of the object's constant size (at most max-object), reused
  /// by every execution of the site.
  Slot,
  /// A frame-arena buffer of the site, reused by every execution: the object
  /// goes there when it fits (always, for a constant size within the buffer),
  /// else to the heap. Variable sizes and constant sizes above max-object.
  Arena,
  /// A frame-arena buffer filled by successive objects of the site (a bump
  /// cursor; never reused within the frame), then the heap: objects that
  /// stay live across loop iterations.
  Bump,
};

/// The local variables holding a walk's root, with the stores that put it
/// there.
using HeldBy = MapVector<AllocaInst *, SmallVector<StoreInst *, 4>>;

/// How following the local variables that hold a walk's root ended.
struct HeldVerdict {
  enum { Held, Container, Reloaded, TooManyCopies } Kind = Held;
  /// Container: the use of the variable that refused it; TooManyCopies:
  /// the last pointer loaded back. (Reloaded: the walk's BadUse.)
  const Instruction *Bad = nullptr;
  std::string Why; ///< The refusal in words (Container: when explaining).
};

/// After \p T walked \p Root's uses: the local variables holding it
/// (T.Containers, judged by checkContainer), and what is loaded back from
/// them, followed by \p T like the root itself (a Reloaded failure is
/// T's); a value loaded back may be stored into another variable, so until
/// nothing new is found (at most 8 rounds). \p ByContainer: the variables
/// and their stores.
HeldVerdict followHeld(AllocUseTracker &T, Value *Root, bool Explain,
                       HeldBy &ByContainer) {
  HeldVerdict V;
  SmallPtrSet<const Instruction *, 8> Followed;
  for (unsigned Round = 0;; ++Round) {
    ByContainer.clear();
    for (ContainerStore &CS : T.Containers)
      ByContainer[CS.Container].push_back(CS.Store);
    SmallVector<Instruction *, 8> Reloads;
    for (auto &[A, Stores] : ByContainer)
      if (!checkContainer(A, Root, Stores, Reloads, T.Calls, T.tli(), V.Bad,
                          Explain, V.Why)) {
        V.Kind = HeldVerdict::Container;
        return V;
      }
    bool New = false; // (then Reloads is not empty)
    for (Instruction *L : Reloads) {
      if (!Followed.insert(L).second)
        continue;
      New = true;
      ++NumReloadsFollowed;
      T.Reloaded = true;
      PointerMayBeCaptured(L, &T, /*MaxUsesToExplore=*/4096);
      if (T.failed()) {
        V.Kind = HeldVerdict::Reloaded;
        V.Why = T.Why + " (loaded back from a local variable holding it)";
        return V;
      }
    }
    if (!New)
      return V;
    if (Round == 8) {
      V.Kind = HeldVerdict::TooManyCopies;
      V.Bad = Reloads.back();
      V.Why = "copied from one local variable to another too many times";
      return V;
    }
  }
}

/// Whether \p F's exact body neither keeps nor frees its argument \p ArgNo,
/// nor anything derived from it: the walk that judges an allocation's uses
/// (AllocUseTracker, local variables holding it and what is loaded back
/// from them), in F's frame, where any free, any return of it and any
/// store outside F's own variables fails. Callees' exact bodies are judged
/// the same way \p Depth levels deeper. This is the pass's own fact, for
/// its own use: "not kept beyond the call" allows comparing the address and
/// volatile accesses, which LLVM's captures(none) does not, so it is never
/// written as an attribute.
bool argNotKeptInBody(const Function *F, unsigned ArgNo, unsigned Depth,
                      const TargetLibraryInfo &TLI, BodyVerdicts &Verdicts) {
  auto Key = std::make_tuple(F, ArgNo, Depth);
  if (auto It = Verdicts.find(Key); It != Verdicts.end())
    return It->second.NotKept;
  // (A recursive question, meanwhile: no.)
  Verdicts[Key] = {false, "it may call itself with it"};
  auto *Arg = const_cast<Argument *>(F->getArg(ArgNo));
  // (Explained: a refusal's words are made once per callee and argument.)
  AllocUseTracker T(Arg, "", TLI, /*Explain=*/true, &Verdicts, Depth);
  PointerMayBeCaptured(Arg, &T, /*MaxUsesToExplore=*/4096);
  bool NotKept = !T.failed();
  std::string Why = T.Why;
  if (NotKept) {
    HeldBy ByContainer;
    HeldVerdict V = followHeld(T, Arg, /*Explain=*/true, ByContainer);
    NotKept = V.Kind == HeldVerdict::Held;
    Why = std::move(V.Why);
  }
  LLVM_DEBUG(dbgs() << "escape: argument " << ArgNo << " of " << F->getName()
                    << (NotKept ? " is neither kept nor freed"
                                : " may be kept or freed")
                    << " in its body\n");
  Verdicts[Key] = {NotKept, std::move(Why)};
  return NotKept;
}

struct Candidate {
  CallBase *Alloc;
  std::string What; ///< "new", "new[]", "malloc", ...
  Placement Kind = Placement::Slot;
  /// The request in bytes when it is a compile-time constant (what a remark
  /// shows).
  std::optional<uint64_t> Size;
  /// Variable size: the allocsize arguments (element size, count or -1).
  std::pair<unsigned, std::optional<unsigned>> SizeArgs;
  uint64_t BufBytes = 0; ///< Slot or arena-buffer bytes.
  Align Alignment;
  bool ZeroInit;
  bool InLoop;
  /// A frame arena whose buffer only the outermost activation of the
  /// function on a thread gets (the function may recurse: recursion()).
  bool Guarded = false;
  SmallVector<CallBase *, 4> Frees;
  SmallVector<CallInst *, 8> Calls;
  /// A frame-arena buffer laid out in a group's alloca (ArenaGroup), at
  /// GroupOffset; null for a buffer of its own.
  struct ArenaGroup *Group = nullptr;
  uint64_t GroupOffset = 0;
};

/// Frame-arena buffers of one conversion round that a free may release
/// objects of more than one of (a std::string's data pointer, reloaded from
/// a variable several sites' objects were stored into), in one alloca of
/// the members' buffers side by side. Such a free then tests one range,
/// [Base, Base + Bytes), instead of one range per buffer it may release:
/// a pointer into the group is an object of one of its buffers, which no
/// free may pass to the heap. Members have no lifetime markers (those cover
/// a whole alloca), no free list and are not guarded; nothing is grouped
/// under AddressSanitizer, whose poisoning follows each buffer.
struct ArenaGroup {
  AllocaInst *Base = nullptr;
  uint64_t Bytes = 0;
  Align Alignment;
  /// The frees of two or more members, each made conditional once.
  SmallPtrSet<CallBase *, 8> Shared, Done;
};

class HeapToStackImpl {
public:
  HeapToStackImpl(Function &F, const TargetLibraryInfo &TLI,
                  OptimizationRemarkEmitter &ORE, uint64_t MaxObject,
                  uint64_t MaxFrame, uint64_t MaxRecursive, uint64_t ArenaBytes,
                  bool Profile, bool DeferMissed)
      : F(F), TLI(TLI), ORE(ORE), MaxObject(MaxObject), MaxFrame(MaxFrame),
        MaxRecursive(std::min(MaxRecursive, MaxFrame)),
        ArenaBytes(std::min(ArenaBytes, MaxFrame)),
        Remarks(ORE.allowExtraAnalysis(RemarkPass)), Profile(Profile),
        DeferMissed(DeferMissed) {}

  bool run();

private:
  Function &F;
  const TargetLibraryInfo &TLI;
  OptimizationRemarkEmitter &ORE;
  uint64_t MaxObject, MaxFrame, MaxRecursive, ArenaBytes;
  /// Remarks of this pass are enabled (-Rpass=escape, -pass-remarks=escape,
  /// a remarks file): only then are they put into words and their
  /// bookkeeping (MissedMD) written.
  bool Remarks;
  /// The site analyze() is looking at, and whether its refusal is put into
  /// words (remarks, or an ESCAPE_STACK error: explain()).
  const CallBase *Site = nullptr;
  bool SiteAsserted = false, ExplainSite = false;
  /// The site is one the front end's -m called local: its refusal is
  /// recorded on the call for SiteReportPass (SiteReport.h).
  bool SiteReported = false;
  /// The escape profiler: tag refusals, count conversions (Profile.h).
  bool Profile;
  /// Missed remarks are recorded on the call, said at the end of the
  /// pipeline (MissedRemarksPass).
  bool DeferMissed;
  /// Why virtual calls on the allocations stay indirect (when explaining).
  VirtualCallNotes VirtualNotes;
  /// What callees' exact bodies showed about their arguments.
  BodyVerdicts Bodies;
  /// Calls that hide the frees of an allocation held in a local variable
  /// they receive (hidesFrees), with the site they refused: run() inlines
  /// them and analyses the sites again in the next round, with the
  /// allocations the inlined bodies made (at most MaxInlinedForFreesCalls
  /// per function: HoldersTried).
  SmallVector<std::pair<CallBase *, CallBase *>, 4> HolderCalls;
  /// The sites analysed again (Again) that may still ask for such calls:
  /// those whose last one was inlined, and the allocations of the bodies
  /// inlined (not a site analysed again because an object that holds it
  /// moved: lit/ir/held.ll, callee_frees_next).
  SmallPtrSet<const CallBase *, 8> HolderSites;
  /// The calls of HolderCalls run() tried to inline (in every round), and
  /// those it could not.
  unsigned HoldersTried = 0;
  SmallPtrSet<const CallBase *, 4> HoldersFailed;
  /// mayRecurse(F), computed when a conversion would exceed MaxRecursive.
  std::optional<std::optional<RecursionPath>> Recursion;
  /// A refusal not said yet. run() says a site's refusal only once it is
  /// final: a site stored into an object that the same round moves to a
  /// stack slot is analysed again after the move (heldByNewSlots), and only
  /// the verdict of its last analysis is said, counted (statistics) and
  /// recorded (profile reason, site report, deferred remark).
  struct Refused {
    CallBase *CB;
    std::string What;
    std::optional<uint64_t> Size;
    Refusal R;
    /// The reason with its position (only when the site is described).
    std::string Why;
    /// The use that refused it (a store, when the object escapes through
    /// one): valid until the round's conversions (which erase calls and
    /// frees).
    const Instruction *At;
  };
  SmallVector<Refused, 8> Pending;
  /// The sites counted (NumSites): a site is analysed again in later
  /// rounds, and an inlined body adds new ones.
  SmallPtrSet<const CallBase *, 16> Counted;
  /// analyze() is looking at a site again (a later round).
  bool Again = false;

  const std::optional<RecursionPath> &recursion() {
    if (!Recursion)
      Recursion = mayRecurse(F, TLI);
    return *Recursion;
  }
  bool fitRecursionBudget(Candidate &C, uint64_t FrameUsed);
  /// The entry block's "this activation is the outermost" (i1), made once.
  Value *Outermost = nullptr;
  bool canGuard() const;
  Value *outermostActivation();

  std::optional<Candidate> analyze(CallBase *CB, uint64_t &FrameUsed);
  bool explain(const CallBase *CB);
  /// Whether a refusal of \p CB is put into words at all: when it is
  /// explained, and when profiling (the reason goes into the site's
  /// escape.profile.reason metadata, docs/profile.md), remarks or not.
  bool describe(const CallBase *CB) { return explain(CB) || Profile; }
  void missed(CallBase *CB, StringRef What, std::optional<uint64_t> Size,
              Refusal R, const Twine &Why, const Instruction *At = nullptr);
  void say(const Refused &M);
  SmallVector<CallBase *, 4>
  heldByNewSlots(const SmallPtrSetImpl<const Value *> &Slots);
  bool firstReport(Instruction *I);
  bool storesVisibleAllocation(const AllocaInst *Var);
  void reportHiddenAllocations();
  void convert(Candidate &C);
  void convertAll(MutableArrayRef<Candidate> Todo);
  void convertArena(Candidate &C);
  void groupArenas(MutableArrayRef<Candidate> Todo,
                   std::deque<ArenaGroup> &Groups);
  void remark(const Candidate &C);
};

bool HeapToStackImpl::firstReport(Instruction *I) {
  // The CGSCC pipeline may visit a function more than once: say it once per
  // function (the metadata is copied when the call is inlined elsewhere).
  LLVMContext &Ctx = I->getContext();
  if (auto *MD = dyn_cast_or_null<MDNode>(I->getMetadata(MissedMD)))
    if (MD->getNumOperands() == 1)
      if (auto *S = dyn_cast<MDString>(MD->getOperand(0)))
        if (S->getString() == F.getName())
          return false;
  I->setMetadata(MissedMD, MDNode::get(Ctx, {MDString::get(Ctx, F.getName())}));
  return true;
}

/// True if an allocation call of this function is stored into \p Var (its
/// own remark explains what became of it), or an object this pass moved
/// there (its stack slot or frame-arena buffer, or the arena's heap
/// fallback).
bool HeapToStackImpl::storesVisibleAllocation(const AllocaInst *Var) {
  SmallVector<const Value *, 8> Work{Var};
  SmallPtrSet<const Value *, 16> Seen{Var};
  auto Visible = [&](const Value *Obj) {
    if (auto *CB = dyn_cast<CallBase>(Obj))
      return isAllocationFn(CB, &TLI);
    auto *AI = dyn_cast<AllocaInst>(Obj);
    return AI && AI->hasMetadata(SlotMD);
  };
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const User *U : V->users()) {
      if (auto *SI = dyn_cast<StoreInst>(U)) {
        SmallVector<const Value *, 4> Objs;
        if (SI->getPointerOperand() == V)
          getUnderlyingObjects(SI->getValueOperand(), Objs);
        if (any_of(Objs, Visible))
          return true;
      } else if (isa<GetElementPtrInst>(U) || isa<BitCastInst>(U)) {
        if (Seen.insert(U).second)
          Work.push_back(U);
      }
    }
  }
  return false;
}

/// Memory this function frees although no allocation in it produced it: a
/// pointer loaded from a local variable (std::string, a container) that a
/// call with no visible body, or one that was not inlined, may have filled
/// in; or a pointer returned by such a call. The allocation happened inside
/// that call, out of the pass's sight: say so at the call.
void HeapToStackImpl::reportHiddenAllocations() {
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      auto *FreeCall = dyn_cast<CallBase>(&I);
      Value *Freed = FreeCall ? getFreedOperand(FreeCall, &TLI) : nullptr;
      if (!Freed)
        continue;
      const Value *Obj = getUnderlyingObject(Freed);
      CallBase *Source = nullptr;
      if (auto *CB = dyn_cast<CallBase>(Obj)) {
        // (Not a call returning a pointer it loads from a variable holding
        // a visible allocation: the free a move leaves behind.)
        if (any_of(CB->args(), [&](const Use &Arg) {
              auto *Var = dyn_cast<AllocaInst>(getUnderlyingObject(Arg.get()));
              return Var && storesVisibleAllocation(Var);
            }))
          continue;
        if (!isAllocationFn(CB, &TLI) && !isa<IntrinsicInst>(CB))
          Source = const_cast<CallBase *>(CB);
      } else if (auto *LI = dyn_cast<LoadInst>(Obj)) {
        auto *Var =
            dyn_cast<AllocaInst>(getUnderlyingObject(LI->getPointerOperand()));
        if (!Var || storesVisibleAllocation(Var))
          continue;
        // A call that receives the variable and may write through it; one
        // without a body first.
        for (BasicBlock &B2 : F)
          for (Instruction &J : B2) {
            auto *CB = dyn_cast<CallBase>(&J);
            if (!CB || isa<IntrinsicInst>(CB) || CB->onlyReadsMemory() ||
                !CB->getCalledFunction() || getFreedOperand(CB, &TLI))
              continue;
            for (unsigned A = 0; A < CB->arg_size(); ++A)
              if (CB->getArgOperand(A)->getType()->isPointerTy() &&
                  !CB->onlyReadsMemory(A) &&
                  getUnderlyingObject(CB->getArgOperand(A)) == Var &&
                  (!Source || (CB->getCalledFunction()->isDeclaration() &&
                               !Source->getCalledFunction()->isDeclaration())))
                Source = CB;
          }
      }
      const Function *Callee = Source ? Source->getCalledFunction() : nullptr;
      if (!Callee || !firstReport(Source))
        continue;
      bool Declared = Callee->isDeclaration();
      const DILocation *FreeLoc = outermost(FreeCall);
      std::string Where =
          FreeLoc ? "at " + formatLoc(FreeLoc) : "in this function";
      ORE.emit([&]() {
        OptimizationRemarkMissed R(RemarkPass, "HeapToStackHidden",
                                   remarkLoc(Source), Source->getParent());
        R << "memory allocated inside '"
          << ore::NV("Callee", prettyName(Callee)) << "' stays on the heap: ";
        if (Declared)
          R << "its body is not visible to the pass (compiled elsewhere, "
               "e.g. into a library such as libstdc++.so, or in another "
               "translation unit without LTO)";
        else
          R << "it was not inlined here";
        R << ", so the allocation cannot be moved to the stack (the memory "
             "is freed "
          << Where << ")";
        return R;
      });
    }
}

/// Whether a refusal of \p CB is put into words: for a remark, or for the
/// error of an ESCAPE_STACK variable (which is reported with or without
/// remarks), or for -debug-only=escape-heap-to-stack.
bool HeapToStackImpl::explain(const CallBase *CB) {
  if (Site != CB) {
    Site = CB;
    SiteAsserted = isAsserted(CB);
    SiteReported = escape::isReportedSite(*CB);
    ExplainSite = Remarks || SiteAsserted || SiteReported;
    LLVM_DEBUG(ExplainSite = true);
  }
  return ExplainSite;
}

/// Records a refusal of \p CB (said by say() once run() knows it is final).
void HeapToStackImpl::missed(CallBase *CB, StringRef What,
                             std::optional<uint64_t> Size, Refusal R,
                             const Twine &Why, const Instruction *At) {
  Refused M{CB, What.str(), Size, R, "", At};
  if (describe(CB))
    M.Why = Why.str() + describeLoc(At);
  LLVM_DEBUG(dbgs() << "escape: " << F.getName() << ": " << *CB
                    << (Again ? " (again)" : "")
                    << " stays on the heap: " << M.Why << "\n");
  Pending.push_back(std::move(M));
}

/// Says a final refusal: counts it, tags it for the profiler, and puts it
/// into words (a remark now, or recorded for MissedRemarksPass).
void HeapToStackImpl::say(const Refused &M) {
  CallBase *CB = M.CB;
  countRefusal(M.R);
  if (Profile)
    escape::tagRefusal(*CB, M.Why);
  if (!explain(CB))
    return;
  if (SiteReported)
    escape::tagHeapReason(*CB, M.Why);
  bool Asserted = SiteAsserted;
  if ((Remarks || Asserted) && DeferMissed) {
    // The latest refusal wins; a conversion by a later run erases the call.
    // An ESCAPE_STACK site's error waits too: a later run may move it.
    LLVMContext &Ctx = CB->getContext();
    CB->setMetadata(
        DeferredMissedMD,
        MDNode::get(Ctx,
                    {MDString::get(Ctx, M.What),
                     MDString::get(Ctx, M.Size ? std::to_string(*M.Size) : ""),
                     MDString::get(Ctx, M.Why),
                     MDString::get(Ctx, Asserted ? "asserted" : "")}));
    return;
  }
  // Without remarks, only an ESCAPE_STACK site is marked (its error is said
  // once per function).
  if ((Remarks || Asserted) && !firstReport(CB))
    return;
  sayMissed(ORE, *CB, M.What, M.Size, M.Why, Asserted);
}

/// The pending refusals whose object escapes by a store into an object of
/// \p Slots (allocation calls this round moves to stack slots), or into
/// another site returned here (a chain: A held by B held by a moved C):
/// after the move, that store may be one into a local variable (the slot,
/// an alloca with SlotMD), which checkContainer judges. Returns their sites,
/// to be analysed again; every other pending refusal is said (final). Must
/// run before the conversions: the stores' addresses are computed from the
/// calls they erase.
SmallVector<CallBase *, 4>
HeapToStackImpl::heldByNewSlots(const SmallPtrSetImpl<const Value *> &Slots) {
  SmallVector<SmallVector<const Value *, 2>, 8> Into(Pending.size());
  for (auto [M, Objs] : zip(Pending, Into))
    if (const auto *SI = dyn_cast_or_null<StoreInst>(M.At);
        SI && M.R == Refusal::Escapes && !Slots.empty())
      getUnderlyingObjects(SI->getPointerOperand(), Objs);
  SmallPtrSet<const Value *, 8> Holders;
  Holders.insert(Slots.begin(), Slots.end());
  SmallVector<bool, 8> Held(Pending.size());
  for (bool Grew = true; Grew;) {
    Grew = false;
    for (auto [M, Objs, H] : zip(Pending, Into, Held))
      if (!H &&
          any_of(Objs, [&](const Value *O) { return Holders.contains(O); })) {
        H = true;
        Holders.insert(M.CB);
        Grew = true;
      }
  }
  // A site refused at a call the round inlines (HolderCalls: it hides
  // frees) is analysed again too: the call's body is then this frame's
  // code (a string's buffer passed as the characters to copy to a
  // reallocation that frees another string's buffer).
  SmallPtrSet<const Instruction *, 4> Inlining;
  for (auto [Site, Call] : HolderCalls)
    Inlining.insert(Call);
  SmallVector<CallBase *, 4> Again;
  for (auto [M, H] : zip(Pending, Held)) {
    if (!H && !Inlining.contains(M.At)) {
      say(M);
      continue;
    }
    LLVM_DEBUG(dbgs() << "escape: " << *M.CB
                      << " is held by an object moved to the stack: analysed "
                         "again\n");
    Again.push_back(M.CB);
  }
  Pending.clear();
  return Again;
}

std::optional<Candidate> HeapToStackImpl::analyze(CallBase *CB,
                                                  uint64_t &FrameUsed) {
  const Function *Callee = CB->getCalledFunction();
  bool Builtin = CB->getAttributes().hasFnAttr(Attribute::Builtin);
  // A direct ::operator new call is an ordinary call to a replaceable
  // function; only new-expressions (and __builtin_operator_new) may be elided.
  if (Callee && isOperatorNewName(Callee->getName()) && !Builtin) {
    if (isAllocationFn(CB, &TLI) || CB->isNoBuiltin()) {
      if (Counted.insert(CB).second)
        ++NumSites;
      missed(CB, describe(CB) ? prettyName(Callee) : "", std::nullopt,
             Refusal::DirectNew,
             "a direct call to 'operator new' is not a new-expression and "
             "cannot be elided");
    }
    return std::nullopt;
  }
  if (!isAllocationFn(CB, &TLI) || CB->isNoBuiltin() ||
      CB->hasMetadata(ArenaHeapMD))
    return std::nullopt;
  std::optional<StringRef> Family = getAllocationFamily(CB, &TLI);
  if (!Family || !(*Family == "malloc" || isNewFamily(*Family)))
    return std::nullopt;
  if (Counted.insert(CB).second)
    ++NumSites;
  LLVM_DEBUG(dbgs() << "escape: " << F.getName() << ": site " << *CB << "\n");

  Candidate C;
  C.Alloc = CB;
  // (What the remarks call it: the name of a malloc-family function only
  // when they are put into words.)
  C.What = isScalarNewFamily(*Family) ? "new"
           : isNewFamily(*Family)     ? "new[]"
           : describe(CB)             ? prettyName(Callee)
                                      : "";
  if (isReallocLikeFn(Callee)) {
    missed(CB, C.What, std::nullopt, Refusal::Realloc,
           "reallocation is not converted");
    return std::nullopt;
  }
  if (CB->getType()->getPointerAddressSpace() !=
      F.getDataLayout().getAllocaAddrSpace()) {
    // (No remark: not a site a user can do anything about.)
    countRefusal(Refusal::AddressSpace);
    LLVM_DEBUG(dbgs() << "escape: not in the stack's address space\n");
    return std::nullopt;
  }

  if (std::optional<APInt> Size = getAllocSize(CB, &TLI)) {
    C.Size = Size->getZExtValue();
  } else {
    Attribute AS = CB->getFnAttr(Attribute::AllocSize);
    if (!AS.isValid() || ArenaBytes == 0) {
      missed(CB, C.What, std::nullopt, Refusal::Size,
             ArenaBytes ? "size is not known"
                        : "size is not a compile-time constant (frame arena "
                          "disabled: -escape-arena-bytes=0)");
      return std::nullopt;
    }
    C.Kind = Placement::Arena;
    C.SizeArgs = AS.getAllocSizeArgs();
    C.BufBytes = ArenaBytes;
  }
  uint64_t AlignVal = DefaultHeapAlign;
  if (Value *A = getAllocAlignment(CB, &TLI)) {
    auto *CA = dyn_cast<ConstantInt>(A);
    if (!CA || !isPowerOf2_64(CA->getZExtValue()) ||
        CA->getZExtValue() > MaxSlotAlign) {
      missed(CB, C.What, C.Size, Refusal::Alignment,
             "alignment is not a supported constant");
      return std::nullopt;
    }
    AlignVal = std::max<uint64_t>(AlignVal, CA->getZExtValue());
  }
  if (MaybeAlign RA = CB->getRetAlign())
    AlignVal = std::max<uint64_t>(AlignVal, RA->value());
  if (AlignVal > MaxSlotAlign) {
    missed(CB, C.What, C.Size, Refusal::Alignment,
           "alignment is too large for a stack slot");
    return std::nullopt;
  }
  C.Alignment = Align(AlignVal);
  if (C.Size && *C.Size > MaxObject) {
    // Too large for a slot: a frame-arena buffer of its size, if the arena
    // allows that much.
    if (*C.Size > ArenaBytes) {
      missed(CB, C.What, C.Size, Refusal::TooLarge,
             "larger than the stack-slot limit of " + Twine(MaxObject) +
                 " bytes (-escape-max-object) and the frame-arena buffer of " +
                 Twine(ArenaBytes) + " bytes (-escape-arena-bytes)");
      return std::nullopt;
    }
    C.Kind = Placement::Arena;
    C.BufBytes = *C.Size;
  } else if (C.Size) {
    C.BufBytes = std::max<uint64_t>(*C.Size, 1);
  }

  AllocUseTracker Tracker(CB, *Family, TLI, describe(CB), &Bodies, BodyDepth);
  Tracker.Notes = &VirtualNotes;
  // Inlined, unrolled users (a vector filled element by element) easily
  // exceed CaptureTracking's default of 100 uses; the walk is linear.
  PointerMayBeCaptured(CB, &Tracker, /*MaxUsesToExplore=*/4096);
  if (Tracker.failed()) {
    missed(CB, C.What, C.Size, *Tracker.Kind, Tracker.Why, Tracker.BadUse);
    return std::nullopt;
  }

  C.InLoop = reachesWithout(CB, CB, nullptr);
  HeldBy ByContainer;
  HeldVerdict V = followHeld(Tracker, CB, describe(CB), ByContainer);
  switch (V.Kind) {
  case HeldVerdict::Held:
    break;
  case HeldVerdict::Container:
    // A call hiding frees: inlined, then the site is analysed again.
    // (Each call once, and a few per function: an inlined body may hold
    // such calls in turn, a reallocation that frees the site's object.)
    if (const auto *Holder = dyn_cast_or_null<CallBase>(V.Bad);
        Holder && (!Again || HolderSites.contains(CB)) &&
        HoldersTried < MaxInlinedForFreesCalls &&
        !HoldersFailed.contains(Holder) && hidesFrees(Holder, TLI)) {
      LLVM_DEBUG(dbgs() << "escape: inline " << *Holder
                        << ", which hides frees\n");
      HolderCalls.push_back({CB, const_cast<CallBase *>(Holder)});
      return std::nullopt;
    }
    missed(CB, C.What, C.Size, Refusal::LocalVariable, V.Why, V.Bad);
    return std::nullopt;
  case HeldVerdict::Reloaded:
    missed(CB, C.What, C.Size, *Tracker.Kind, V.Why, Tracker.BadUse);
    return std::nullopt;
  case HeldVerdict::TooManyCopies:
    missed(CB, C.What, C.Size, Refusal::LocalVariable, V.Why, V.Bad);
    return std::nullopt;
  }
  // A call that copies the characters into a string and may free what
  // the string owns (NoFreeExceptThisAttr): the string is not the
  // allocation, nor a local variable holding it (nor anything but what
  // getUnderlyingObjects names: a pointer loaded from memory is none of
  // them, since no local variable holding it has its address stored where
  // this frame loads from).
  for (const CallBase *Call : Tracker.ExceptThis) {
    SmallVector<const Value *, 4> Objs;
    getUnderlyingObjects(Call->getArgOperand(0), Objs, /*LI=*/nullptr,
                         /*MaxLookup=*/0);
    for (const Value *O : Objs) {
      const auto *A = dyn_cast<AllocaInst>(O);
      if (O != CB && !(A && ByContainer.count(const_cast<AllocaInst *>(A))))
        continue;
      missed(
          CB, C.What, C.Size, Refusal::MayFree,
          [&] {
            return "passed to '" + prettyName(Call->getCalledFunction()) +
                   "', which may free it: it copies the characters into a "
                   "string that holds it";
          }(),
          Call);
      return std::nullopt;
    }
  }
  // An object of an earlier iteration that is still reachable (through a
  // phi or a local variable) when the site runs again.
  const Instruction *CarriedBy =
      C.InLoop && Tracker.HasPhi ? Tracker.PhiUser : nullptr;
  for (auto &[A, Stores] : ByContainer)
    if (!CarriedBy && C.InLoop)
      CarriedBy = storeLiveAcrossIterations(A, Stores, CB);
  if (CarriedBy) {
    // Several objects of the site may be live at once: the frame arena's
    // buffer, filled by successive objects, then the heap.
    if (ArenaBytes == 0 || (C.Size && *C.Size > ArenaBytes)) {
      missed(CB, C.What, C.Size, Refusal::Loop,
             ArenaBytes ? "live across loop iterations and larger than the "
                          "frame-arena buffer of " +
                              Twine(ArenaBytes) + " bytes (-escape-arena-bytes)"
                        : Twine("live across loop iterations (frame arena "
                                "disabled: -escape-arena-bytes=0)"),
             CarriedBy);
      return std::nullopt;
    }
    C.Kind = Placement::Bump;
    C.BufBytes = ArenaBytes;
  }
  // A free through a phi may see null, and one of a pointer loaded back from
  // a local variable anything stored there: only a placement whose frees
  // test the pointer at run time can take them, the frame arena (a buffer of
  // the object's constant size, which the request always fits).
  if ((Tracker.FreeViaPhi || !Tracker.Guarded.empty()) &&
      C.Kind == Placement::Slot) {
    if (ArenaBytes == 0) {
      missed(CB, C.What, C.Size, Refusal::Free,
             "freed through a pointer that may not be this allocation "
             "(frame arena disabled: -escape-arena-bytes=0)",
             Tracker.FreeViaPhi ? Tracker.FreeViaPhi
                                : *Tracker.Guarded.begin());
      return std::nullopt;
    }
    ++NumTestedFrees;
    C.Kind = Placement::Arena;
  }
  // (The path test assumes a free frees the site's latest object; a bump
  // placement's frees may free older ones, and test the pointer at run time.)
  // Two frees of one object on one execution are a double free, undefined:
  // a free that a path leads to from another (a std::shared_ptr's releases,
  // each guarded by its reference count reaching zero) is no obstacle. A
  // free that every execution of another reaches, before the function
  // returns, is a certain double free: the object stays on the heap, where
  // the allocator or a sanitizer reports it.
  // (A guarded free's pointer may be another object's.)
  for (CallBase *A : Tracker.Frees)
    for (CallBase *B : Tracker.Frees)
      if (C.Kind != Placement::Bump && !Tracker.Guarded.contains(A) &&
          !Tracker.Guarded.contains(B) && reachesWithout(A, B, CB) &&
          alwaysReaches(A, B, CB)) {
        missed(CB, C.What, C.Size, Refusal::Free, "freed twice", B);
        return std::nullopt;
      }

  if (!fitRecursionBudget(C, FrameUsed))
    return std::nullopt;
  // The bump cursor is an i64 of its own.
  uint64_t Slot =
      alignTo(C.BufBytes, C.Alignment) + (C.Kind == Placement::Bump ? 8 : 0);
  if (FrameUsed + Slot > MaxFrame) {
    missed(CB, C.What, C.Size, Refusal::Frame,
           "the function's stack budget of " + Twine(MaxFrame) +
               " bytes is used up (-escape-max-frame)");
    return std::nullopt;
  }
  FrameUsed += Slot;
  Constant *Init =
      getInitialValueOfAllocation(CB, &TLI, Type::getInt8Ty(F.getContext()));
  C.ZeroInit = Init && Init->isNullValue();
  C.Frees = std::move(Tracker.Frees);
  C.Calls = std::move(Tracker.Calls);
  return C;
}

/// In a function that may recurse, whatever a conversion adds to the frame is
/// added once per level, and the depth is unbounded (a 960-byte object at
/// 20,000 levels is 19 MB of stack): the function's additions must stay
/// within MaxRecursive bytes. A buffer that only bounds what goes to the
/// stack (variable sizes, objects live across loop iterations) shrinks to
/// what is left; anything else over it stays on the heap. Returns false
/// (with a missed remark) if the candidate does not fit.
bool HeapToStackImpl::fitRecursionBudget(Candidate &C, uint64_t FrameUsed) {
  uint64_t Extra = C.Kind == Placement::Bump ? 8 : 0;
  // (A budget as large as max-frame is no separate limit.)
  if (MaxRecursive >= MaxFrame)
    return true;
  // AddressSanitizer surrounds every stack slot with redzones and realigns
  // the frame (a 64-byte buffer costs about 200 bytes per level), so under
  // it the budget is 0: a converted slot would multiply the frame of a
  // recursion that fits without the plugin.
  bool Asan = F.hasFnAttribute(Attribute::SanitizeAddress);
  uint64_t Budget = Asan ? 0 : MaxRecursive;
  if (FrameUsed + alignTo(C.BufBytes, C.Alignment) + Extra <= Budget)
    return true;
  const std::optional<RecursionPath> &Path = recursion();
  if (!Path)
    return true;
  const std::string &Via = Path->Via;
  uint64_t Left =
      FrameUsed + Extra < Budget
          ? alignDown(Budget - FrameUsed - Extra, C.Alignment.value())
          : 0;
  // The smallest useful buffer: one object (a free-list link for a
  // constant-size bump site), or 16 bytes of variable-size requests.
  uint64_t Need = C.Kind == Placement::Bump && C.Size
                      ? std::max<uint64_t>(*C.Size, 8)
                  : C.Size ? C.BufBytes
                           : 16;
  bool Shrinks =
      C.Kind == Placement::Bump || (C.Kind == Placement::Arena && !C.Size);
  // Where the way back is only a call back from code the pass cannot see
  // (a stream's, a callback's), activations inside another are the
  // exception: the outermost activation's full buffer (below) serves better
  // than one shrunk for every level. In a cycle of the call graph every
  // level allocates, and the shrunk buffer serves them all.
  bool Guard = canGuard();
  if (Shrinks && Left >= Need && (Path->Cycle || !Guard)) {
    LLVM_DEBUG(dbgs() << "escape: " << F.getName() << " may recurse (through "
                      << Via << "): buffer of " << C.BufBytes
                      << " bytes shrunk to " << Left << "\n");
    C.BufBytes = Left;
    ++NumRecursionShrunk;
    return true;
  }
  // The buffer of the outermost activation alone: the ones inside it use
  // the heap, so the recursion adds no stack per level. A slot's object
  // (one live at a time) goes to such a buffer of its size like any frame
  // arena's; its frees test the pointer.
  if (Guard) {
    LLVM_DEBUG(dbgs() << "escape: " << F.getName() << " may recurse (through "
                      << Via << "): buffer of " << C.BufBytes
                      << " bytes for the outermost activation only\n");
    if (C.Kind == Placement::Slot)
      C.Kind = Placement::Arena;
    C.Guarded = true;
    ++NumRecursionGuarded;
    return true;
  }
  missed(C.Alloc, C.What, C.Size, Refusal::Recursion,
         "the function may recurse (through " + Via +
             "), so the stack it adds is added once per level: over the "
             "budget of " +
             Twine(Budget) +
             " bytes per frame for such functions "
             "(-escape-max-frame-recursive" +
             (Asan ? "; 0 under AddressSanitizer, whose redzones multiply "
                     "each slot"
                   : "") +
             ")");
  return false;
}

/// Whether the function can carry the recursion guard: not a coroutine
/// before splitting (its frame may resume on another thread), no musttail
/// call (nothing may come between it and the return), no funclet-based
/// exception handling (exits other than return and resume), and no
/// sanitizer that instruments the stack (AddressSanitizer's handling of a
/// dynamic alloca reported the buffer's poisoned tail after the frame
/// ended: the budget of 0 bytes stays in force there).
bool HeapToStackImpl::canGuard() const {
  if (F.isPresplitCoroutine() || F.hasFnAttribute(Attribute::Naked) ||
      F.hasFnAttribute(Attribute::SanitizeAddress) ||
      F.hasFnAttribute(Attribute::SanitizeHWAddress) ||
      F.hasFnAttribute(Attribute::SanitizeMemTag))
    return false;
  if (F.hasPersonalityFn() &&
      isFuncletEHPersonality(classifyEHPersonality(F.getPersonalityFn())))
    return false;
  for (const BasicBlock &BB : F)
    if (BB.getTerminatingMustTailCall())
      return false;
  return true;
}

/// The recursion guard: a thread-local flag of the function, set while an
/// activation of it runs on the thread. The entry block loads it (was), sets
/// it, and tests "was clear": this activation is the outermost, the only
/// one whose guarded buffers have their size (the others get 0 bytes, and
/// their requests go to the heap). Every return and resume stores back
/// `was`, so the flag is clear again once the outermost activation ends.
/// An exit that skips those stores (an exception unwinding through a call
/// without a landing pad, longjmp) leaves the flag set: later activations
/// on the thread use the heap, which is slower, never unsound. A second
/// run of the pass (the function changed by inlining) reuses the guard: the
/// test in the entry block of this function's own flag, not of a callee's
/// inlined there (whose flag is clear again at each of this function's
/// levels).
Value *HeapToStackImpl::outermostActivation() {
  if (Outermost)
    return Outermost;
  std::string Name = ("escape.active." + F.getName()).str();
  auto FlagOf = [](const Instruction &Test) -> const Value * {
    const auto *Was = dyn_cast<LoadInst>(Test.getOperand(0));
    if (!Was)
      return nullptr;
    const Value *Addr = Was->getPointerOperand();
    if (const auto *II = dyn_cast<IntrinsicInst>(Addr);
        II && II->getIntrinsicID() == Intrinsic::threadlocal_address)
      Addr = II->getArgOperand(0);
    return Addr;
  };
  BasicBlock &Entry = F.getEntryBlock();
  for (Instruction &I : Entry)
    if (I.hasMetadata(GuardMD) && isa<ICmpInst>(I))
      if (const Value *Flag = FlagOf(I); Flag && Flag->getName() == Name)
        return Outermost = &I;
  LLVMContext &Ctx = F.getContext();
  Type *I8 = Type::getInt8Ty(Ctx);
  auto *Flag =
      new GlobalVariable(*F.getParent(), I8, /*isConstant=*/false,
                         GlobalValue::InternalLinkage, ConstantInt::get(I8, 0),
                         Name, nullptr, GlobalValue::GeneralDynamicTLSModel);
  IRBuilder<> B(&Entry, Entry.getFirstInsertionPt());
  Value *Addr = B.CreateThreadLocalAddress(Flag);
  Value *Was = B.CreateLoad(I8, Addr, "escape.was");
  B.CreateStore(B.getInt8(1), Addr);
  auto *Outer =
      cast<Instruction>(B.CreateICmpEQ(Was, B.getInt8(0), "escape.outermost"));
  Outer->setMetadata(GuardMD, MDNode::get(Ctx, {}));
  for (BasicBlock &BB : F) {
    Instruction *T = BB.getTerminator();
    if (!isa<ReturnInst>(T) && !isa<ResumeInst>(T))
      continue;
    IRBuilder<> X(T);
    X.CreateStore(Was, X.CreateThreadLocalAddress(Flag));
  }
  return Outermost = Outer;
}

/// The frame arena: a per-site buffer in the frame (Go's
/// small-buffer-else-heap), used when the request fits.
///   Arena (one object of the site live at a time; variable size, or a
///   constant size above max-object):
///     fits = size <= Buf                     (no overflow for calloc)
///     p    = fits ? buf : <original call>    (lifetime.start(buf) when fits)
///   and each matching free becomes
///     if (p == buf) lifetime.end(buf) else <original free>
///   Bump (objects of several iterations live at once):
///     off  = align(cur); fits = off <= Buf && size <= Buf - off
///     p    = fits ? buf + off : <original call>;  cur = off + size
///   and each matching free becomes
///     if (buf <= p < buf + Buf) {} else <original free>
///   (the buffer lives for the whole frame and is never reused in it).
/// Heap fallbacks are freed (or leaked) exactly as before; the buffer is
/// released with the frame, also when an exception unwinds through it. Stack
/// use is the buffer, whatever the trip count.
void HeapToStackImpl::convertArena(Candidate &C) {
  LLVMContext &Ctx = F.getContext();
  const DataLayout &DL = F.getDataLayout();
  CallBase *Alloc = C.Alloc;
  bool Bump = C.Kind == Placement::Bump;
  BasicBlock::iterator EntryPt = F.getEntryBlock().getFirstInsertionPt();
  Type *I64 = Type::getInt64Ty(Ctx);
  // The buffer's size: BufBytes, or for a guarded one, BufBytes in the
  // outermost activation and 0 in the others (a dynamic alloca after the
  // guard's test in the entry block).
  Value *Buf;
  Value *Cap;
  if (C.Group) {
    Buf = C.GroupOffset
              ? GetElementPtrInst::CreateInBounds(
                    Type::getInt8Ty(Ctx), C.Group->Base,
                    ConstantInt::get(Type::getInt64Ty(Ctx), C.GroupOffset),
                    Alloc->getName() + ".arena",
                    std::next(C.Group->Base->getIterator()))
              : static_cast<Value *>(C.Group->Base);
    Cap = ConstantInt::get(I64, C.BufBytes);
  } else if (C.Guarded) {
    auto *Outer = cast<Instruction>(outermostActivation());
    IRBuilder<> GB(Outer->getNextNode());
    Cap = GB.CreateSelect(Outer, GB.getInt64(C.BufBytes), GB.getInt64(0),
                          Alloc->getName() + ".arena.cap");
    AllocaInst *AI =
        GB.CreateAlloca(Type::getInt8Ty(Ctx), DL.getAllocaAddrSpace(), Cap,
                        Alloc->getName() + ".arena");
    AI->setAlignment(C.Alignment);
    AI->setMetadata(GuardedBytesMD,
                    MDNode::get(Ctx, ConstantAsMetadata::get(
                                         ConstantInt::get(I64, C.BufBytes))));
    Buf = AI;
  } else {
    Buf = new AllocaInst(ArrayType::get(Type::getInt8Ty(Ctx), C.BufBytes),
                         DL.getAllocaAddrSpace(), nullptr, C.Alignment,
                         Alloc->getName() + ".arena", EntryPt);
    Cap = ConstantInt::get(I64, C.BufBytes);
  }
  // (A group's alloca has its own.)
  if (!C.Group) {
    cast<AllocaInst>(Buf)->setMetadata(SlotMD, MDNode::get(Ctx, {}));
    cast<AllocaInst>(Buf)->setDebugLoc(Alloc->getDebugLoc());
  }
  AllocaInst *Cur = nullptr, *FreeList = nullptr;
  PointerType *PtrTy = PointerType::get(Ctx, DL.getAllocaAddrSpace());
  if (Bump) {
    Cur = new AllocaInst(I64, DL.getAllocaAddrSpace(), nullptr, Align(8),
                         Alloc->getName() + ".arena.cur", EntryPt);
    Cur->setMetadata(SlotMD, MDNode::get(Ctx, {}));
    new StoreInst(ConstantInt::get(I64, 0), Cur, EntryPt);
  }
  // Constant size: freed objects of the buffer go on a free list (linked
  // through the dead objects themselves) that the next allocation takes
  // first, so a bounded number of live objects (delete Prev; Prev = new)
  // never runs out of buffer. Not under AddressSanitizer: like its heap
  // quarantine, freed objects are not handed out again at once, so a use
  // after free is still reported.
  bool Asan = F.hasFnAttribute(Attribute::SanitizeAddress);
  if (Bump && C.Size && !Asan) {
    FreeList = new AllocaInst(PtrTy, DL.getAllocaAddrSpace(), nullptr, Align(8),
                              Alloc->getName() + ".arena.free", EntryPt);
    FreeList->setMetadata(SlotMD, MDNode::get(Ctx, {}));
    new StoreInst(ConstantPointerNull::get(PtrTy), FreeList, EntryPt);
  }
  // A free-list link is a pointer: objects smaller than one still have a
  // 16-byte (alignment) stride in the buffer.
  uint64_t LinkBytes = C.Size ? std::max<uint64_t>(*C.Size, 8) : 0;
  auto Poison = [&](IRBuilder<> &B, Value *Begin, Value *Len,
                    bool Unpoison = false) {
    FunctionCallee Fn = F.getParent()->getOrInsertFunction(
        Unpoison ? "__asan_unpoison_memory_region"
                 : "__asan_poison_memory_region",
        B.getVoidTy(), B.getPtrTy(), I64);
    B.CreateCall(Fn, {Begin, Len});
  };

  // The size test, before the call.
  IRBuilder<> B(Alloc);
  B.SetCurrentDebugLocation(Alloc->getDebugLoc());
  Value *Size;
  Value *Overflow = nullptr;
  if (C.Size) {
    Size = B.getInt64(*C.Size);
  } else {
    Size = B.CreateZExtOrTrunc(Alloc->getArgOperand(C.SizeArgs.first), I64);
    if (C.SizeArgs.second) {
      Value *N =
          B.CreateZExtOrTrunc(Alloc->getArgOperand(*C.SizeArgs.second), I64);
      Value *Mul =
          B.CreateBinaryIntrinsic(Intrinsic::umul_with_overflow, Size, N);
      Size = B.CreateExtractValue(Mul, 0);
      Overflow = B.CreateExtractValue(Mul, 1);
    }
  }
  Value *Off = nullptr, *Step = nullptr;
  Value *Fits;
  if (Bump) {
    // Objects live at the same time need distinct addresses (new of 0 bytes
    // too), and a free-list link needs a pointer's room.
    Step = C.Size
               ? B.getInt64(LinkBytes)
               : B.CreateBinaryIntrinsic(Intrinsic::umax, Size, B.getInt64(1));
    uint64_t A = C.Alignment.value();
    Off = B.CreateAnd(B.CreateAdd(B.CreateLoad(I64, Cur), B.getInt64(A - 1)),
                      B.getInt64(~(A - 1)), "arena.off");
    Fits = B.CreateAnd(B.CreateICmpULE(Off, Cap),
                       B.CreateICmpULE(Step, B.CreateSub(Cap, Off)));
  } else {
    Fits = B.CreateICmpULE(Size, Cap);
  }
  if (Overflow)
    Fits = B.CreateAnd(B.CreateNot(Overflow), Fits);
  Fits->setName("arena.fits");
  Value *Head =
      FreeList ? B.CreateLoad(PtrTy, FreeList, "arena.head") : nullptr;

  // BB: ...; br Fits, Stack, Heap.  Heap: the original call.  Join: phi.
  BasicBlock *BB = Alloc->getParent();
  BasicBlock *HeapBB = SplitBlock(BB, Alloc->getIterator());
  HeapBB->setName("arena.heap");
  BasicBlock *Join;
  if (auto *II = dyn_cast<InvokeInst>(Alloc)) {
    BasicBlock *Normal = II->getNormalDest();
    Join = BasicBlock::Create(Ctx, "arena.join", &F, Normal);
    BranchInst::Create(Normal, Join);
    II->setNormalDest(Join);
    Normal->replacePhiUsesWith(HeapBB, Join);
  } else {
    Join = SplitBlock(HeapBB, std::next(Alloc->getIterator()));
    Join->setName("arena.join");
  }
  BasicBlock *StackBB = BasicBlock::Create(Ctx, "arena.stack", &F, HeapBB);
  IRBuilder<> SB(StackBB);
  SB.SetCurrentDebugLocation(Alloc->getDebugLoc());
  Value *Obj = Buf;
  Value *End = Size;
  if (Bump) {
    Obj = SB.CreateInBoundsGEP(SB.getInt8Ty(), Buf, Off, "arena.obj");
    End = SB.CreateAdd(Off, Step);
    SB.CreateStore(End, Cur);
  } else if (!C.Guarded && !C.Group) {
    SB.CreateLifetimeStart(Buf);
  }
  if (C.ZeroInit)
    SB.CreateMemSet(Obj, SB.getInt8(0), Size, C.Alignment);
  // Under AddressSanitizer the unused tail of the buffer stays unaddressable,
  // so an overflow of the object is still reported (ASan's own
  // instrumentation, which runs later, unpoisons the buffer at lifetime.start
  // or function entry, and poisons it at lifetime.end and on return). A bump
  // object is carved out of the poisoned rest of the buffer.
  if (Asan && Bump)
    Poison(SB, Obj, Size, /*Unpoison=*/true);
  if (Asan && (!C.Size || *C.Size < C.BufBytes || Bump))
    Poison(SB, SB.CreateInBoundsGEP(SB.getInt8Ty(), Buf, End),
           SB.CreateSub(Cap, End));
  SB.CreateBr(Join);
  BB->getTerminator()->eraseFromParent();
  BasicBlock *ReuseBB = nullptr;
  if (FreeList) {
    // BB: br Head != null, Reuse, Bump.  Bump: br Fits, Stack, Heap.
    ReuseBB = BasicBlock::Create(Ctx, "arena.reuse", &F, StackBB);
    BasicBlock *BumpBB = BasicBlock::Create(Ctx, "arena.bump", &F, StackBB);
    BranchInst::Create(ReuseBB, BumpBB,
                       new ICmpInst(BB, ICmpInst::ICMP_NE, Head,
                                    ConstantPointerNull::get(PtrTy)),
                       BB);
    BranchInst::Create(StackBB, HeapBB, Fits, BumpBB);
    IRBuilder<> RB(ReuseBB);
    RB.SetCurrentDebugLocation(Alloc->getDebugLoc());
    if (Asan)
      Poison(RB, Head, RB.getInt64(LinkBytes), /*Unpoison=*/true);
    RB.CreateStore(RB.CreateLoad(PtrTy, Head, "arena.next"), FreeList);
    if (C.ZeroInit)
      RB.CreateMemSet(Head, RB.getInt8(0), Size, C.Alignment);
    RB.CreateBr(Join);
  } else {
    BranchInst::Create(StackBB, HeapBB, Fits, BB);
  }

  PHINode *P = PHINode::Create(Alloc->getType(), 3, Alloc->getName() + ".p");
  P->insertBefore(Join->begin());
  Alloc->replaceUsesWithIf(P, [&](Use &U) { return U.getUser() != P; });
  P->addIncoming(Obj, StackBB);
  P->addIncoming(Alloc, HeapBB);
  if (ReuseBB)
    P->addIncoming(Head, ReuseBB);
  Alloc->setMetadata(ArenaHeapMD, MDNode::get(Ctx, {}));

  for (CallBase *Free : C.Frees) {
    // A free of several buffers of a group tests the group once (its
    // pointer compared before an earlier member made it a call).
    bool WholeGroup = C.Group && C.Group->Shared.contains(Free);
    if (WholeGroup && !C.Group->Done.insert(Free).second)
      continue;
    if (auto *II = dyn_cast<InvokeInst>(Free))
      Free = changeToCall(II);
    IRBuilder<> FB(Free);
    Value *Ptr = Free->getArgOperand(0);
    Value *InBuf;
    if (Bump || WholeGroup) {
      Value *Begin = WholeGroup ? C.Group->Base : Buf;
      Value *Len = WholeGroup ? FB.getInt64(C.Group->Bytes) : Cap;
      InBuf = FB.CreateAnd(
          FB.CreateICmpUGE(Ptr, Begin),
          FB.CreateICmpULT(Ptr,
                           FB.CreateInBoundsGEP(FB.getInt8Ty(), Begin, Len)),
          "arena.own");
    } else
      InBuf = FB.CreateICmpEQ(Ptr, Buf, "arena.own");
    // (A 0-byte buffer's address may be another object's: only the
    // outermost activation's buffer holds objects.)
    if (C.Guarded)
      InBuf = FB.CreateAnd(InBuf, outermostActivation());
    Instruction *ThenTerm, *ElseTerm;
    SplitBlockAndInsertIfThenElse(InBuf, Free->getIterator(), &ThenTerm,
                                  &ElseTerm);
    IRBuilder<> TB(ThenTerm);
    TB.SetCurrentDebugLocation(Free->getDebugLoc());
    if (!Bump && !C.Guarded && !C.Group)
      TB.CreateLifetimeEnd(Buf);
    if (FreeList) {
      TB.CreateStore(TB.CreateLoad(PtrTy, FreeList), Ptr);
      TB.CreateStore(Ptr, FreeList);
    }
    if (Bump && Asan && C.Size) // a freed object stays unaddressable
      Poison(TB, Ptr, TB.getInt64(LinkBytes));
    Free->moveBefore(ElseTerm->getIterator());
  }
  for (CallInst *CI : C.Calls)
    if (CI->getTailCallKind() == CallInst::TCK_Tail)
      CI->setTailCallKind(CallInst::TCK_None);
}

/// Lays out the frame-arena buffers of Todo that share a free in one
/// alloca per group (ArenaGroup), before any is converted.
void HeapToStackImpl::groupArenas(MutableArrayRef<Candidate> Todo,
                                  std::deque<ArenaGroup> &Groups) {
  if (F.hasFnAttribute(Attribute::SanitizeAddress))
    return;
  // Union-find over the buffers, joined by the frees they share.
  SmallVector<unsigned, 8> Parent;
  SmallVector<Candidate *, 8> Members;
  DenseMap<CallBase *, unsigned> FirstOwner;
  DenseMap<CallBase *, unsigned> Owners;
  auto Find = [&](unsigned I) {
    while (Parent[I] != I)
      I = Parent[I] = Parent[Parent[I]];
    return I;
  };
  for (Candidate &C : Todo) {
    // (A bump buffer of constant size has a free list: its frees must know
    // which buffer they release into.)
    if (C.Kind == Placement::Slot || C.Guarded ||
        (C.Kind == Placement::Bump && C.Size))
      continue;
    unsigned I = Members.size();
    Members.push_back(&C);
    Parent.push_back(I);
    SmallPtrSet<CallBase *, 4> Seen;
    for (CallBase *Free : C.Frees) {
      if (!Seen.insert(Free).second)
        continue;
      ++Owners[Free];
      auto [It, New] = FirstOwner.try_emplace(Free, I);
      if (!New)
        Parent[Find(I)] = Find(It->second);
    }
  }
  DenseMap<unsigned, ArenaGroup *> ByRoot;
  for (unsigned I = 0; I < Members.size(); ++I) {
    unsigned R = Find(I);
    bool Shares = any_of(Members[I]->Frees,
                         [&](CallBase *Free) { return Owners[Free] > 1; });
    if (!Shares)
      continue;
    ArenaGroup *&G = ByRoot[R];
    if (!G)
      G = &Groups.emplace_back();
    Candidate &C = *Members[I];
    C.Group = G;
    C.GroupOffset = alignTo(G->Bytes, C.Alignment);
    G->Bytes = C.GroupOffset + C.BufBytes;
    G->Alignment = std::max(G->Alignment, C.Alignment);
    for (CallBase *Free : C.Frees)
      if (Owners[Free] > 1)
        G->Shared.insert(Free);
  }
  // (Every group has two buffers or more: a shared free has two members.)
  LLVMContext &Ctx = F.getContext();
  const DataLayout &DL = F.getDataLayout();
  BasicBlock::iterator EntryPt = F.getEntryBlock().getFirstInsertionPt();
  for (ArenaGroup &G : Groups) {
    G.Base = new AllocaInst(ArrayType::get(Type::getInt8Ty(Ctx), G.Bytes),
                            DL.getAllocaAddrSpace(), nullptr, G.Alignment,
                            "arena.group", EntryPt);
    G.Base->setMetadata(SlotMD, MDNode::get(Ctx, {}));
  }
}

void HeapToStackImpl::convert(Candidate &C) {
  if (C.Kind != Placement::Slot)
    return convertArena(C);
  LLVMContext &Ctx = F.getContext();
  const DataLayout &DL = F.getDataLayout();
  uint64_t Bytes = C.BufBytes;

  BasicBlock &Entry = F.getEntryBlock();
  auto *Slot =
      new AllocaInst(ArrayType::get(Type::getInt8Ty(Ctx), Bytes),
                     DL.getAllocaAddrSpace(), nullptr, C.Alignment,
                     C.Alloc->getName() + ".h2s", Entry.getFirstInsertionPt());
  Slot->setMetadata(SlotMD, MDNode::get(Ctx, {}));
  Slot->setDebugLoc(C.Alloc->getDebugLoc());

  // A calling invoke becomes a call: the slot cannot throw.
  CallBase *Alloc = C.Alloc;
  if (auto *II = dyn_cast<InvokeInst>(Alloc))
    Alloc = changeToCall(II);

  IRBuilder<> B(Alloc);
  B.SetCurrentDebugLocation(Alloc->getDebugLoc());
  B.CreateLifetimeStart(Slot);
  if (C.ZeroInit)
    B.CreateMemSet(Slot, B.getInt8(0), Bytes, C.Alignment);

  for (CallBase *Free : C.Frees) {
    if (auto *II = dyn_cast<InvokeInst>(Free))
      Free = changeToCall(II);
    IRBuilder<> FB(Free);
    FB.SetCurrentDebugLocation(Free->getDebugLoc());
    FB.CreateLifetimeEnd(Slot);
    Free->eraseFromParent();
  }
  // `tail` promises the callee does not touch our allocas; no longer true.
  for (CallInst *CI : C.Calls)
    if (CI->getTailCallKind() == CallInst::TCK_Tail)
      CI->setTailCallKind(CallInst::TCK_None);

  Alloc->replaceAllUsesWith(Slot);
  Alloc->eraseFromParent();
}

void HeapToStackImpl::remark(const Candidate &C) {
  ORE.emit([&]() {
    bool Slot = C.Kind == Placement::Slot;
    OptimizationRemark R(RemarkPass, Slot ? "HeapToStack" : "HeapToFrameArena",
                         remarkLoc(C.Alloc), C.Alloc->getParent());
    R << "'" << ore::NV("Allocation", C.What) << "'" << inlinedFrom(C.Alloc);
    if (C.Size)
      R << " of " << ore::NV("Bytes", *C.Size) << " bytes";
    else
      R << " of variable size";
    switch (C.Kind) {
    case Placement::Slot:
      R << " moved to the stack";
      if (C.InLoop)
        R << " (one slot reused by every loop iteration)";
      break;
    case Placement::Arena:
      R << " moved to the frame arena (a " << ore::NV("Buffer", C.BufBytes)
        << "-byte stack buffer";
      if (C.Guarded)
        R << (C.Size ? ")" : "; larger requests stay on the heap)");
      else if (C.Size && *C.Size <= MaxObject)
        R << "; freed through a pointer that may be another object's (loaded "
             "back from a local variable, or merged with null or another "
             "pointer), which each free tests at run time)";
      else if (C.Size)
        R << "; larger than the stack-slot limit of "
          << ore::NV("MaxObject", MaxObject) << " bytes)";
      else
        R << "; larger requests stay on the heap)";
      if (C.InLoop)
        R << " (buffer reused by every loop iteration)";
      break;
    case Placement::Bump:
      R << " moved to the frame arena (live across loop iterations: a "
        << ore::NV("Buffer", C.BufBytes)
        << "-byte stack buffer filled by successive objects; the rest stay "
           "on the heap)";
      break;
    }
    if (C.Guarded)
      R << ", in the outermost activation only: the function may recurse "
           "(through "
        << ore::NV("Via", recursion()->Via)
        << "), and the activations inside it use the heap";
    return R;
  });
}

bool HeapToStackImpl::run() {
  // Stack bytes earlier runs (or inlined callees) already added.
  // (A guarded buffer, a dynamic alloca, by its outermost activation's size.)
  uint64_t FrameUsed = 0;
  for (Instruction &I : F.getEntryBlock())
    if (auto *AI = dyn_cast<AllocaInst>(&I); AI && AI->hasMetadata(SlotMD)) {
      if (MDNode *N = AI->getMetadata(GuardedBytesMD))
        FrameUsed += alignTo(
            mdconst::extract<ConstantInt>(N->getOperand(0))->getZExtValue(),
            AI->getAlign());
      else if (std::optional<TypeSize> S =
                   AI->getAllocationSize(F.getDataLayout()))
        FrameUsed += alignTo(S->getFixedValue(), AI->getAlign());
    }

  // The function's calls, allocation sites among them (again after
  // inlining, which erases calls).
  SmallVector<CallBase *, 16> Allocs;
  auto CollectCalls = [&] {
    Allocs.clear();
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I); CB && !isa<IntrinsicInst>(CB))
        Allocs.push_back(CB);
  };
  CollectCalls();

  // Virtual calls on the objects first: the analysis then sees their
  // callees.
  bool Devirtualized = false;
  // Calls that hide virtual calls on such an object before a virtual call
  // whose vtable pointer they may change are inlined first
  // (hidesVirtualCalls).
  {
    // (Rounds: an inlined body may hold such calls; a few, as the depth
    // of hidesVirtualCalls bounds what each inlines.)
    for (unsigned Round = 0; Round < 3; ++Round) {
      SmallVector<CallBase *, 4> Hidden;
      for (CallBase *CB : Allocs)
        if (isFreshAllocation(CB, TLI))
          devirtualizeThroughVptr(CB, TLI, nullptr, &Hidden);
      unsigned Inlined = 0;
      for (CallBase *H : Hidden) {
        InlineFunctionInfo IFI;
        if (InlineFunction(*H, IFI).isSuccess()) {
          ++Inlined;
          ++NumInlinedForVptr;
        }
      }
      if (!Inlined)
        break;
      Devirtualized = true;
      CollectCalls();
    }
  }
  // The virtual calls on the fresh objects of Sites. A call made direct is
  // no longer an indirect call that may write the object: the virtual calls
  // after it are judged again (a few rounds; a direct call whose body may
  // write is still a clobber, until its body is inlined:
  // inlinableDevirtualized). Returns whether calls were inlined (the calls
  // of the function other than allocations may then be gone).
  unsigned InlineBudget = MaxInlinedDevirtualizedCalls;
  // Forgets why calls stayed indirect, for the (site, call) pairs given.
  auto ForgetNotes =
      [&](function_ref<bool(const CallBase *, const CallBase *)> Which) {
        SmallVector<std::pair<const CallBase *, const CallBase *>, 4> Old;
        for (const auto &N : VirtualNotes)
          if (Which(N.first.first, N.first.second))
            Old.push_back(N.first);
        for (const auto &K : Old)
          VirtualNotes.erase(K);
      };
  auto Devirtualize = [&](ArrayRef<CallBase *> Sites) {
    SmallVector<CallBase *, 8> Direct;
    for (CallBase *CB : Sites) {
      if (!isFreshAllocation(CB, TLI))
        continue;
      for (unsigned Round = 0; Round < 4; ++Round) {
        ForgetNotes(
            [&](const CallBase *Site, const CallBase *) { return Site == CB; });
        if (!devirtualizeThroughVptr(CB, TLI,
                                     describe(CB) ? &VirtualNotes : nullptr,
                                     nullptr, &Direct))
          break;
        Devirtualized = true;
      }
    }
    bool Inlined = false;
    for (CallBase *Call : Direct) {
      if (!InlineBudget || isAllocationFn(Call, &TLI) ||
          !inlinableDevirtualized(Call))
        continue;
      ForgetNotes(
          [&](const CallBase *, const CallBase *C) { return C == Call; });
      InlineFunctionInfo IFI;
      if (InlineFunction(*Call, IFI).isSuccess()) {
        --InlineBudget;
        ++NumInlinedDevirtualized;
        Inlined = true;
      }
    }
    return Inlined;
  };
  for (unsigned Round = 0; Round < 8 && Devirtualize(Allocs); ++Round)
    CollectCalls();

  // Calls that allocate the object they return into a local variable this
  // frame frees from (returnsFreshAllocation): inlined, their allocations
  // are this frame's sites.
  if (unsigned N = InlineResultsOpt ? inlineResultAllocations(F, TLI) : 0) {
    NumInlinedForResult += N;
    Devirtualized = true;
    CollectCalls();
  }

  // Rounds: a site whose object is stored into another allocation that a
  // round moves to a stack slot is analysed again in the next one, when
  // that store is one into a local variable (docs/heap-to-stack.md,
  // "Objects held by moved objects"); a chain of holders takes a round per
  // link. So is a site refused by a call that hides frees (hidesFrees),
  // once that call is inlined. Only the last analysis of a site is said.
  constexpr unsigned MaxRounds = 3;
  bool Changed = false;
  SmallVector<CallBase *, 16> Sites(Allocs);
  for (unsigned Round = 0; !Sites.empty(); ++Round) {
    Again = Round > 0;
    SmallVector<Candidate, 8> Todo;
    for (CallBase *CB : Sites)
      if (std::optional<Candidate> C = analyze(CB, FrameUsed))
        Todo.push_back(std::move(*C));
    SmallPtrSet<const Value *, 8> Slots;
    if (Round + 1 < MaxRounds)
      for (const Candidate &C : Todo)
        if (C.Kind == Placement::Slot)
          Slots.insert(C.Alloc);
    Sites = heldByNewSlots(Slots);
    Changed |= !Todo.empty();
    convertAll(Todo);
    // A site now held in a stack slot: the slot is a local variable whose
    // loads of it devirtualizeThroughVptr follows, so its virtual calls
    // through them may resolve now. (Sites holds allocations only, which
    // inlining leaves in place.)
    for (unsigned R = 0; R < 8 && Devirtualize(Sites); ++R)
      ;
    // Calls that hide frees of held allocations: inlined once the round's
    // conversions are done (each once: two sites may ask for one call).
    SetVector<CallBase *> Calls;
    HolderSites.clear();
    for (auto [Site, Call] : HolderCalls) {
      Calls.insert(Call);
      HolderSites.insert(Site);
      if (!is_contained(Sites, Site))
        Sites.push_back(Site);
    }
    HolderCalls.clear();
    for (CallBase *Call : Calls) {
      if (HoldersTried == MaxInlinedForFreesCalls)
        break;
      InlineFunctionInfo IFI;
      ++HoldersTried;
      if (!InlineFunction(*Call, IFI).isSuccess()) {
        HoldersFailed.insert(Call);
      } else {
        ++NumInlinedForFrees;
        Changed = true;
        // Its allocations (a reallocation) are sites of this frame now.
        for (CallBase *New : IFI.InlinedCallSites)
          if (isFreshAllocation(New, TLI) && !is_contained(Sites, New)) {
            Sites.push_back(New);
            HolderSites.insert(New);
          }
      }
    }
  }
  Again = false;
  if (Remarks)
    reportHiddenAllocations();
  return Devirtualized || Changed;
}

void HeapToStackImpl::convertAll(MutableArrayRef<Candidate> Todo) {
  std::deque<ArenaGroup> Groups;
  groupArenas(Todo, Groups);
  for (Candidate &C : Todo) {
    if (C.Kind == Placement::Slot)
      ++NumToStack;
    else
      ++NumToArena;
    LLVM_DEBUG(dbgs() << "escape: " << F.getName() << ": " << *C.Alloc
                      << (C.Kind == Placement::Slot ? " to a stack slot of "
                                                    : " to a frame arena of ")
                      << C.BufBytes << " bytes\n");
    remark(C);
    if (Profile)
      escape::countConverted(*C.Alloc,
                             C.Kind == Placement::Slot ? "stack" : "arena");
    // An earlier run's refusal, waiting for the end of the pipeline, is
    // stale (a frame-arena site keeps its call as the heap fallback).
    C.Alloc->setMetadata(DeferredMissedMD, nullptr);
    convert(C);
  }
  // (Conversions erase calls: explain()'s cache of the last site must not
  // match a call created later at the same address.)
  Site = nullptr;
}

} // namespace

std::string escape::prettyFunctionName(const Function *F) {
  return prettyName(F);
}
const DILocation *escape::userLocation(const Instruction *I) {
  return outermost(I);
}

PreservedAnalyses escape::HeapToStackPass::run(Function &F,
                                               FunctionAnalysisManager &FAM) {
  if (F.isDeclaration() || F.hasOptNone() || F.isPresplitCoroutine() ||
      F.callsFunctionThatReturnsTwice())
    return PreservedAnalyses::all();
  // Already instrumented by AddressSanitizer (the post-link run of an -flto
  // -fsanitize=address build): converting now would hide the object from it.
  if (F.getParent()->getFunction("asan.module_ctor"))
    return PreservedAnalyses::all();

  // Calls through the function pointers of local variables (a
  // std::function's invoker and manager, LocalSlots.h) first: the analysis
  // then sees their callees. A replaceable callee is inlined there, and the
  // variable is then promoted before the allocations are judged (a call made
  // direct instead has the CGSCC pipeline, inliner included, run again).
  unsigned Inlined = 0;
  bool Resolved = escape::resolveLocalFunctionSlots(F, &Inlined) > 0;
  // (InstCombine here: the analysis comes next.)
  if (Inlined && Cleanup != CleanupKind::None)
    cleanUp(F, FAM, /*InstCombine=*/true);

  auto &TLI = FAM.getResult<TargetLibraryAnalysis>(F);
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(F);
  HeapToStackImpl Impl(F, TLI, ORE, maxObjectBytes(), maxFrameBytes(),
                       MaxFrameRecursiveOpt, arenaBytes(), Opts.Profile,
                       DeferMissed);
  if (!Impl.run())
    return Resolved ? PreservedAnalyses::none() : PreservedAnalyses::all();

  PreservedAnalyses PA = PreservedAnalyses::none();
  if (Cleanup == CleanupKind::None)
    return PA;
  // Let SROA promote the new slots and EarlyCSE/InstCombine forward what is
  // left. Run directly, not through a pass manager, so that their time is
  // this pass's time (-ftime-report; docs/heap-to-stack.md, compile-time
  // cost). EarlyCSE with MemorySSA forwards a store to the loads it
  // dominates (a constructor's vtable pointer to the virtual calls, a slot
  // SROA could not promote) in about linear time; GVN, which did this
  // before, also forwards around loops and across merges, at a cost that on
  // one huge function was many times the pass's own (issue 18). Where the
  // pipeline runs InstCombine next, running it here too was a tenth of the
  // plugin's cost on a unit whose strings move (docs/benchmarks.md).
  cleanUp(F, FAM, Cleanup == CleanupKind::Full);
  return PA;
}

void escape::HeapToStackPass::cleanUp(Function &F, FunctionAnalysisManager &FAM,
                                      bool InstCombine) {
  FAM.invalidate(F, PreservedAnalyses::none());
  FAM.invalidate(F, SROAPass(SROAOptions::ModifyCFG).run(F, FAM));
  FAM.invalidate(F, EarlyCSEPass(/*UseMemorySSA=*/true).run(F, FAM));
  if (InstCombine)
    FAM.invalidate(F, InstCombinePass().run(F, FAM));
}

PreservedAnalyses escape::MissedRemarksPass::run(Module &M,
                                                 ModuleAnalysisManager &) {
  for (Function &F : M) {
    std::optional<OptimizationRemarkEmitter> ORE;
    for (Instruction &I : instructions(F)) {
      auto *MD = dyn_cast_or_null<MDNode>(I.getMetadata(DeferredMissedMD));
      if (!MD)
        continue;
      I.setMetadata(DeferredMissedMD, nullptr);
      if (MD->getNumOperands() != 4)
        continue;
      auto Text = [&](unsigned N) {
        auto *S = dyn_cast<MDString>(MD->getOperand(N));
        return S ? S->getString() : StringRef();
      };
      if (!ORE)
        ORE.emplace(&F);
      std::optional<uint64_t> Size;
      if (uint64_t Bytes; !Text(1).getAsInteger(10, Bytes))
        Size = Bytes;
      sayMissed(*ORE, I, Text(0), Size, Text(2), Text(3) == "asserted");
    }
  }
  // Only metadata changed.
  return PreservedAnalyses::all();
}
