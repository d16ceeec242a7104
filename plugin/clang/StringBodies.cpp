//===- StringBodies.cpp - std::string's members in the translation unit ---===//
//
// See StringBodies.h.
//
//===----------------------------------------------------------------------===//
#include "clang/StringBodies.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang;
using namespace escape;

namespace {

/// The macro libstdc++'s c++config.h defines to 1, and its value that keeps
/// only basic_string's explicit instantiation declarations out.
constexpr llvm::StringLiteral ExternTemplateMacro = "_GLIBCXX_EXTERN_TEMPLATE";
/// The include guard of bits/basic_string.tcc, whose end holds the
/// declarations (`#if __cplusplus <= 201703L && _GLIBCXX_EXTERN_TEMPLATE >
/// 0`), defined on its first line.
constexpr llvm::StringLiteral StringTccGuard = "_BASIC_STRING_TCC";
/// Defined when libstdc++ has wchar_t: the `<wchar_t>` declaration is there.
constexpr llvm::StringLiteral WideMacro = "_GLIBCXX_USE_WCHAR_T";

} // namespace

namespace escape {

class StringMembersInUnit : public PPCallbacks {
  Preprocessor &PP;
  std::shared_ptr<StringBodies> Result;
  /// The definition `-1` put in place of c++config.h's `1`; null until then.
  const MacroInfo *Ours = nullptr;
  /// _GLIBCXX_EXTERN_TEMPLATE's identifier, set with Ours.
  IdentifierInfo *Macro = nullptr;
  /// basic_string.tcc was read: nothing is left to watch.
  bool Finished = false;

public:
  StringMembersInUnit(Preprocessor &PP, std::shared_ptr<StringBodies> Result)
      : PP(PP), Result(std::move(Result)) {}

  void MacroDefined(const Token &Name, const MacroDirective *MD) override {
    if (Finished)
      return;
    IdentifierInfo *II = Name.getIdentifierInfo();
    if (!II)
      return;
    if (Ours && II->getName() == StringTccGuard) {
      // basic_string.tcc begins; its declarations test the macro's value in
      // effect now (the file does not define it).
      Finished = true;
      const LangOptions &LO = PP.getLangOpts();
      Result->LeftOut =
          PP.getMacroInfo(Macro) == Ours && LO.CPlusPlus && !LO.CPlusPlus20;
      Result->Wide = Result->LeftOut && PP.isMacroDefined(WideMacro);
      return;
    }
    if (Ours || II->getName() != ExternTemplateMacro || !MD)
      return;
    const MacroInfo *MI = MD->getMacroInfo();
    if (!MI || MI->isFunctionLike() || MI->getNumTokens() != 1)
      return;
    const Token &One = MI->getReplacementToken(0);
    if (!One.is(tok::numeric_constant) || PP.getSpelling(One) != "1")
      return;
    // The same definition, `-1`, at the same place.
    SourceLocation Loc = MI->getDefinitionLoc();
    Token Minus;
    Minus.startToken();
    Minus.setKind(tok::minus);
    Minus.setLocation(One.getLocation());
    Minus.setLength(1);
    Token Value = One;
    Value.clearFlag(Token::LeadingSpace);
    Token Tokens[] = {Minus, Value};
    MacroInfo *New = PP.AllocateMacroInfo(Loc);
    New->setDefinitionEndLoc(MI->getDefinitionEndLoc());
    New->setTokens(Tokens, PP.getPreprocessorAllocator());
    New->setIsUsed(true); // no -Wunused-macros for our own definition
    PP.appendDefMacroDirective(II, New, Loc);
    Ours = New;
    Macro = II;
  }
};

} // namespace escape

std::shared_ptr<const StringBodies> StringBodies::inUnit(Preprocessor &PP) {
  auto Result = std::make_shared<StringBodies>();
  PP.addPPCallbacks(std::make_unique<StringMembersInUnit>(PP, Result));
  return Result;
}

namespace {

/// Is \p T `std::Name<Char>` (std or one of its inline namespaces)?
bool isStdOf(QualType T, llvm::StringRef Name, QualType Char) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec || !Spec->isInStdNamespace() || Spec->getName() != Name)
    return false;
  const TemplateArgumentList &Args = Spec->getTemplateArgs();
  return Args.size() == 1 && Args[0].getKind() == TemplateArgument::Type &&
         Args[0].getAsType().getCanonicalType() == Char;
}

/// The character type of \p Spec if it is basic_string<char> or
/// basic_string<wchar_t> (\p Wide) with the default traits and allocator,
/// the specializations `extern template class basic_string<char>` name.
bool isDeclaredExtern(const ClassTemplateSpecializationDecl &Spec,
                      const ASTContext &Ctx, bool Wide) {
  const TemplateArgumentList &Args = Spec.getTemplateArgs();
  if (Args.size() != 3)
    return false;
  for (unsigned I = 0; I != 3; ++I)
    if (Args[I].getKind() != TemplateArgument::Type)
      return false;
  QualType Char = Args[0].getAsType().getCanonicalType();
  if (Char != Ctx.CharTy && (!Wide || Char != Ctx.WCharTy))
    return false;
  return isStdOf(Args[1].getAsType(), "char_traits", Char) &&
         isStdOf(Args[2].getAsType(), "allocator", Char);
}

/// What an explicit instantiation declaration of the class whose
/// instantiation is \p RD does to its members (Sema::InstantiateClassMembers
/// with TSK_ExplicitInstantiationDeclaration), for the member functions
/// alone: each non-template member function of RD and of its member classes,
/// recursively, that is an implicit instantiation, becomes an explicit
/// instantiation declaration. Returns how many changed; the ones that are
/// not inline go to \p OnlyHere (when given). With \p Declare false nothing
/// changes: the members that would are counted and named all the same, and
/// the inline ones go to \p Inline (when given).
unsigned declareMembers(CXXRecordDecl &RD,
                        std::vector<const FunctionDecl *> *OnlyHere,
                        bool Declare,
                        std::vector<const FunctionDecl *> *Inline) {
  unsigned Changed = 0;
  for (Decl *D : RD.decls()) {
    if (auto *FD = dyn_cast<FunctionDecl>(D)) {
      // Member templates are FunctionTemplateDecls: never here.
      MemberSpecializationInfo *MSI = FD->getMemberSpecializationInfo();
      if (!MSI ||
          MSI->getTemplateSpecializationKind() != TSK_ImplicitInstantiation ||
          FD->hasAttr<ExcludeFromExplicitInstantiationAttr>())
        continue;
      if (Declare)
        FD->setTemplateSpecializationKind(TSK_ExplicitInstantiationDeclaration);
      if (OnlyHere && !FD->isInlined())
        OnlyHere->push_back(FD);
      else if (Inline && FD->isInlined())
        Inline->push_back(FD);
      ++Changed;
    } else if (auto *Member = dyn_cast<CXXRecordDecl>(D)) {
      if (Member->isInjectedClassName() || Member->getPreviousDecl() ||
          Member->isLambda())
        continue;
      MemberSpecializationInfo *MSI = Member->getMemberSpecializationInfo();
      if (!MSI ||
          MSI->getTemplateSpecializationKind() == TSK_ExplicitSpecialization)
        continue;
      if (CXXRecordDecl *Def = Member->getDefinition())
        Changed += declareMembers(*Def, OnlyHere, Declare, Inline);
    }
  }
  return Changed;
}

} // namespace

unsigned
escape::keepMembersExternal(const StringBodies &SB, ASTContext &Ctx,
                            std::vector<const FunctionDecl *> *OnlyHere,
                            bool Declare,
                            std::vector<const FunctionDecl *> *Inline) {
  if (!SB.declarationsLeftOut())
    return 0;
  // `basic_string` as the declarations name it, in namespace std: the
  // lookup sees into the inline namespace of the ABI in use (__cxx11).
  NamespaceDecl *Std = nullptr;
  for (NamedDecl *D :
       Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get("std")))
    if (auto *NS = dyn_cast<NamespaceDecl>(D))
      Std = NS;
  if (!Std)
    return 0;
  unsigned Changed = 0;
  for (NamedDecl *D : Std->lookup(&Ctx.Idents.get("basic_string"))) {
    auto *Template = dyn_cast<ClassTemplateDecl>(D);
    if (!Template)
      continue;
    for (ClassTemplateSpecializationDecl *Spec : Template->specializations())
      if (Spec->getSpecializationKind() == TSK_ImplicitInstantiation &&
          Spec->hasDefinition() &&
          isDeclaredExtern(*Spec, Ctx, SB.declaresWide()))
        Changed +=
            declareMembers(*Spec->getDefinition(), OnlyHere, Declare, Inline);
  }
  return Changed;
}
