//===- RewriteForms.cpp - The three rewrite forms and their use checks ----===//
//
// make_unique to a stack object, make_shared to an arena allocation, new/delete
// to a stack object or an arena placement; the frame arena's declaration and
// #include; the checks that every use of the pointer can be rewritten.
//
//===----------------------------------------------------------------------===//
#include "clang/RewritePlanner.h"

#include <algorithm>
#include <climits>
#include <deque>

using namespace clang;
using namespace escape;
using namespace escape::rewrite;

namespace escape::rewrite {

bool Planner::overloadsAddressOf(QualType T) const {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  DeclarationName N = Ctx.DeclarationNames.getCXXOperatorName(OO_Amp);
  bool Found = false;
  RD->forallBases([&](const CXXRecordDecl *B) {
    Found |= !B->lookup(N).empty();
    return true;
  });
  return Found || !RD->lookup(N).empty();
}

bool Planner::includesArena(FileID F) const {
  if (F == SM.getMainFileID()) {
    // Already included (directly or not)?
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It)
      if (It->first.getName().ends_with("escape/FrameArena.h"))
        return true;
    return false;
  }
  // A header gets its own #include unless it has one.
  return SM.getBufferData(F).contains("escape/FrameArena.h");
}

void Planner::declareArenas() {
  std::set<std::pair<unsigned, std::string>> Declared;
  for (RewriteSite &S : Sites) {
    if (!S.Rewritable || !S.UsesArena)
      continue;
    for (auto It = S.Standalone.begin(); It != S.Standalone.end();) {
      auto Key = std::make_pair(It->RemoveRange.getBegin().getRawEncoding(),
                                It->CodeToInsert);
      if (!Declared.insert(Key).second) {
        ++It;
        continue;
      }
      S.Fixes.push_back(*It);
      It = S.Standalone.erase(It);
    }
  }
}

/// Where a new #include goes in F: after the last #include before Before
/// that is at Before's #if depth (so not inside a conditional block that
/// does not enclose the code), else at the start of the line of the file's
/// first declaration (below its licence comment), else at the top. Line is
/// the line the inserted text starts (for `#line`).
static SourceLocation includeLocation(const SourceManager &SM, FileID F,
                                      SourceLocation Before,
                                      SourceLocation FirstDecl,
                                      unsigned &Line) {
  StringRef Buf = SM.getBufferData(F);
  unsigned Stop =
      SM.getFileID(Before) == F ? SM.getFileOffset(Before) : Buf.size();
  // #if depth of each #include seen, and the depth at Stop.
  std::vector<std::pair<unsigned, unsigned>> Includes; // (end offset, depth)
  unsigned Depth = 0;
  bool InComment = false;
  for (size_t Pos = 0; Pos < Stop && Pos < Buf.size();) {
    size_t EOL = Buf.find('\n', Pos);
    if (EOL == StringRef::npos)
      EOL = Buf.size();
    StringRef L = Buf.slice(Pos, EOL).trim();
    if (InComment) {
      InComment = !L.contains("*/");
    } else if (L.starts_with("/*") && !L.contains("*/")) {
      InComment = true;
    } else if (L.consume_front("#")) {
      L = L.ltrim();
      if (L.starts_with("if")) // #if, #ifdef, #ifndef
        ++Depth;
      else if (L.starts_with("endif") && Depth)
        --Depth;
      else if (L.starts_with("include") || L.starts_with("import"))
        Includes.push_back({unsigned(std::min(EOL + 1, Buf.size())), Depth});
    }
    Pos = EOL + 1;
  }
  for (auto It = Includes.rbegin(); It != Includes.rend(); ++It)
    if (It->second == Depth) {
      SourceLocation L = SM.getComposedLoc(F, It->first);
      Line = SM.getLineNumber(F, It->first);
      if (Buf[It->first - 1] != '\n')
        return SourceLocation(); // no newline after the last #include
      return L;
    }
  if (FirstDecl.isValid() && SM.getFileID(FirstDecl) == F) {
    unsigned Off = SM.getFileOffset(FirstDecl);
    Off =
        Buf.rfind('\n', Off) == StringRef::npos ? 0 : Buf.rfind('\n', Off) + 1;
    Line = SM.getLineNumber(F, Off);
    return SM.getComposedLoc(F, Off);
  }
  Line = 1;
  return SM.getLocForStartOfFile(F);
}

void Planner::includeArenas() {
  std::set<FileID> Done;
  for (RewriteSite &S : Sites) {
    FileID F = SM.getFileID(S.Loc);
    if (!S.Rewritable || !S.UsesArena || includesArena(F))
      continue;
    // Compiling in memory keeps line numbers with `#line` and the top of
    // the file will do; a fix-it a user keeps goes with the other includes.
    SourceLocation FirstDecl;
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      SourceLocation B = SM.getExpansionLoc(D->getBeginLoc());
      if (B.isValid() && SM.getFileID(B) == F && !D->isImplicit()) {
        FirstDecl = B;
        break;
      }
    }
    unsigned Line = 1;
    SourceLocation At = Opts.KeepLineNumbers
                            ? SM.getLocForStartOfFile(F)
                            : includeLocation(SM, F, S.Loc, FirstDecl, Line);
    std::string Inc = fmt::format("#include {}\n", Opts.ArenaInclude);
    if (At.isInvalid()) { // after an #include on the file's last line
      At = SM.getLocForEndOfFile(F);
      Inc = "\n" + Inc;
    }
    if (Opts.KeepLineNumbers)
      Inc += "#line 1\n";
    FixItHint Hint = FixItHint::CreateInsertion(At, Inc);
    (Done.insert(F).second ? S.Fixes : S.Standalone).push_back(Hint);
  }
}

void Planner::refuseArenas() {
  if (Opts.ArenaUnavailable.empty())
    return;
  for (RewriteSite &S : Sites)
    if (S.Rewritable && S.UsesArena) {
      S.Rewritable = false;
      S.WhyNot = Opts.ArenaUnavailable;
      S.Fixes.clear();
      S.Standalone.clear();
    }
}

void Planner::useArena(RewriteSite &S, const CompoundStmt *Body) {
  // The declaration goes to the first site that is still rewritable once
  // every site is planned (declareArenas): a site planned here may yet be
  // dropped (a template instance that refuses it).
  S.UsesArena = true;
  std::string Decl =
      fmt::format("escape::FrameArena<{}> {};", Opts.ArenaBytes, ArenaName);
  // On a line of its own, indented as the body's first statement, when
  // that statement starts a later line and line numbers may change.
  if (!Opts.KeepLineNumbers && !Body->body_empty()) {
    SourceLocation First = Body->body_front()->getBeginLoc();
    SourceLocation Brace = Body->getLBracLoc();
    if (editable(First) && !splitGreater(First).isValid() &&
        SM.getSpellingLineNumber(First) > SM.getSpellingLineNumber(Brace)) {
      auto [F, Off] = SM.getDecomposedLoc(First);
      StringRef Buf = SM.getBufferData(F);
      size_t LineStart = Buf.rfind('\n', Off) + 1; // Brace is above
      StringRef Indent = Buf.slice(LineStart, Off);
      if (Indent.find_first_not_of(" \t") == StringRef::npos) {
        S.Standalone.push_back(
            FixItHint::CreateInsertion(SM.getComposedLoc(F, LineStart),
                                       fmt::format("{}{}\n", Indent, Decl)));
        return;
      }
    }
  }
  S.Standalone.push_back(FixItHint::CreateInsertion(
      Body->getLBracLoc().getLocWithOffset(1), " " + Decl));
}

bool Planner::makeUnique(const CallExpr *CE, RewriteSite &S) {
  S.Action = "use a stack object";
  const auto *Callee = dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreImplicit());
  if (!Callee || Callee->getNumTemplateArgs() != 1) {
    S.WhyNot = "the element type is not written as one template argument";
    return false;
  }
  QualType T = Callee->template_arguments()[0].getArgument().getKind() ==
                       TemplateArgument::Type
                   ? Callee->template_arguments()[0].getArgument().getAsType()
                   : QualType();
  if (T.isNull() || T->isArrayType()) {
    S.WhyNot = "arrays are not rewritten";
    return false;
  }
  if (S.Place != Placement::Stack) {
    S.WhyNot = "it belongs in the frame arena, not on the stack";
    return false;
  }
  // auto p = std::make_unique<T>(args);  (one declarator, a local variable)
  DynTypedNode P = semanticParent(DynTypedNode::create(*CE), false);
  const auto *VD = P.get<VarDecl>();
  if (!VD || !VD->isLocalVarDecl() || VD->isStaticLocal() ||
      VD->isInitCapture() || VD->getType()->isReferenceType() ||
      !VD->getIdentifier()) {
    S.WhyNot = "the result does not initialise a local std::unique_ptr";
    return false;
  }
  if (!Ctx.hasSameUnqualifiedType(VD->getType(), CE->getType())) {
    S.WhyNot = "the std::unique_ptr converts to another pointer type";
    return false;
  }
  const auto *DS = parent(DynTypedNode::create(*VD)).get<DeclStmt>();
  if (!DS || !DS->isSingleDecl() ||
      !parent(DynTypedNode::create(*DS)).get<CompoundStmt>()) {
    S.WhyNot = "the declaration is not a statement of its own";
    return false;
  }
  if (!editable(VD->getSourceRange())) {
    S.WhyNot = "the declaration is written in a macro";
    return false;
  }
  if (overloadsAddressOf(T)) {
    S.WhyNot = "the type overloads operator&";
    return false;
  }
  std::string Name = VD->getName().str();
  std::vector<FixItHint> Fixes;
  for (const DeclRefExpr *DRE : Uses.Uses.lookup(VD)) {
    std::string Refuse = fmt::format("'{}' is used as a std::unique_ptr ({})",
                                     Name, loc(DRE->getLocation()));
    if (Uses.InDecltype.count(DRE)) {
      S.WhyNot = Refuse;
      return false;
    }
    DynTypedNode Below;
    DynTypedNode Up = semanticParent(DynTypedNode::create(*DRE), true, &Below);
    // p->m
    if (const auto *Op = Up.get<CXXOperatorCallExpr>()) {
      if (Op->getOperator() == OO_Arrow && Op->getNumArgs() == 1) {
        const auto *ME =
            semanticParent(DynTypedNode::create(*Op), false).get<MemberExpr>();
        if (ME && ME->isArrow() && editable(ME->getOperatorLoc()) &&
            !isa<CXXDestructorDecl>(ME->getMemberDecl())) {
          Fixes.push_back(FixItHint::CreateReplacement(
              CharSourceRange::getTokenRange(ME->getOperatorLoc()), "."));
          continue;
        }
      } else if (Op->getOperator() == OO_Star && Op->getNumArgs() == 1 &&
                 editable(Op->getOperatorLoc())) {
        // *p -> p
        Fixes.push_back(FixItHint::CreateRemoval(
            CharSourceRange::getTokenRange(Op->getOperatorLoc())));
        continue;
      }
    }
    // p.get() -> &p
    if (const auto *ME = Up.get<MemberExpr>()) {
      const auto *Call = semanticParent(DynTypedNode::create(*ME), false)
                             .get<CXXMemberCallExpr>();
      if (Call && !ME->isArrow() && Call->getNumArgs() == 0 &&
          Call->getCallee()->IgnoreParens() == ME &&
          ME->getMemberDecl()->getName() == "get" &&
          editable(Call->getSourceRange())) {
        DynTypedNode CallUp =
            semanticParent(DynTypedNode::create(*Call), false);
        const Stmt *US = CallUp.get<Stmt>();
        bool Bare =
            CallUp.get<VarDecl>() || !US ||
            isa<ParenExpr, ReturnStmt, InitListExpr>(US) ||
            (isa<CallExpr>(US) &&
             cast<CallExpr>(US)->getCallee()->IgnoreImplicit() != Call) ||
            isa<CXXConstructExpr>(US);
        Fixes.push_back(FixItHint::CreateReplacement(
            fileRange(Call->getSourceRange()),
            Bare ? "&" + Name : "(&" + Name + ")"));
        continue;
      }
    }
    if (const auto *Call = Up.get<CallExpr>())
      if (stdCallee(Call) == "move") {
        S.WhyNot =
            fmt::format("'{}' is moved ({})", Name, loc(DRE->getLocation()));
        return false;
      }
    if (const auto *ME = Up.get<MemberExpr>()) {
      if (isa<CXXConversionDecl>(ME->getMemberDecl())) {
        S.WhyNot = fmt::format("'{}' is tested for null ({})", Name,
                               loc(DRE->getLocation()));
        return false;
      }
      S.WhyNot = fmt::format("'{}.{}()' ({})", Name,
                             ME->getMemberDecl()->getNameAsString(),
                             loc(DRE->getLocation()));
      S.WhyNot = "it calls " + S.WhyNot;
      return false;
    }
    S.WhyNot = Refuse;
    return false;
  }
  std::vector<const Expr *> Args(CE->arg_begin(), CE->arg_end());
  std::string ArgText;
  if (!argsText(Args, ArgText, S.WhyNot))
    return false;
  const TypeSourceInfo *TSI =
      Callee->template_arguments()[0].getTypeSourceInfo();
  std::string TypeText =
      TSI ? text(TSI->getTypeLoc().getSourceRange()) : std::string();
  if (TypeText.empty() || !editable(TSI->getTypeLoc().getSourceRange())) {
    S.WhyNot = "the element type is not spelled in the file";
    return false;
  }
  std::string Decl = Args.empty()
                         ? fmt::format("{} {}{{}}", TypeText, Name)
                         : fmt::format("{} {}({})", TypeText, Name, ArgText);
  S.Fixes.push_back(
      FixItHint::CreateReplacement(fileRange(VD->getSourceRange()), Decl));
  S.Fixes.insert(S.Fixes.end(), Fixes.begin(), Fixes.end());
  S.Action = fmt::format("use a stack object: {}", Decl);
  return true;
}

bool Planner::makeShared(const CallExpr *CE, RewriteSite &S) {
  S.Action = "allocate it in a frame arena";
  const auto *Callee = dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreImplicit());
  if (!Callee || Callee->getNumTemplateArgs() != 1 ||
      !Callee->template_arguments()[0].getTypeSourceInfo()) {
    S.WhyNot = "the element type is not written as one template argument";
    return false;
  }
  const TypeSourceInfo *TSI =
      Callee->template_arguments()[0].getTypeSourceInfo();
  if (TSI->getType()->isArrayType()) {
    S.WhyNot = "arrays are not rewritten";
    return false;
  }
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body) {
    S.WhyNot = "the function body is a function-try-block";
    return false;
  }
  SourceLocation NameLoc = Callee->getNameInfo().getLoc();
  SourceRange TypeRange = TSI->getTypeLoc().getSourceRange();
  if (!editable(NameLoc) || !editable(TypeRange) ||
      !editable(Callee->getRAngleLoc()) || !editable(Body->getLBracLoc())) {
    S.WhyNot = "the call is written in a macro";
    return false;
  }
  std::optional<Token> LParen =
      Lexer::findNextToken(Callee->getRAngleLoc(), SM, LO);
  if (!LParen || !LParen->is(tok::l_paren)) {
    S.WhyNot = "unexpected call syntax";
    return false;
  }
  if (ArenaName.empty())
    ArenaName = freshName("escape_arena");
  std::string Alloc =
      fmt::format("escape::ArenaAllocator<{}>({}){}", text(TypeRange),
                  ArenaName, CE->getNumArgs() ? ", " : "");
  useArena(S, Body);
  S.Fixes.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(NameLoc), "allocate_shared"));
  S.Fixes.push_back(FixItHint::CreateInsertion(
      LParen->getLocation().getLocWithOffset(1), Alloc));
  S.Action = fmt::format("allocate it in the frame arena '{}'", ArenaName);
  return true;
}

/// Does S contain a statement that leaves the enclosing block early (or may
/// throw, when exceptions are on)? Sets Why.
class ExitFinder : public RecursiveASTVisitor<ExitFinder> {
public:
  explicit ExitFinder(bool Exceptions) : Exceptions(Exceptions) {}
  bool Exceptions;
  std::string Why;
  unsigned Loops = 0;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
#define LOOP(NAME)                                                             \
  bool Traverse##NAME(NAME *S) {                                               \
    ++Loops;                                                                   \
    bool R = RecursiveASTVisitor::Traverse##NAME(S);                           \
    --Loops;                                                                   \
    return R;                                                                  \
  }
  LOOP(ForStmt)
  LOOP(WhileStmt)
  LOOP(DoStmt)
  LOOP(CXXForRangeStmt)
  LOOP(SwitchStmt)
#undef LOOP
  bool stop(const char *W) {
    Why = W;
    return false;
  }
  bool VisitReturnStmt(ReturnStmt *) { return stop("a return"); }
  bool VisitCoreturnStmt(CoreturnStmt *) { return stop("a co_return"); }
  bool VisitGotoStmt(GotoStmt *) { return stop("a goto"); }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) { return stop("a goto"); }
  bool VisitBreakStmt(BreakStmt *) { return Loops || stop("a break"); }
  bool VisitContinueStmt(ContinueStmt *) { return Loops || stop("a continue"); }
  bool VisitCXXThrowExpr(CXXThrowExpr *) {
    return !Exceptions || stop("a throw");
  }
  bool nothrow(const FunctionDecl *F) {
    const auto *FPT = F ? F->getType()->getAs<FunctionProtoType>() : nullptr;
    return FPT && FPT->isNothrow();
  }
  bool VisitCallExpr(CallExpr *CE) {
    if (!Exceptions || nothrow(CE->getDirectCallee()))
      return true;
    if (const auto *F = CE->getDirectCallee())
      if (F->getBuiltinID())
        return true;
    return stop("a call that may throw");
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    return !Exceptions || CE->getConstructor()->isTrivial() ||
           nothrow(CE->getConstructor()) ||
           stop("a constructor that may throw");
  }
  bool VisitCXXNewExpr(CXXNewExpr *) {
    return !Exceptions || stop("a new that may throw");
  }
};

bool Planner::memberUse(const MemberExpr *ME, const PointerUse &U,
                        std::string &Why) {
  const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
  if (!MD)
    return true; // a field
  // The object's dynamic type is the allocated type: the call reaches the
  // final overrider in it.
  const CXXRecordDecl *RD = U.T->getAsCXXRecordDecl();
  const CXXMethodDecl *Final =
      RD && RD->hasDefinition() ? MD->getCorrespondingMethodInClass(RD) : MD;
  if (U.FF.mayFree(Final ? Final : MD, 0)) {
    Why = fmt::format("'{}' calls '{}', which may delete it ({})", U.Name,
                      MD->getNameAsString(), loc(ME->getExprLoc()));
    return false;
  }
  return true;
}

bool Planner::callUse(const CallExpr *CE, const PointerUse &U,
                      std::string &Why) {
  if (!U.FF.callMayFree(CE, 0))
    return true;
  const FunctionDecl *F = CE->getDirectCallee();
  Why = fmt::format("'{}' is passed to {}, which may delete it ({})", U.Name,
                    F ? "'" + F->getNameAsString() + "'" : "an indirect call",
                    loc(CE->getExprLoc()));
  return false;
}

bool Planner::objectUse(DynTypedNode E, const PointerUse &U, std::string &Why) {
  DynTypedNode P = semanticParent(E, true);
  // A read of the object's value (`f(p[i])`, `x = *p`) passes a copy.
  for (DynTypedNode N = parent(E); N.get<Stmt>() != P.get<Stmt>();
       N = parent(N))
    if (const auto *IC = N.get<ImplicitCastExpr>())
      if (IC->getCastKind() == CK_LValueToRValue)
        return true;
  if (const auto *ME = P.get<MemberExpr>())
    return memberUse(ME, U, Why);
  if (const auto *UO = P.get<UnaryOperator>())
    if (UO->getOpcode() == UO_AddrOf)
      return valueUse(P, U, Why);
  if (const auto *CE = P.get<CallExpr>())
    return callUse(CE, U, Why);
  if (const auto *CE = P.get<CXXConstructExpr>()) {
    if (U.FF.mayFree(CE->getConstructor(), 0)) {
      Why = fmt::format("'*{}' is passed to a constructor that may delete it "
                        "({})",
                        U.Name, loc(CE->getExprLoc()));
      return false;
    }
    return true;
  }
  if (const auto *V = P.get<VarDecl>())
    if (V->getType()->isReferenceType() && !U.Array) {
      Why = fmt::format("a reference to '*{}' is kept ({})", U.Name,
                        loc(V->getLocation()));
      return false;
    }
  return true;
}

bool Planner::valueUse(DynTypedNode E, const PointerUse &U, std::string &Why) {
  DynTypedNode Below;
  DynTypedNode P = semanticParent(E, true, &Below);
  const Stmt *C = Below.get<Stmt>();
  if (const auto *UO = P.get<UnaryOperator>()) {
    if (UO->getOpcode() == UO_Deref)
      return objectUse(P, U, Why);
    if (UO->getOpcode() == UO_LNot)
      return true;
  }
  if (const auto *ME = P.get<MemberExpr>())
    if (ME->isArrow())
      return memberUse(ME, U, Why);
  if (P.get<ArraySubscriptExpr>())
    return objectUse(P, U, Why);
  if (const auto *BO = P.get<BinaryOperator>()) {
    if (BO->isComparisonOp() || BO->isLogicalOp())
      return true;
    if (BO->isAdditiveOp()) // p + i points into the same allocation
      return valueUse(P, U, Why);
    if (BO->getOpcode() == BO_Comma && C == BO->getLHS())
      return true;
  }
  if (const auto *CO = P.get<ConditionalOperator>())
    if (C == CO->getCond())
      return true;
  if (P.get<IfStmt>() || P.get<WhileStmt>() || P.get<DoStmt>() ||
      P.get<ForStmt>() || P.get<CompoundStmt>())
    return true; // a condition, or an expression statement
  if (const auto *CE = P.get<CallExpr>())
    if (C != CE->getCallee())
      return callUse(CE, U, Why);
  const Stmt *At = P.get<Stmt>();
  if (!At)
    At = C;
  Why = fmt::format("'{}' is copied ({}); a copy could be deleted", U.Name,
                    loc(At ? At->getBeginLoc() : SourceLocation()));
  return false;
}

bool Planner::pointerUses(const VarDecl *VD, QualType T, bool Array,
                          std::vector<const CXXDeleteExpr *> &Deletes,
                          std::string &Why) {
  std::string Name = VD->getName().str();
  std::vector<const ImplicitCastExpr *> Reads;
  for (const DeclRefExpr *DRE : Uses.Uses.lookup(VD)) {
    DynTypedNode Up = semanticParent(DynTypedNode::create(*DRE), true);
    if (const auto *Del = Up.get<CXXDeleteExpr>()) {
      Deletes.push_back(Del);
      continue;
    }
    if (Uses.InDecltype.count(DRE))
      continue;
    const auto *Read =
        parent(DynTypedNode::create(*DRE)).get<ImplicitCastExpr>();
    if (!Read || Read->getCastKind() != CK_LValueToRValue) {
      Why = fmt::format("'{}' is modified or its address taken ({})", Name,
                        loc(DRE->getLocation()));
      return false;
    }
    Reads.push_back(Read);
  }
  if (Deletes.empty()) {
    Why = fmt::format("'{}' is not deleted in the function", Name);
    return false;
  }
  PointerUse U{Name, T, Array, FreeFinder(Ctx, T)};
  for (const ImplicitCastExpr *Read : Reads)
    if (!valueUse(DynTypedNode::create(*Read), U, Why))
      return false;
  return true;
}

bool Planner::newDelete(const CXXNewExpr *NE, RewriteSite &S) {
  S.Action = "use a stack object";
  const FunctionDecl *OpNew = NE->getOperatorNew();
  const FunctionDecl *OpDel = NE->getOperatorDelete();
  if (NE->getNumPlacementArgs() || !OpNew ||
      !OpNew->isReplaceableGlobalAllocationFunction() ||
      (OpDel && !OpDel->isReplaceableGlobalAllocationFunction())) {
    S.WhyNot = "placement or class-specific operator new/delete";
    return false;
  }
  bool Arena = NE->isArray() || S.Place != Placement::Stack;
  if (Arena && !Opts.NewDeleteArena) {
    S.WhyNot = NE->isArray() ? "arrays are only rewritten over a frame arena "
                               "(RewriteNewDeleteArena is off)"
                             : "it belongs in the frame arena, not on the "
                               "stack (RewriteNewDeleteArena is off)";
    return false;
  }
  QualType T = NE->getAllocatedType();
  DynTypedNode P = semanticParent(DynTypedNode::create(*NE), false);
  const auto *VD = P.get<VarDecl>();
  if (!VD || !VD->isLocalVarDecl() || VD->isStaticLocal() ||
      !VD->getType()->isPointerType() || !VD->getIdentifier()) {
    S.WhyNot = "the pointer does not initialise a local variable";
    return false;
  }
  const auto *DS = parent(DynTypedNode::create(*VD)).get<DeclStmt>();
  const CompoundStmt *Scope =
      DS ? parent(DynTypedNode::create(*DS)).get<CompoundStmt>() : nullptr;
  if (!DS || !DS->isSingleDecl() || !Scope) {
    S.WhyNot = "the declaration is not a statement of its own";
    return false;
  }
  std::vector<const CXXDeleteExpr *> Deletes;
  if (!pointerUses(VD, T, NE->isArray(), Deletes, S.WhyNot))
    return false;
  for (const CXXDeleteExpr *Del : Deletes)
    if (Del->isArrayForm() != NE->isArray()) {
      S.WhyNot = fmt::format("'{}' does not match the allocation ({})",
                             Del->isArrayForm() ? "delete[]" : "delete",
                             loc(Del->getBeginLoc()));
      return false;
    }
  if (!Arena) {
    if (stackForm(NE, VD, DS, Scope, Deletes, S))
      return true;
    if (!Opts.NewDeleteArena)
      return false;
  }
  std::string StackWhy = std::move(S.WhyNot);
  S.WhyNot.clear();
  if (arenaForm(NE, VD, Scope, Deletes, S)) {
    if (!StackWhy.empty())
      S.Action += fmt::format(" (not a stack object: {})", StackWhy);
    return true;
  }
  return false;
}

bool Planner::arenaForm(const CXXNewExpr *NE, const VarDecl *VD,
                        const CompoundStmt *Scope,
                        const std::vector<const CXXDeleteExpr *> &Deletes,
                        RewriteSite &S) {
  S.Action = "allocate it in a frame arena";
  std::string Name = VD->getName().str();
  QualType T = NE->getAllocatedType();
  if (!Ctx.hasSameUnqualifiedType(VD->getType()->getPointeeType(), T)) {
    S.WhyNot = "the pointer converts to another type (the arena's delete "
               "needs the allocated type)";
    return false;
  }
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body || !editable(Body->getLBracLoc())) {
    S.WhyNot = "the function body is a function-try-block or a macro";
    return false;
  }
  // Every delete runs in this frame (not in a lambda) and at most once per
  // allocation (not in a loop that the declaration is outside of).
  std::string DelText =
      fmt::format("{} {}", NE->isArray() ? "delete[]" : "delete", Name);
  for (const CXXDeleteExpr *Del : Deletes) {
    for (DynTypedNode N = parent(DynTypedNode::create(*Del));
         !N.getNodeKind().isNone(); N = parent(N)) {
      const auto *F = N.get<FunctionDecl>();
      if ((F && F != FD) || N.get<LambdaExpr>()) {
        S.WhyNot = fmt::format("'{}' is inside a lambda ({})", DelText,
                               loc(Del->getBeginLoc()));
        return false;
      }
      const Stmt *St = N.get<Stmt>();
      if (F || St == Scope)
        break;
      if (St && isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(St)) {
        S.WhyNot = fmt::format("'{}' is inside a loop that does not contain "
                               "its allocation ({})",
                               DelText, loc(Del->getBeginLoc()));
        return false;
      }
    }
    if (!editable(Del->getSourceRange()) ||
        !editable(Del->getArgument()->getSourceRange())) {
      S.WhyNot = "a delete is written in a macro";
      return false;
    }
  }
  if (!editable(newRange(NE))) {
    S.WhyNot = "written in a macro";
    return false;
  }
  std::vector<FixItHint> Fixes;
  // Reserved only once the rewrite is certain.
  std::string ArenaRef =
      ArenaName.empty() ? unusedName("escape_arena") : ArenaName;
  if (!NE->isArray()) {
    // new T(args) -> new (escape::ArenaNew(arena)) T(args): the
    // initialisation stays exactly as written.
    SourceLocation NewLoc = NE->getBeginLoc();
    if (NE->isGlobalNew()) {
      std::optional<Token> Tok = Lexer::findNextToken(NewLoc, SM, LO);
      if (!Tok || !Tok->is(tok::kw_new)) {
        S.WhyNot = "unexpected new-expression syntax";
        return false;
      }
      NewLoc = Tok->getLocation();
    }
    Fixes.push_back(FixItHint::CreateInsertion(
        Lexer::getLocForEndOfToken(NewLoc, 0, SM, LO),
        fmt::format(" (escape::ArenaNew({}))", ArenaRef)));
  } else {
    if (T->isArrayType()) {
      S.WhyNot = "a multidimensional array";
      return false;
    }
    const char *Fn = nullptr;
    switch (NE->getInitializationStyle()) {
    case CXXNewInitializationStyle::None:
      Fn = "newArray";
      break;
    case CXXNewInitializationStyle::Parens:
      Fn = "newArrayValueInit";
      break;
    case CXXNewInitializationStyle::Braces: {
      const auto *ILE = dyn_cast_or_null<InitListExpr>(NE->getInitializer());
      if (ILE && ILE->getNumInits() == 0 && !ILE->hasArrayFiller())
        Fn = "newArrayValueInit";
      break;
    }
    }
    if (!Fn) {
      S.WhyNot = "the array has a braced initializer";
      return false;
    }
    std::optional<const Expr *> Size = NE->getArraySize();
    const Expr *N = Size && *Size ? (*Size)->IgnoreImpCasts() : nullptr;
    if (!N || !(N->getType()->isIntegralOrUnscopedEnumerationType()) ||
        !editable(N->getSourceRange())) {
      S.WhyNot = "the element count is not an integer written in the file";
      return false;
    }
    std::string NText = text(N->getSourceRange());
    const TypeSourceInfo *TSI = NE->getAllocatedTypeSourceInfo();
    std::string TypeText;
    if (TSI) {
      TypeLoc TL = TSI->getTypeLoc();
      if (auto AT = TL.getAs<ArrayTypeLoc>())
        TL = AT.getElementLoc();
      if (Ctx.hasSameType(TL.getType(), T) && editable(TL.getSourceRange()))
        TypeText = text(TL.getSourceRange());
    }
    if (TypeText.empty() || NText.empty()) {
      S.WhyNot = "the element type is not spelled in the file";
      return false;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(N->IgnoreParens());
        BO && BO->getOpcode() == BO_Comma && !isa<ParenExpr>(N))
      NText = "(" + NText + ")";
    Fixes.push_back(FixItHint::CreateReplacement(
        fileRange(newRange(NE)),
        fmt::format("{}.{}<{}>({})", ArenaRef, Fn, TypeText, NText)));
  }
  for (const CXXDeleteExpr *Del : Deletes)
    Fixes.push_back(FixItHint::CreateReplacement(
        fileRange(Del->getSourceRange()),
        fmt::format("{}.{}({})", ArenaRef,
                    NE->isArray() ? "destroyArray" : "destroy",
                    text(Del->getArgument()->getSourceRange()))));
  if (ArenaName.empty())
    ArenaName = freshName("escape_arena");
  useArena(S, Body);
  S.Fixes.insert(S.Fixes.end(), Fixes.begin(), Fixes.end());
  S.Action = fmt::format("allocate it in the frame arena '{}'", ArenaName);
  return true;
}

bool Planner::stackForm(const CXXNewExpr *NE, const VarDecl *VD,
                        const DeclStmt *DS, const CompoundStmt *Scope,
                        const std::vector<const CXXDeleteExpr *> &Deletes,
                        RewriteSite &S) {
  QualType T = NE->getAllocatedType();
  std::string Name = VD->getName().str();
  // A pointer to a base: the delete must have destroyed the whole object.
  QualType Pointee = VD->getType()->getPointeeType();
  if (!Ctx.hasSameUnqualifiedType(Pointee, T)) {
    const CXXRecordDecl *Base = Pointee->getAsCXXRecordDecl();
    if (!Base || !Base->getDestructor() ||
        !Base->getDestructor()->isVirtual()) {
      S.WhyNot = "the pointer converts to a type without a virtual destructor";
      return false;
    }
  }
  if (overloadsAddressOf(T)) {
    S.WhyNot = "the type overloads operator&";
    return false;
  }
  // Exactly one `delete p;` in the same block.
  if (Deletes.size() != 1) {
    S.WhyNot = fmt::format("more than one 'delete {}'", Name);
    return false;
  }
  const Stmt *Delete = Deletes[0];
  auto Pos = [&](const Stmt *X) {
    return std::find(Scope->body_begin(), Scope->body_end(), X) -
           Scope->body_begin();
  };
  long DeclAt = Pos(DS), DelAt = Pos(Delete);
  long End = Scope->size();
  if (DelAt == End || DelAt < DeclAt) {
    S.WhyNot = fmt::format("'delete {}' is not a statement of the block that "
                           "declares it",
                           Name);
    return false;
  }
  if (T.isDestructedType() != QualType::DK_none) {
    // The destructor runs at the block's end instead of at the delete: only
    // the same point when nothing follows and nothing leaves early.
    // Statements after the delete may only return a value computed without
    // side effects (`return r;`).
    bool Tail = true;
    for (long I = DelAt + 1; I < End && Tail; ++I) {
      const Stmt *X = Scope->body_begin()[I];
      const auto *Ret = dyn_cast<ReturnStmt>(X);
      Tail = isa<NullStmt>(X) ||
             (Ret && (!Ret->getRetValue() ||
                      !Ret->getRetValue()->HasSideEffects(Ctx)));
    }
    if (!Tail) {
      S.WhyNot = fmt::format("'delete {}' is followed by more than a return "
                             "in its block and the destructor is not trivial",
                             Name);
      return false;
    }
    ExitFinder EF(LO.CXXExceptions && !Opts.NewDeleteIgnoreExceptions);
    for (long I = DeclAt + 1; I < DelAt && EF.Why.empty(); ++I) {
      Stmt *X = const_cast<Stmt *>(Scope->body_begin()[I]);
      if (const auto *D = dyn_cast<DeclStmt>(X))
        for (const Decl *Dc : D->decls())
          if (const auto *V = dyn_cast<VarDecl>(Dc))
            if (V->getType().isDestructedType() != QualType::DK_none)
              EF.Why = "a local declared after it with a destructor";
      if (EF.Why.empty())
        EF.TraverseStmt(X);
    }
    if (!EF.Why.empty()) {
      S.WhyNot = fmt::format("{} between 'new' and 'delete {}' would change "
                             "when the destructor runs",
                             EF.Why, Name);
      return false;
    }
  }
  // The initializer as written: (args), {args} or nothing.
  std::string Init;
  switch (NE->getInitializationStyle()) {
  case CXXNewInitializationStyle::None:
    break;
  case CXXNewInitializationStyle::Parens: {
    std::vector<const Expr *> Args;
    const Expr *I = NE->getInitializer();
    if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(I))
      Args.assign(CE->arg_begin(), CE->arg_end());
    else if (const auto *PLE = dyn_cast_or_null<ParenListExpr>(I))
      for (unsigned K = 0; K < PLE->getNumExprs(); ++K)
        Args.push_back(PLE->getExpr(K));
    else if (const auto *ILE = dyn_cast_or_null<InitListExpr>(I))
      Args.assign(ILE->inits().begin(), ILE->inits().end()); // C++20
    else if (I && !isa<ImplicitValueInitExpr, CXXScalarValueInitExpr>(I))
      Args.push_back(I);
    for (const Expr *&X : Args)
      if (isa<CXXDefaultArgExpr>(X)) {
        S.WhyNot = "default arguments";
        return false;
      }
    std::string AT;
    if (!argsText(Args, AT, S.WhyNot))
      return false;
    Init = Args.empty() ? "{}" : "(" + AT + ")";
    break;
  }
  case CXXNewInitializationStyle::Braces:
    Init = text(NE->getInitializer()->getSourceRange());
    if (!editable(NE->getInitializer()->getSourceRange()) || Init.empty()) {
      S.WhyNot = "the initializer is written in a macro";
      return false;
    }
    break;
  }
  const TypeSourceInfo *TSI = NE->getAllocatedTypeSourceInfo();
  std::string TypeText =
      TSI ? text(TSI->getTypeLoc().getSourceRange()) : std::string();
  SourceRange DelRange = Delete->getSourceRange();
  std::optional<Token> Semi = Lexer::findNextToken(DelRange.getEnd(), SM, LO);
  if (TypeText.empty() || !editable(TSI->getTypeLoc().getSourceRange()) ||
      !editable(newRange(NE)) || !editable(DS->getSourceRange()) ||
      !editable(DelRange) || !Semi || !Semi->is(tok::semi)) {
    S.WhyNot = "written in a macro";
    return false;
  }
  std::string Obj = freshName(Name + "_obj");
  std::string Decl = fmt::format("{} {}{};", TypeText, Obj, Init);
  S.Fixes.push_back(FixItHint::CreateInsertion(DS->getBeginLoc(), Decl + " "));
  S.Fixes.push_back(
      FixItHint::CreateReplacement(fileRange(newRange(NE)), "&" + Obj));
  S.Fixes.push_back(FixItHint::CreateRemoval(
      CharSourceRange::getCharRange(DelRange.getBegin(), Semi->getEndLoc())));
  S.Action = fmt::format("use a stack object: {}", Decl);
  return true;
}

} // namespace escape::rewrite
