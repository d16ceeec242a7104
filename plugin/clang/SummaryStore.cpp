//===- SummaryStore.cpp - Summaries across translation units --------------===//
#include "clang/SummaryStore.h"
#include "clang/Session.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <vector>

using namespace clang;
using namespace escape;

/// First line of every summary file. Bump the version when the meaning of
/// an encoded summary or of the signature changes: older files then read as
/// malformed (ignored) instead of being misread. Version 2 added the
/// "may free" level (`fN`), version 3 the "may capture" level (`kN`, the
/// IR facts' captures(...)), version 4 counts a standard container handed
/// to a member that may release its storage as captured (the IR's content
/// fact); a file of an older version is stale (written by an older
/// clang-escape: the function is unknown, without a warning).
static const char *const Magic = "clang-escape-summary 4";
static const char *const OlderMagics[] = {"clang-escape-summary 1\n",
                                          "clang-escape-summary 2\n",
                                          "clang-escape-summary 3\n"};
/// Files larger than this are not summaries.
static const uint64_t MaxFileBytes = 1 << 20;

std::string SummaryStore::hashText(const std::string &S) {
  return fmt::format("{:016x}", llvm::xxh3_64bits(S));
}

const char *SummaryStore::statusName(Status S) {
  switch (S) {
  case Status::Found:
    return "found";
  case Status::Missing:
    return "missing";
  case Status::Stale:
    return "stale (signature changed)";
  case Status::Malformed:
    return "malformed";
  case Status::NotEligible:
    return "not eligible";
  }
  return "?";
}

std::string SummaryStore::usrOf(const FunctionDecl *FD) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(FD, Buf))
    return "";
  return Buf.str().str();
}

static bool isWeakish(const FunctionDecl *FD) {
  for (const FunctionDecl *R : FD->redecls())
    if (R->hasAttr<WeakAttr>() || R->hasAttr<WeakRefAttr>() ||
        R->hasAttr<WeakImportAttr>() || R->hasAttr<AliasAttr>() ||
        R->hasAttr<IFuncAttr>() || R->hasAttr<SelectAnyAttr>())
      return true;
  return false;
}

/// Common to both sides: an external, non-inline, non-template function
/// (defined in one translation unit, by the one-definition rule).
static bool singlyDefined(const FunctionDecl *FD) {
  if (FD->isInvalidDecl() || FD->isDependentContext() || FD->isDeleted() ||
      FD->isDefaulted() || FD->isInlined() || FD->isMultiVersion() ||
      FD->getBuiltinID() || !FD->isExternallyVisible() || isWeakish(FD))
    return false;
  switch (FD->getTemplateSpecializationKind()) {
  case TSK_Undeclared:
  case TSK_ExplicitSpecialization:
    break;
  default:
    return false; // instantiations are visible wherever they are used
  }
  return !isa<CXXMethodDecl>(FD) ||
         !cast<CXXMethodDecl>(FD)->getParent()->isDependentContext();
}

bool SummaryStore::exported(const FunctionDecl *Def) {
  return Def->doesThisDeclarationHaveABody() && !Def->isMain() &&
         singlyDefined(Def);
}

bool SummaryStore::importable(const FunctionDecl *FD) {
  return !FD->isDefined() && singlyDefined(FD->getMostRecentDecl());
}

std::string SummaryStore::signatureOf(const FunctionDecl *FD) {
  const FunctionDecl *D = FD->getMostRecentDecl();
  // A fixed printing policy: the same type prints the same in every TU,
  // whatever the language mode, and without file names.
  LangOptions LO;
  LO.CPlusPlus = true;
  LO.Bool = true;
  PrintingPolicy PP(LO);
  PP.AnonymousTagLocations = false;
  PP.SuppressTagKeyword = false;
  PP.FullyQualifiedName = true;
  PP.PrintAsCanonical = true;
  std::string Out = "v1|";
  Out += D->getType().getCanonicalType().getAsString(PP);
  if (const auto *FT = D->getType()->getAs<FunctionType>())
    Out += fmt::format("|cc{}", static_cast<int>(FT->getCallConv()));
  if (Analyzer::hasThis(D))
    Out += "|this";
  if (D->hasAttr<LifetimeBoundAttr>())
    Out += "|lb-this";
  for (unsigned I = 0; I < D->getNumParams(); ++I) {
    const ParmVarDecl *P = D->getParamDecl(I);
    if (P->hasAttr<NoEscapeAttr>())
      Out += fmt::format("|ne{}", I);
    if (P->hasAttr<LifetimeBoundAttr>())
      Out += fmt::format("|lb{}", I);
  }
  return Out;
}

std::string SummaryStore::pathFor(const std::string &USR) const {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, hashText(USR) + ".esum");
  return P.str().str();
}

std::string SummaryStore::render(const std::string &USR, const std::string &Sig,
                                 const Summary &S) {
  return fmt::format("{}\nusr {}\nsig {}\nsum {}\n", Magic, USR, hashText(Sig),
                     S.encode());
}

bool SummaryStore::parse(const std::string &Text, std::string &USR,
                         std::string &SigHash, Summary &S, std::string &Error) {
  std::istringstream In(Text);
  std::string Line;
  auto Field = [&](const char *Key, std::string &Out) {
    std::string Prefix = std::string(Key) + " ";
    if (!std::getline(In, Line) || Line.compare(0, Prefix.size(), Prefix)) {
      Error = fmt::format("expected a '{}' line", Key);
      return false;
    }
    Out = Line.substr(Prefix.size());
    return true;
  };
  if (!std::getline(In, Line) || Line != Magic) {
    Error =
        fmt::format("not a summary file (the first line is not '{}')", Magic);
    return false;
  }
  std::string Encoded;
  if (!Field("usr", USR) || !Field("sig", SigHash) || !Field("sum", Encoded))
    return false;
  if (USR.empty() || SigHash.size() != 16 ||
      SigHash.find_first_not_of("0123456789abcdef") != std::string::npos) {
    Error = "bad 'usr' or 'sig' line";
    return false;
  }
  if (!Summary::decode(Encoded, S)) {
    Error = fmt::format("cannot decode the summary '{}'", Encoded);
    return false;
  }
  if (std::getline(In, Line) && !Line.empty()) {
    Error = "trailing text";
    return false;
  }
  return true;
}

const Summary *SummaryStore::lookup(const FunctionDecl *FD, Status *Why) const {
  const FunctionDecl *Key = FD->getCanonicalDecl();
  auto It = Cache.find(Key);
  if (It == Cache.end()) {
    Entry E;
    E.Why = Status::NotEligible;
    std::string USR = importable(FD) ? usrOf(FD) : "";
    if (!USR.empty()) {
      std::string Path = pathFor(USR);
      E.Why = Status::Missing;
      auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false);
      std::string FileUSR, SigHash, Error;
      Summary S;
      if (Buf && Read)
        Read(Path);
      if (!Buf) {
        if (Buf.getError() != std::errc::no_such_file_or_directory && Warn)
          Warn(fmt::format("cannot read summary file '{}': {}", Path,
                           Buf.getError().message()));
      } else if (llvm::any_of(OlderMagics, [&](const char *M) {
                   return (*Buf)->getBuffer().starts_with(M);
                 })) {
        E.Why = Status::Stale;
      } else if ((*Buf)->getBufferSize() > MaxFileBytes ||
                 !parse((*Buf)->getBuffer().str(), FileUSR, SigHash, S,
                        Error)) {
        E.Why = Status::Malformed;
        if (Warn)
          Warn(fmt::format("ignoring malformed summary file '{}': {}; '{}' "
                           "is treated as unknown",
                           Path, Error.empty() ? "too large" : Error,
                           FD->getQualifiedNameAsString()));
      } else if (FileUSR != USR) {
        E.Why = Status::Missing; // another function with the same hash
      } else if (SigHash != hashText(signatureOf(FD)) ||
                 S.Params.size() != Analyzer::numParams(FD)) {
        E.Why = Status::Stale;
      } else {
        E.Why = Status::Found;
        E.S = std::move(S);
      }
    }
    It = Cache.emplace(Key, std::move(E)).first;
    if (Debug)
      llvm::errs() << "clang-escape: imported summary "
                   << FD->getQualifiedNameAsString() << ": "
                   << statusName(It->second.Why) << "\n";
  }
  if (Why)
    *Why = It->second.Why;
  return It->second.Why == Status::Found ? &It->second.S : nullptr;
}

SummaryStore::WriteResult SummaryStore::write(const FunctionDecl *Def,
                                              const Summary &S) const {
  std::string USR = usrOf(Def);
  if (USR.empty() || USR.find('\n') != std::string::npos)
    return WriteResult::Failed;
  std::string Text = render(USR, signatureOf(Def), S);
  std::string Path = pathFor(USR);
  auto Fail = [&](const std::string &What, std::error_code EC) {
    if (Warn)
      Warn(fmt::format("cannot write summary file '{}': {}: {}", Path, What,
                       EC.message()));
    return WriteResult::Failed;
  };
  // An identical file stays untouched (its time stamp too).
  if (auto Old = llvm::MemoryBuffer::getFile(Path, false, false))
    if ((*Old)->getBuffer() == Text)
      return WriteResult::Unchanged;
  if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
    return Fail("cannot create the directory", EC);
  // Parallel compiles may write the same file: each writes its own
  // temporary file and renames it over the destination (atomic on POSIX),
  // so a reader sees an old file or a new one, never a partial one.
  int FD = -1;
  llvm::SmallString<256> Tmp;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueFile(Path + ".tmp-%%%%%%%%", FD, Tmp))
    return Fail("cannot create a temporary file", EC);
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
    OS.close();
    if (OS.has_error()) {
      std::error_code EC = OS.error();
      OS.clear_error();
      llvm::sys::fs::remove(Tmp);
      return Fail("write error", EC);
    }
  }
  if (std::error_code EC = llvm::sys::fs::rename(Tmp, Path)) {
    llvm::sys::fs::remove(Tmp);
    return Fail("cannot rename the temporary file", EC);
  }
  return WriteResult::Written;
}

namespace {
class DefinitionCollector : public RecursiveASTVisitor<DefinitionCollector> {
public:
  std::vector<const FunctionDecl *> Defs;
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldVisitImplicitCode() const { return false; }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (SummaryStore::exported(FD))
      Defs.push_back(FD);
    return true;
  }
};
} // namespace

ExportStats escape::exportSummaries(EscapeSession &Session) {
  ASTContext &Ctx = Session.context();
  const SummaryStore &Store = *Session.store();
  DefinitionCollector C;
  C.TraverseDecl(Ctx.getTranslationUnitDecl());
  const SourceManager &SM = Ctx.getSourceManager();
  ExportStats N;
  for (const FunctionDecl *Def : C.Defs) {
    if (SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())))
      continue;
    // No summary (too deep...): write "leaks everything", so that an older
    // file cannot stand for the current definition.
    const Summary *S = Session.summaryOf(Def);
    switch (
        Store.write(Def, S ? *S : Summary::leakAll(Analyzer::numParams(Def)))) {
    case SummaryStore::WriteResult::Written:
      ++N.Written;
      break;
    case SummaryStore::WriteResult::Unchanged:
      ++N.Unchanged;
      break;
    case SummaryStore::WriteResult::Failed:
      ++N.Failed;
      break;
    }
  }
  return N;
}
