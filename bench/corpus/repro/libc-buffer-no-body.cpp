// Precision (not a crash): a scratch buffer handed only to libc string
// functions (snprintf, vsnprintf, strlen) and copied into a std::string, then
// deleted in the same function, "escapes to heap" for the AST analysis (-m),
// reason "passed to a function without a visible body", while the
// heap-to-stack IR pass of the same compile proves it frame-local and moves
// it to the stack: -m and the transformation disagree.  Shape taken from a real TU of the corpus (tinyxml2
// XMLDocument::SetError); the code below is a minimised rewrite.
//
//   clang++-22 -O2 -c libc-buffer-no-body.cpp -o /dev/null \
//     -fplugin=build/lib/ClangEscape.so -fplugin-arg-escape-m=2 -Rpass=escape
//
// Got (dc46e2d):
//   :29: remark: 'new[]' of 1000 bytes moved to the stack [-Rpass=escape]
//   :29: remark: new char[Size] escapes to heap
//   :36: note: from argument 1 to 'std::basic_string<char>::basic_string'
//        (passed to a function without a visible body)
// (libstdc++'s std::string(const char *) is an extern template, so its body
// is not visible; without line 36 the same happens with vsnprintf.)
// Expected: "does not escape", i.e. model std::string's converting
// constructor as copying and the libc string functions as not keeping their
// pointer arguments, as the IR pass does, so that -m and the transformation
// agree.
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <string>
std::string format(int Line, const char *Fmt, ...) {
  const size_t Size = 1000;
  char *Buf = new char[Size];
  snprintf(Buf, Size, "line %d", Line);
  size_t Len = strlen(Buf);
  va_list Va;
  va_start(Va, Fmt);
  vsnprintf(Buf + Len, Size - Len, Fmt, Va);
  va_end(Va);
  std::string S(Buf);
  delete[] Buf;
  return S;
}
