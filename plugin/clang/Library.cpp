//===- Library.cpp - The one model of the C++ standard library ------------===//
//
// The tables behind Library.h. Each name appears once.
//
//===----------------------------------------------------------------------===//

#include "Library.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace escape::library {

static StringRef nameOf(const NamedDecl *D) {
  if (const IdentifierInfo *II = D->getIdentifier())
    return II->getName();
  return "";
}

/// In namespace std, or (for the implementation's iterator classes) in
/// __gnu_cxx.
static bool inLibraryNamespace(const Decl *D) {
  if (D->isInStdNamespace())
    return true;
  const DeclContext *DC = D->getDeclContext();
  while (DC && !DC->isNamespace())
    DC = DC->getParent();
  const auto *NS = dyn_cast_or_null<NamespaceDecl>(DC);
  return NS && NS->getIdentifier() &&
         NS->getIdentifier()->getName() == "__gnu_cxx";
}

ClassKind classKind(const CXXRecordDecl *RD) {
  if (!RD || !inLibraryNamespace(RD))
    return ClassKind::None;
  ClassKind K =
      llvm::StringSwitch<ClassKind>(nameOf(RD))
          .Cases({"vector", "deque", "list", "forward_list", "map", "multimap",
                  "set", "multiset", "unordered_map", "unordered_set",
                  "unordered_multimap", "unordered_multiset"},
                 ClassKind::Container)
          .Case("basic_string", ClassKind::String)
          .Case("basic_string_view", ClassKind::StringView)
          .Cases({"optional", "variant", "any"}, ClassKind::Holder)
          .Cases({"__normal_iterator", "_Rb_tree_iterator",
                  "_Rb_tree_const_iterator", "_List_iterator",
                  "_List_const_iterator", "_Deque_iterator", "_Node_iterator",
                  "_Node_const_iterator", "reverse_iterator"},
                 ClassKind::Iterator)
          .Cases({"array", "pair"}, ClassKind::Aggregate)
          .Cases({"allocator", "initializer_list", "monostate"},
                 ClassKind::Support)
          .Cases({"char_traits", "less", "greater", "less_equal",
                  "greater_equal", "equal_to", "hash"},
                 ClassKind::Operator)
          .Cases({"unique_ptr", "shared_ptr", "weak_ptr", "__shared_ptr",
                  "__weak_ptr", "__shared_ptr_access"},
                 ClassKind::SmartPointer)
          .Case("function", ClassKind::Function)
          .Cases({"thread", "jthread"}, ClassKind::Thread)
          .Default(ClassKind::None);
  // Only the implementation's iterators live in __gnu_cxx.
  if (K != ClassKind::Iterator && !RD->isInStdNamespace())
    return ClassKind::None;
  // libstdc++'s old copy-on-write string (_GLIBCXX_USE_CXX11_ABI=0) is
  // declared in std itself, the small-buffer one in the inline namespace
  // __cxx11 (libc++'s in __1). A copy of the old one shares the buffer and
  // counts references in it: "a string copies characters" is not true of
  // it, so it is not modelled (its bodies, or their absence, decide).
  if (K == ClassKind::String) {
    const auto *NS = dyn_cast<NamespaceDecl>(RD->getDeclContext());
    if (!NS || !NS->isInline())
      return ClassKind::None;
  }
  return K;
}

bool isIteratorLike(const CXXRecordDecl *RD) {
  return classKind(RD) == ClassKind::Iterator ||
         (RD && inLibraryNamespace(RD) && nameOf(RD).contains("iterator"));
}

bool isContainerLike(ClassKind K) {
  return K == ClassKind::Container || K == ClassKind::String ||
         K == ClassKind::StringView || K == ClassKind::Holder;
}

bool keepsNoSelfAddress(const CXXRecordDecl *RD) {
  if (!RD || !RD->isInStdNamespace() || !RD->getIdentifier())
    return false;
  return llvm::StringSwitch<bool>(RD->getName())
      .Cases({"vector", "_Vector_base", "unique_ptr", "shared_ptr",
              "__shared_ptr", "weak_ptr", "__weak_ptr", "basic_string_view",
              "span"},
             true)
      .Default(false);
}

SmartPointerOp smartPointerOp(const CXXMethodDecl *MD) {
  if (classKind(MD->getParent()) != ClassKind::SmartPointer)
    return SmartPointerOp::None;
  if (isa<CXXConstructorDecl>(MD))
    return SmartPointerOp::Construct;
  if (isa<CXXDestructorDecl>(MD))
    return SmartPointerOp::Destroy;
  if (isa<CXXConversionDecl>(MD))
    return SmartPointerOp::Observe;
  switch (MD->getOverloadedOperator()) {
  case OO_Arrow:
  case OO_Star:
    return SmartPointerOp::Get;
  case OO_Equal:
    return SmartPointerOp::Reset;
  case OO_Subscript:
    return SmartPointerOp::Subscript;
  default:
    break;
  }
  return llvm::StringSwitch<SmartPointerOp>(nameOf(MD))
      .Cases({"get", "release", "lock"}, SmartPointerOp::Get)
      .Case("reset", SmartPointerOp::Reset)
      .Case("swap", SmartPointerOp::Swap)
      .Cases({"use_count", "unique", "expired", "owner_before", "owner_equal",
              "owner_hash"},
             SmartPointerOp::Observe)
      .Default(SmartPointerOp::None);
}

bool isLookup(const CXXMethodDecl *MD) {
  if (classKind(MD->getParent()) != ClassKind::Container ||
      MD->getOverloadedOperator() != OO_None)
    return false;
  return llvm::StringSwitch<bool>(nameOf(MD))
      .Cases({"find", "count", "contains", "lower_bound", "upper_bound",
              "equal_range"},
             true)
      .Default(false);
}

MemberEffect memberEffect(const CXXMethodDecl *MD) {
  MemberEffect E;
  if (MD->isConst() || isLookup(MD))
    return E; // observes only
  OverloadedOperatorKind Op = MD->getOverloadedOperator();
  StringRef N = nameOf(MD);
  // Members that certainly store an element argument they are given.
  bool Inserts =
      Op == OO_Equal || Op == OO_PlusEqual ||
      (!N.empty() &&
       llvm::StringSwitch<bool>(N)
           .Cases({"push_back", "push_front", "emplace_back", "emplace_front",
                   "emplace", "emplace_hint", "insert", "try_emplace",
                   "insert_or_assign", "assign", "append", "push"},
                  true)
           .Default(false));
  // Members that may remove (or free) what the object held.
  bool Removes =
      Op == OO_Equal ||
      (!N.empty() &&
       llvm::StringSwitch<bool>(N)
           .Cases({"clear", "erase", "pop_back", "pop_front", "reset",
                   "release", "swap", "assign", "resize", "remove", "remove_if",
                   "splice", "extract", "merge", "unique"},
                  true)
           .Default(false));
  E.KeepsArgument = Inserts ? Certainty::Must : Certainty::May;
  if (Removes)
    E.Removes = Certainty::May;
  return E;
}

bool isElementParameter(const ParmVarDecl *P) {
  const auto *MD = dyn_cast<CXXMethodDecl>(P->getDeclContext());
  if (!MD)
    return false;
  const CXXRecordDecl *RD = MD->getParent();
  ASTContext &Ctx = MD->getASTContext();
  QualType PT = Ctx.getCanonicalType(P->getType().getNonReferenceType())
                    .getUnqualifiedType();
  if (const auto *PRD = PT->getAsCXXRecordDecl())
    if (PRD->getName() == "initializer_list" ||
        PRD->getCanonicalDecl() == RD->getCanonicalDecl())
      return true;
  if (classKind(RD) == ClassKind::StringView && PT->isPointerType())
    return true;
  for (const NamedDecl *ND : RD->lookup(&Ctx.Idents.get("value_type")))
    if (const auto *TD = dyn_cast<TypedefNameDecl>(ND))
      if (Ctx.getCanonicalType(TD->getUnderlyingType()).getUnqualifiedType() ==
          PT)
        return true;
  return false;
}

StringRef cLibraryName(const FunctionDecl *F) {
  if (F->hasBody() || !F->getIdentifier())
    return "";
  bool CLinkage = F->isExternC() || F->getDeclContext()->isTranslationUnit() ||
                  F->isInStdNamespace();
  if (!F->getBuiltinID() && !CLinkage)
    return "";
  StringRef B = F->getName();
  B.consume_front("__builtin_");
  return B;
}

Allocation allocation(const FunctionDecl *F) {
  if (F->isInStdNamespace() && F->getIdentifier()) {
    Allocation A =
        llvm::StringSwitch<Allocation>(F->getName())
            .Case("make_unique", Allocation::MakeUnique)
            .Case("make_unique_for_overwrite",
                  Allocation::MakeUniqueForOverwrite)
            .Case("make_shared", Allocation::MakeShared)
            .Case("make_shared_for_overwrite",
                  Allocation::MakeSharedForOverwrite)
            .Cases({"allocate_shared", "allocate_shared_for_overwrite"},
                   Allocation::AllocateShared)
            .Default(Allocation::None);
    if (A != Allocation::None)
      return A;
  }
  return llvm::StringSwitch<Allocation>(cLibraryName(F))
      .Cases({"malloc", "calloc", "aligned_alloc"}, Allocation::Malloc)
      .Default(Allocation::None);
}

bool startsThread(const FunctionDecl *F) {
  if (F->isInStdNamespace() && nameOf(F) == "async")
    return true;
  return isa<CXXConstructorDecl>(F) &&
         classKind(dyn_cast<CXXRecordDecl>(F->getDeclContext())) ==
             ClassKind::Thread;
}

Deallocation deallocation(const FunctionDecl *F) {
  OverloadedOperatorKind Op = F->getOverloadedOperator();
  if ((Op == OO_Delete || Op == OO_Array_Delete) &&
      F->isReplaceableGlobalAllocationFunction())
    return Deallocation::Free;
  switch (F->getBuiltinID()) {
  case Builtin::BIfree:
  case Builtin::BI__builtin_operator_delete:
    return Deallocation::Free;
  case Builtin::BIrealloc:
    return Deallocation::Realloc;
  default:
    break;
  }
  return llvm::StringSwitch<Deallocation>(cLibraryName(F))
      .Case("free", Deallocation::Free)
      .Case("realloc", Deallocation::Realloc)
      .Default(Deallocation::None);
}

static bool isStringReaderOperator(OverloadedOperatorKind Op) {
  switch (Op) {
  case OO_Plus:
  case OO_EqualEqual:
  case OO_ExclaimEqual:
  case OO_Less:
  case OO_Greater:
  case OO_LessEqual:
  case OO_GreaterEqual:
  case OO_Spaceship:
    return true;
  default:
    return false;
  }
}

bool mayBeStringReader(const NamedDecl *D) {
  DeclarationName N = D->getDeclName();
  return N.getNameKind() == DeclarationName::CXXOperatorName &&
         isStringReaderOperator(N.getCXXOverloadedOperator());
}

/// std::X<C> for the character type C, nothing else.
static bool isLibraryTemplateOf(QualType T, StringRef Name, QualType C) {
  const auto *S = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!S || !S->isInStdNamespace() || nameOf(S) != Name)
    return false;
  const TemplateArgumentList &Args = S->getTemplateArgs();
  return Args.size() == 1 && Args[0].getKind() == TemplateArgument::Type &&
         S->getASTContext().hasSameType(Args[0].getAsType(), C);
}

/// libstdc++'s basic_string<C, char_traits<C>, allocator<C>> of a character
/// type C, the one with a small buffer (inline namespace __cxx11,
/// _GLIBCXX_USE_CXX11_ABI=1): its members run no user code (a program may
/// not specialize char_traits or allocator for a character type), and a
/// copy has a buffer of its own. Not the old copy-on-write string (namespace
/// std itself), whose copies share the operand's buffer and count
/// references in it: operator+ with an empty operand returns a string
/// holding the other operand's buffer. Not another library's string: its
/// copies were not checked. The character type, or a null type.
static QualType plainStringChar(QualType T) {
  const auto *S = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!S || classKind(S) != ClassKind::String)
    return QualType();
  const auto *NS = dyn_cast<NamespaceDecl>(S->getDeclContext());
  if (!NS || !NS->isInline() || nameOf(NS) != "__cxx11" ||
      !NS->getParent()->isStdNamespace())
    return QualType();
  const TemplateArgumentList &Args = S->getTemplateArgs();
  if (Args.size() != 3 || Args[0].getKind() != TemplateArgument::Type ||
      Args[1].getKind() != TemplateArgument::Type ||
      Args[2].getKind() != TemplateArgument::Type)
    return QualType();
  QualType C = Args[0].getAsType().getCanonicalType();
  if (C.hasQualifiers() || !C->isAnyCharacterType() ||
      !isLibraryTemplateOf(Args[1].getAsType(), "char_traits", C) ||
      !isLibraryTemplateOf(Args[2].getAsType(), "allocator", C))
    return QualType();
  return C;
}

bool copiesCharacters(const CXXRecordDecl *RD) {
  return RD &&
         !plainStringChar(RD->getASTContext().getCanonicalTagType(RD)).isNull();
}

bool stringReader(const FunctionDecl *F, SmallVectorImpl<ReadParam> &Params) {
  Params.clear();
  if (!F || isa<CXXMethodDecl>(F) || !F->isInStdNamespace() ||
      !mayBeStringReader(F) || F->isVariadic() || F->getNumParams() != 2 ||
      F->isDependentContext())
    return false;
  ASTContext &Ctx = F->getASTContext();
  QualType Str, Char; // the string type and its character type
  for (const ParmVarDecl *P : F->parameters()) {
    QualType T = P->getType().getCanonicalType();
    // const basic_string& (an lvalue reference: never the && overloads,
    // which take the operand's buffer).
    if (const auto *R = T->getAs<LValueReferenceType>()) {
      QualType O = R->getPointeeType();
      QualType C = plainStringChar(O);
      if (C.isNull() || !O.isConstQualified() || O.isVolatileQualified() ||
          (!Str.isNull() && !Ctx.hasSameUnqualifiedType(Str, O)))
        return false;
      Str = O.getUnqualifiedType();
      Char = C;
      Params.push_back(ReadParam::String);
      continue;
    }
    // const CharT*.
    if (const auto *PT = T->getAs<PointerType>()) {
      QualType O = PT->getPointeeType();
      if (!O.isConstQualified() || O.isVolatileQualified() ||
          !O->isAnyCharacterType())
        return false;
      Params.push_back(ReadParam::Chars);
      continue;
    }
    // CharT by value.
    if (T->isAnyCharacterType()) {
      Params.push_back(ReadParam::Value);
      continue;
    }
    return false;
  }
  if (Str.isNull())
    return false;
  // Every other operand is of the string's character type.
  for (unsigned I = 0; I < 2; ++I) {
    QualType T = F->getParamDecl(I)->getType().getCanonicalType();
    if (Params[I] == ReadParam::Chars &&
        !Ctx.hasSameUnqualifiedType(T->getPointeeType(), Char))
      return false;
    if (Params[I] == ReadParam::Value && !Ctx.hasSameType(T, Char))
      return false;
  }
  // The result: a new string (+), a bool (==...), an ordering (<=>).
  QualType RT = F->getReturnType().getCanonicalType();
  switch (F->getOverloadedOperator()) {
  case OO_Plus:
    if (!Ctx.hasSameType(RT, Str))
      return false;
    break;
  case OO_Spaceship:
    if (const auto *RD = RT->getAsCXXRecordDecl();
        !RD || !RD->isInStdNamespace() ||
        !llvm::StringSwitch<bool>(nameOf(RD))
             .Cases({"strong_ordering", "weak_ordering", "partial_ordering"},
                    true)
             .Default(false))
      return false;
    // Only strings on both sides or a string and characters: no CharT.
    if (Params[0] == ReadParam::Value || Params[1] == ReadParam::Value)
      return false;
    break;
  default:
    if (!RT->isBooleanType() || Params[0] == ReadParam::Value ||
        Params[1] == ReadParam::Value)
      return false;
    break;
  }
  return true;
}

/// The members stringCharsParam describes, with their arity and the
/// index of their `const CharT*` parameter (the others are size_type).
struct CharsMember {
  llvm::StringLiteral Name;
  unsigned Arity, Param;
  bool Mutates;
};
constexpr CharsMember CharsMembers[] = {
    {"_M_append", 2, 0, true},
    {"_M_mutate", 4, 2, true},
    {"_M_replace", 4, 2, true},
    {"find", 3, 0, false},
    {"rfind", 3, 0, false},
    {"find_first_of", 3, 0, false},
    {"find_last_of", 3, 0, false},
    {"find_first_not_of", 3, 0, false},
    {"find_last_not_of", 3, 0, false},
    {"compare", 1, 0, false},
    {"compare", 3, 2, false},
    {"compare", 4, 2, false},
};

bool mayBeStringChars(const NamedDecl *D) {
  if (!D->getIdentifier())
    return false;
  StringRef N = D->getName();
  if (isa<CXXMethodDecl>(D))
    return llvm::any_of(CharsMembers,
                        [&](const CharsMember &M) { return M.Name == N; });
  return N == "basic_string";
}

std::optional<StringChars> stringCharsParam(const FunctionDecl *F) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(F);
  if (!MD || MD->isStatic() || MD->isVariadic() || MD->isDependentContext() ||
      !MD->getIdentifier() || MD->isVolatile() ||
      MD->getRefQualifier() != RQ_None)
    return std::nullopt;
  ASTContext &Ctx = MD->getASTContext();
  QualType Char = plainStringChar(Ctx.getCanonicalTagType(MD->getParent()));
  if (Char.isNull())
    return std::nullopt;
  for (const CharsMember &M : CharsMembers) {
    if (M.Name != MD->getName() || M.Arity != MD->getNumParams() ||
        M.Mutates == MD->isConst())
      continue;
    bool Shape = true;
    for (unsigned I = 0; I < M.Arity && Shape; ++I) {
      QualType T = MD->getParamDecl(I)->getType().getCanonicalType();
      if (I == M.Param) {
        const auto *PT = T->getAs<PointerType>();
        Shape = PT && PT->getPointeeType().isConstQualified() &&
                !PT->getPointeeType().isVolatileQualified() &&
                Ctx.hasSameUnqualifiedType(PT->getPointeeType(), Char);
      } else {
        Shape = T.getUnqualifiedType()->isUnsignedIntegerType();
      }
    }
    if (Shape)
      return StringChars{M.Param, M.Mutates};
  }
  return std::nullopt;
}

static bool isStringStreamName(llvm::StringRef N) {
  return llvm::StringSwitch<bool>(N)
      .Cases({"basic_stringbuf", "basic_istringstream", "basic_ostringstream",
              "basic_stringstream"},
             true)
      .Default(false);
}

bool mayBeStringStream(const NamedDecl *D) {
  if (const auto *CD = dyn_cast<CXXConstructorDecl>(D))
    D = CD->getParent();
  return D->getIdentifier() && isStringStreamName(D->getName());
}

static bool isStdPair(const NamedDecl *D) {
  const DeclContext *DC = D->getDeclContext();
  return D->getIdentifier() && D->getName() == "pair" &&
         (isa<ClassTemplateDecl>(D) || isa<CXXRecordDecl>(D)) &&
         DC->isStdNamespace();
}

bool mayBePairConstructor(const NamedDecl *D) {
  if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D))
    D = FTD->getTemplatedDecl();
  if (const auto *CD = dyn_cast<CXXConstructorDecl>(D))
    D = CD->getParent();
  return isStdPair(D);
}

bool pairConstructor(const FunctionDecl *F) {
  const auto *CD = dyn_cast_or_null<CXXConstructorDecl>(F);
  return CD && !CD->isDependentContext() &&
         isa<ClassTemplateSpecializationDecl>(CD->getParent()) &&
         isStdPair(CD->getParent());
}

bool stringStreamFromString(const FunctionDecl *F) {
  const auto *CD = dyn_cast_or_null<CXXConstructorDecl>(F);
  if (!CD || CD->isDependentContext() || CD->getNumParams() != 2 ||
      CD->getPrimaryTemplate() || CD->isVariadic())
    return false;
  // A specialization of one of the four class templates of std (its
  // inline namespace __cxx11), of a plain string's character, traits and
  // allocator.
  const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(CD->getParent());
  if (!S || !S->isInStdNamespace() || !isStringStreamName(nameOf(S)))
    return false;
  ASTContext &Ctx = CD->getASTContext();
  const auto *Ref = CD->getParamDecl(0)
                        ->getType()
                        .getCanonicalType()
                        ->getAs<LValueReferenceType>();
  if (!Ref || !Ref->getPointeeType().isConstQualified() ||
      Ref->getPointeeType().isVolatileQualified())
    return false;
  QualType Str = Ref->getPointeeType().getUnqualifiedType();
  QualType Char = plainStringChar(Str);
  const TemplateArgumentList &Args = S->getTemplateArgs();
  if (Char.isNull() || Args.size() != 3 ||
      Args[0].getKind() != TemplateArgument::Type ||
      !Ctx.hasSameType(Args[0].getAsType(), Char) ||
      !isLibraryTemplateOf(Args[1].getAsType(), "char_traits", Char) ||
      !isLibraryTemplateOf(Args[2].getAsType(), "allocator", Char))
    return false;
  // ios_base::openmode (libstdc++'s enumeration _Ios_Openmode).
  QualType Mode = CD->getParamDecl(1)->getType().getCanonicalType();
  const auto *ET = Mode->getAs<EnumType>();
  return ET && ET->getDecl()->isInStdNamespace() &&
         nameOf(ET->getDecl()) == "_Ios_Openmode";
}

KeyTable keyTable(const NamedDecl *D) {
  const NamedDecl *T = D;
  if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(D))
    T = S->getSpecializedTemplate();
  else if (!isa<ClassTemplateDecl>(D))
    return KeyTable::None;
  if (!T->isInStdNamespace() ||
      !isa<NamespaceDecl>(T->getDeclContext()->getRedeclContext()))
    return KeyTable::None;
  return llvm::StringSwitch<KeyTable>(nameOf(T))
      .Case("_Hashtable", KeyTable::Hashtable)
      .Case("_Rb_tree", KeyTable::RbTree)
      .Default(KeyTable::None);
}

/// The members keyLookup describes, by table.
static bool isKeyLookupName(KeyTable K, StringRef N) {
  if (N == "find" || N == "count")
    return K != KeyTable::None;
  return K == KeyTable::RbTree && (N == "lower_bound" || N == "upper_bound");
}

bool mayBeKeyLookup(const CXXMethodDecl *MD) {
  return isKeyLookupName(keyTable(MD->getParent()), nameOf(MD));
}

/// A class (or specialization) named one of Names, declared directly in
/// namespace std (Detail: in std::__detail).
static bool isLibraryClass(QualType T, bool Detail,
                           std::initializer_list<StringRef> Names) {
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD || !llvm::is_contained(Names, nameOf(RD)))
    return false;
  const auto *NS = dyn_cast<NamespaceDecl>(RD->getDeclContext());
  if (!Detail)
    return NS && RD->isInStdNamespace();
  return NS && nameOf(NS) == "__detail" && !NS->isInline() &&
         NS->isInStdNamespace();
}

bool keyLookup(const CXXMethodDecl *MD, KeyLookup &Out) {
  Out = KeyLookup();
  const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(MD->getParent());
  KeyTable K = S ? keyTable(S) : KeyTable::None;
  if (!isKeyLookupName(K, nameOf(MD)) || MD->isStatic() ||
      MD->getDescribedFunctionTemplate() || MD->getPrimaryTemplate() ||
      MD->isDependentContext() || MD->isVariadic() || MD->getNumParams() != 1)
    return false;
  const TemplateArgumentList &Args = S->getTemplateArgs();
  unsigned Want = K == KeyTable::Hashtable ? 10 : 5;
  if (Args.size() != Want)
    return false;
  for (const TemplateArgument &A : Args.asArray())
    if (A.getKind() != TemplateArgument::Type)
      return false;
  auto Arg = [&](unsigned I) { return Args[I].getAsType().getCanonicalType(); };
  QualType Key = Arg(0);
  if (K == KeyTable::Hashtable) {
    // _Hashtable<_Key, _Value, _Alloc, _ExtractKey, _Equal, _Hash,
    //            _RangeHash, _Unused, _RehashPolicy, _Traits>
    if (!isLibraryClass(Arg(3), /*Detail=*/true, {"_Identity", "_Select1st"}) ||
        !isLibraryClass(Arg(6), /*Detail=*/true, {"_Mod_range_hashing"}) ||
        !isLibraryClass(Arg(7), /*Detail=*/true, {"_Default_ranged_hash"}) ||
        !isLibraryClass(Arg(8), /*Detail=*/true, {"_Prime_rehash_policy"}))
      return false;
    Out.Functors = {Arg(5), Arg(4)};
  } else {
    // _Rb_tree<_Key, _Val, _KeyOfValue, _Compare, _Alloc>
    if (!isLibraryClass(Arg(2), /*Detail=*/false, {"_Identity", "_Select1st"}))
      return false;
    Out.Functors = {Arg(3)};
  }
  // The one parameter is `const key_type&`.
  const auto *R = MD->getParamDecl(0)
                      ->getType()
                      .getCanonicalType()
                      ->getAs<LValueReferenceType>();
  if (!R || !R->getPointeeType().isConstQualified() ||
      R->getPointeeType().isVolatileQualified() ||
      !MD->getASTContext().hasSameUnqualifiedType(R->getPointeeType(), Key))
    return false;
  Out.Key = Key.getUnqualifiedType();
  return true;
}

/// The declaration a class's definition comes from: an explicit
/// specialization itself, else the template (or partial specialization) it
/// was instantiated from, else the class.
static const Decl *definingDecl(const CXXRecordDecl *RD) {
  const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!S || S->isExplicitSpecialization())
    return RD;
  llvm::PointerUnion<ClassTemplateDecl *,
                     ClassTemplatePartialSpecializationDecl *>
      P = S->getSpecializedTemplateOrPartial();
  if (auto *TD = dyn_cast<ClassTemplateDecl *>(P))
    return TD;
  return cast<ClassTemplatePartialSpecializationDecl *>(P);
}

KeyFunctor keyFunctor(QualType Functor, QualType Key) {
  const auto *RD = Functor->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return KeyFunctor::None;
  const SourceManager &SM = RD->getASTContext().getSourceManager();
  auto InSystemHeader = [&](const Decl *D) {
    return SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
  };
  if (!InSystemHeader(RD))
    return KeyFunctor::User;
  const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD);
  if (!S || !RD->isInStdNamespace() || !InSystemHeader(definingDecl(RD)))
    return KeyFunctor::None;
  const TemplateArgumentList &Args = S->getTemplateArgs();
  if (Args.size() != 1 || Args[0].getKind() != TemplateArgument::Type ||
      !RD->getASTContext().hasSameType(Args[0].getAsType(), Key))
    return KeyFunctor::None;
  StringRef N = nameOf(RD);
  bool Hash = N == "hash";
  bool Compare =
      llvm::StringSwitch<bool>(N)
          .Cases({"equal_to", "less", "greater", "less_equal", "greater_equal"},
                 true)
          .Default(false);
  if (!Hash && !Compare)
    return KeyFunctor::None;
  QualType K = Key.getCanonicalType();
  if (K.hasQualifiers())
    return KeyFunctor::None;
  // (isArithmeticType counts unscoped enumerations: not here.)
  if ((K->isArithmeticType() && !K->isEnumeralType()) || K->isPointerType() ||
      (Hash && K->isEnumeralType()) || !plainStringChar(K).isNull())
    return KeyFunctor::Reader;
  return KeyFunctor::None;
}

bool mayBeScalarAlgorithm(const Decl *D) {
  const auto *FTD = dyn_cast<FunctionTemplateDecl>(D);
  if (const auto *FD = dyn_cast<FunctionDecl>(D))
    FTD = FD->getPrimaryTemplate();
  if (FTD && !isa<CXXMethodDecl>(FTD->getTemplatedDecl()))
    return FTD->getDeclContext()->getRedeclContext()->isStdNamespace();
  // A class template of std, its specializations, and their static member
  // functions (std::__copy_move_backward<...>::__copy_move_b).
  if (const auto *MD = dyn_cast<CXXMethodDecl>(D))
    return MD->isStatic() && mayBeScalarAlgorithm(MD->getParent());
  if (const auto *CTSD = dyn_cast<ClassTemplateSpecializationDecl>(D))
    D = CTSD->getSpecializedTemplate();
  const auto *CTD = dyn_cast<ClassTemplateDecl>(D);
  return CTD && CTD->getDeclContext()->getRedeclContext()->isStdNamespace();
}

/// libstdc++'s function objects for the built-in comparisons of iterators
/// and values (bits/predefined_ops.h), classes without members.
static bool isBuiltinComparison(const CXXRecordDecl *RD) {
  if (!RD || isa<ClassTemplateSpecializationDecl>(RD) || !RD->hasDefinition())
    return false;
  const DeclContext *DC = RD->getDeclContext();
  const auto *Ops = dyn_cast<NamespaceDecl>(DC);
  const auto *Gnu =
      Ops ? dyn_cast<NamespaceDecl>(Ops->getDeclContext()) : nullptr;
  if (!Ops || !Gnu || nameOf(Ops) != "__ops" || nameOf(Gnu) != "__gnu_cxx" ||
      !Gnu->getDeclContext()->isTranslationUnit())
    return false;
  return llvm::StringSwitch<bool>(nameOf(RD))
      .Cases({"_Iter_less_iter", "_Iter_less_val", "_Val_less_iter",
              "_Iter_equal_to_iter", "_Iter_equal_to_val"},
             true)
      .Default(false);
}

/// The standard's iterator category tags (empty classes).
static bool isIteratorTag(const CXXRecordDecl *RD) {
  return RD && !isa<ClassTemplateSpecializationDecl>(RD) &&
         RD->getDeclContext()->getRedeclContext()->isStdNamespace() &&
         llvm::StringSwitch<bool>(nameOf(RD))
             .Cases({"input_iterator_tag", "output_iterator_tag",
                     "forward_iterator_tag", "bidirectional_iterator_tag",
                     "random_access_iterator_tag", "contiguous_iterator_tag"},
                    true)
             .Default(false);
}

/// Every argument of a scalarAlgorithm specialization (or of the class
/// template specialization a static member belongs to) is one of these.
static bool scalarArguments(ArrayRef<TemplateArgument> Args) {
  auto Scalar = [](QualType T) {
    T = T.getCanonicalType();
    return T->isArithmeticType() || T->isEnumeralType();
  };
  for (const TemplateArgument &A : Args) {
    switch (A.getKind()) {
    case TemplateArgument::Integral:
      continue;
    case TemplateArgument::Type: {
      QualType T = A.getAsType().getCanonicalType();
      const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
      if (Scalar(T) || (T->isPointerType() && Scalar(T->getPointeeType())) ||
          isBuiltinComparison(RD) || isIteratorTag(RD))
        continue;
      return false;
    }
    default:
      return false;
    }
  }
  return true;
}

bool scalarAlgorithm(const FunctionDecl *FD) {
  if (!mayBeScalarAlgorithm(FD))
    return false;
  const TemplateArgumentList *Args = FD->getTemplateSpecializationArgs();
  if (Args && !scalarArguments(Args->asArray()))
    return false;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    const auto *CTSD =
        dyn_cast<ClassTemplateSpecializationDecl>(MD->getParent());
    return CTSD && scalarArguments(CTSD->getTemplateArgs().asArray());
  }
  return Args != nullptr;
}

} // namespace escape::library
