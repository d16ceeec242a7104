//===- IRFacts.cpp - What the analysis tells the IR pass ------------------===//
#include "clang/IRFacts.h"
#include "clang/Library.h"
#include "clang/Session.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/GlobalDecl.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Basic/TargetInfo.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <optional>
#include <set>

using namespace clang;
using namespace escape;

namespace {

/// Functions declared in user code (not in system headers) and used in the
/// translation unit, wherever the use is (a constructor called from
/// std::make_unique's body counts), the used instantiations of the
/// library's string operators that library::stringReader whitelists, and
/// the used key lookups of libstdc++'s associative containers
/// (library::keyLookup). Only declarations are walked, never statements:
/// this costs little next to the analysis. In system headers, only
/// namespaces (and extern "C++" blocks) are entered, and of their members
/// only the functions and function templates named like a whitelisted
/// operator, the non-member function templates of std (scalar
/// algorithms), std::pair's constructors, and the class templates
/// std::_Hashtable and std::_Rb_tree with their specializations, of whose
/// members only find, count, lower_bound and upper_bound: no other class,
/// no other template.
class UsedFunctions : public RecursiveASTVisitor<UsedFunctions> {
public:
  explicit UsedFunctions(const SourceManager &SM) : SM(SM) {}
  std::set<const FunctionDecl *> Found;
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }
  bool TraverseDecl(Decl *D) {
    if (!D || isa<TranslationUnitDecl>(D) ||
        !SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      return RecursiveASTVisitor::TraverseDecl(D);
    if (const auto *NS = dyn_cast<NamespaceDecl>(D)) {
      // std, its inline namespaces (__cxx11, __1), nothing else.
      if (NS->isStdNamespace() || (NS->isInline() && NS->isInStdNamespace()))
        return RecursiveASTVisitor::TraverseDecl(D);
      return true;
    }
    if (isa<LinkageSpecDecl>(D) && D->getDeclContext()->isTranslationUnit())
      return RecursiveASTVisitor::TraverseDecl(D);
    if ((isa<FunctionTemplateDecl>(D) || isa<FunctionDecl>(D)) &&
        !isa<CXXMethodDecl>(D->getAsFunction()) &&
        library::mayBeStringReader(cast<NamedDecl>(D)))
      return RecursiveASTVisitor::TraverseDecl(D);
    // std::_Hashtable and std::_Rb_tree: the template (whose walk reaches
    // its instantiations; not its pattern, refused here), the
    // specializations, and of their members only the key lookups.
    if ((isa<ClassTemplateDecl>(D) ||
         isa<ClassTemplateSpecializationDecl>(D)) &&
        library::keyTable(cast<NamedDecl>(D)) != library::KeyTable::None)
      return RecursiveASTVisitor::TraverseDecl(D);
    if (const auto *MD = dyn_cast<CXXMethodDecl>(D);
        MD && library::mayBeKeyLookup(MD))
      return RecursiveASTVisitor::TraverseDecl(D);
    // std::basic_string the same way, and of its members only those
    // library::stringCharsParam describes.
    if ((isa<ClassTemplateDecl>(D) ||
         isa<ClassTemplateSpecializationDecl>(D)) &&
        library::mayBeStringChars(cast<NamedDecl>(D)))
      return RecursiveASTVisitor::TraverseDecl(D);
    if (const auto *MD = dyn_cast<CXXMethodDecl>(D);
        MD && library::mayBeStringChars(MD))
      return RecursiveASTVisitor::TraverseDecl(D);
    // The string streams, and of their members only the constructors
    // (library::stringStreamFromString).
    if ((isa<ClassTemplateDecl>(D) || isa<ClassTemplateSpecializationDecl>(D) ||
         isa<CXXConstructorDecl>(D)) &&
        library::mayBeStringStream(cast<NamedDecl>(D)))
      return RecursiveASTVisitor::TraverseDecl(D);
    // std::pair, and of its members only the constructors
    // (library::pairConstructor).
    if ((isa<ClassTemplateDecl>(D) || isa<ClassTemplateSpecializationDecl>(D) ||
         isa<CXXConstructorDecl>(D) || isa<FunctionTemplateDecl>(D)) &&
        library::mayBePairConstructor(cast<NamedDecl>(D)))
      return RecursiveASTVisitor::TraverseDecl(D);
    // The function templates of std that are not members (their
    // specializations on scalars: library::scalarAlgorithm). Not the class
    // templates: their static members are analysed where the helpers call
    // them, and the IR seldom calls them itself.
    if ((isa<FunctionTemplateDecl>(D) || isa<FunctionDecl>(D)) &&
        library::mayBeScalarAlgorithm(D))
      return RecursiveASTVisitor::TraverseDecl(D);
    return true;
  }
  bool TraverseStmt(Stmt *) { return true; }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->isUsed(/*CheckUsedAttr=*/false))
      Found.insert(FD->getCanonicalDecl());
    return true;
  }

private:
  const SourceManager &SM;
};

/// A type passed and returned as one IR value of its own (x86-64 SysV,
/// AArch64): pointers, references, integers and floating point up to 64
/// bits. Classes, member pointers, complex, vectors and long double may be
/// split, coerced, expanded or passed indirectly.
bool isDirectScalar(ASTContext &Ctx, QualType T) {
  T = T.getCanonicalType();
  if (T->isPointerType() || T->isReferenceType() || T->isNullPtrType())
    return true;
  if ((T->isIntegralOrEnumerationType() && !T->isBitIntType()) ||
      T->isSpecificBuiltinType(BuiltinType::Float) ||
      T->isSpecificBuiltinType(BuiltinType::Double))
    return Ctx.getTypeSize(T) <= 64;
  return false;
}

/// The result is returned through a hidden pointer that is the first IR
/// argument (`sret`), before any parameter: a class the Itanium C++ ABI
/// returns indirectly (a non-trivial copy or move constructor or
/// destructor: CGCXXABI's canPassInRegisters) from a function that is not
/// a member (a member's `this` would come first).
bool sretFirst(ASTContext &Ctx, const FunctionDecl *FD) {
  if (isa<CXXMethodDecl>(FD) ||
      !Ctx.getTargetInfo().getCXXABI().isItaniumFamily())
    return false;
  const auto *RD = FD->getReturnType()->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && !RD->canPassInRegisters();
}

/// A trivially copyable class of at most 64 bits (std::strong_ordering):
/// x86-64 and AArch64 return it in a register, no hidden argument. Where an
/// ABI returns it through a hidden pointer (i386), the IR function has one
/// argument more than the fact says and the pass leaves it alone.
bool smallTrivialClass(ASTContext &Ctx, QualType T) {
  const auto *RD = T->getAsCXXRecordDecl();
  return RD && RD->hasDefinition() && RD->canPassInRegisters() &&
         T.isTriviallyCopyableType(Ctx) && Ctx.getTypeSize(T) <= 64;
}

/// An empty class passed by value that x86-64's C++ ABI passes as nothing
/// (clang gives it no IR argument): a comparison function object.
bool passedAsNothing(ASTContext &Ctx, QualType T) {
  const auto *RD = T->getAsCXXRecordDecl();
  return Ctx.getTargetInfo().getTriple().getArch() == llvm::Triple::x86_64 &&
         RD && RD->hasDefinition() && RD->isEmpty() &&
         RD->canPassInRegisters() && T.isTriviallyCopyableType(Ctx);
}

/// The IR arguments are the Clang parameters one to one, after Shift hidden
/// ones: 0, or 1 for a result returned through a hidden first pointer when
/// SRet allows it (sretFirst); SRet also allows a small trivial class
/// returned by value (smallTrivialClass). With \p Dropped, the last
/// parameters may be classes passed as nothing (passedAsNothing), and
/// *Dropped counts them: the IR has that many arguments fewer, and the
/// others keep their places. (Where the ABI passes them after all, the IR
/// function has more arguments than the fact says and the pass leaves it
/// alone.)
bool oneToOne(ASTContext &Ctx, const FunctionDecl *FD, bool SRet,
              unsigned &Shift, unsigned *Dropped = nullptr) {
  Shift = 0;
  if (Dropped)
    *Dropped = 0;
  const auto *FT = FD->getType()->getAs<FunctionProtoType>();
  if (!FT || FT->getCallConv() != CC_C || FD->isMultiVersion() ||
      FD->hasAttr<AsmLabelAttr>() || FD->getBuiltinID() ||
      FD->isDependentContext())
    return false;
  QualType RT = FD->getReturnType();
  if (SRet && sretFirst(Ctx, FD))
    Shift = 1;
  else if (SRet && smallTrivialClass(Ctx, RT))
    ; // in registers where the ABI says so (else the pass sees one more
      // IR argument than the fact describes, and skips it)
  else if (!RT->isVoidType() && !isDirectScalar(Ctx, RT))
    return false; // may be returned through a hidden pointer
  if (const auto *CD = dyn_cast<CXXConstructorDecl>(FD))
    if (CD->isInheritingConstructor())
      return false;
  // A GNU or C99 inline definition that is not the external one: calls may
  // go to another definition of the symbol.
  const FunctionDecl *Def = nullptr;
  if (FD->isDefined(Def) &&
      (Def->hasAttr<GNUInlineAttr>() ||
       (Def->isInlined() && !Ctx.getLangOpts().CPlusPlus &&
        !Def->isInlineDefinitionExternallyVisible())))
    return false;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if ((isa<CXXConstructorDecl>(MD) || isa<CXXDestructorDecl>(MD)) &&
        MD->getParent()->getNumVBases())
      return false; // base-object variants take a VTT
  unsigned Last = FD->getNumParams();
  if (Dropped && !FD->isVariadic())
    while (Last > 0 &&
           passedAsNothing(Ctx, FD->getParamDecl(Last - 1)->getType()))
      --Last, ++*Dropped;
  for (const ParmVarDecl *P : FD->parameters().take_front(Last))
    if (!isDirectScalar(Ctx, P->getType()) || P->hasAttr<PassObjectSizeAttr>())
      return false;
  return Analyzer::numParams(FD) + Shift <= 64;
}

/// An unnamed type without linkage (a lambda at namespace scope, a
/// container's functor or a template argument) is mangled `$_N`, numbered
/// in the order a mangle context meets such types: this one's order is not
/// CodeGen's, so such a symbol may name another function. No fact for it.
bool unnamedTypeSymbol(llvm::StringRef Sym) { return Sym.contains('$'); }

/// The fact of the library model (library::stringReader) for a whitelisted
/// string operator: its `const basic_string&` parameters are neither
/// captured nor freed, nor is anything loaded from them (ReadParam::String:
/// the three masks); its `const CharT*` parameters are neither captured
/// nor freed (ReadParam::Chars: no content fact, the characters are copied
/// into the result). The bodies are not read: the standard's guarantees
/// are the proof, whatever the body in the module (often linkonce_odr, or
/// libstdc++.so's for its explicit instantiations). operator+ returns its
/// string through a hidden first argument, which gets no fact.
std::optional<CalleeFact> libraryFact(ASTContext &Ctx, const FunctionDecl *FD) {
  llvm::SmallVector<library::ReadParam, 2> Params;
  unsigned Shift = 0;
  if (!library::stringReader(FD, Params) ||
      !oneToOne(Ctx, FD, /*SRet=*/true, Shift) ||
      Params.size() != FD->getNumParams())
    return std::nullopt;
  CalleeFact F;
  F.NumArgs = FD->getNumParams() + Shift;
  F.VarArg = FD->isVariadic();
  for (unsigned I = 0; I < Params.size(); ++I) {
    uint64_t Bit = uint64_t(1) << (I + Shift);
    if (Params[I] == library::ReadParam::Value)
      continue;
    F.NoCapture |= Bit;
    F.NoFree |= Bit;
    if (Params[I] == library::ReadParam::String)
      F.NoContent |= Bit;
  }
  if (!F.NoCapture)
    return std::nullopt;
  return F;
}

/// The fact of a key lookup of libstdc++'s associative containers
/// (library::keyLookup: find, count, lower_bound, upper_bound of
/// _Hashtable and _Rb_tree): its `const key_type&` parameter is neither
/// captured nor freed, nor is anything loaded from it (the three masks),
/// when every functor the member calls on the key only reads it: the
/// library's own (library::KeyFunctor::Reader) or a user class proven here
/// (Analyzer::provenKeyReader, without stored summaries). Those members hand
/// the key to the functors only (keyLookup says what was checked), so the
/// functors' proof is the member's. The reachable fact too when every functor
/// only reads all that is reachable from the key: the library's (a scalar's
/// value is hashed or compared, a string's characters read) or a user class
/// whose summaries show that (provenKeyReader's Reachable). The `this` argument
/// gets no bit. The results, an iterator (a small trivially copyable class, in
/// a register) or a count, are direct (oneToOne).
std::optional<CalleeFact> lookupFact(EscapeSession &Session,
                                     const FunctionDecl *FD) {
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  library::KeyLookup L;
  unsigned Shift = 0;
  ASTContext &Ctx = Session.context();
  if (!MD || !library::keyLookup(MD, L) ||
      !oneToOne(Ctx, FD, /*SRet=*/true, Shift) || Shift != 0 ||
      !Analyzer::hasThis(FD))
    return std::nullopt;
  bool AllReachable = true;
  for (QualType F : L.Functors) {
    bool Reachable = false;
    switch (library::keyFunctor(F, L.Key)) {
    case library::KeyFunctor::Reader:
      continue;
    case library::KeyFunctor::User:
      if (Session.analyzer().provenKeyReader(F->getAsCXXRecordDecl(), L.Key,
                                             /*AllowStored=*/false,
                                             Reachable)) {
        AllReachable &= Reachable;
        continue;
      }
      [[fallthrough]];
    case library::KeyFunctor::None:
      return std::nullopt;
    }
  }
  CalleeFact F;
  F.NumArgs = Analyzer::numParams(FD);
  F.VarArg = FD->isVariadic();
  uint64_t Bit = uint64_t(1) << 1; // `this` is argument 0, the key 1
  F.NoCapture = F.NoFree = F.NoContent = Bit;
  if (AllReachable)
    F.NoReachable = Bit;
  return F;
}

/// The fact of a std::string member that only reads characters through
/// one parameter (library::stringCharsParam): captures(address) on it (a
/// member may compare it with the string's own buffer), and `nofree` for a
/// const member; for one that may reallocate the string (_M_append,
/// _M_mutate, _M_replace), NoFreeExceptThis instead (FrontendFacts.h,
/// NoFreeExceptThisAttr): nothing is freed through it, but the string
/// (`this`, argument 0) may free its own buffer, into which it may point,
/// which `nofree` would deny.
std::optional<CalleeFact> stringCharsFact(ASTContext &Ctx,
                                          const FunctionDecl *FD) {
  std::optional<library::StringChars> P = library::stringCharsParam(FD);
  unsigned Shift = 0;
  if (!P || !Analyzer::hasThis(FD) || !oneToOne(Ctx, FD, /*SRet=*/false, Shift))
    return std::nullopt;
  CalleeFact F;
  F.NumArgs = Analyzer::numParams(FD);
  F.VarArg = FD->isVariadic();
  uint64_t Bit = uint64_t(1) << (P->Param + 1); // `this` is argument 0
  F.NoCapture = Bit;
  (P->Mutates ? F.NoFreeExceptThis : F.NoFree) = Bit;
  return F;
}

/// The fact of a string stream's constructor from a string
/// (library::stringStreamFromString): its `const basic_string&` parameter is
/// neither captured nor freed, nor is anything loaded from it (the three
/// masks), whatever the body in the module (the class templates are
/// explicitly instantiated in libstdc++.so; the module has
/// available_externally copies at most). `this` gets no bit. The
/// arguments are (this, str, mode): the streams have a virtual base, so
/// the base-object constructor also takes a VTT, has one argument more and
/// is left alone by the pass (FrontendFactsPass: the IR signature must be
/// the fact's); the complete-object constructor, the one a declaration of
/// a stream calls, gets the fact.
std::optional<CalleeFact> stringStreamFact(const FunctionDecl *FD) {
  if (!library::stringStreamFromString(FD))
    return std::nullopt;
  CalleeFact F;
  F.NumArgs = Analyzer::numParams(FD);
  F.VarArg = false;
  uint64_t Bit = uint64_t(1) << 1; // `this` is argument 0, the string 1
  F.NoCapture = F.NoFree = F.NoContent = Bit;
  return F;
}

} // namespace

std::vector<CalleeFact> escape::calleeFacts(EscapeSession &Session,
                                            bool UseStored) {
  ASTContext &Ctx = Session.context();
  const SourceManager &SM = Ctx.getSourceManager();
  UsedFunctions C(SM);
  C.TraverseDecl(Ctx.getTranslationUnitDecl());
  std::unique_ptr<MangleContext> MC(Ctx.createMangleContext());
  std::vector<CalleeFact> Out;
  for (const FunctionDecl *FD : C.Found) {
    if (isa<CXXDeductionGuideDecl>(FD))
      continue;
    if (SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation()))) {
      std::optional<CalleeFact> F = libraryFact(Ctx, FD);
      if (!F)
        F = lookupFact(Session, FD);
      if (!F)
        F = stringCharsFact(Ctx, FD);
      if (!F)
        F = stringStreamFact(FD);
      if (F) {
        for (std::string &Sym : irSymbolsOf(*MC, FD)) {
          if (unnamedTypeSymbol(Sym))
            continue;
          Out.push_back(*F);
          Out.back().Symbol = std::move(Sym);
        }
        continue;
      }
      // The algorithms on arrays of scalars and std::pair's constructors:
      // from their summaries, as user code (their bodies are analysed:
      // library::scalarAlgorithm, library::pairConstructor).
      if (!library::scalarAlgorithm(FD) && !library::pairConstructor(FD))
        continue;
    }
    unsigned Shift = 0, Dropped = 0;
    if (!oneToOne(Ctx, FD, /*SRet=*/false, Shift, &Dropped))
      continue;
    // Without UseStored, nothing resting on another unit's summary reaches
    // the code: not a declared function's, nor an inline function's whose
    // body calls one (its summary rests on the file).
    bool Withheld = !UseStored && Session.analyzer().usesStored(FD);
    const Summary *S = Session.summaryOf(FD);
    if (!S || S->Params.size() != Analyzer::numParams(FD))
      continue;
    bool HasThis = Analyzer::hasThis(FD);
    uint64_t Mask = 0, NoFree = 0, NoContent = 0, ContentReturned = 0,
             NoReachable = 0;
    // (The IR result is then a pointer, which the pass can follow.)
    bool PointerResult = FD->getReturnType()->isPointerType() ||
                         FD->getReturnType()->isReferenceType();
    for (unsigned I = 0; I < S->Params.size(); ++I) {
      if (!HasThis || I > 0) {
        QualType T = FD->getParamDecl(HasThis ? I - 1 : I)->getType();
        if (!T->isPointerType() && !T->isReferenceType())
          continue;
      }
      // captures(address): no copy of the pointer itself, nor of a
      // pointer into its object, outlives the call in any form — not kept
      // (heap, result, any parameter's pointee, its own included: a
      // std::string member's small buffer), not turned into bits (an
      // escape), not given to code the analysis does not prove (library
      // models, unknown callees). Comparing the address captures only the
      // address, which the attribute allows. "Does not escape" alone is not
      // enough (docs/design.md, "What the pass trusts").
      const ParamLeaks &L = S->Params[I];
      if (L.notCaptured())
        Mask |= uint64_t(1) << I;
      // nofree: nor does it free the pointer (nor anything reachable from
      // it at level 0: a destructor it runs, a callee that may free it).
      if (L.notCaptured() && L.notKeptNorFreed())
        NoFree |= uint64_t(1) << I;
      // The content fact: nor does it capture or free anything it loads
      // from the pointee (a std::string's buffer pointer, a struct's
      // pointer field), nor anything reachable from there. Only with the
      // pointer itself not captured: the pass needs both.
      if (L.notCaptured() && L.contentNotCapturedNorFreed()) {
        NoContent |= uint64_t(1) << I;
        // The reachable fact: nor anything reachable from there, at any
        // level (a key holding the address of a struct holding a buffer).
        if (L.nothingReachableCapturedNorFreed())
          NoReachable |= uint64_t(1) << I;
      }
      // The content-returned fact: the same, except that what it loads
      // from the pointee may be returned (a pointer into a buffer the
      // object holds: an iterator, `data() + i`), and leaves no other way.
      else if (PointerResult && L.notCaptured() && L.contentOnlyReturned())
        ContentReturned |= uint64_t(1) << I;
    }
    if (!Mask)
      continue;
    for (std::string &Sym : irSymbolsOf(*MC, FD))
      if (!unnamedTypeSymbol(Sym))
        Out.push_back({std::move(Sym), Analyzer::numParams(FD) - Dropped,
                       FD->isVariadic(), Mask, NoFree, NoContent,
                       ContentReturned, NoReachable, /*NoFreeExceptThis=*/0,
                       Withheld});
  }
  return Out;
}

std::vector<std::string> escape::irSymbolsOf(MangleContext &MC,
                                             const FunctionDecl *FD) {
  std::vector<GlobalDecl> GDs;
  if (const auto *CD = dyn_cast<CXXConstructorDecl>(FD)) {
    GDs = {GlobalDecl(CD, Ctor_Complete), GlobalDecl(CD, Ctor_Base)};
  } else if (const auto *DD = dyn_cast<CXXDestructorDecl>(FD)) {
    GDs = {GlobalDecl(DD, Dtor_Complete), GlobalDecl(DD, Dtor_Base)};
  } else {
    if (!MC.shouldMangleDeclName(FD))
      return {FD->getName().str()};
    GDs = {GlobalDecl(FD)};
  }
  std::vector<std::string> Out;
  for (GlobalDecl GD : GDs) {
    std::string S;
    llvm::raw_string_ostream OS(S);
    MC.mangleName(GD, OS);
    Out.push_back(std::move(S));
  }
  return Out;
}
