//===- Profile.cpp - The escape profiler's runtime ------------------------===//
//
// libclang_escape_profile.a: linked into a program whose translation units
// were built with -fplugin-arg-escape-profile (docs/profile.md).
//
//  * __escape_prof_enter/exit: each instrumented function's invocation gets
//    a per-thread, monotonically increasing frame id, kept on a per-thread
//    shadow stack while the invocation runs (the instrumentation pops it on
//    return and on unwind). Ids increase up the stack, so "is frame F still
//    running on this thread" is a binary search.
//  * __escape_prof_alloc: after each remaining heap allocation call, records
//    (site, thread, frame) under the pointer in a sharded hash table.
//  * free (interposed; glibc's __libc_free does the work), realloc (the old
//    block dies there) and, in Delete.cpp, the replaceable operator delete
//    variants: the record of the pointer is removed and the object counted
//    as frame-local (its frame is still running on this thread) or as
//    outliving it (freed after the frame returned, or by another thread).
//    Frees from uninstrumented code and from libstdc++.so go through these
//    too.
//  * at exit (a destructor: after main returns or exit(), after the static
//    destructors registered with atexit): objects never freed are counted,
//    and the profile is written as JSON to $CLANG_ESCAPE_PROFILE (default
//    escape-profile.json; %p is the process id). A path that cannot be
//    written gets one warning on stderr; the exit status is unchanged.
//
// No allocation through malloc/new here (the table and the stacks use
// glibc's __libc_* entry points directly), so the hooks never re-enter
// themselves; no C++ runtime either (-fno-exceptions -fno-rtti).
//
//===----------------------------------------------------------------------===//
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <pthread.h>
#include <unistd.h>

/// Buckets of a site's lifetime histogram. An object's lifetime is counted
/// on a logical clock, the instrumented heap allocations of its thread: how
/// many the thread made after it and before freeing it (objects freed by
/// another thread are not in the histogram). Bucket 0: none; bucket I
/// (I >= 1): 2^(I-1) to 2^I - 1; the last bucket takes the rest. No clock
/// read, no system call, no shared counter, and the same from run to run.
constexpr unsigned LifetimeBuckets = 32; // plugin/llvm/Profile.cpp: FLifetime

extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void __libc_free(void *);
}

/// A site record, emitted by the instrumentation (plugin/llvm/Profile.cpp,
/// siteType(): keep in step).
struct EscapeProfSite {
  const char *File;
  const char *Function;
  const char *Reason; ///< why the pass left it on the heap, or null
  const char *Inlined;
  /// "stack" or "arena": a site the pass moved (Converted counts its runs);
  /// "arena-heap": the heap fallback of an arena site (counted in the
  /// arena site's Converted too).
  const char *Moved;
  uint32_t Line;
  uint32_t Column;
  uint64_t Allocations;
  uint64_t FrameLocal;
  uint64_t FreedLater;
  uint64_t OtherThread;
  uint64_t NeverFreed;
  uint64_t Bytes;
  uint64_t Converted;
  uint64_t MaxLive;                   ///< the most objects live at once
  uint64_t Lifetime[LifetimeBuckets]; ///< freed objects by lifetime
};

namespace {

void add(uint64_t &Counter, uint64_t N) {
  __atomic_fetch_add(&Counter, N, __ATOMIC_RELAXED);
}
uint64_t load(const uint64_t &Counter) {
  return __atomic_load_n(&Counter, __ATOMIC_RELAXED);
}

/// Set once the profile is written: from then on the hooks do nothing.
bool Done;
bool done() { return __atomic_load_n(&Done, __ATOMIC_ACQUIRE); }

//===-- Threads and frames ------------------------------------------------===//

uint32_t NextThread;
__thread uint32_t ThreadId;
__thread uint64_t NextFrame;
/// A running instrumented frame: its id and the address of its return
/// address (a callee's is strictly lower than its caller's).
struct FrameEntry {
  uint64_t Id;
  uintptr_t Slot; ///< 0: not known (the target has no such intrinsic)
};
__thread FrameEntry *Stack;
__thread uint32_t Depth, Capacity;

/// Frees a thread's shadow stack when the thread exits.
pthread_key_t StackKey;
pthread_once_t StackKeyOnce = PTHREAD_ONCE_INIT;
void freeStack(void *P) {
  if (P != Stack)
    return;
  __libc_free(Stack);
  Stack = nullptr;
  Depth = Capacity = 0;
}
void makeStackKey() { pthread_key_create(&StackKey, freeStack); }

uint32_t thisThread() {
  if (!ThreadId)
    ThreadId = __atomic_add_fetch(&NextThread, 1, __ATOMIC_RELAXED);
  return ThreadId;
}

/// True if frame \p Frame is running on this thread.
bool running(uint64_t Frame) {
  uint32_t Lo = 0, Hi = Depth;
  while (Lo < Hi) {
    uint32_t Mid = Lo + (Hi - Lo) / 2;
    if (Stack[Mid].Id < Frame)
      Lo = Mid + 1;
    else
      Hi = Mid;
  }
  return Lo < Depth && Stack[Lo].Id == Frame;
}

//===-- The pointer table
//---------------------------------------------------===//

struct Record {
  uintptr_t Key; ///< 0: empty, 1: deleted
  EscapeProfSite *Site;
  uint64_t Frame;
  uint64_t Born; ///< the allocating thread's Clock after the allocation
  uint32_t Thread;
};

constexpr uintptr_t Empty = 0, Deleted = 1;
constexpr unsigned NumShards = 64;

struct Shard {
  pthread_mutex_t Lock = PTHREAD_MUTEX_INITIALIZER;
  Record *Slots = nullptr;
  size_t Capacity = 0; ///< a power of two
  size_t Used = 0;     ///< live and deleted
  size_t Live = 0;
};

Shard Shards[NumShards];

size_t hashOf(uintptr_t P) {
  uint64_t H = P >> 4;
  H ^= H >> 33;
  H *= 0xff51afd7ed558ccdULL;
  H ^= H >> 33;
  return H;
}
Shard &shardOf(uintptr_t P) { return Shards[hashOf(P) % NumShards]; }

Record *find(Shard &S, uintptr_t P) {
  if (!S.Capacity)
    return nullptr;
  size_t Mask = S.Capacity - 1;
  for (size_t I = (hashOf(P) / NumShards) & Mask;; I = (I + 1) & Mask) {
    Record &R = S.Slots[I];
    if (R.Key == P)
      return &R;
    if (R.Key == Empty)
      return nullptr;
  }
}

/// Grows (or cleans) the table so that one more record fits.
bool reserve(Shard &S) {
  if ((S.Used + 1) * 2 <= S.Capacity)
    return true;
  size_t NewCap = S.Capacity ? S.Capacity : 256;
  while ((S.Live + 1) * 4 > NewCap)
    NewCap *= 2;
  auto *New = static_cast<Record *>(__libc_calloc(NewCap, sizeof(Record)));
  if (!New)
    return false;
  for (size_t I = 0; I < S.Capacity; ++I) {
    Record &R = S.Slots[I];
    if (R.Key == Empty || R.Key == Deleted)
      continue;
    size_t J = (hashOf(R.Key) / NumShards) & (NewCap - 1);
    while (New[J].Key != Empty)
      J = (J + 1) & (NewCap - 1);
    New[J] = R;
  }
  __libc_free(S.Slots);
  S.Slots = New;
  S.Capacity = NewCap;
  S.Used = S.Live;
  return true;
}

/// The logical clock of lifetimes: this thread's instrumented heap
/// allocations so far.
__thread uint64_t Clock;

unsigned lifetimeBucket(uint64_t Lifetime) {
  unsigned B = Lifetime ? 64 - __builtin_clzll(Lifetime) : 0;
  return B < LifetimeBuckets ? B : LifetimeBuckets - 1;
}

/// One more live object of \p Site, its \p Allocated-th. The objects live
/// now are the allocated ones less the dead ones (no counter of its own:
/// one atomic operation less per allocation and per free). Exact when one
/// thread allocates and frees; with several, a free in flight on another
/// thread may not be counted yet.
void countBirth(EscapeProfSite *Site, uint64_t Allocated) {
  uint64_t Dead = load(Site->FrameLocal) + load(Site->FreedLater) +
                  load(Site->OtherThread) + load(Site->NeverFreed);
  uint64_t Live = Allocated > Dead ? Allocated - Dead : 1;
  uint64_t Max = load(Site->MaxLive);
  while (Live > Max && !__atomic_compare_exchange_n(
                           &Site->MaxLive, &Max, Live,
                           /*weak=*/true, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
}

/// Counts the death of the object of \p R, freed now by this thread.
void countFree(const Record &R) {
  if (R.Thread == thisThread())
    add(R.Site->Lifetime[lifetimeBucket(Clock - R.Born)], 1);
  if (R.Thread != thisThread())
    add(R.Site->OtherThread, 1);
  else if (running(R.Frame))
    add(R.Site->FrameLocal, 1);
  else
    add(R.Site->FreedLater, 1);
}

/// Frees of blocks no instrumented site allocated (libraries, uninstrumented
/// translation units, allocations made before start-up).
uint64_t UntrackedFrees;

void onFree(void *Ptr) {
  if (!Ptr || done())
    return;
  auto P = reinterpret_cast<uintptr_t>(Ptr);
  Shard &S = shardOf(P);
  pthread_mutex_lock(&S.Lock);
  Record *R = find(S, P);
  if (R) {
    Record Copy = *R;
    R->Key = Deleted;
    --S.Live;
    pthread_mutex_unlock(&S.Lock);
    countFree(Copy);
    return;
  }
  pthread_mutex_unlock(&S.Lock);
  add(UntrackedFrees, 1);
}

//===-- Registered sites
//----------------------------------------------------===//

struct Module {
  EscapeProfSite **Sites;
  uint64_t Count;
  Module *Next;
};
Module *Modules;
pthread_mutex_t ModulesLock = PTHREAD_MUTEX_INITIALIZER;

//===-- Output
//--------------------------------------------------------------===//

void writeString(FILE *Out, const char *S) {
  if (!S) {
    fputs("\"\"", Out);
    return;
  }
  fputc('"', Out);
  for (; *S; ++S) {
    unsigned char C = *S;
    if (C == '"' || C == '\\')
      fprintf(Out, "\\%c", C);
    else if (C < 0x20)
      fprintf(Out, "\\u%04x", C);
    else
      fputc(C, Out);
  }
  fputc('"', Out);
}

/// The output path: $CLANG_ESCAPE_PROFILE with %p expanded.
void outputPath(char *Buf, size_t Size) {
  const char *Pattern = getenv("CLANG_ESCAPE_PROFILE");
  if (!Pattern || !*Pattern)
    Pattern = "escape-profile.json";
  size_t N = 0;
  for (const char *S = Pattern; *S && N + 1 < Size; ++S) {
    if (S[0] == '%' && S[1] == 'p') {
      N += snprintf(Buf + N, Size - N, "%d", static_cast<int>(getpid()));
      if (N >= Size)
        N = Size - 1;
      ++S;
    } else {
      Buf[N++] = *S;
    }
  }
  Buf[N] = 0;
}

void writeProfile() {
  if (__atomic_exchange_n(&Done, true, __ATOMIC_ACQ_REL))
    return;
  // Objects still allocated outlived their frame.
  for (Shard &S : Shards) {
    pthread_mutex_lock(&S.Lock);
    for (size_t I = 0; I < S.Capacity; ++I)
      if (S.Slots[I].Key != Empty && S.Slots[I].Key != Deleted)
        add(S.Slots[I].Site->NeverFreed, 1);
    pthread_mutex_unlock(&S.Lock);
  }
  char Path[4096];
  outputPath(Path, sizeof Path);
  int SavedErrno = errno;
  FILE *Out = fopen(Path, "w");
  if (!Out) {
    fprintf(stderr, "clang-escape profile: warning: cannot write '%s': %s\n",
            Path, strerror(errno));
    errno = SavedErrno;
    return;
  }
  fprintf(Out,
          "{\"format\":\"clang-escape-profile\",\"version\":2,"
          "\"pid\":%d,\"untracked_frees\":%llu,\"sites\":[",
          static_cast<int>(getpid()),
          static_cast<unsigned long long>(load(UntrackedFrees)));
  bool First = true;
  pthread_mutex_lock(&ModulesLock);
  for (Module *M = Modules; M; M = M->Next)
    for (uint64_t I = 0; I < M->Count; ++I) {
      EscapeProfSite &S = *M->Sites[I];
      fputs(First ? "\n" : ",\n", Out);
      First = false;
      fputs("{\"file\":", Out);
      writeString(Out, S.File);
      fprintf(Out, ",\"line\":%u,\"column\":%u,\"function\":", S.Line,
              S.Column);
      writeString(Out, S.Function);
      uint64_t FrameLocal = load(S.FrameLocal);
      uint64_t Later = load(S.FreedLater), Other = load(S.OtherThread),
               Never = load(S.NeverFreed);
      fprintf(Out,
              ",\"allocations\":%llu,\"frame_local\":%llu,\"outlived\":%llu,"
              "\"freed_later\":%llu,\"other_thread\":%llu,"
              "\"never_freed\":%llu,\"bytes\":%llu,\"converted\":%llu,"
              "\"moved\":",
              static_cast<unsigned long long>(load(S.Allocations)),
              static_cast<unsigned long long>(FrameLocal),
              static_cast<unsigned long long>(Later + Other + Never),
              static_cast<unsigned long long>(Later),
              static_cast<unsigned long long>(Other),
              static_cast<unsigned long long>(Never),
              static_cast<unsigned long long>(load(S.Bytes)),
              static_cast<unsigned long long>(load(S.Converted)));
      writeString(Out, S.Moved);
      fputs(",\"reason\":", Out);
      writeString(Out, S.Reason);
      fputs(",\"inlined_from\":", Out);
      writeString(Out, S.Inlined);
      // The histogram without its trailing empty buckets.
      unsigned Used = LifetimeBuckets;
      while (Used && !load(S.Lifetime[Used - 1]))
        --Used;
      fprintf(Out, ",\"max_live\":%llu,\"lifetime_histogram\":[",
              static_cast<unsigned long long>(load(S.MaxLive)));
      for (unsigned B = 0; B < Used; ++B)
        fprintf(Out, "%s%llu", B ? "," : "",
                static_cast<unsigned long long>(load(S.Lifetime[B])));
      fputc(']', Out);
      fputc('}', Out);
    }
  pthread_mutex_unlock(&ModulesLock);
  fputs("\n]}\n", Out);
  if (fclose(Out) != 0)
    fprintf(stderr, "clang-escape profile: warning: cannot write '%s': %s\n",
            Path, strerror(errno));
  errno = SavedErrno;
}

__attribute__((destructor(101))) void atExit() { writeProfile(); }

} // namespace

//===-- The interface
//-------------------------------------------------------===//

extern "C" {

void __escape_prof_register_v2(EscapeProfSite **Sites, uint64_t Count) {
  auto *M = static_cast<Module *>(__libc_malloc(sizeof(Module)));
  if (!M)
    return;
  M->Sites = Sites;
  M->Count = Count;
  pthread_mutex_lock(&ModulesLock);
  // Kept in registration order (the order of the translation units).
  Module **Tail = &Modules;
  while (*Tail)
    Tail = &(*Tail)->Next;
  M->Next = nullptr;
  *Tail = M;
  pthread_mutex_unlock(&ModulesLock);
}

uint64_t __escape_prof_enter(void *ReturnAddressSlot) {
  // Frames at or below the new one are not running: a longjmp skipped their
  // exit hooks.
  auto Slot = reinterpret_cast<uintptr_t>(ReturnAddressSlot);
  while (Slot && Depth && Stack[Depth - 1].Slot <= Slot)
    --Depth;
  if (Depth == Capacity) {
    uint32_t NewCap = Capacity ? Capacity * 2 : 64;
    auto *New = static_cast<FrameEntry *>(
        __libc_realloc(Stack, NewCap * sizeof(FrameEntry)));
    if (!New)
      return 0; // frame 0: never running, objects count as outliving
    Stack = New;
    Capacity = NewCap;
    pthread_once(&StackKeyOnce, makeStackKey);
    pthread_setspecific(StackKey, Stack);
  }
  uint64_t Frame = ++NextFrame;
  Stack[Depth++] = {Frame, Slot};
  return Frame;
}

void __escape_prof_exit(uint64_t Frame) {
  // Also pops frames a longjmp skipped (their ids are larger).
  while (Depth && Stack[Depth - 1].Id >= Frame)
    --Depth;
}

void __escape_prof_alloc(EscapeProfSite *Site, void *Ptr, uint64_t Bytes,
                         uint64_t Frame) {
  if (!Ptr || done())
    return;
  countBirth(Site, __atomic_add_fetch(&Site->Allocations, 1, __ATOMIC_RELAXED));
  add(Site->Bytes, Bytes);
  uint64_t Born = ++Clock;
  auto P = reinterpret_cast<uintptr_t>(Ptr);
  Shard &S = shardOf(P);
  Record Old{};
  pthread_mutex_lock(&S.Lock);
  Record *R = find(S, P);
  if (R) {
    // Its free was not seen (freed inside a library without going through
    // free): it outlived nothing we know of; count it as never freed.
    Old = *R;
  } else if (reserve(S)) {
    size_t Mask = S.Capacity - 1;
    size_t I = (hashOf(P) / NumShards) & Mask;
    while (S.Slots[I].Key != Empty && S.Slots[I].Key != Deleted)
      I = (I + 1) & Mask;
    R = &S.Slots[I];
    if (R->Key == Empty)
      ++S.Used;
    ++S.Live;
  }
  if (R)
    *R = Record{P, Site, Frame, Born, thisThread()};
  pthread_mutex_unlock(&S.Lock);
  if (Old.Site)
    add(Old.Site->NeverFreed, 1);
}

/// Called by the operator delete replacements (Delete.cpp).
void __escape_prof_free(void *Ptr) { onFree(Ptr); }

// Weak, like the operator delete replacements: a program with an allocator
// of its own keeps its free (whose frees the profile then does not see).
__attribute__((weak)) void free(void *Ptr) {
  onFree(Ptr);
  __libc_free(Ptr);
}

__attribute__((weak)) void *realloc(void *Ptr, size_t Size) {
  // realloc ends the old object (the result is a new one; an instrumented
  // realloc call site records it).
  onFree(Ptr);
  return __libc_realloc(Ptr, Size);
}

} // extern "C"
