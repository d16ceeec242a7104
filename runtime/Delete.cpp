//===- Delete.cpp - The escape profiler's operator delete -----------------===//
//
// Replaces the global operator delete variants (legal C++: they are
// replaceable) so that a delete tells the profiler's table before the block
// goes back to glibc. A separate member of libclang_escape_profile.a: the
// linker takes it when the program uses operator delete; the definitions are
// weak, so a program with its own operator delete keeps it and still links
// (its deletes then reach the interposed free, when it calls free).
//
// libstdc++'s operator new allocates with malloc (aligned_alloc for the
// align_val_t variants), so __libc_free is the matching release.
//
//===----------------------------------------------------------------------===//
#include <cstddef>
#include <new>

extern "C" {
void __libc_free(void *);
void __escape_prof_free(void *);
}

namespace {
inline void release(void *P) noexcept {
  __escape_prof_free(P);
  __libc_free(P);
}
} // namespace

// Weak: a program that defines an operator delete of its own keeps it, with
// no duplicate definition. Only the two base forms release; the others
// forward to them, as the default ones do ([new.delete]), so that they also
// reach a program's own base form.
#define ESCAPE_WEAK __attribute__((weak))

ESCAPE_WEAK void operator delete(void *P) noexcept { release(P); }
ESCAPE_WEAK void operator delete(void *P, std::align_val_t) noexcept {
  release(P);
}
ESCAPE_WEAK void operator delete[](void *P) noexcept { ::operator delete(P); }
ESCAPE_WEAK void operator delete(void *P, std::size_t) noexcept {
  ::operator delete(P);
}
ESCAPE_WEAK void operator delete[](void *P, std::size_t) noexcept {
  ::operator delete[](P);
}
ESCAPE_WEAK void operator delete(void *P, const std::nothrow_t &) noexcept {
  ::operator delete(P);
}
ESCAPE_WEAK void operator delete[](void *P, const std::nothrow_t &) noexcept {
  ::operator delete[](P);
}
ESCAPE_WEAK void operator delete[](void *P, std::align_val_t Al) noexcept {
  ::operator delete(P, Al);
}
ESCAPE_WEAK void operator delete(void *P, std::size_t,
                                 std::align_val_t Al) noexcept {
  ::operator delete(P, Al);
}
ESCAPE_WEAK void operator delete[](void *P, std::size_t,
                                   std::align_val_t Al) noexcept {
  ::operator delete[](P, Al);
}
ESCAPE_WEAK void operator delete(void *P, std::align_val_t Al,
                                 const std::nothrow_t &) noexcept {
  ::operator delete(P, Al);
}
ESCAPE_WEAK void operator delete[](void *P, std::align_val_t Al,
                                   const std::nothrow_t &) noexcept {
  ::operator delete[](P, Al);
}
