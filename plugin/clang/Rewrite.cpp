//===- Rewrite.cpp - Source rewrites for frame-local allocations ----------===//
#include "clang/Rewrite.h"
#include "analysis/Dangling.h"
#include "analysis/StableSort.h"
#include "clang/Collect.h"
#include "clang/Library.h"

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
    const FunctionDecl *F = CE->getDirectCallee();
    library::Allocation A =
        F ? library::allocation(F) : library::Allocation::None;
    if (A == library::Allocation::MakeUnique ||
        A == library::Allocation::MakeShared)
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

/// Could a call delete (or free) an object of type T, directly or through
/// what it calls? Conservative: a call whose body is not visible, a virtual
/// or indirect call, or a chain deeper than the limit may. Only deletes of
/// pointers that can point to a T count (to T, a base of T, void or char).
class FreeFinder {
public:
  FreeFinder(ASTContext &Ctx, QualType T)
      : Ctx(Ctx), T(Ctx.getBaseElementType(T).getUnqualifiedType()) {}

  bool compatible(QualType PT) const {
    if (!PT->isPointerType())
      return false;
    QualType U = PT->getPointeeType().getUnqualifiedType();
    if (U->isVoidType() || U->isCharType() || U->isStdByteType() ||
        Ctx.hasSameType(U, T))
      return true;
    const auto *Derived = T->getAsCXXRecordDecl();
    const auto *Base = U->getAsCXXRecordDecl();
    return Derived && Base && Derived->hasDefinition() &&
           Derived->isDerivedFrom(Base);
  }

  /// Does calling F (its body, and for a destructor the destructors of
  /// members and bases) delete a T?
  bool mayFree(const FunctionDecl *F, unsigned Depth) {
    if (!F || Depth > 16)
      return true;
    if (F->isTrivial() || F->getBuiltinID())
      return false;
    const FunctionDecl *Def = F->getDefinition();
    if (!Def || !Def->hasBody())
      return true;
    auto [It, New] = Memo.try_emplace(Def, false); // recursion: optimistic
    if (!New)
      return It->second;
    bool R = false;
    if (const auto *DD = dyn_cast<CXXDestructorDecl>(Def)) {
      const CXXRecordDecl *RD = DD->getParent();
      for (const FieldDecl *FDl : RD->fields())
        R = R || dtorMayFree(FDl->getType(), Depth + 1);
      for (const CXXBaseSpecifier &B : RD->bases())
        R = R || dtorMayFree(B.getType(), Depth + 1);
    }
    if (!R) {
      Body V(*this, Depth + 1);
      V.TraverseDecl(const_cast<FunctionDecl *>(Def));
      R = V.Found;
    }
    Memo[Def] = R;
    return R;
  }

  /// Does the call CE delete a T (its arguments included)?
  bool callMayFree(const CallExpr *CE, unsigned Depth) {
    const FunctionDecl *F = CE->getDirectCallee();
    if (!F)
      return true;
    if (library::deallocation(F) != library::Deallocation::None)
      return CE->getNumArgs() &&
             compatible(CE->getArg(0)->IgnoreImpCasts()->getType());
    if (const auto *MD = dyn_cast<CXXMethodDecl>(F))
      if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
          !MD->getParent()->hasAttr<FinalAttr>())
        if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE))
          if (!MCE->getMethodDecl() ||
              !isa<MemberExpr>(MCE->getCallee()->IgnoreParens()) ||
              !cast<MemberExpr>(MCE->getCallee()->IgnoreParens())
                   ->hasQualifier())
            return true; // dispatched: an unknown override
    return mayFree(F, Depth);
  }

  bool dtorMayFree(QualType Ty, unsigned Depth) {
    const CXXRecordDecl *RD = Ctx.getBaseElementType(Ty)->getAsCXXRecordDecl();
    if (!RD || !RD->hasDefinition() || RD->hasTrivialDestructor())
      return false;
    return mayFree(RD->getDestructor(), Depth);
  }

private:
  class Body : public RecursiveASTVisitor<Body> {
  public:
    Body(FreeFinder &FF, unsigned Depth) : FF(FF), Depth(Depth) {}
    FreeFinder &FF;
    unsigned Depth;
    bool Found = false;
    bool found(bool B) {
      Found = B;
      return !B;
    }
    bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
    bool VisitCXXDeleteExpr(CXXDeleteExpr *DE) {
      if (FF.compatible(DE->getArgument()->IgnoreImpCasts()->getType()))
        return found(true);
      QualType D = DE->getDestroyedType();
      const CXXRecordDecl *RD = D.isNull() ? nullptr : D->getAsCXXRecordDecl();
      if (RD && RD->hasDefinition() && RD->getDestructor() &&
          RD->getDestructor()->isVirtual() && !RD->hasAttr<FinalAttr>())
        return found(true); // some derived class's destructor
      return found(!D.isNull() && FF.dtorMayFree(D, Depth));
    }
    bool VisitCallExpr(CallExpr *CE) {
      return found(FF.callMayFree(CE, Depth));
    }
    bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
      return found(FF.mayFree(CE->getConstructor(), Depth) ||
                   FF.dtorMayFree(CE->getType(), Depth));
    }
  };

  ASTContext &Ctx;
  QualType T;
  llvm::DenseMap<const FunctionDecl *, bool> Memo;
};

/// What the use checks of a `T *p = new T...` need.
struct PointerUse {
  std::string Name; ///< p
  QualType T;       ///< the allocated (element) type
  bool Array;       ///< new[]
  mutable FreeFinder FF;
};

class Planner {
public:
  Planner(EscapeSession &Session, const RewriteOptions &Opts)
      : Ctx(Session.context()), SM(Ctx.getSourceManager()),
        LO(Ctx.getLangOpts()), Opts(Opts), Session(Session) {}

  std::vector<RewriteSite> run();

private:
  ASTContext &Ctx;
  SourceManager &SM;
  const LangOptions &LO;
  const RewriteOptions &Opts;
  EscapeSession &Session;
  std::vector<RewriteSite> Sites;
  FileID FnFile; ///< the file of the function being planned

  // Per function.
  const FunctionDecl *FD = nullptr;
  const FunctionResult *FR = nullptr;
  UseFinder Uses;
  std::string ArenaName;

  void function(const FunctionDecl *F);
  void site(const Expr *E, llvm::ArrayRef<int> Locs);
  bool makeUnique(const CallExpr *CE, RewriteSite &S);
  bool makeShared(const CallExpr *CE, RewriteSite &S);
  bool newDelete(const CXXNewExpr *NE, RewriteSite &S);
  bool stackForm(const CXXNewExpr *NE, const VarDecl *VD, const DeclStmt *DS,
                 const CompoundStmt *Scope,
                 const std::vector<const CXXDeleteExpr *> &Deletes,
                 RewriteSite &S);
  bool arenaForm(const CXXNewExpr *NE, const VarDecl *VD,
                 const CompoundStmt *Scope,
                 const std::vector<const CXXDeleteExpr *> &Deletes,
                 RewriteSite &S);
  /// Every use of the pointer VD only reads it: dereferences, compares,
  /// or passes it to callees that cannot delete it. Collects the `delete
  /// VD` expressions. Sets Why otherwise.
  bool pointerUses(const VarDecl *VD, QualType T, bool Array,
                   std::vector<const CXXDeleteExpr *> &Deletes,
                   std::string &Why);
  /// E computes the pointer's value / designates the object (`*p`, `p[i]`).
  bool valueUse(DynTypedNode E, const PointerUse &U, std::string &Why);
  bool objectUse(DynTypedNode E, const PointerUse &U, std::string &Why);
  bool memberUse(const MemberExpr *ME, const PointerUse &U, std::string &Why);
  bool callUse(const CallExpr *CE, const PointerUse &U, std::string &Why);
  /// Declares the function's frame arena (once) and includes its header.
  void useArena(RewriteSite &S, const CompoundStmt *Body);

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
  /// The parser splits '>>' that closes two template argument lists
  /// (vector<vector<int>>) and gives the first '>' a location of its own,
  /// an expansion whose range is that character of the file
  /// (Preprocessor::SplitToken). Its file location, or an invalid one when
  /// L is not such a '>'.
  SourceLocation splitGreater(SourceLocation L) const {
    if (!L.isMacroID())
      return {};
    const SrcMgr::SLocEntry &E = SM.getSLocEntry(SM.getFileID(L));
    if (!E.isExpansion())
      return {};
    const SrcMgr::ExpansionInfo &X = E.getExpansion();
    if (X.isMacroArgExpansion() || X.isExpansionTokenRange())
      return {};
    SourceLocation F = X.getExpansionLocStart();
    bool Invalid = false;
    const char *C = F.isFileID() ? SM.getCharacterData(F, &Invalid) : nullptr;
    return C && !Invalid && *C == '>' ? F : SourceLocation();
  }
  /// R as characters of the file; a range that ends in a split '>' ends
  /// after that one character, not after the '>>' token.
  CharSourceRange fileRange(SourceRange R) const {
    if (SourceLocation G = splitGreater(R.getEnd()); G.isValid())
      return CharSourceRange::getCharRange(R.getBegin(), G.getLocWithOffset(1));
    return CharSourceRange::getTokenRange(R);
  }
  std::string text(SourceRange R) const {
    CharSourceRange CR = Lexer::makeFileCharRange(fileRange(R), SM, LO);
    if (CR.isInvalid())
      return "";
    return Lexer::getSourceText(CR, SM, LO).str();
  }
  /// Is L in the function's file, outside macros (a split '>' is)?
  bool editable(SourceLocation L) const {
    if (SourceLocation G = splitGreater(L); G.isValid())
      L = G;
    return L.isValid() && L.isFileID() && SM.getFileID(L) == FnFile;
  }
  /// Is R a range of the function's file written outside macros?
  bool editable(SourceRange R) const {
    return R.isValid() && editable(R.getBegin()) && editable(R.getEnd());
  }
  /// A name not used in the function (reserved by freshName).
  std::string unusedName(const std::string &Base) const {
    std::string N = Base;
    for (unsigned I = 2; Uses.Names.count(N); ++I)
      N = fmt::format("{}{}", Base, I);
    return N;
  }
  std::string freshName(const std::string &Base) {
    std::string N = unusedName(Base);
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
  /// The tokens of a new-expression, from its last token back (the range
  /// clang records is short for some expressions of template
  /// instantiations). Invalid if unsure.
  SourceRange newRange(const CXXNewExpr *NE) const;
  bool includesArena(FileID F) const;
  /// Adds the #include of the arena header to the first rewrite of each
  /// file that uses an arena.
  void refuseArenas();
  void declareArenas();
  void includeArenas();
  /// Sites of template instantiations, by the pattern they come from.
  struct TemplateGroup {
    unsigned Instantiations = 0;
    std::string Unsupported; ///< why no rewrite is offered in it at all
    std::vector<std::pair<RewriteSite, std::string>> Sites; ///< + instance
  };
  std::map<const FunctionDecl *, TemplateGroup> Templates;
  std::vector<RewriteSite> *Out = &Sites;
  /// The sites of a pattern that are frame-local in every instantiation:
  /// rewritten when every instantiation agrees on the same edits.
  void mergeTemplates();
};

bool Planner::reachesCallerParam(int Loc) const {
  std::vector<int> Params;
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
      if (PL.Kind == LocKind::Param && PL.ParamIndex == static_cast<int>(I))
        Params.push_back(static_cast<int>(L));
    }
  }
  if (Params.empty())
    return false;
  // Loc's address reaches one of them (by any path, through the heap too).
  return reachFrom(FR->G, Params, everyEdge, /*ThroughRoots=*/true)
             .Derefs[Loc] < 0;
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

SourceRange Planner::newRange(const CXXNewExpr *NE) const {
  SourceLocation End;
  switch (NE->getInitializationStyle()) {
  case CXXNewInitializationStyle::Parens:
    End = NE->getDirectInitRange().getEnd();
    break;
  case CXXNewInitializationStyle::Braces:
    End = NE->getInitializer() ? NE->getInitializer()->getEndLoc()
                               : SourceLocation();
    break;
  case CXXNewInitializationStyle::None:
    if (std::optional<const Expr *> Size = NE->getArraySize()) {
      // new T[n]: the `]` after n.
      std::optional<Token> Tok =
          *Size ? Lexer::findNextToken((*Size)->getEndLoc(), SM, LO)
                : std::nullopt;
      if (Tok && Tok->is(tok::r_square))
        End = Tok->getLocation();
    } else if (const TypeSourceInfo *TSI = NE->getAllocatedTypeSourceInfo()) {
      End = TSI->getTypeLoc().getEndLoc();
    }
    break;
  }
  // Never shorter than what clang says.
  if (End.isInvalid() || SM.isBeforeInTranslationUnit(End, NE->getEndLoc()))
    return SourceRange();
  return SourceRange(NE->getBeginLoc(), End);
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

void Planner::site(const Expr *E, llvm::ArrayRef<int> Locs) {
  RewriteSite S;
  S.Loc = SM.getExpansionLoc(E->getExprLoc());
  const Graph &G = FR->G;
  S.Place = Placement::Stack;
  ReportOptions RO;
  RO.MaxObjectBytes = Session.options().MaxObjectBytes;
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
  if (S.What.empty() || S.What == "new") { // (printed from an instantiation)
    const auto *NE = dyn_cast<CXXNewExpr>(E);
    std::string T = text(NE ? newRange(NE) : E->getSourceRange());
    S.What = !T.empty() && T.size() <= 32 && T.find('\n') == std::string::npos
                 ? T
                 : "new-expression";
  }
  bool Enabled;
  if (isa<CXXNewExpr>(E)) {
    S.K = RewriteSite::NewDelete;
    Enabled = Opts.NewDelete;
  } else {
    S.K = library::allocation(cast<CallExpr>(E)->getDirectCallee()) ==
                  library::Allocation::MakeUnique
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
      Out->push_back(std::move(S));
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
  if (!OK) {
    S.Fixes.clear();
    S.Standalone.clear();
  }
  Out->push_back(std::move(S));
}

/// Does S contain an `if constexpr`?
static bool hasConstexprIf(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *If = dyn_cast<IfStmt>(S); If && If->isConstexpr())
    return true;
  for (const Stmt *C : S->children())
    if (hasConstexprIf(C))
      return true;
  return false;
}

void Planner::function(const FunctionDecl *F) {
  SourceLocation L = SM.getExpansionLoc(F->getLocation());
  if (L.isInvalid() || SM.isInSystemHeader(L) || F->isConstexpr() ||
      !F->getBody())
    return;
  bool Main = SM.isInMainFile(L);
  if (!Main && !Opts.Headers)
    return;
  std::string Unsupported;
  TemplateGroup *Group = nullptr;
  std::string Instance;
  if (inTemplate(F)) {
    // Patterns are not planned; their instantiations are, and merged.
    const FunctionDecl *Pattern = F->getTemplateInstantiationPattern();
    if (!Pattern || F->isDependentContext())
      return;
    Group = &Templates[Pattern];
    ++Group->Instantiations;
    llvm::raw_string_ostream OS(Instance);
    F->getNameForDiagnostic(OS, Ctx.getPrintingPolicy(), true);
    const auto *MD = dyn_cast<CXXMethodDecl>(F);
    if (!Main)
      Unsupported = "it is in a template defined in a header: other "
                    "translation units instantiate it too, maybe with "
                    "types for which the rewrite is wrong";
    else if (MD && MD->getParent()->isLambda())
      Unsupported = "it is in a lambda inside a template";
    else if (hasConstexprIf(Pattern->getBody()))
      Unsupported = "its template uses 'if constexpr': the instantiations "
                    "compile different statements";
    Group->Unsupported = Unsupported;
  } else if (!Main && !F->isExternallyVisible()) {
    Unsupported = "it is in a header function with internal linkage: each "
                  "translation unit compiles its own copy";
  }
  AllocFinder AF;
  AF.TraverseStmt(F->getBody());
  if (AF.Found.empty())
    return;
  FD = F;
  FR = &Session.result(F);
  FnFile = SM.getFileID(L);
  Uses = UseFinder();
  Uses.TraverseDecl(const_cast<FunctionDecl *>(F));
  ArenaName.clear();
  std::vector<RewriteSite> Planned;
  Out = &Planned;
  for (const Expr *E : AF.Found) {
    llvm::ArrayRef<int> Locs = FR->allocsOf(E);
    if (!Locs.empty())
      site(E, Locs);
  }
  Out = &Sites;
  FR = nullptr;
  for (RewriteSite &S : Planned) {
    if (!Unsupported.empty()) {
      S.Rewritable = false;
      S.WhyNot = Unsupported;
      S.Fixes.clear();
      S.Standalone.clear();
    }
    if (Group)
      Group->Sites.emplace_back(std::move(S), Instance);
    else
      Sites.push_back(std::move(S));
  }
}

static bool sameFixes(const std::vector<FixItHint> &X,
                      const std::vector<FixItHint> &Y) {
  if (X.size() != Y.size())
    return false;
  for (size_t I = 0; I < X.size(); ++I)
    if (X[I].RemoveRange.getAsRange() != Y[I].RemoveRange.getAsRange() ||
        X[I].RemoveRange.isTokenRange() != Y[I].RemoveRange.isTokenRange() ||
        X[I].CodeToInsert != Y[I].CodeToInsert)
      return false;
  return true;
}

void Planner::mergeTemplates() {
  for (auto &[Pattern, G] : Templates) {
    std::map<unsigned, std::vector<std::pair<RewriteSite, std::string> *>>
        ByLoc;
    for (auto &P : G.Sites)
      ByLoc[P.first.Loc.getRawEncoding()].push_back(&P);
    for (auto &[Raw, Ps] : ByLoc) {
      // Frame-local in some instantiations only: it escapes in the others,
      // so there is nothing to say.
      if (Ps.size() != G.Instantiations)
        continue;
      RewriteSite S = Ps.front()->first;
      if (!G.Unsupported.empty()) {
        S.WhyNot = G.Unsupported;
        Sites.push_back(std::move(S));
        continue;
      }
      const std::pair<RewriteSite, std::string> *Refused = nullptr;
      bool Same = true;
      for (const auto *P : Ps) {
        if (!P->first.Rewritable && !Refused)
          Refused = P;
        Same = Same && sameFixes(P->first.Fixes, S.Fixes);
      }
      if (Refused) {
        S = Refused->first;
        S.WhyNot = fmt::format("in the template instance {}: {}",
                               Refused->second, Refused->first.WhyNot);
      } else if (!Same) {
        S.Rewritable = false;
        S.Fixes.clear();
        S.Standalone.clear();
        S.WhyNot = "it is in a template whose instantiations need different "
                   "rewrites";
      } else {
        S.Action +=
            fmt::format(" (in the template: the same rewrite holds "
                        "for its {} instantiation{} in this file)",
                        G.Instantiations, G.Instantiations > 1 ? "s" : "");
      }
      Sites.push_back(std::move(S));
    }
  }
}

std::vector<RewriteSite> Planner::run() {
  if (LO.ObjC || !LO.CPlusPlus)
    return {};
  for (const FunctionDecl *F : Session.functions())
    function(F);
  mergeTemplates();
  stableSort(Sites, [&](const RewriteSite &X, const RewriteSite &Y) {
    return SM.isBeforeInTranslationUnit(X.Loc, Y.Loc);
  });
  refuseArenas();
  declareArenas();
  includeArenas();
  return std::move(Sites);
}

} // namespace

std::vector<RewriteSite> escape::planRewrites(EscapeSession &Session,
                                              const RewriteOptions &Opts) {
  return Planner(Session, Opts).run();
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
  stableSort(Edits, [](const Edit &X, const Edit &Y) {
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
