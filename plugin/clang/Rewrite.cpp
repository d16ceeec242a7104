//===- Rewrite.cpp - Source rewrites for frame-local allocations ----------===//
//
// Planning (Rewrite.h): the allocation sites of each function, which form
// can express every use, template instantiations that must agree, and the
// public entry points. The forms are in RewriteForms.cpp; what the files
// share in RewritePlanner.h.
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

} // namespace escape::rewrite

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
