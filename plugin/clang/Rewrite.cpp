//===- Rewrite.cpp - Source rewrites for frame-local allocations ----------===//
#include "clang/Rewrite.h"
#include "clang/Collect.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <deque>
#include <map>
#include <set>

using namespace clang;
using namespace escape;

bool escape::addressReaches(const Graph &G, int From, int To) {
  // Go's walkOne from root To, restricted to one question: least
  // dereference count at which each location reaches To, lower-bounded at 0
  // once an address has been taken ("root = &l; l = x" does not make x's
  // address reach root).
  std::vector<int> Best(G.Locs.size(), INT_MAX);
  std::deque<int> Work{To};
  Best[To] = 0;
  while (!Work.empty()) {
    int L = Work.front();
    Work.pop_front();
    if (L == From && Best[L] < 0)
      return true;
    int Base = std::max(Best[L], 0);
    for (const Edge &E : G.Locs[L].In) {
      int D = Base + E.Derefs;
      if (D < Best[E.Src]) {
        Best[E.Src] = D;
        Work.push_back(E.Src);
      }
    }
  }
  return false;
}

namespace {

bool inTemplate(const FunctionDecl *FD) {
  for (const DeclContext *DC = FD; DC; DC = DC->getParent()) {
    if (const auto *F = dyn_cast<FunctionDecl>(DC)) {
      if (F->getTemplateInstantiationPattern() || F->isDependentContext())
        return true;
    } else if (const auto *RD = dyn_cast<CXXRecordDecl>(DC)) {
      if (isa<ClassTemplateSpecializationDecl>(RD) ||
          RD->getTemplateInstantiationPattern() || RD->isDependentContext())
        return true;
    }
  }
  return false;
}

/// The std function a call names (`make_unique`...), "" otherwise.
StringRef stdCallee(const CallExpr *CE) {
  const FunctionDecl *F = CE->getDirectCallee();
  if (!F || !F->isInStdNamespace() || !F->getIdentifier())
    return "";
  return F->getName();
}

/// Allocation expressions of one function body, nested lambdas and local
/// classes excluded (they are functions of their own).
class AllocFinder : public RecursiveASTVisitor<AllocFinder> {
public:
  std::vector<const Expr *> Found;
  bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitCXXNewExpr(CXXNewExpr *NE) {
    Found.push_back(NE);
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    StringRef N = stdCallee(CE);
    if (N == "make_unique" || N == "make_shared")
      Found.push_back(CE);
    return true;
  }
};

/// Every reference to a local variable in a function (lambdas included),
/// the names it uses, and the references inside decltype.
class UseFinder : public RecursiveASTVisitor<UseFinder> {
public:
  llvm::DenseMap<const VarDecl *, std::vector<const DeclRefExpr *>> Uses;
  std::set<const DeclRefExpr *> InDecltype;
  std::set<std::string> Names;
  unsigned DecltypeDepth = 0;
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc TL, bool TraverseQualifier) {
    ++DecltypeDepth;
    bool R =
        RecursiveASTVisitor::TraverseDecltypeTypeLoc(TL, TraverseQualifier);
    --DecltypeDepth;
    return R;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (DRE->getDecl()->getIdentifier())
      Names.insert(DRE->getDecl()->getName().str());
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      Uses[VD].push_back(DRE);
      if (DecltypeDepth)
        InDecltype.insert(DRE);
    }
    return true;
  }
  bool VisitNamedDecl(NamedDecl *ND) {
    if (ND->getIdentifier())
      Names.insert(ND->getName().str());
    return true;
  }
};

bool isImplicitWrapper(const Stmt *S) {
  if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
          ExprWithCleanups, ConstantExpr>(S))
    return true;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S))
    return CE->isElidable();
  return false;
}

class Planner {
public:
  Planner(ASTContext &Ctx, const RewriteOptions &Opts)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), LO(Ctx.getLangOpts()), Opts(Opts),
        A(Ctx, Opts.Analysis) {}

  std::vector<RewriteSite> run();

private:
  ASTContext &Ctx;
  SourceManager &SM;
  const LangOptions &LO;
  const RewriteOptions &Opts;
  Analyzer A;
  std::vector<RewriteSite> Sites;
  bool IncludeDone = false;

  // Per function.
  const FunctionDecl *FD = nullptr;
  FunctionResult *FR = nullptr;
  UseFinder Uses;
  std::string ArenaName;
  bool ArenaDeclared = false;

  void function(const FunctionDecl *F);
  void site(const Expr *E, const std::vector<int> &Locs);
  bool makeUnique(const CallExpr *CE, RewriteSite &S);
  bool makeShared(const CallExpr *CE, RewriteSite &S);
  bool newDelete(const CXXNewExpr *NE, RewriteSite &S);

  DynTypedNode parent(DynTypedNode N) const {
    DynTypedNodeList Ps = Ctx.getParents(N);
    return Ps.empty() ? DynTypedNode() : Ps[0];
  }
  /// The first parent of N that is not an implicit node (nor a ParenExpr
  /// when SkipParens); Child is set to the node just below it.
  DynTypedNode semanticParent(DynTypedNode N, bool SkipParens,
                              DynTypedNode *Child = nullptr) const {
    DynTypedNode P = parent(N);
    while (const Stmt *S = P.get<Stmt>()) {
      if (!isImplicitWrapper(S) && !(SkipParens && isa<ParenExpr>(S)))
        break;
      N = P;
      P = parent(P);
    }
    if (Child)
      *Child = N;
    return P;
  }
  std::string text(SourceRange R) const {
    CharSourceRange CR =
        Lexer::makeFileCharRange(CharSourceRange::getTokenRange(R), SM, LO);
    if (CR.isInvalid())
      return "";
    return Lexer::getSourceText(CR, SM, LO).str();
  }
  /// Is R a range of the main file written outside macros?
  bool editable(SourceRange R) const {
    return R.isValid() && R.getBegin().isFileID() && R.getEnd().isFileID() &&
           SM.isInMainFile(R.getBegin()) && SM.isInMainFile(R.getEnd());
  }
  std::string freshName(const std::string &Base) {
    std::string N = Base;
    for (unsigned I = 2; Uses.Names.count(N); ++I)
      N = fmt::format("{}{}", Base, I);
    Uses.Names.insert(N);
    return N;
  }
  std::string loc(SourceLocation L) const {
    PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(L));
    return P.isValid() ? fmt::format("line {}", P.getLine()) : "?";
  }
  /// Does any location that the caller destroys after the frame (a by-value
  /// parameter of a class type) receive the address of allocation Loc?
  bool reachesCallerParam(int Loc) const;
  /// `T p(args)`-style argument list text, parenthesising arguments that
  /// would turn the declaration into a function declaration. Empty string
  /// and false on failure (with Why set).
  bool argsText(llvm::ArrayRef<const Expr *> Args, std::string &Out,
                std::string &Why) const;
  bool overloadsAddressOf(QualType T) const;
  void includeArena(RewriteSite &S);
};

bool Planner::reachesCallerParam(int Loc) const {
  unsigned Index = Analyzer::hasThis(FD) ? 1 : 0;
  for (const ParmVarDecl *P : FD->parameters()) {
    unsigned I = Index++;
    QualType T = P->getType();
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (T->isReferenceType() || !RD || RD->isParamDestroyedInCallee() ||
        T.isDestructedType() == QualType::DK_none)
      continue;
    for (unsigned L = 0; L < FR->G.Locs.size(); ++L) {
      const Location &PL = FR->G.Locs[L];
      if (PL.Kind == LocKind::Param && PL.ParamIndex == static_cast<int>(I) &&
          addressReaches(FR->G, Loc, L))
        return true;
    }
  }
  return false;
}

bool Planner::argsText(llvm::ArrayRef<const Expr *> Args, std::string &Out,
                       std::string &Why) const {
  std::vector<std::string> Parts;
  for (const Expr *Arg : Args) {
    const Expr *E = Arg->IgnoreImplicit();
    if (!editable(E->getSourceRange())) {
      Why = "an argument is written in a macro";
      return false;
    }
    const Expr *Lit = E->IgnoreParens();
    if (isa<GNUNullExpr>(Lit) || (isa<IntegerLiteral>(Lit) &&
                                  cast<IntegerLiteral>(Lit)->getValue() == 0)) {
      // Forwarded, 0 is an int; written directly it is a null pointer
      // constant and could pick another constructor.
      Why = "a literal 0 argument would become a null pointer constant";
      return false;
    }
    std::string T = text(E->getSourceRange());
    if (T.empty()) {
      Why = "an argument has no source text";
      return false;
    }
    if (isa<CXXFunctionalCastExpr, CXXTemporaryObjectExpr,
            CXXScalarValueInitExpr, CXXUnresolvedConstructExpr>(E))
      T = "(" + T + ")"; // `T p(U(x))` would declare a function
    Parts.push_back(T);
  }
  Out.clear();
  for (size_t I = 0; I < Parts.size(); ++I)
    Out += (I ? ", " : "") + Parts[I];
  return true;
}

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

void Planner::includeArena(RewriteSite &S) {
  if (IncludeDone)
    return;
  IncludeDone = true;
  // Already included (directly or not)?
  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It)
    if (It->first.getName().ends_with("escape/FrameArena.h"))
      return;
  SourceLocation Start = SM.getLocForStartOfFile(SM.getMainFileID());
  std::string Inc = fmt::format("#include {}\n", Opts.ArenaInclude);
  if (Opts.KeepLineNumbers)
    Inc += "#line 1\n";
  S.Fixes.push_back(FixItHint::CreateInsertion(Start, Inc));
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
            CharSourceRange::getTokenRange(Call->getSourceRange()),
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
  S.Fixes.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(VD->getSourceRange()), Decl));
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
  includeArena(S);
  if (!ArenaDeclared) {
    ArenaDeclared = true;
    S.Fixes.push_back(
        FixItHint::CreateInsertion(Body->getLBracLoc().getLocWithOffset(1),
                                   fmt::format(" escape::FrameArena<{}> {};",
                                               Opts.ArenaBytes, ArenaName)));
  }
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

bool Planner::newDelete(const CXXNewExpr *NE, RewriteSite &S) {
  S.Action = "use a stack object";
  if (NE->isArray()) {
    S.WhyNot = "arrays are not rewritten";
    return false;
  }
  const FunctionDecl *OpNew = NE->getOperatorNew();
  const FunctionDecl *OpDel = NE->getOperatorDelete();
  if (NE->getNumPlacementArgs() || !OpNew ||
      !OpNew->isReplaceableGlobalAllocationFunction() ||
      (OpDel && !OpDel->isReplaceableGlobalAllocationFunction())) {
    S.WhyNot = "placement or class-specific operator new/delete";
    return false;
  }
  if (S.Place != Placement::Stack) {
    S.WhyNot = "it belongs in the frame arena, not on the stack";
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
  std::string Name = VD->getName().str();
  // Every use reads the pointer; exactly one `delete p;` in the same block.
  const Stmt *Delete = nullptr;
  for (const DeclRefExpr *DRE : Uses.Uses.lookup(VD)) {
    DynTypedNode Below;
    DynTypedNode Up = semanticParent(DynTypedNode::create(*DRE), true, &Below);
    const auto *Read =
        parent(DynTypedNode::create(*DRE)).get<ImplicitCastExpr>();
    if (const auto *Del = Up.get<CXXDeleteExpr>()) {
      if (Delete || Del->isArrayForm()) {
        S.WhyNot = fmt::format("'{}' is deleted more than once", Name);
        return false;
      }
      Delete = Del;
      continue;
    }
    if (Uses.InDecltype.count(DRE))
      continue;
    if (!Read || Read->getCastKind() != CK_LValueToRValue) {
      S.WhyNot = fmt::format("'{}' is modified or its address taken ({})", Name,
                             loc(DRE->getLocation()));
      return false;
    }
  }
  if (!Delete) {
    S.WhyNot = fmt::format("'{}' is not deleted in the function", Name);
    return false;
  }
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
      !editable(NE->getSourceRange()) || !editable(DS->getSourceRange()) ||
      !editable(DelRange) || !Semi || !Semi->is(tok::semi)) {
    S.WhyNot = "written in a macro";
    return false;
  }
  std::string Obj = freshName(Name + "_obj");
  std::string Decl = fmt::format("{} {}{};", TypeText, Obj, Init);
  S.Fixes.push_back(FixItHint::CreateInsertion(DS->getBeginLoc(), Decl + " "));
  S.Fixes.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(NE->getSourceRange()), "&" + Obj));
  S.Fixes.push_back(FixItHint::CreateRemoval(
      CharSourceRange::getCharRange(DelRange.getBegin(), Semi->getEndLoc())));
  S.Action = fmt::format("use a stack object: {}", Decl);
  return true;
}

void Planner::site(const Expr *E, const std::vector<int> &Locs) {
  RewriteSite S;
  S.Loc = SM.getExpansionLoc(E->getExprLoc());
  const Graph &G = FR->G;
  S.Place = Placement::Stack;
  ReportOptions RO;
  RO.MaxObjectBytes = Opts.Analysis.MaxObjectBytes;
  for (int L : Locs) {
    Placement P = placementOf(G.Locs[L], RO);
    if (P == Placement::Heap || S.Place == Placement::Heap)
      S.Place = Placement::Heap;
    else if (P == Placement::Arena)
      S.Place = Placement::Arena;
    S.What = G.Locs[L].Name;
  }
  if (S.Place == Placement::Heap)
    return;
  bool Enabled;
  if (isa<CXXNewExpr>(E)) {
    S.K = RewriteSite::NewDelete;
    Enabled = Opts.NewDelete;
  } else {
    S.K = stdCallee(cast<CallExpr>(E)) == "make_unique"
              ? RewriteSite::MakeUnique
              : RewriteSite::MakeShared;
    Enabled =
        S.K == RewriteSite::MakeUnique ? Opts.MakeUnique : Opts.MakeShared;
  }
  if (!Enabled)
    return;
  for (int L : Locs)
    if (reachesCallerParam(L)) {
      S.WhyNot = "it reaches a by-value parameter, which the caller destroys "
                 "after the frame";
      Sites.push_back(std::move(S));
      return;
    }
  bool OK = false;
  if (const auto *NE = dyn_cast<CXXNewExpr>(E))
    OK = newDelete(NE, S);
  else if (S.K == RewriteSite::MakeUnique)
    OK = makeUnique(cast<CallExpr>(E), S);
  else
    OK = makeShared(cast<CallExpr>(E), S);
  S.Rewritable = OK;
  if (!OK)
    S.Fixes.clear();
  Sites.push_back(std::move(S));
}

void Planner::function(const FunctionDecl *F) {
  SourceLocation L = SM.getExpansionLoc(F->getLocation());
  if (L.isInvalid() || !SM.isInMainFile(L) || inTemplate(F) ||
      F->isConstexpr() || !F->getBody())
    return;
  AllocFinder AF;
  AF.TraverseStmt(F->getBody());
  if (AF.Found.empty())
    return;
  std::unique_ptr<FunctionResult> Result = A.analyze(F);
  std::map<Pos, std::vector<int>> ByPos;
  for (unsigned I = 0; I < Result->G.Locs.size(); ++I)
    if (Result->G.Locs[I].Kind == LocKind::Alloc)
      ByPos[Result->G.Locs[I].Position].push_back(I);
  FD = F;
  FR = Result.get();
  Uses = UseFinder();
  Uses.TraverseDecl(const_cast<FunctionDecl *>(F));
  ArenaName.clear();
  ArenaDeclared = false;
  for (const Expr *E : AF.Found) {
    auto It = ByPos.find(toPos(E->getExprLoc()));
    if (It != ByPos.end())
      site(E, It->second);
  }
  FR = nullptr;
}

std::vector<RewriteSite> Planner::run() {
  if (LO.ObjC || !LO.CPlusPlus)
    return {};
  for (const FunctionDecl *F : collectFunctions(Ctx))
    function(F);
  std::stable_sort(Sites.begin(), Sites.end(),
                   [&](const RewriteSite &X, const RewriteSite &Y) {
                     return SM.isBeforeInTranslationUnit(X.Loc, Y.Loc);
                   });
  return std::move(Sites);
}

} // namespace

std::vector<RewriteSite> escape::planRewrites(ASTContext &Ctx,
                                              const RewriteOptions &Opts) {
  return Planner(Ctx, Opts).run();
}

bool escape::applyRewrites(ASTContext &Ctx,
                           const std::vector<RewriteSite> &Sites,
                           std::string &Out) {
  const SourceManager &SM = Ctx.getSourceManager();
  struct Edit {
    unsigned Begin, End;
    std::string Text;
    unsigned Order;
  };
  std::vector<Edit> Edits;
  for (const RewriteSite &S : Sites) {
    if (!S.Rewritable)
      continue;
    for (const FixItHint &H : S.Fixes) {
      // Insertions are empty character ranges.
      CharSourceRange R =
          Lexer::makeFileCharRange(H.RemoveRange, SM, Ctx.getLangOpts());
      if (R.isInvalid() || SM.getFileID(R.getBegin()) != SM.getMainFileID())
        return false;
      Edits.push_back({SM.getFileOffset(R.getBegin()),
                       SM.getFileOffset(R.getEnd()), H.CodeToInsert,
                       static_cast<unsigned>(Edits.size())});
    }
  }
  std::stable_sort(
      Edits.begin(), Edits.end(), [](const Edit &X, const Edit &Y) {
        return X.Begin != Y.Begin ? X.Begin < Y.Begin : X.Order < Y.Order;
      });
  for (size_t I = 1; I < Edits.size(); ++I)
    if (Edits[I].Begin < Edits[I - 1].End)
      return false;
  StringRef Src = SM.getBufferData(SM.getMainFileID());
  std::string R;
  unsigned At = 0;
  for (const Edit &E : Edits) {
    R.append(Src.data() + At, E.Begin - At);
    R += E.Text;
    At = E.End;
  }
  R.append(Src.data() + At, Src.size() - At);
  Out = std::move(R);
  return true;
}
