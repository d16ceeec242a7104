/* alloc_count.c - LD_PRELOAD library counting heap allocations.
 *
 *   cc -O2 -shared -fPIC -o alloc_count.so bench/alloc_count.c
 *   ALLOC_COUNT_OUT=/tmp/counts LD_PRELOAD=$PWD/alloc_count.so ./prog
 *
 * Interposes malloc, calloc, realloc, reallocarray, aligned_alloc,
 * posix_memalign, memalign, valloc and pvalloc (and free, so that every
 * block goes back to the allocator it came from), counting calls and
 * requested bytes, and forwards to glibc's __libc_* entry points (no dlsym,
 * so no recursion through dlsym's own calloc).
 *
 * C++ operator new/new[] (all variants, including nothrow and align_val_t)
 * are counted through this: libstdc++ implements them with malloc and
 * aligned_alloc, which it calls through the PLT, so the preload sees them.
 * bench/compare.py --check-preload verifies that on the installed toolchain.
 *
 * What is counted: one "call" per successful allocation request (realloc and
 * reallocarray count as one call each, with their new size; realloc(p, 0)
 * and failed requests count nothing). "bytes" is the sum of requested sizes.
 * Counters are atomic (threads are fine). Not used with -fsanitize (ASan
 * replaces malloc itself).
 *
 * At exit (a destructor of this library, so after the program's own static
 * destructors and atexit handlers) one line
 *     allocs=<calls> bytes=<bytes>
 * is appended to the file named by $ALLOC_COUNT_OUT, or written to stderr
 * if that is unset or cannot be opened. The line is written with one
 * write(2) on an O_APPEND descriptor, so concurrent processes (a program
 * that forks) each add a whole line. Nothing here allocates.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void *__libc_valloc(size_t);
extern void *__libc_pvalloc(size_t);
extern void __libc_free(void *);

static unsigned long long g_calls;
static unsigned long long g_bytes;

static void count(size_t bytes) {
  __atomic_fetch_add(&g_calls, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&g_bytes, (unsigned long long)bytes, __ATOMIC_RELAXED);
}

#define EXPORT __attribute__((visibility("default")))

/* Lets a program that is run under this preload read the count so far
 * (declare it weak: extern "C" unsigned long long escape_heap_allocations()
 * __attribute__((weak));). */
EXPORT unsigned long long escape_heap_allocations(void) {
  return __atomic_load_n(&g_calls, __ATOMIC_RELAXED);
}

EXPORT void *malloc(size_t n) {
  void *p = __libc_malloc(n);
  if (p)
    count(n);
  return p;
}

EXPORT void free(void *p) { __libc_free(p); }

EXPORT void *calloc(size_t n, size_t size) {
  void *p = __libc_calloc(n, size);
  if (p)
    count(n * size); /* no overflow: __libc_calloc rejects it */
  return p;
}

EXPORT void *realloc(void *old, size_t n) {
  void *p = __libc_realloc(old, n);
  if (p && n)
    count(n);
  return p;
}

EXPORT void *reallocarray(void *old, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) {
    errno = ENOMEM;
    return NULL;
  }
  return realloc(old, n * size);
}

EXPORT void *memalign(size_t align, size_t n) {
  void *p = __libc_memalign(align, n);
  if (p)
    count(n);
  return p;
}

EXPORT void *aligned_alloc(size_t align, size_t n) {
  /* glibc's aligned_alloc is memalign with a power-of-two check. */
  if (align == 0 || (align & (align - 1)) != 0) {
    errno = EINVAL;
    return NULL;
  }
  return memalign(align, n);
}

EXPORT int posix_memalign(void **out, size_t align, size_t n) {
  if (align % sizeof(void *) != 0 || (align & (align - 1)) != 0 || align == 0)
    return EINVAL;
  int saved = errno;
  void *p = __libc_memalign(align, n);
  errno = saved;
  if (!p)
    return ENOMEM;
  count(n);
  *out = p;
  return 0;
}

EXPORT void *valloc(size_t n) {
  void *p = __libc_valloc(n);
  if (p)
    count(n);
  return p;
}

EXPORT void *pvalloc(size_t n) {
  void *p = __libc_pvalloc(n);
  if (p)
    count(n);
  return p;
}

/* Decimal formatting without stdio (stdio may allocate). */
static char *put_u64(char *out, unsigned long long v) {
  char tmp[24];
  int i = 0;
  do {
    tmp[i++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (i)
    *out++ = tmp[--i];
  return out;
}

static char *put_str(char *out, const char *s) {
  while (*s)
    *out++ = *s++;
  return out;
}

__attribute__((destructor)) static void alloc_count_report(void) {
  char line[96];
  char *p = line;
  p = put_str(p, "allocs=");
  p = put_u64(p, __atomic_load_n(&g_calls, __ATOMIC_RELAXED));
  p = put_str(p, " bytes=");
  p = put_u64(p, __atomic_load_n(&g_bytes, __ATOMIC_RELAXED));
  *p++ = '\n';

  int fd = 2, opened = 0;
  const char *path = getenv("ALLOC_COUNT_OUT");
  if (path && *path) {
    int f = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (f >= 0) {
      fd = f;
      opened = 1;
    }
  }
  size_t len = (size_t)(p - line);
  const char *q = line;
  while (len) {
    ssize_t w = write(fd, q, len);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    q += w;
    len -= (size_t)w;
  }
  if (opened)
    close(fd);
}
