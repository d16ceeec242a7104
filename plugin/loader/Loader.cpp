//===- Loader.cpp - Load the Clang front end when the host is Clang -------===//
//
// ClangEscape.so is the one file users name: the pass plugin (opt
// -load-pass-plugin=, clang -fpass-plugin=, ld.lld --load-pass-plugin=) and,
// inside clang, the Clang plugin (-fplugin=). The Clang half lives in
// ClangEscapeFrontend.so next to it, because its code refers to Clang and
// cannot be loaded into opt or ld.lld, which have no Clang. When this
// library is loaded into a process that has Clang (its ASTConsumer vtable is
// visible), the front end is loaded too and registers the `escape` plugin.
//
//===----------------------------------------------------------------------===//
#include <dlfcn.h>

#include <cstdio>
#include <string>

namespace {

void anchor() {}

struct FrontendLoader {
  FrontendLoader() {
    if (!dlsym(RTLD_DEFAULT, "_ZTVN5clang11ASTConsumerE"))
      return; // not a Clang process: the pass alone
    Dl_info Info;
    if (!dladdr(reinterpret_cast<void *>(&anchor), &Info) || !Info.dli_fname)
      return;
    std::string Path = Info.dli_fname;
    Path = Path.substr(0, Path.rfind('/') + 1) + "ClangEscapeFrontend.so";
    if (!dlopen(Path.c_str(), RTLD_NOW | RTLD_GLOBAL))
      std::fprintf(stderr,
                   "clang-escape: cannot load the Clang front end %s: %s\n",
                   Path.c_str(), dlerror());
  }
};

FrontendLoader Loader;

} // namespace
