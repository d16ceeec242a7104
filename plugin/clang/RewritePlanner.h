//===- RewritePlanner.h - The rewrite planner (private) ---------*- C++ -*-===//
//
// Private to the rewrite planner's files: Rewrite.cpp (planning: the sites
// of a function, templates, the public entry points), RewriteForms.cpp (the
// three forms and the checks of every use they rewrite). The use finders
// and the Planner class they share are declared here.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_CLANG_REWRITEPLANNER_H
#define CLANG_ESCAPE_CLANG_REWRITEPLANNER_H

#include "analysis/Dangling.h"
#include "analysis/StableSort.h"
#include "clang/Collect.h"
#include "clang/Library.h"
#include "clang/Rewrite.h"

#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <fmt/format.h>

#include <map>
#include <set>

namespace escape::rewrite {
// The planner is written against Clang's AST throughout.
using namespace clang;

inline bool inTemplate(const FunctionDecl *FD) {
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
inline StringRef stdCallee(const CallExpr *CE) {
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

inline bool isImplicitWrapper(const Stmt *S) {
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

} // namespace escape::rewrite

#endif
