// A stand-in for a ClangEscape.so of another build (lit/e2e/pass-interface.test):
// it exports the interface symbol but no table of the version asked for, or
// (WRONG_VERSION) a table whose version field is another.
struct Table {
  unsigned Version;
  void *Fns[3];
};
extern "C" const Table *clang_escape_pass_interface(unsigned) {
#ifdef WRONG_VERSION
  static const Table T = {0xffff, {nullptr, nullptr, nullptr}};
  return &T;
#else
  return nullptr;
#endif
}
