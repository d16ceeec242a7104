//===- StringBodies.cpp - std::string's members in the translation unit ---===//
//
// See StringBodies.h.
//
//===----------------------------------------------------------------------===//
#include "clang/StringBodies.h"

#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang;

namespace {

/// The macro libstdc++'s c++config.h defines to 1, and its value that keeps
/// only basic_string's explicit instantiation declarations out.
constexpr llvm::StringLiteral ExternTemplateMacro = "_GLIBCXX_EXTERN_TEMPLATE";

class StringMembersInUnit : public PPCallbacks {
  Preprocessor &PP;
  bool Done = false;

public:
  explicit StringMembersInUnit(Preprocessor &PP) : PP(PP) {}

  void MacroDefined(const Token &Name, const MacroDirective *MD) override {
    if (Done)
      return;
    IdentifierInfo *II = Name.getIdentifierInfo();
    if (!II || II->getName() != ExternTemplateMacro || !MD)
      return;
    const MacroInfo *MI = MD->getMacroInfo();
    if (!MI || MI->isFunctionLike() || MI->getNumTokens() != 1)
      return;
    const Token &One = MI->getReplacementToken(0);
    if (!One.is(tok::numeric_constant) || PP.getSpelling(One) != "1")
      return;
    // The same definition, `-1`, at the same place.
    Done = true;
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
  }
};

} // namespace

void escape::stringMembersInUnit(Preprocessor &PP) {
  PP.addPPCallbacks(std::make_unique<StringMembersInUnit>(PP));
}
