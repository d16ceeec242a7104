//===- Lsp.h - clang-escape --lsp: a language server ------------*- C++ -*-===//
//
// A small language server (LSP 3.17, JSON-RPC 2.0 over stdin/stdout with
// Content-Length framing) that runs beside clangd: it keeps the text of the
// documents the editor opens, analyses them with their compile commands
// (the editor's unsaved text, not the file on disk) and publishes the
// remarks as Information diagnostics, the -m=2 flow as related information.
// See docs/ide.md.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_TOOL_LSP_H
#define CLANG_ESCAPE_TOOL_LSP_H

#include "Output.h"

#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include "llvm/Support/JSON.h"

#include <functional>
#include <string>

namespace escape {
namespace tool {
namespace lsp {

class Server {
public:
  struct Config {
    /// Analyses File (absolute path) reading sources through FS; fills Out
    /// and, when something is worth telling the user once (no compilation
    /// database...), Warning.
    std::function<void(const std::string &File,
                       llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                       FileOutcome &Out, std::string &Warning)>
        Analyse;
    /// Called once with the client's initializationOptions (null when it
    /// sends none); returns "" or what was wrong with them (logged; the
    /// defaults stay).
    std::function<std::string(const llvm::json::Object *)> Configure;
  };

  explicit Server(Config C);
  ~Server();

  /// Serves messages read from the file descriptor InFD, writes to Out and
  /// logs to Log, until `exit` or the end of the input. Returns the exit
  /// status: 0 after shutdown then exit, 1 otherwise (as LSP specifies).
  int run(int InFD, llvm::raw_ostream &Out, llvm::raw_ostream &Log);

private:
  struct Impl;
  std::unique_ptr<Impl> I;
};

} // namespace lsp
} // namespace tool
} // namespace escape

#endif // CLANG_ESCAPE_TOOL_LSP_H
