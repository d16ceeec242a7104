//===- Html.cpp - clang-escape --format=html: an annotated source report --===//
//
// index.html (per file counts, linked) and one page per file: its source
// with every line that has a remark marked heap / arena / stack (sites) or
// leak / no-escape (parameters), the message on hover and the explanation
// (the -m=2 flow, or what the verdict means) in an expandable block. Pages
// are self-contained (inline CSS and a few lines of JS, no external
// resources) and deterministic: the same input gives the same bytes.
//
//===----------------------------------------------------------------------===//
#include "Output.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>

using namespace escape::tool;

std::string escape::tool::htmlEscape(llvm::StringRef S) {
  std::string Out;
  Out.reserve(S.size());
  for (char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    case '"':
      Out += "&quot;";
      break;
    case '\'':
      Out += "&#39;";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

namespace {

std::string esc(llvm::StringRef S) { return htmlEscape(S); }

const char *const Css = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d1d1d;background:#fff}
header{padding:12px 16px;border-bottom:1px solid #ddd;background:#f6f6f6}
h1{font-size:18px;margin:0 0 6px}
a{color:#0b57d0}
table.files{border-collapse:collapse;margin:16px}
table.files th,table.files td{padding:4px 10px;border-bottom:1px solid #e4e4e4;text-align:right}
table.files th:first-child,table.files td:first-child{text-align:left}
table.files tr.total td{font-weight:bold;border-top:2px solid #999}
td.n-heap{color:#b3261e}td.n-stack{color:#1e7b34}td.n-arena{color:#8a5a00}
pre.summary{margin:16px;padding:8px;background:#f6f6f6}
.legend span{display:inline-block;padding:0 6px;margin-right:6px;border-radius:3px}
table.src{border-collapse:collapse;width:100%;font:13px/1.45 ui-monospace,monospace}
table.src td{vertical-align:top;padding:0 8px}
td.ln{text-align:right;color:#888;user-select:none;width:1%;white-space:nowrap}
td.ln a{color:inherit;text-decoration:none}
td.mk{width:1%;white-space:nowrap;font-size:11px;text-transform:uppercase}
td.code{white-space:pre-wrap;tab-size:8;word-break:break-all}
tr.heap,.legend .heap{background:#fde2e1}
tr.arena,.legend .arena{background:#fff0c7}
tr.stack,.legend .stack{background:#ddf4e1}
tr.leak,.legend .leak{background:#f0e3f7}
tr.noescape,.legend .noescape{background:#e6f0fb}
span.site{border-bottom:2px solid #555;cursor:help}
span.site.heap{border-color:#b3261e}span.site.stack{border-color:#1e7b34}
span.site.arena{border-color:#8a5a00}span.site.leak{border-color:#7b1fa2}
details.remark{margin:2px 0 4px;font:12px/1.4 system-ui,sans-serif;white-space:normal}
details.remark summary{cursor:pointer}
details.remark ol{margin:2px 0 2px 18px;padding:0}
details.remark li.step{list-style:none;margin-left:16px}
details.remark p{margin:2px 0 2px 18px;color:#444}
button{margin-right:6px}
div.prof{font:12px/1.4 system-ui,sans-serif;color:#5b3a00;white-space:normal}
)";

const char *const PageJs = R"(
function setAll(open){document.querySelectorAll('details.remark').forEach(function(d){d.open=open;});}
var heapAt=-1;
function nextHeap(){var rows=document.querySelectorAll('tr.heap');if(!rows.length)return;
heapAt=(heapAt+1)%rows.length;rows[heapAt].scrollIntoView({block:'center'});location.hash=rows[heapAt].id;}
)";

/// The counts of one file's row (or of the total): a parameter is counted
/// once however many remarks it has ("leaking param: p" and "leaking param
/// content: p"), as the summary counts it.
struct Counts {
  unsigned Sites = 0, Stack = 0, Arena = 0, Heap = 0, Params = 0, Leaking = 0;
  std::set<std::pair<unsigned, unsigned>> ParamSeen, LeakSeen;
  void add(const RemarkRecord &Rec) {
    if (Rec.Param) {
      Params += ParamSeen.insert({Rec.At.Line, Rec.At.Col}).second;
      if (Rec.Escapes)
        Leaking += LeakSeen.insert({Rec.At.Line, Rec.At.Col}).second;
      return;
    }
    ++Sites;
    if (Rec.Placement == "stack")
      ++Stack;
    else if (Rec.Placement == "arena")
      ++Arena;
    else
      ++Heap;
  }
  void add(const Counts &C) {
    Sites += C.Sites;
    Stack += C.Stack;
    Arena += C.Arena;
    Heap += C.Heap;
    Params += C.Params;
    Leaking += C.Leaking;
  }
};

/// The class of a remark: heap, arena, stack, leak or noescape.
std::string kindOf(const RemarkRecord &Rec) {
  if (Rec.Param)
    return Rec.Escapes ? "leak" : "noescape";
  return Rec.Placement.empty() ? "heap" : Rec.Placement;
}

/// Lines are marked with their most interesting remark.
int rank(llvm::StringRef Kind) {
  return llvm::StringSwitch<int>(Kind)
      .Case("heap", 5)
      .Case("leak", 4)
      .Case("arena", 3)
      .Case("stack", 2)
      .Case("noescape", 1)
      .Default(0);
}

/// What a verdict means, for remarks without a -m=2 flow.
std::string explanation(const RemarkRecord &Rec) {
  std::string Kind = kindOf(Rec);
  if (Kind == "heap")
    return "A pointer to it may outlive the function; the last step of its "
           "flow: " +
           Rec.Reason + ". Run with -m=2 for the whole flow.";
  if (Kind == "arena")
    return "Proven to die with its frame; the heap-to-stack pass gives it "
           "frame arena storage (a bounded stack buffer with heap "
           "fallback, released when the function returns).";
  if (Kind == "stack")
    return "Proven to die with its frame: the heap-to-stack pass can give "
           "it a stack slot.";
  if (Kind == "leak")
    return "What the parameter points to flows out of the function (" +
           Rec.Reason +
           "): callers must assume it escapes. Run with -m=2 for the flow.";
  return "The function keeps no pointer to what the parameter points to: "
         "callers may pass frame-local objects.";
}

std::string pageName(size_t Index, llvm::StringRef File) {
  std::string Name = "file" + std::to_string(Index) + "-";
  for (char C : llvm::sys::path::filename(File))
    Name += llvm::isAlnum(C) || C == '.' || C == '_' || C == '-' ? C : '_';
  return Name + ".html";
}

/// Byte length of the text starting at Off that is Units UTF-16 code units.
size_t bytesFor(llvm::StringRef Line, size_t Off, unsigned Units) {
  size_t End = Off;
  for (unsigned U = 0; U < Units && End < Line.size();) {
    unsigned char C = Line[End];
    unsigned Len = C >= 0xF0 ? 4 : C >= 0xE0 ? 3 : C >= 0xC0 ? 2 : 1;
    U += Len == 4 ? 2 : 1;
    End = std::min(Line.size(), End + Len);
  }
  return End - Off;
}

/// The directory every file is under ("" when they share none).
std::string commonDir(const std::vector<std::string> &Files) {
  if (Files.empty())
    return "";
  llvm::StringRef Prefix = llvm::sys::path::parent_path(Files.front());
  for (llvm::StringRef F : Files)
    while (!Prefix.empty() && !(F.starts_with(Prefix) &&
                                (F.size() == Prefix.size() ||
                                 F[Prefix.size()] == '/' || Prefix == "/")))
      Prefix = llvm::sys::path::parent_path(Prefix);
  return Prefix.str();
}

} // namespace

void escape::tool::htmlHead(llvm::raw_ostream &OS, llvm::StringRef Title,
                            bool Script) {
  OS << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
     << "<meta name=\"viewport\" content=\"width=device-width\">"
     << "<meta name=\"generator\" content=\"" << ToolName << ' ' << ToolVersion
     << "\"><title>" << esc(Title) << "</title><style>" << Css << "</style>";
  if (Script)
    OS << "<script>" << PageJs << "</script>";
  OS << "</head>\n<body>\n";
}

namespace {

void head(llvm::raw_ostream &OS, llvm::StringRef Title, bool Script) {
  htmlHead(OS, Title, Script);
}

const char *const Legend =
    "<div class=\"legend\"><span class=\"heap\">heap: escapes</span>"
    "<span class=\"arena\">arena: frame-local, frame arena</span>"
    "<span class=\"stack\">stack: frame-local, stack slot</span>"
    "<span class=\"leak\">leak: parameter leaks</span>"
    "<span class=\"noescape\">no-escape parameter</span></div>\n";

class Writer {
public:
  Writer(llvm::StringRef Dir, const Result &R) : Dir(Dir), R(R) {
    Base = commonDir(R.Files);
    for (size_t I = 0; I < R.Files.size(); ++I)
      Pages[R.Files[I]] = pageName(I, R.Files[I]);
  }

  std::string run() {
    auto It = R.Remarks.begin();
    std::vector<Counts> PerFile(R.Files.size());
    for (size_t I = 0; I < R.Files.size(); ++I) {
      auto Begin = It;
      while (It != R.Remarks.end() && It->At.File == R.Files[I])
        PerFile[I].add(*It++);
      if (std::string Error = filePage(R.Files[I], Begin, It); !Error.empty())
        return Error;
    }
    return index(PerFile);
  }

private:
  std::string display(llvm::StringRef File) const {
    if (!Base.empty() && File.size() > Base.size() && File.starts_with(Base))
      return File.substr(Base.size()).ltrim('/').str();
    return File.str();
  }

  std::string write(llvm::StringRef Name, const std::string &Text) {
    llvm::SmallString<256> Path(Dir);
    llvm::sys::path::append(Path, Name);
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_None);
    if (!EC) {
      OS << Text;
      OS.close();
      if (OS.has_error()) {
        EC = OS.error();
        OS.clear_error();
      }
    }
    return EC ? "cannot write '" + Path.str().str() + "': " + EC.message() : "";
  }

  /// A link to a note's position (same page, another page, or none).
  std::string noteLink(const Point &P, llvm::StringRef ThisFile) {
    std::string Text = esc(display(P.File)) + ":" + std::to_string(P.Line) +
                       ":" + std::to_string(P.Col);
    auto It = Pages.find(P.File);
    if (It == Pages.end())
      return Text;
    std::string Href =
        (P.File == ThisFile ? "" : It->second) + "#L" + std::to_string(P.Line);
    return "<a href=\"" + esc(Href) + "\">" + Text + "</a>";
  }

  void remarkBlock(llvm::raw_ostream &OS, const RemarkRecord &Rec,
                   llvm::StringRef File) {
    std::string Kind = kindOf(Rec);
    OS << "<details class=\"remark " << Kind << "\"><summary>"
       << esc(Rec.Message) << "</summary>";
    if (Rec.Notes.empty()) {
      OS << "<p>" << esc(explanation(Rec)) << "</p>";
    } else {
      OS << "<ol>";
      for (const NoteRecord &N : Rec.Notes) {
        llvm::StringRef M = llvm::StringRef(N.Message).trim();
        OS << "<li" << (M.starts_with("from ") ? " class=\"step\"" : "") << ">"
           << noteLink(N.At, File) << ": " << esc(M) << "</li>";
      }
      OS << "</ol>";
    }
    OS << "</details>";
  }

  using Iter = std::vector<RemarkRecord>::const_iterator;

  std::string filePage(const std::string &File, Iter Begin, Iter End) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    head(OS, display(File) + " - clang-escape", /*Script=*/true);
    OS << "<header><h1>" << esc(display(File)) << "</h1>"
       << "<div><a href=\"index.html\">index</a> &middot; " << esc(File)
       << "</div><div>"
       << "<button onclick=\"setAll(true)\">expand all</button>"
       << "<button onclick=\"setAll(false)\">collapse all</button>"
       << "<button onclick=\"nextHeap()\">next heap</button></div>" << Legend
       << "</header>\n";

    std::map<unsigned, std::vector<const RemarkRecord *>> ByLine;
    for (Iter It = Begin; It != End; ++It)
      ByLine[It->At.Line].push_back(&*It);

    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buf =
        llvm::MemoryBuffer::getFile(File, /*IsText=*/true);
    if (!Buf) {
      // A pseudo file (<scratch space>) or one gone since the analysis.
      OS << "<p>The source is not available (" << esc(Buf.getError().message())
         << "); its remarks:</p>\n";
      for (Iter It = Begin; It != End; ++It) {
        OS << "<div id=\"L" << It->At.Line << "\">" << It->At.Line << ":"
           << It->At.Col << " ";
        remarkBlock(OS, *It, File);
        OS << "</div>\n";
      }
    } else {
      llvm::SmallVector<llvm::StringRef, 0> Lines;
      (*Buf)->getBuffer().split(Lines, '\n');
      if (!Lines.empty() && Lines.back().empty())
        Lines.pop_back();
      // Remarks past the end of the file (it changed): keep them visible.
      unsigned LastLine = ByLine.empty() ? 0 : ByLine.rbegin()->first;
      while (Lines.size() < LastLine)
        Lines.push_back("");
      OS << "<table class=\"src\">\n";
      for (unsigned N = 1; N <= Lines.size(); ++N)
        line(OS, N, Lines[N - 1].rtrim('\r'), ByLine[N], File);
      OS << "</table>\n";
    }
    OS << "</body></html>\n";
    OS.flush();
    return write(Pages[File], Text);
  }

  void line(llvm::raw_ostream &OS, unsigned N, llvm::StringRef Src,
            const std::vector<const RemarkRecord *> &Rems,
            llvm::StringRef File) {
    std::string Kind, Title;
    for (const RemarkRecord *Rec : Rems) {
      std::string K = kindOf(*Rec);
      if (rank(K) > rank(Kind))
        Kind = K;
      Title += (Title.empty() ? "" : "\n") + Rec->Message;
    }
    OS << "<tr id=\"L" << N << "\"";
    if (!Kind.empty())
      OS << " class=\"" << Kind << "\" title=\"" << esc(Title) << "\"";
    OS << "><td class=\"ln\"><a href=\"#L" << N << "\">" << N
       << "</a></td><td class=\"mk\">" << Kind << "</td><td class=\"code\">";
    // The remarks' tokens, underlined, each with its message on hover.
    struct Span {
      size_t Begin, End;
      const RemarkRecord *Rec;
      size_t Order;
    };
    std::vector<Span> Spans;
    for (const RemarkRecord *Rec : Rems) {
      if (Rec->At.Col == 0 || Rec->At.Col - 1 >= Src.size())
        continue;
      size_t B = Rec->At.Col - 1;
      size_t Len = bytesFor(Src, B, Rec->At.EndChar - Rec->At.Char);
      if (Len)
        Spans.push_back({B, B + Len, Rec, Spans.size()});
    }
    std::sort(Spans.begin(), Spans.end(), [](const Span &X, const Span &Y) {
      return std::tie(X.Begin, X.Order) < std::tie(Y.Begin, Y.Order);
    });
    size_t At = 0;
    for (const Span &S : Spans) {
      if (S.Begin < At)
        continue; // overlaps the previous one
      OS << esc(Src.slice(At, S.Begin)) << "<span class=\"site "
         << kindOf(*S.Rec) << "\" title=\"" << esc(S.Rec->Message) << "\">"
         << esc(Src.slice(S.Begin, S.End)) << "</span>";
      At = S.End;
    }
    OS << esc(Src.substr(At));
    for (const RemarkRecord *Rec : Rems)
      remarkBlock(OS, *Rec, File);
    auto Prof = R.ProfileLines.find({File.str(), N});
    if (Prof != R.ProfileLines.end())
      OS << "<div class=\"prof\">" << esc(Prof->second) << "</div>";
    OS << "</td></tr>\n";
  }

  static void countCells(llvm::raw_ostream &OS, const Counts &C) {
    OS << "<td>" << C.Sites << "</td><td class=\"n-stack\">" << C.Stack
       << "</td><td class=\"n-arena\">" << C.Arena
       << "</td><td class=\"n-heap\">" << C.Heap << "</td><td>" << C.Params
       << "</td><td>" << C.Leaking << "</td>";
  }

  std::string index(const std::vector<Counts> &PerFile) {
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    head(OS, "clang-escape report", /*Script=*/false);
    OS << "<header><h1>clang-escape report</h1><div>" << R.Files.size()
       << (R.Files.size() == 1 ? " file" : " files");
    if (!Base.empty())
      OS << " under " << esc(Base);
    OS << "</div>" << Legend << "</header>\n";
    // Click a column's header to sort the files by it (the total stays last).
    OS << "<script>function sortBy(c){var b=document.querySelector("
          "'table.files tbody'),r=[].slice.call(b.rows),t=r.pop(),"
          "d=b.dataset.col==c?-b.dataset.dir:(c?-1:1);b.dataset.col=c;"
          "b.dataset.dir=d;r.sort(function(x,y){var p=x.cells[c].textContent,"
          "q=y.cells[c].textContent;return d*(c?p-q:p.localeCompare(q));});"
          "r.concat([t]).forEach(function(x){b.appendChild(x);});}</script>\n";
    OS << "<table class=\"files\"><thead><tr>";
    unsigned Col = 0;
    for (const char *H : {"file", "allocation sites", "stack", "arena", "heap",
                          "parameters", "leaking"})
      OS << "<th onclick=\"sortBy(" << Col++ << ")\" style=\"cursor:pointer\">"
         << H << "</th>";
    OS << "</tr></thead><tbody>\n";
    Counts Total;
    for (size_t I = 0; I < R.Files.size(); ++I) {
      Total.add(PerFile[I]);
      OS << "<tr><td><a href=\"" << esc(Pages[R.Files[I]]) << "\">"
         << esc(display(R.Files[I])) << "</a></td>";
      countCells(OS, PerFile[I]);
      OS << "</tr>\n";
    }
    OS << "<tr class=\"total\"><td>total</td>";
    countCells(OS, Total);
    OS << "</tr>\n</tbody></table>\n";
    if (!R.Failures.empty()) {
      OS << "<h2 style=\"margin:16px\">Not analysed</h2><ul>\n";
      for (const FileOutcome &F : R.Failures)
        OS << "<li>" << esc(F.File) << ": "
           << (F.Crashed ? "crashed" : "failed to compile") << "</li>\n";
      OS << "</ul>\n";
    }
    std::string Summary;
    llvm::raw_string_ostream SOS(Summary);
    writeSummary(SOS, R.S);
    SOS.flush();
    OS << "<pre class=\"summary\">" << esc(Summary) << "</pre>\n"
       << "</body></html>\n";
    OS.flush();
    return write("index.html", Text);
  }

  std::string Dir;
  const Result &R;
  std::string Base;
  std::map<std::string, std::string> Pages;
};

} // namespace

std::string escape::tool::writeHtml(llvm::StringRef Dir, const Result &R) {
  return Writer(Dir, R).run();
}
