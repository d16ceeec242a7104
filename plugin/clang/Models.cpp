//===- Models.cpp - Library models ----------------------------------------===//
//
// Calls whose effect on pointers is known without looking at their body:
// allocation functions (std::make_unique, std::make_shared, malloc...), the
// reference pass-throughs (std::move, std::forward...), smart pointer
// operations, memcpy, and functions that start threads, as graph edges.
// Which class or function is which comes from the library model table
// (Library.h), shared with the dangling warnings and the rewrites; the
// edges here are its "may" side. Each model has a lit test
// (lit/ast/models*.cpp).
//
//===----------------------------------------------------------------------===//
#include "clang/GraphBuilder.h"
#include "clang/Library.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <cstring>

using namespace clang;
using namespace escape;

static bool isStd(const Decl *D) { return D->isInStdNamespace(); }

static StringRef nameOf(const NamedDecl *D) {
  if (const IdentifierInfo *II = D->getIdentifier())
    return II->getName();
  return "";
}

bool escape::isModelledSmartPointer(const CXXRecordDecl *RD) {
  if (library::classKind(RD) != library::ClassKind::SmartPointer)
    return false;
  // unique_ptr<T, D>: only std::default_delete is modelled.
  if (nameOf(RD) == "unique_ptr") {
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
    if (!Spec)
      return false;
    const TemplateArgumentList &Args = Spec->getTemplateArgs();
    if (Args.size() < 2 || Args[1].getKind() != TemplateArgument::Type)
      return false;
    const CXXRecordDecl *Del = Args[1].getAsType()->getAsCXXRecordDecl();
    return Del && isStd(Del) && nameOf(Del) == "default_delete";
  }
  return true;
}

// Does a smart pointer constructor take a deleter or allocator (which can do
// anything with the pointer)?
static bool hasCustomDeleter(const CXXConstructorDecl *CD) {
  unsigned Pointerish = 0;
  for (const ParmVarDecl *P : CD->parameters()) {
    QualType T = P->getType().getNonReferenceType();
    if (T->isPointerType() || T->isNullPtrType())
      ++Pointerish;
    else if (const auto *RD = T->getAsCXXRecordDecl()) {
      if (isModelledSmartPointer(RD) || nameOf(RD) == "unique_ptr" ||
          nameOf(RD) == "auto_ptr")
        ++Pointerish;
      else
        return true; // a deleter, allocator or tag we do not model
    } else
      return true;
  }
  (void)Pointerish;
  return false;
}

// Standard containers whose member functions run no user code of their
// own: element types are scalars, pointers, strings, trivial classes, or
// user classes whose constructors, assignments and destructor keep nothing
// outside the object (GraphBuilder::selfContained, from their summaries);
// comparators, hashers and traits are the standard ones over scalars,
// pointers, strings and trivial classes only (they call the element's
// operators). Then a container is modelled as one object with its buffers:
// arguments are stored into it, results point into it, `this` goes nowhere
// else. B == nullptr: the strict form (no user classes).
static bool isBenignType(QualType T, unsigned Depth, GraphBuilder *B);

static bool isBenignArgs(ArrayRef<TemplateArgument> Args, unsigned Depth,
                         GraphBuilder *B) {
  for (const TemplateArgument &A : Args) {
    if (A.getKind() == TemplateArgument::Type) {
      if (!isBenignType(A.getAsType(), Depth + 1, B))
        return false;
    } else if (A.getKind() == TemplateArgument::Pack) {
      if (!isBenignArgs(A.pack_elements(), Depth, B))
        return false;
    } else if (A.getKind() != TemplateArgument::Integral) {
      return false;
    }
  }
  return true;
}

static bool isBenignStdClass(const CXXRecordDecl *RD, unsigned Depth,
                             GraphBuilder *B) {
  if (!RD || Depth > 6)
    return false;
  using library::ClassKind;
  ClassKind K = library::classKind(RD);
  if (!library::isContainerLike(K) && K != ClassKind::Iterator &&
      K != ClassKind::Aggregate && K != ClassKind::Support &&
      K != ClassKind::Operator)
    return false;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return true;
  // The operator classes call the element type's operators: strict.
  return isBenignArgs(Spec->getTemplateArgs().asArray(), Depth,
                      K == ClassKind::Operator ? nullptr : B);
}

static bool isBenignType(QualType T, unsigned Depth, GraphBuilder *B) {
  if (T.isNull() || Depth > 6)
    return false;
  T = T.getCanonicalType().getNonReferenceType();
  if (T->isDependentType())
    return false;
  if (T->isBuiltinType() || T->isEnumeralType() || T->isPointerType() ||
      T->isMemberPointerType() || T->isNullPtrType())
    return true;
  if (const auto *AT = dyn_cast<ConstantArrayType>(T.getTypePtr()))
    return isBenignType(AT->getElementType(), Depth + 1, B);
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  if (isBenignStdClass(RD, Depth, B))
    return true;
  if (RD->isInStdNamespace() || RD->isPolymorphic())
    return false;
  // A trivial class with no constructors of its own: copying, constructing
  // and destroying it runs no code.
  if (RD->isTrivial() && !RD->hasUserDeclaredConstructor())
    return true;
  return B && B->selfContained(RD);
}

// A user class whose special members (the code a container runs on its
// elements) keep nothing outside the object: every constructor, copy or
// move assignment and the destructor is trivial, deleted, implicit or
// defaulted and never defined (so never called), or has a summary in which
// `this` and the arguments go nowhere but into the object itself, and which
// brings in no unknown pointer.
bool GraphBuilder::selfContained(const CXXRecordDecl *RD) {
  RD = RD->getDefinition();
  auto [It, New] = SelfContained.try_emplace(RD, false);
  if (!New)
    return It->second; // (false while in progress: a recursive type)
  bool Opaque = false;
  std::vector<const CXXMethodDecl *> Members;
  for (const Decl *D : RD->decls()) {
    if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D))
      if (isa<CXXConstructorDecl>(FTD->getTemplatedDecl()) ||
          FTD->getTemplatedDecl()->isOverloadedOperator())
        return false; // constructor or operator templates: any code
    const auto *MD = dyn_cast<CXXMethodDecl>(D);
    if (MD &&
        (isa<CXXConstructorDecl>(MD) || isa<CXXDestructorDecl>(MD) ||
         MD->isCopyAssignmentOperator() || MD->isMoveAssignmentOperator()))
      Members.push_back(MD);
  }
  // A defaulted member without a body here does member-wise work: fine
  // when every base and field is itself benign and every default member
  // initialiser is a constant.
  bool MembersOk = true;
  for (const CXXBaseSpecifier &Base : RD->bases())
    MembersOk &= isBenignType(Base.getType(), 1, this);
  for (const FieldDecl *F : RD->fields()) {
    const Expr *Init = F->getInClassInitializer();
    MembersOk &= isBenignType(F->getType(), 1, this) &&
                 (!Init || Init->isConstantInitializer(Ctx, false));
  }
  for (const CXXMethodDecl *MD : Members) {
    if (MD->isTrivial() || MD->isDeleted())
      continue;
    if ((MD->isImplicit() || MD->isDefaulted()) && !MD->isDefined())
      continue; // implicit and defaulted members are defined where used
    const Summary *S = A.summaryOf(MD);
    if (!S && (MD->isDefaulted() || MD->isImplicit()) && MembersOk)
      continue; // member-wise, over members that keep nothing either
    if (!S || S->ResultOpaque || S->Params.empty())
      return false;
    // The object may receive pointers the member does not know (e.g. the
    // address of a by-value parameter): the container's model then says
    // its content is unknown.
    Opaque |= S->Params[0].ContentOpaque;
    for (unsigned I = 0; I < S->Params.size(); ++I) {
      const ParamLeaks &L = S->Params[I];
      if (L.Heap >= 0 || (I != 0 && L.ContentOpaque) ||
          (I != 0 && L.Result >= 0))
        return false;
      for (unsigned J = 1; J < L.Content.size(); ++J)
        if (L.Content[J] >= 0)
          return false;
    }
  }
  SelfContained[RD] = true;
  if (Opaque)
    OpaqueClasses.insert(RD);
  return true;
}

// The type arguments of a class template specialization, packs expanded.
static std::vector<QualType> typeArgsOf(const CXXRecordDecl *RD) {
  std::vector<QualType> Out;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec)
    return Out;
  std::vector<TemplateArgument> Todo(Spec->getTemplateArgs().asArray().begin(),
                                     Spec->getTemplateArgs().asArray().end());
  while (!Todo.empty()) {
    TemplateArgument A = Todo.back();
    Todo.pop_back();
    if (A.getKind() == TemplateArgument::Pack)
      Todo.insert(Todo.end(), A.pack_begin(), A.pack_end());
    else if (A.getKind() == TemplateArgument::Type)
      Out.push_back(A.getAsType());
  }
  return Out;
}

// Does a (benign) class hold, somewhere in its template arguments, a user
// class whose members may put unknown pointers into it?
bool GraphBuilder::hasOpaqueElements(const CXXRecordDecl *RD, unsigned Depth) {
  if (!RD || Depth > 6)
    return false;
  if (OpaqueClasses.count(RD->getDefinition()))
    return true;
  for (QualType T : typeArgsOf(RD))
    if (hasOpaqueElements(T->getAsCXXRecordDecl(), Depth + 1))
      return true;
  return false;
}

// The arguments of a printf-family call (B, without `__builtin_`) whose
// pointer value is printed as an address: the `%p` conversions of a literal
// format; every pointer argument when the format is not a literal or uses
// positional arguments. Non-printf functions: none.
static std::vector<bool> printedPointers(StringRef B,
                                         ArrayRef<const Expr *> Args) {
  std::vector<bool> Out(Args.size(), false);
  int FmtIdx = llvm::StringSwitch<int>(B)
                   .Case("printf", 0)
                   .Cases({"fprintf", "dprintf", "sprintf"}, 1)
                   .Case("snprintf", 2)
                   .Default(-1);
  if (FmtIdx < 0 || unsigned(FmtIdx) >= Args.size())
    return Out;
  auto AllPointers = [&]() {
    for (unsigned I = FmtIdx + 1; I < Args.size(); ++I)
      Out[I] = Args[I]->getType()->isPointerType() ||
               Args[I]->getType()->isNullPtrType();
    return Out;
  };
  const auto *SL = dyn_cast<StringLiteral>(Args[FmtIdx]->IgnoreParenImpCasts());
  if (!SL || SL->getCharByteWidth() != 1)
    return AllPointers();
  StringRef Fmt = SL->getString();
  unsigned Arg = FmtIdx + 1;
  for (size_t I = 0; I < Fmt.size(); ++I) {
    if (Fmt[I] != '%')
      continue;
    if (++I < Fmt.size() && Fmt[I] == '%')
      continue;
    // flags, width, precision, length; `*` takes an argument.
    for (; I < Fmt.size(); ++I) {
      char Ch = Fmt[I];
      if (Ch == '$')
        return AllPointers();
      if (Ch == '*')
        ++Arg;
      else if (!strchr("-+ #0'.0123456789hlLqjzt", Ch))
        break;
    }
    if (I >= Fmt.size())
      break;
    if (Fmt[I] == 'p' && Arg < Args.size())
      Out[Arg] = true;
    ++Arg;
  }
  return Out;
}

// The values inserted into a stream (`os << x`): a pointer that is not a C
// string is printed as an address, which escapes.
void GraphBuilder::insertedValues(ArrayRef<const Expr *> Args, unsigned First,
                                  const Expr * /*At*/) {
  for (unsigned I = First; I < Args.size(); ++I) {
    QualType T = Args[I]->getType();
    bool CString = T->isPointerType() && T->getPointeeType()->isCharType();
    if (T->isPointerType() && !CString)
      value(bitsHole(Args[I]), Args[I]);
    else
      discard(Args[I]);
  }
}

// `os << x` with os a std::basic_ostream (member or free operator, NumArgs
// counting the stream) and x a scalar, a data pointer (printed as an
// address or a C string) or a std string: the standard inserters keep
// nothing. A function pointer is a manipulator, which may be user code.
static bool isStreamInsertion(const FunctionDecl *F, unsigned NumArgs) {
  const auto *MD = dyn_cast<CXXMethodDecl>(F);
  const CXXRecordDecl *Stream = nullptr;
  unsigned First = 0;
  if (MD) {
    Stream = MD->getParent();
  } else if (F->getNumParams() >= 1) {
    Stream = F->getParamDecl(0)
                 ->getType()
                 .getNonReferenceType()
                 ->getAsCXXRecordDecl();
    First = 1;
  }
  if (!Stream || !isStd(Stream) || nameOf(Stream) != "basic_ostream" ||
      NumArgs != 2 || F->getNumParams() != First + 1)
    return false;
  QualType T = F->getParamDecl(First)->getType().getNonReferenceType();
  if (T->isFunctionPointerType() || T->isMemberPointerType())
    return false;
  if (T->isBuiltinType() || T->isEnumeralType() || T->isPointerType() ||
      T->isNullPtrType())
    return true;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && isStd(RD) &&
         (nameOf(RD) == "basic_string" || nameOf(RD) == "basic_string_view");
}

// The constructor of T (canonical) with NumArgs arguments that a library
// function (std::make_unique, make_shared...) runs, found in its
// instantiated body or, depth first, in the bodies of the library (system
// header) functions and constructors it calls. nullptr if not found within the
// budget.
static const CXXConstructorDecl *findConstruction(
    const FunctionDecl *F, QualType T, unsigned NumArgs, unsigned Depth,
    llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen, unsigned &Budget) {
  const FunctionDecl *Def = nullptr;
  if (!F || Depth > 8 || !F->hasBody(Def) || !Seen.insert(Def).second)
    return nullptr;
  std::vector<const Stmt *> Todo{Def->getBody()};
  if (const auto *CD = dyn_cast<CXXConstructorDecl>(Def))
    for (const CXXCtorInitializer *I : CD->inits())
      Todo.push_back(I->getInit());
  const SourceManager &SM = Def->getASTContext().getSourceManager();
  auto InLibrary = [&](const FunctionDecl *D) {
    return SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
  };
  std::vector<const FunctionDecl *> Callees;
  while (!Todo.empty()) {
    const Stmt *S = Todo.back();
    Todo.pop_back();
    if (!S || Budget == 0)
      continue;
    --Budget;
    if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
      const CXXConstructorDecl *Ctor = CE->getConstructor();
      if (Ctor && CE->getNumArgs() == NumArgs &&
          CE->getType()->getCanonicalTypeUnqualified() ==
              T->getCanonicalTypeUnqualified())
        return Ctor;
      if (Ctor && InLibrary(Ctor))
        Callees.push_back(Ctor);
    } else if (const auto *Call = dyn_cast<CallExpr>(S)) {
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        if (InLibrary(Callee))
          Callees.push_back(Callee);
    }
    for (const Stmt *Child : S->children())
      Todo.push_back(Child);
  }
  for (const FunctionDecl *Callee : Callees)
    if (const CXXConstructorDecl *Ctor =
            findConstruction(Callee, T, NumArgs, Depth + 1, Seen, Budget))
      return Ctor;
  return nullptr;
}

// Does a (benign) standard class hold, somewhere in its template arguments,
// objects with a non-trivial destructor of their own (a user class, a
// smart pointer)? Destroying, erasing or replacing them may then free what
// they own.
static bool destroysUserObjects(const CXXRecordDecl *RD, unsigned Depth) {
  if (RD && isStd(RD) && nameOf(RD) == "any")
    return true; // type-erased: it may hold anything
  if (Depth > 6)
    return false;
  for (QualType T : typeArgsOf(RD)) {
    T = T.getCanonicalType();
    if (T->isReferenceType() || T->isPointerType())
      continue; // a reference or pointer element destroys nothing
    const CXXRecordDecl *E =
        T->getBaseElementTypeUnsafe()->getAsCXXRecordDecl();
    if (!E || !E->hasDefinition())
      continue;
    if (isStd(E) && !isModelledSmartPointer(E) && nameOf(E) != "unique_ptr") {
      if (destroysUserObjects(E, Depth + 1))
        return true;
      continue; // the standard class frees its own buffers only
    }
    if (!E->hasTrivialDestructor())
      return true;
  }
  return false;
}

/// Whether a lookup member MD of the container RD (find, count...) hands
/// its key only to function objects that keep and free nothing reachable
/// from it: every class template argument of RD with an operator() (the
/// hash, equality or comparison object; also a mapped type that has one)
/// is the library's own on a scalar or string key
/// (library::KeyFunctor::Reader) or a user class whose operator()
/// overloads keep and free nothing reachable from their pointer and
/// reference parameters (Analyzer::provenKeyReader, Reachable). Anything
/// else (std::less of a user class, which calls its operator<; a template
/// operator(); one without a body here) may keep the key.
static bool lookupKeyOnlyRead(Analyzer &A, const CXXRecordDecl *RD,
                              const CXXMethodDecl *MD) {
  const auto *CTSD = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!CTSD || MD->getNumParams() == 0)
    return true;
  ASTContext &Ctx = RD->getASTContext();
  QualType Key =
      MD->getParamDecl(0)->getType().getNonReferenceType().getUnqualifiedType();
  DeclarationName Call = Ctx.DeclarationNames.getCXXOperatorName(OO_Call);
  for (const TemplateArgument &TA : CTSD->getTemplateArgs().asArray()) {
    if (TA.getKind() != TemplateArgument::Type)
      continue;
    const CXXRecordDecl *F = TA.getAsType()->getAsCXXRecordDecl();
    if (!F || !F->hasDefinition() || F->getDefinition()->lookup(Call).empty())
      continue; // the element, the allocator
    switch (library::keyFunctor(TA.getAsType(), Key)) {
    case library::KeyFunctor::Reader:
      continue;
    case library::KeyFunctor::None:
      return false;
    case library::KeyFunctor::User: {
      bool Reachable = false;
      if (!A.provenKeyReader(F, Key, /*AllowStored=*/true, Reachable) ||
          !Reachable)
        return false;
      continue;
    }
    }
  }
  return true;
}

bool GraphBuilder::modelContainer(Hole K, CallArgs &C,
                                  const CXXMethodDecl *MD) {
  const CXXRecordDecl *RD = MD->getParent();
  library::ClassKind Kind = library::classKind(RD);
  bool Iterator = Kind == library::ClassKind::Iterator;
  bool Container = library::isContainerLike(Kind);
  bool Holder = Kind == library::ClassKind::Holder;
  // pair, array and the function objects are analysed from their bodies.
  if ((!Container && !Iterator) || !isBenignStdClass(RD, 0, this))
    return false;
  for (const ParmVarDecl *PD : MD->parameters()) {
    QualType T = PD->getType().getNonReferenceType().getCanonicalType();
    if (T->getAsCXXRecordDecl() == RD)
      continue;
    if (!isBenignType(T, 0, this))
      return false;
  }
  // A member template constructs what its template arguments name
  // (any::emplace<T>, any(T&&)): those types' members must be benign too.
  if (const TemplateArgumentList *TA = MD->getTemplateSpecializationArgs())
    if (!isBenignArgs(TA->asArray(), 0, this))
      return false;
  Pos P = C.Call ? pos(C.Call) : 0;
  NoteText What = C.Call ? exprNote(C.Call) : NoteText(nameOf(RD).str());
  int Self = C.ObjectLoc;
  if (Self < 0) {
    if (!C.Object)
      return false;
    Self = temp("container", C.Call);
    if (C.ObjectIsPointer)
      value(G.hole(Self), C.Object);
    else
      addrOf(G.hole(Self), C.Object);
  }
  if (hasOpaqueElements(RD, 0))
    G.flow(G.note(G.store(Self, P, What), Reason::Element, P, What), G.heap());
  // Element destructors may free what the elements own: any operation of
  // the container (erase, clear, assignment, its destructor) may run them.
  if (Container && destroysUserObjects(RD, 0))
    G.flow(G.freedHole(), Self);
  // The object's own storage (its buffers, a string's characters, an
  // optional's element) is part of the object here, so the "may free"
  // level cannot show a member releasing or reallocating it (an append, an
  // assignment, shrink_to_fit, swap, its destructor), nor a move or swap
  // taking another object's storage. The object counts as captured instead:
  // handed to library code that may change what it holds
  // (ParamLeaks::Capture), and so does an object of the class passed by
  // non-const reference. Const members and constructors (a new object)
  // change nothing. The IR's content fact rests on this
  // (ParamLeaks::contentNotCapturedNorFreed).
  if (Container && !MD->isConst() && !isa<CXXConstructorDecl>(MD))
    G.flow(G.capturedHole(), Self);
  auto GivesStorage = [&](unsigned I) {
    if (!Container || I >= MD->getNumParams())
      return false;
    QualType T = MD->getParamDecl(I)->getType();
    QualType Pointee = T.getNonReferenceType();
    return T->isReferenceType() && !Pointee.isConstQualified() &&
           declaresSameEntity(Pointee->getAsCXXRecordDecl(), RD);
  };
  if (isa<CXXDestructorDecl>(MD))
    return true;
  // Elements are stored in the container (field-insensitive: its buffers are
  // part of it); references and iterators it returns point into it.
  Hole Result = G.note(K, Reason::CallResult, P, What);
  // An iterator holds a pointer into its container: what it designates is
  // what it holds. Anything else returns (into) the object itself.
  OverloadedOperatorKind Op = MD->getOverloadedOperator();
  if (Iterator && (Op == OO_Star || Op == OO_Arrow || Op == OO_Subscript))
    G.flow(Result.deref(), Self);
  else
    G.flow(Result, Self);
  // optional::value_or returns the element by value: what it holds.
  QualType RT = MD->getReturnType();
  if (Holder && !RT->isReferenceType() && !RT->isPointerType())
    G.flow(Result.deref(), Self);
  // A string copies characters: no argument (another string, a C string)
  // is kept, and nothing it returns points into an argument. The
  // small-buffer string (library::copiesCharacters) keeps nothing it loads
  // from an argument in LLVM's sense either: a copy gets a buffer of its
  // own, a C string's or another string's characters are copied, iterators
  // and sizes are read; an argument's address is at most compared with its
  // own (`s = s`), which captures(address) allows. So its arguments are not
  // captured operands, and a function that copies a string it is given
  // keeps nothing of that string (the IR's content fact). The copy-on-write
  // string's copy shares the argument's buffer: captured.
  if (Kind == library::ClassKind::String) {
    bool CopiesChars = library::copiesCharacters(RD);
    for (unsigned I = 0; I < C.Args.size(); ++I) {
      if (GivesStorage(I))
        G.flow(G.capturedHole(), argTemp(C.Args[I], true));
      else if (CopiesChars)
        value(G.discardHole(), C.Args[I]);
      else
        discard(C.Args[I]);
    }
    return true;
  }
  // Any member but a const one may keep what it is given (the may side of
  // the library table: push_back certainly does, find does not, an
  // unknown member might); results may point into an argument.
  bool MayKeep =
      library::memberEffect(MD).KeepsArgument != library::Certainty::No;
  // (A lookup's result points into the container, not into the key.)
  bool Lookup = library::isLookup(MD);
  // A lookup calls the container's function objects on the key: one that
  // is not proven may keep it, or free what it reaches.
  bool KeyToUnknown = Lookup && !lookupKeyOnlyRead(A, RD, MD);
  unsigned NumParams = MD->getNumParams();
  for (unsigned I = 0; I < C.Args.size(); ++I) {
    bool ByRef =
        I < NumParams && MD->getParamDecl(I)->getType()->isReferenceType();
    int T = argTemp(C.Args[I], ByRef);
    if (KeyToUnknown) {
      leak(T, Reason::IndirectCall, C.Call, What);
      G.flow(G.freedHole(), T);
    }
    if (GivesStorage(I))
      G.flow(G.capturedHole(), T);
    if (MayKeep)
      G.flow(G.note(G.store(Self, P, What), Reason::Element, P, What), T);
    if (!Lookup)
      G.flow(Result, T);
  }
  return true;
}

// The operator() a callable object of class RD runs: the lambda's call
// operator, or the one non-template operator() declared in the class.
// nullptr when it is a template (generic lambda), static, has an explicit
// object parameter, is overloaded or inherited.
static const CXXMethodDecl *callOperatorOf(const CXXRecordDecl *RD,
                                           ASTContext &Ctx) {
  if (!RD || !RD->hasDefinition())
    return nullptr;
  RD = RD->getDefinition();
  const CXXMethodDecl *Call = nullptr;
  if (RD->isLambda()) {
    Call = RD->getLambdaCallOperator();
  } else {
    for (const NamedDecl *D :
         RD->lookup(Ctx.DeclarationNames.getCXXOperatorName(OO_Call))) {
      const auto *MD = dyn_cast<CXXMethodDecl>(D);
      if (!MD || Call)
        return nullptr; // a template or an overload set
      Call = MD;
    }
  }
  if (!Call || Call->getDescribedFunctionTemplate() || Call->isTemplated() ||
      Call->isStatic() || Call->isExplicitObjectMemberFunction())
    return nullptr;
  return Call;
}

// Stores callable Arg into the std::function at address Self: the function
// object holds the callable's state (its captures). The callable's
// operator() is applied once here, with unknown arguments (the
// invocations' arguments are not known here; each invocation leaks its
// own), and its result is kept in the function object, where invocations
// read it. The callable's destructor runs on it. False (nothing evaluated)
// when the callable's operator() is not known.
bool GraphBuilder::storeCallable(int Self, const Expr *Arg, const Expr *At) {
  Pos P = pos(At);
  NoteText What = exprNote(At);
  QualType AT = Arg->getType().getNonReferenceType().getCanonicalType();
  if (AT->isFunctionType() || AT->isFunctionPointerType() ||
      AT->isMemberPointerType()) {
    // No state; the function it calls is unknown at each invocation.
    discard(Arg);
    return true;
  }
  const CXXMethodDecl *Call = callOperatorOf(AT->getAsCXXRecordDecl(), Ctx);
  if (!Call)
    return false;
  int Callable = argTemp(Arg, Arg->isGLValue());
  Hole Slot = G.note(G.store(Self, P, What), Reason::Captured, P, What);
  if (Arg->isGLValue())
    G.flow(Slot.deref(), Callable);
  else
    G.flow(Slot, Callable);
  CallArgs CC;
  CC.Call = At;
  CC.Callee = Call;
  CC.ObjectLoc = Self; // the callable lives in the function object
  for (unsigned I = 0; I < Call->getNumParams(); ++I) {
    int Unknown = temp("argument", At);
    G.flow(G.hole(Unknown), G.heap());
    CC.ArgLocs.push_back(Unknown);
  }
  applyCall(G.note(G.store(Self, P, What), Reason::CallResult, P, What), CC);
  destroy(Self, AT, At);
  return true;
}

// std::function: one object holding a callable (see storeCallable).
// Copies and moves store the source's address into the destination (as
// for containers), so the destination escaping makes the source's
// callable escape; an invocation leaks its arguments and returns what the
// object holds (or anything from the unknown arguments).
bool GraphBuilder::modelFunction(Hole K, CallArgs &C, const CXXMethodDecl *MD) {
  const CXXRecordDecl *RD = MD->getParent();
  if (!isStd(RD) || nameOf(RD) != "function" || (C.ObjectLoc < 0 && !C.Object))
    return false;
  Pos P = C.Call ? pos(C.Call) : 0;
  NoteText What = C.Call ? exprNote(C.Call) : NoteText("std::function");
  auto Self = [&]() { return objectLoc(C, "function"); };
  auto SameClass = [&](const Expr *Arg) {
    const CXXRecordDecl *A =
        Arg->getType().getNonReferenceType()->getAsCXXRecordDecl();
    return A && A->getCanonicalDecl() == RD->getCanonicalDecl();
  };
  OverloadedOperatorKind Op = MD->getOverloadedOperator();
  if (isa<CXXDestructorDecl>(MD) || isa<CXXConversionDecl>(MD) ||
      nameOf(MD) == "target_type") {
    // The callable's destructor was applied when it was stored.
    Self();
    return C.Args.empty() && C.ArgLocs.empty();
  }
  if (isa<CXXConstructorDecl>(MD) || Op == OO_Equal) {
    if (!C.ArgLocs.empty() || C.Args.size() > 1)
      return false;
    if (C.Args.size() == 1) {
      const Expr *Arg = C.Args[0];
      if (Arg->getType()->isNullPtrType()) {
        discard(Arg);
      } else if (SameClass(Arg)) {
        // A copy or move: the destination refers to the source's callable.
        G.flow(G.note(G.store(Self(), P, What), Reason::Copy, P, What),
               argTemp(Arg, true));
      } else if (!storeCallable(Self(), Arg, C.Call ? C.Call : Arg)) {
        return false;
      }
    }
    if (Op == OO_Equal)
      G.flow(K, Self()); // returns *this
    else
      Self();
    return true;
  }
  if (Op == OO_Call) {
    int S = Self();
    std::vector<int> Temps(C.ArgLocs.begin(), C.ArgLocs.end());
    for (unsigned I = 0; I < C.Args.size(); ++I) {
      bool ByRef = I < MD->getNumParams() &&
                   MD->getParamDecl(I)->getType()->isReferenceType();
      Temps.push_back(argTemp(C.Args[I], ByRef));
    }
    for (unsigned I = 0; I < Temps.size(); ++I) {
      if (Temps[I] < 0)
        continue;
      leak(Temps[I], Reason::IndirectCall, C.Call,
           NoteText(NoteArg, C.Call, MD, int(I)));
      G.flow(G.freedHole(), Temps[I]);
    }
    Hole Result = G.note(K, Reason::CallResult, P, What);
    G.flow(Result.deref(), S);
    G.flow(Result, G.heap());
    return true;
  }
  if (nameOf(MD) == "swap" && C.Args.size() == 1 && SameClass(C.Args[0])) {
    int Other = argTemp(C.Args[0], true);
    int S = Self();
    G.flow(G.store(S, P, What), Other);
    G.flow(G.store(Other, P, What), S);
    return true;
  }
  return false;
}

// Calls Call (a callable object's operator()) on the object at address
// Callable with, for parameter I, Values[I] (a location holding the
// argument's value) or, for a reference parameter, Addresses[I] (one
// holding its address); the result goes to K. The caller checked that
// Call takes Values.size() parameters.
void GraphBuilder::applyCallable(Hole K, int Callable,
                                 const CXXMethodDecl *Call,
                                 ArrayRef<int> Values, ArrayRef<int> Addresses,
                                 const Expr *At) {
  CallArgs CC;
  CC.Call = At;
  CC.Callee = Call;
  CC.ObjectLoc = Callable;
  for (unsigned I = 0; I < Values.size(); ++I)
    CC.ArgLocs.push_back(Call->getParamDecl(I)->getType()->isReferenceType()
                             ? Addresses[I]
                             : Values[I]);
  applyCall(K, CC);
}

// An iterator the algorithm model understands: a data pointer, or an
// iterator of a modelled container (its value designates the container,
// whose content is the elements).
static bool isModelledIterator(QualType T, GraphBuilder &B) {
  T = T.getNonReferenceType().getCanonicalType();
  if (T->isPointerType())
    return !T->getPointeeType()->isFunctionType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  return RD && nameOf(RD).contains("iterator") && isBenignStdClass(RD, 0, &B);
}

// The element type an iterator designates (for the strict operator checks).
static QualType elementOf(QualType It, ASTContext &Ctx) {
  It = It.getNonReferenceType().getCanonicalType();
  if (It->isPointerType())
    return It->getPointeeType();
  if (const CXXRecordDecl *RD = It->getAsCXXRecordDecl())
    for (const NamedDecl *D :
         RD->lookup(Ctx.DeclarationNames.getCXXOperatorName(OO_Star)))
      if (const auto *MD = dyn_cast<CXXMethodDecl>(D))
        return MD->getReturnType().getNonReferenceType();
  return QualType();
}

// <algorithm> and <numeric> calls over iterators and callables. Iterators
// are data pointers or modelled container iterators: an iterator's value
// points to the elements. The model moves element values between the
// ranges (copy, transform write into the output range; sort permutes within
// its range), applies the callable's operator() (a lambda or a class with
// one operator(), taken by value) to element addresses or values, and
// returns one of the iterators (find...), the output iterator (copy,
// transform), the callable (for_each) or the accumulated value. Without a
// callable, the element's operators run (==, <, +): the element and value
// types must then be scalars or pointers (built-in operators).
// Anything else (function pointers, generic lambdas, execution policies,
// other iterators such as back_insert_iterator) is left unknown.
bool GraphBuilder::modelAlgorithm(Hole K, CallArgs &C) {
  const FunctionDecl *F = C.Callee;
  StringRef N = nameOf(F);
  enum Shape { Find, Pred, ForEach, Transform, Copy, Sort, Accumulate };
  int Kind = llvm::StringSwitch<int>(N)
                 .Cases({"find", "count"}, Find)
                 .Cases({"find_if", "find_if_not", "any_of", "all_of",
                         "none_of", "count_if"},
                        Pred)
                 .Case("for_each", ForEach)
                 .Case("transform", Transform)
                 .Cases({"copy", "copy_n"}, Copy)
                 .Case("sort", Sort)
                 .Case("accumulate", Accumulate)
                 .Default(-1);
  if (Kind < 0 || !C.ArgLocs.empty() || C.Object || C.ObjectLoc >= 0)
    return false;
  unsigned NA = C.Args.size();
  // Argument positions: the plain value, the output iterator, the
  // callable (-1: none); the first two arguments are the input range.
  int CallableArg = -1, ValueArg = -1, OutArg = -1;
  bool Ok = false;
  switch (Kind) {
  case Find:
    Ok = NA == 3, ValueArg = 2;
    break;
  case Pred:
  case ForEach:
    Ok = NA == 3, CallableArg = 2;
    break;
  case Transform: // (first, last, [first2,] out, op)
    Ok = NA == 4 || NA == 5, OutArg = NA - 2, CallableArg = NA - 1;
    break;
  case Copy: // (first, last, out), copy_n: (first, count, out)
    Ok = NA == 3, OutArg = 2;
    break;
  case Sort:
    Ok = NA == 2 || NA == 3, CallableArg = NA == 3 ? 2 : -1;
    break;
  case Accumulate:
    Ok = NA == 3 || NA == 4, ValueArg = 2, CallableArg = NA == 4 ? 3 : -1;
    break;
  }
  if (!Ok)
    return false;
  bool CopyN = N == "copy_n";
  std::vector<unsigned> Iters{0, 1};
  if (CopyN)
    Iters = {0};
  if (Kind == Transform && NA == 5)
    Iters.push_back(2);
  std::vector<unsigned> AllIters = Iters;
  if (OutArg >= 0)
    AllIters.push_back(OutArg);
  for (unsigned I : AllIters)
    if (!isModelledIterator(C.Args[I]->getType(), *this))
      return false;
  QualType Elem = elementOf(C.Args[0]->getType(), Ctx);
  const CXXMethodDecl *Call = nullptr;
  if (CallableArg >= 0) {
    Call = callOperatorOf(C.Args[CallableArg]
                              ->getType()
                              .getNonReferenceType()
                              ->getAsCXXRecordDecl(),
                          Ctx);
    unsigned Want = Kind == Sort || Kind == Accumulate ? 2
                    : Kind == Transform                ? Iters.size() - 1
                                                       : 1;
    if (!Call || Call->getNumParams() != Want)
      return false;
  } else {
    // The element's (and the value's) own operators run (==, <, +): only
    // the built-in ones (a class's operator may be user code).
    auto Builtin = [&](QualType T) {
      return !T.isNull() && T.getNonReferenceType()->isScalarType() &&
             !T.getNonReferenceType()->isMemberPointerType();
    };
    // (Copying runs the element's copy assignment: none of the program's
    // code for a trivially copyable type.)
    bool Copyable = Kind == Copy && !Elem.isNull() &&
                    Elem.getNonReferenceType().isTriviallyCopyableType(Ctx);
    if ((!Builtin(Elem) && !Copyable) ||
        (ValueArg >= 0 && !Builtin(C.Args[ValueArg]->getType())))
      return false;
  }
  Pos P = C.Call ? pos(C.Call) : 0;
  NoteText What = C.Call ? exprNote(C.Call) : NoteText(N.str());
  const Expr *At = C.Call ? C.Call : C.Args[0];
  C.KeepsNoOperand = true;

  std::vector<int> It(NA, -1);
  for (unsigned I : AllIters)
    It[I] = argTemp(C.Args[I], false);
  if (CopyN)
    discard(C.Args[1]); // the count
  // Element values of each input range (none that matter when the
  // element type holds no pointers: copying ints moves no address).
  auto ElemOf = [&](unsigned I) {
    int T = temp("element", At);
    QualType E = elementOf(C.Args[I]->getType(), Ctx);
    if (E.isNull() || mayHoldPointer(E.getNonReferenceType()))
      G.flow(G.hole(T).deref(), It[I]);
    return T;
  };
  int Value = -1;
  if (ValueArg >= 0) {
    Value = G.newLocation(LocKind::Variable, "value", P, loopDepth());
    value(G.hole(Value), C.Args[ValueArg]);
  }
  int Callable = -1, CallableAddr = -1;
  if (CallableArg >= 0) {
    // Taken by value: a copy local to the algorithm.
    Callable = G.newLocation(LocKind::Variable, "callable", P, loopDepth());
    value(G.hole(Callable), C.Args[CallableArg]);
    CallableAddr = addressOf(Callable, At);
  }
  Hole Result = G.note(K, Reason::CallResult, P, What);
  Hole Out = OutArg >= 0 ? G.note(G.store(It[OutArg], P, What), Reason::Element,
                                  P, What)
                         : G.discardHole();
  switch (Kind) {
  case Find:
    if (N == "find") {
      G.flow(Result, It[0]);
      G.flow(Result, It[1]);
    }
    break;
  case Pred:
  case ForEach: {
    int E = ElemOf(0);
    applyCallable(G.discardHole(), CallableAddr, Call, {E}, {It[0]}, At);
    if (N.starts_with("find")) {
      G.flow(Result, It[0]);
      G.flow(Result, It[1]);
    } else if (Kind == ForEach) {
      G.flow(Result, Callable); // returns the callable (a copy)
    }
    break;
  }
  case Transform: {
    std::vector<int> Values{ElemOf(0)}, Addresses{It[0]};
    if (Iters.size() == 3) { // binary: the second input range
      Values.push_back(ElemOf(2));
      Addresses.push_back(It[2]);
    }
    applyCallable(Out, CallableAddr, Call, Values, Addresses, At);
    G.flow(Result, It[OutArg]);
    break;
  }
  case Copy:
    G.flow(Out, ElemOf(0));
    G.flow(Result, It[OutArg]);
    break;
  case Sort:
    if (Call) {
      int E = ElemOf(0);
      applyCallable(G.discardHole(), CallableAddr, Call, {E, E}, {It[0], It[0]},
                    At);
    }
    break;
  case Accumulate:
    if (Call) {
      int E = ElemOf(0);
      applyCallable(G.hole(Value), CallableAddr, Call, {Value, E},
                    {addressOf(Value, At), It[0]}, At);
    }
    G.flow(Result, Value);
    break;
  }
  if (Callable >= 0)
    destroy(CallableAddr, C.Args[CallableArg]->getType().getNonReferenceType(),
            At);
  return true;
}

bool GraphBuilder::modelSmartPointer(Hole K, CallArgs &C,
                                     const CXXMethodDecl *MD) {
  const CXXRecordDecl *RD = MD->getParent();
  if (!isModelledSmartPointer(RD))
    return false;
  Pos P = C.Call ? pos(C.Call) : 0;
  NoteText What = C.Call ? exprNote(C.Call) : NoteText(nameOf(RD).str());
  auto Self = [&]() { return objectLoc(C, "smart pointer"); };
  // The smart pointer's location holds the managed pointer, which it may
  // delete: its destructor, reset and assignment free the old one, and what
  // it is given will be freed by someone (a raw pointer, another smart
  // pointer's content).
  auto FreesOwned = [&]() { G.flow(G.freedHole().deref(), Self()); };
  auto StoreIntoSelf = [&](const Expr *Arg) {
    Hole Slot = G.note(G.store(Self(), P, What), Reason::SmartPtr, P, What);
    G.flow(G.freedHole(), Slot.Dst);
    QualType T = Arg->getType();
    if (T->isRecordType() && Arg->isGLValue())
      addrOf(Slot.deref(), Arg); // another smart pointer: its content
    else
      value(Slot, Arg);
  };
  auto ResultFromSelf = [&]() {
    G.flow(G.note(K, Reason::SmartPtr, P, What).deref(), Self());
  };

  using library::SmartPointerOp;
  switch (library::smartPointerOp(MD)) {
  case SmartPointerOp::Construct:
    if (hasCustomDeleter(cast<CXXConstructorDecl>(MD)))
      return false;
    for (const Expr *Arg : C.Args)
      StoreIntoSelf(Arg);
    return true;
  case SmartPointerOp::Destroy:
    FreesOwned(); // deletes with the default deleter: no escape
    return true;
  case SmartPointerOp::Get:
    Self();
    for (const Expr *Arg : C.Args)
      discard(Arg);
    ResultFromSelf();
    return true;
  case SmartPointerOp::Reset:
    if (C.Args.size() > 1)
      return false; // reset(p, deleter)
    FreesOwned();
    for (const Expr *Arg : C.Args)
      StoreIntoSelf(Arg);
    // operator= returns *this.
    if (MD->getOverloadedOperator() == OO_Equal)
      G.flow(K, Self());
    return true;
  case SmartPointerOp::Swap: {
    if (C.Args.size() != 1)
      return false;
    int Other = argTemp(C.Args[0], true);
    int S = Self();
    G.flow(G.store(S, P, What).deref(), Other);
    G.flow(G.store(Other, P, What).deref(), S);
    return true;
  }
  case SmartPointerOp::Subscript:
    Self();
    discard(C.Args.empty() ? nullptr : C.Args[0]);
    ResultFromSelf();
    return true;
  case SmartPointerOp::Observe:
    Self();
    for (const Expr *Arg : C.Args)
      discard(Arg);
    return true;
  case SmartPointerOp::None:
    break;
  }
  return false;
}

bool GraphBuilder::model(Hole K, CallArgs &C) {
  const FunctionDecl *F = C.Callee;
  Pos P = C.Call ? pos(C.Call) : 0;
  NoteText What = C.Call ? exprNote(C.Call) : NoteText(F->getNameAsString());
  StringRef N = nameOf(F);

  // The algorithms on arrays of scalars are analysed from their bodies
  // (library::scalarAlgorithm, Analyzer::definitionOf), which say more than
  // a model: std::iter_swap on `int*` swaps two ints and keeps nothing.
  if (library::scalarAlgorithm(F) && F->hasBody())
    return false;

  // Threads (std::thread, std::jthread, std::async): whatever they get outlives
  // the frame.
  if (library::startsThread(F)) {
    for (const Expr *Arg : C.Args) {
      int T = argTemp(Arg, Arg->isGLValue());
      leak(T, Reason::Thread, C.Call, What);
      G.flow(G.heapHole(Reason::Thread, P, What).deref(), T);
    }
    G.flow(K, G.heap());
    return true;
  }

  if (const auto *MD = dyn_cast<CXXMethodDecl>(F)) {
    if (modelFunction(K, C, MD) || modelSmartPointer(K, C, MD) ||
        modelContainer(K, C, MD))
      return true;
    if (MD->getOverloadedOperator() == OO_LessLess &&
        isStreamInsertion(MD, C.Args.size() + 1) &&
        (C.Object || C.ObjectLoc >= 0)) {
      int Stream = objectLoc(C, "stream");
      insertedValues(C.Args, 0, C.Call);
      G.flow(G.note(K, Reason::CallResult, P, What), Stream);
      return true;
    }
    // enable_shared_from_this: the result owns `this` object.
    if (isStd(MD->getParent()) &&
        nameOf(MD->getParent()) == "enable_shared_from_this" &&
        (nameOf(MD) == "shared_from_this" || nameOf(MD) == "weak_from_this")) {
      G.flow(G.note(K, Reason::SmartPtr, P, What), objectLoc(C, "receiver"));
      return true;
    }
    return false;
  }

  // free, a direct call of the replaceable operator delete: freeing is no
  // capture (LLVM: `allocptr captures(none)`).
  if (library::deallocation(F) == library::Deallocation::Free) {
    const CallArgs *Outer = Modelled;
    Modelled = nullptr;
    for (const Expr *Arg : C.Args)
      G.flow(G.freedHole(), argTemp(Arg, false));
    Modelled = Outer;
    return true;
  }

  // C library functions and builtins declared without a body.
  if (StringRef B = library::cLibraryName(F); !B.empty()) {
    if (library::allocation(F) == library::Allocation::Malloc) {
      AllocInfo Info;
      Info.K = AllocInfo::Malloc;
      Info.ConstantSize = false;
      Expr::EvalResult A0, A1;
      unsigned NA = C.Args.size();
      auto Const = [&](unsigned I, Expr::EvalResult &R) {
        return I < NA && !C.Args[I]->isValueDependent() &&
               C.Args[I]->EvaluateAsInt(R, Ctx) && R.Val.isInt();
      };
      if (B == "malloc" && Const(0, A0)) {
        Info.ConstantSize = true;
        Info.Bytes = A0.Val.getInt().getZExtValue();
      } else if (B == "calloc" && Const(0, A0) && Const(1, A1)) {
        Info.ConstantSize = true;
        Info.Bytes =
            A0.Val.getInt().getZExtValue() * A1.Val.getInt().getZExtValue();
      } else if (B == "aligned_alloc" && Const(1, A1)) {
        Info.ConstantSize = true;
        Info.Bytes = A1.Val.getInt().getZExtValue();
      }
      for (const Expr *Arg : C.Args)
        discard(Arg);
      allocSite(K, C.Call, Info);
      return true;
    }
    if ((B == "memcpy" || B == "memmove" || B == "mempcpy") &&
        C.Args.size() == 3) {
      // (They keep neither pointer; LLVM's own intrinsics say so.)
      C.KeepsNoOperand = true;
      int Dst = argTemp(C.Args[0], false);
      int Src = argTemp(C.Args[1], false);
      discard(C.Args[2]);
      // *dst = *src: the pointers held in the source object are copied;
      // into an object that holds no pointers (an integer, bytes, or memory
      // of unknown type), they become bits. A source whose type holds no
      // pointers (int *, double[], a struct of integers) has none to copy:
      // reading past its object (memcpy(d, &s.first_int, sizeof s)) is
      // undefined (C11 7.24.1p1). Not for the character types and
      // std::byte, through which any object's bytes may be read.
      auto ObjectOf = [](const Expr *E) {
        QualType T = E->IgnoreParenImpCasts()->getType();
        return T->isArrayType() ? QualType(T->getPointeeOrArrayElementType(), 0)
                                : T->getPointeeType();
      };
      auto Known = [](QualType T) {
        return !T.isNull() && !T->isVoidType() && !T->isIncompleteType();
      };
      QualType DstObj = ObjectOf(C.Args[0]), SrcObj = ObjectOf(C.Args[1]);
      if (Known(SrcObj) && !SrcObj->isCharType() && !SrcObj->isChar8Type() &&
          !SrcObj->isStdByteType() && !mayHoldPointer(SrcObj))
        ; // (Src was evaluated above: nothing flows from it)
      else if (!Known(DstObj) || !mayHoldPointer(DstObj))
        G.flow(bitsHole(C.Call).deref(), Src);
      else
        G.flow(G.note(G.store(Dst, P, What), Reason::Memcpy, P, What).deref(),
               Src);
      G.flow(K, Dst); // returns dst
      return true;
    }
    // C library functions that read or write bytes through their pointer
    // arguments and keep none of them; some return their first argument or
    // a pointer into it.
    int Kind =
        llvm::StringSwitch<int>(B)
            .Cases({"strlen",     "strnlen",        "strcmp",    "strncmp",
                    "strcasecmp", "strncasecmp",    "memcmp",    "bcmp",
                    "bzero",      "explicit_bzero", "printf",    "fprintf",
                    "dprintf",    "sprintf",        "snprintf",  "vprintf",
                    "vfprintf",   "vsprintf",       "vsnprintf", "puts",
                    "fputs",      "fwrite",         "fread",     "atoi",
                    "atol",       "atoll",          "atof"},
                   1)
            .Cases({"memset", "strcpy", "strncpy", "strcat", "strncat",
                    "stpcpy", "strchr", "strrchr", "strstr", "memchr",
                    "strpbrk", "fgets"},
                   2)
            .Default(0);
    if (Kind) {
      // Which arguments' representation leaves the program (printed with
      // %p, or the bytes of the object written out): they escape.
      std::vector<bool> Printed = printedPointers(B, C.Args);
      for (unsigned I = 0; I < C.Args.size(); ++I) {
        if (I == 0 && Kind == 2)
          G.flow(G.note(K, Reason::CallResult, P, What),
                 argTemp(C.Args[0], false));
        else if (Printed[I])
          value(bitsHole(C.Args[I]), C.Args[I]);
        else if (B == "fwrite" && I == 0)
          value(bitsHole(C.Args[I]).deref(), C.Args[I]);
        else if (B == "fread" && I == 0)
          // Bytes from a file: any pointer read back is unknown.
          G.flow(G.store(argTemp(C.Args[I], false), P, What), G.heap());
        else
          discard(C.Args[I]);
      }
      return true;
    }
  }

  if (!isStd(F))
    return false;
  if (modelAlgorithm(K, C))
    return true;

  // std::get, get_if, any_cast, holds_alternative on an optional, variant,
  // any or pair of benign types: the result refers into the argument (by
  // reference or pointer) or is a copy of what it holds (by value).
  if ((N == "get" || N == "get_if" || N == "any_cast" ||
       N == "holds_alternative") &&
      C.Args.size() == 1 && F->getNumParams() == 1) {
    QualType AT = F->getParamDecl(0)->getType();
    bool ByRef = AT->isReferenceType();
    QualType Obj = ByRef ? AT.getNonReferenceType() : AT->getPointeeType();
    const CXXRecordDecl *Holder =
        Obj.isNull() ? nullptr : Obj->getAsCXXRecordDecl();
    StringRef HN = Holder ? nameOf(Holder) : "";
    if ((HN == "optional" || HN == "variant" || HN == "any" || HN == "pair") &&
        isBenignStdClass(Holder, 0, this)) {
      int Self = argTemp(C.Args[0], ByRef);
      QualType RT = F->getReturnType();
      Hole Result = G.note(K, Reason::CallResult, P, What);
      G.flow(Result, Self);
      if (!RT->isReferenceType() && !RT->isPointerType())
        G.flow(Result.deref(), Self);
      return true;
    }
  }

  // Stream insertion of scalars, pointers (printed as addresses), C strings
  // and std strings: nothing is kept; the result is the stream.
  if (F->getOverloadedOperator() == OO_LessLess &&
      isStreamInsertion(F, C.Args.size())) {
    int Stream = argTemp(C.Args[0], true);
    insertedValues(C.Args, 1, C.Call);
    G.flow(G.note(K, Reason::CallResult, P, What), Stream);
    return true;
  }

  // std::move & co.: the result refers to the argument.
  if ((N == "move" || N == "forward" || N == "as_const" || N == "addressof" ||
       N == "forward_like" || N == "move_if_noexcept") &&
      C.Args.size() == 1) {
    const Expr *Arg = C.Args[0];
    if (F->getReturnType()->isReferenceType() || N == "addressof")
      addrOf(K, Arg);
    else
      value(K, Arg);
    return true;
  }
  if (N == "swap" && C.Args.size() == 2 &&
      F->getParamDecl(0)->getType()->isReferenceType()) {
    int A0 = argTemp(C.Args[0], true);
    int A1 = argTemp(C.Args[1], true);
    G.flow(G.store(A0, P, What).deref(), A1);
    G.flow(G.store(A1, P, What).deref(), A0);
    return true;
  }
  if ((N == "static_pointer_cast" || N == "dynamic_pointer_cast" ||
       N == "const_pointer_cast" || N == "reinterpret_pointer_cast") &&
      C.Args.size() == 1) {
    addrOf(G.note(K, Reason::SmartPtr, P, What).deref(), C.Args[0]);
    return true;
  }
  library::Allocation Made = library::allocation(F);
  bool MakeUnique = library::isMakeUniqueLike(Made);
  bool MakeShared = library::isMakeSharedLike(Made);
  if (MakeUnique || MakeShared) {
    const TemplateArgumentList *TA = F->getTemplateSpecializationArgs();
    if (!TA || TA->size() < 1 || TA->get(0).getKind() != TemplateArgument::Type)
      return false;
    QualType T = TA->get(0).getAsType();
    AllocInfo Info;
    Info.K = MakeUnique ? AllocInfo::MakeUnique : AllocInfo::MakeShared;
    std::vector<const Expr *> CtorArgs(C.Args.begin(), C.Args.end());
    if (Made == library::Allocation::AllocateShared) {
      // Only std::allocator is modelled: another allocator's allocate() may
      // keep the pointer anywhere (left to the library's code: unknown).
      const CXXRecordDecl *Alloc =
          CtorArgs.empty() ? nullptr
                           : CtorArgs[0]->getType()->getAsCXXRecordDecl();
      if (!Alloc || !isStd(Alloc) || nameOf(Alloc) != "allocator")
        return false;
      discard(CtorArgs[0]);
      CtorArgs.erase(CtorArgs.begin());
    }
    if (T->isArrayType()) {
      const auto *CAT = Ctx.getAsConstantArrayType(T);
      QualType Elem = Ctx.getBaseElementType(T);
      uint64_t ES = Elem->isIncompleteType()
                        ? 0
                        : Ctx.getTypeSizeInChars(Elem).getQuantity();
      if (CAT)
        Info.Bytes = Ctx.getTypeSizeInChars(T).getQuantity();
      else {
        Expr::EvalResult R;
        if (!CtorArgs.empty() && !CtorArgs[0]->isValueDependent() &&
            CtorArgs[0]->EvaluateAsInt(R, Ctx) && R.Val.isInt())
          Info.Bytes = ES * R.Val.getInt().getZExtValue();
        else
          Info.ConstantSize = false;
      }
    } else if (!T->isIncompleteType() && !T->isDependentType())
      Info.Bytes = Ctx.getTypeSizeInChars(T).getQuantity();
    if (MakeShared)
      Info.Bytes += 16; // control block
    // The smart pointer returned holds the object's address.
    int Obj = temp("object", C.Call);
    int A = allocSite(G.hole(Obj), C.Call, Info);
    G.flow(K, Obj);
    // T's constructor runs with the arguments: unless T's members keep
    // nothing outside the object (benign), apply the constructor the
    // library's body calls; if it cannot be found, it is unknown.
    const CXXConstructorDecl *Ctor = nullptr;
    bool UnknownCtor = false;
    if (T->isRecordType() && !isBenignType(T, 0, this)) {
      llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
      unsigned Budget = 20000;
      Ctor = findConstruction(F, Ctx.getCanonicalType(T), CtorArgs.size(), 0,
                              Seen, Budget);
      UnknownCtor = !Ctor;
    }
    // Constructor arguments may be stored in the object, by value or by
    // address (a constructor taking a reference can keep it).
    Hole Into = G.note(G.hole(A), Reason::AllocInit, P, What);
    std::vector<int> Temps;
    for (unsigned I = 0; I < CtorArgs.size(); ++I) {
      const Expr *Arg = CtorArgs[I];
      bool ByRef = Arg->isGLValue() &&
                   (!Ctor || I >= Ctor->getNumParams() ||
                    Ctor->getParamDecl(I)->getType()->isReferenceType());
      int Tmp = argTemp(Arg, ByRef);
      Temps.push_back(Tmp);
      G.flow(Into, Tmp);
      if (ByRef)
        G.flow(Into.deref(), Tmp);
      if (UnknownCtor) {
        leak(Tmp, Reason::UnknownCall, C.Call, What);
        G.flow(G.freedHole(), Tmp);
      }
    }
    if (UnknownCtor)
      leak(addressOf(A, C.Call), Reason::UnknownCall, C.Call, What);
    if (Ctor) {
      CallArgs CC;
      CC.Call = C.Call;
      CC.Callee = Ctor;
      CC.ObjectLoc = addressOf(A, C.Call);
      CC.ArgLocs = Temps;
      applyCall(G.discardHole(), CC);
    }
    return true;
  }
  return false;
}
