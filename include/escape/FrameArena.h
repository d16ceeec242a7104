//===- FrameArena.h - Frame-scoped arena runtime ----------------*- C++ -*-===//
//
// Header-only, dependency-free (standard library only) runtime for
// clang-escape's "frame arena": allocations whose objects die before their
// function returns are served from a stack buffer that lives in the frame,
// with a heap fallback once the buffer is exhausted. Everything is released
// when the arena goes out of scope.
//
//   escape::FrameArena<1024> arena;          // 1 KiB stack buffer
//   Big *b = arena.make<Big>(args...);       // ~Big() runs at scope exit
//   void *raw = arena.allocate(100, 16);     // bump allocation
//   std::vector<int, escape::ArenaAllocator<int>> v{
//       escape::ArenaAllocator<int>(arena)};
//   auto sp = std::allocate_shared<Big>(escape::ArenaAllocator<Big>(arena));
//   escape::ArenaResource res(arena);        // std::pmr adapter
//   std::pmr::vector<int> pv(&res);
//   Big *n = new (escape::ArenaNew(arena)) Big(args...); // `new`, no
//   arena.destroy(n);                        // registration: the `delete`
//   int *a = arena.newArray<int>(n);         // `new int[n]`
//   arena.destroyArray(a);                   // `delete[] a`
//
// See docs/arena.md for the full contract (guarantees and limits).
//
// C++17. Works with and without exceptions (-fno-exceptions: allocation
// failure calls the global operator new's failure path, constructors cannot
// throw). Not thread-safe: an arena belongs to one frame, hence one thread.
//
//===----------------------------------------------------------------------===//
#ifndef ESCAPE_FRAMEARENA_H
#define ESCAPE_FRAMEARENA_H

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

#if defined(__has_include)
#if __has_include(<memory_resource>)
#include <memory_resource>
#endif
#endif
#if defined(__cpp_lib_memory_resource) && __cpp_lib_memory_resource >= 201603L
#define ESCAPE_ARENA_HAS_PMR 1
#else
#define ESCAPE_ARENA_HAS_PMR 0
#endif

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define ESCAPE_ARENA_EXCEPTIONS 1
#else
#define ESCAPE_ARENA_EXCEPTIONS 0
#endif

namespace escape {

/// Counters for tests and benchmarks. Monotonic over the arena's lifetime
/// (reset() does not clear them).
struct ArenaStats {
  std::size_t allocations = 0;     ///< allocate() calls that succeeded.
  std::size_t deallocations = 0;   ///< deallocate() calls.
  std::size_t heapAllocations = 0; ///< allocate() calls served by the heap.
  std::size_t heapBytes = 0;       ///< Bytes requested from the heap.
  std::size_t heapFrees = 0;       ///< Heap blocks returned (any path).
  std::size_t destructorsRun = 0;  ///< Destructors run by the arena.
};

/// The arena core: a caller-provided buffer plus heap fallback, a list of
/// pending destructors and a list of live heap blocks. Independent of the
/// buffer size, so ArenaAllocator<T> and ArenaResource refer to an Arena&.
/// FrameArena<N> below owns its buffer; use Arena directly to put an arena
/// over storage you manage (for example alloca'd stack memory).
class Arena {
public:
  /// An arena over [Buffer, Buffer + Capacity). The buffer must outlive the
  /// arena. Capacity may be 0 (heap only).
  Arena(void *Buffer, std::size_t Capacity) noexcept
      : Begin(static_cast<std::byte *>(Buffer)), End(Begin + Capacity),
        Top(Begin) {}
  Arena(const Arena &) = delete;
  Arena &operator=(const Arena &) = delete;
  /// Runs pending destructors (reverse order) and frees heap blocks.
  ~Arena() { release(); }

  /// Returns `Bytes` bytes aligned to `Align` (a power of two; anything else
  /// throws std::bad_alloc). Served from the buffer when it fits, otherwise
  /// from `::operator new` (the align_val_t overload when `Align` exceeds
  /// __STDCPP_DEFAULT_NEW_ALIGNMENT__). A zero-byte request consumes one
  /// byte, so distinct calls return distinct pointers.
  [[nodiscard]] void *allocate(std::size_t Bytes,
                               std::size_t Align = alignof(std::max_align_t)) {
    if (Align == 0 || (Align & (Align - 1)) != 0)
      failAlloc();
    if (Bytes == 0)
      Bytes = 1;
    // Buffer path: uintptr_t arithmetic, checked against End without
    // overflow.
    std::uintptr_t TopAddr = reinterpret_cast<std::uintptr_t>(Top);
    std::uintptr_t Aligned =
        (TopAddr + (Align - 1)) & ~std::uintptr_t(Align - 1);
    std::uintptr_t EndAddr = reinterpret_cast<std::uintptr_t>(End);
    if (Aligned >= TopAddr && Aligned <= EndAddr &&
        Bytes <= EndAddr - Aligned) {
      std::byte *P = Top + (Aligned - TopAddr);
      Top = P + Bytes;
      ++Stats.allocations;
      return P;
    }
    void *P = heapAllocate(Bytes, Align);
    ++Stats.allocations;
    return P;
  }

  /// Returns memory from allocate(P's Bytes, Align) (same arguments).
  /// Buffer memory: a no-op, except that the most recent buffer allocation is
  /// rolled back (the next allocation reuses it). Heap memory: the block is
  /// freed immediately. Null is ignored.
  void deallocate(void *P, std::size_t Bytes,
                  std::size_t Align = alignof(std::max_align_t)) noexcept {
    if (!P)
      return;
    ++Stats.deallocations;
    if (Bytes == 0)
      Bytes = 1;
    if (inBuffer(P)) {
      std::byte *B = static_cast<std::byte *>(P);
      if (B + Bytes == Top)
        Top = B;
      return;
    }
    HeapBlock *H = headerOf(P, Align);
    unlink(H);
    freeBlock(H);
  }

  /// Constructs a T in the arena and returns a pointer to it. If T is not
  /// trivially destructible, ~T() runs exactly once, when the arena is
  /// released, in reverse order of construction. If the constructor throws,
  /// the memory is given back, no destructor is registered, and the
  /// exception propagates. Never delete the result.
  template <class T, class... Args> [[nodiscard]] T *make(Args &&...A) {
    static_assert(!std::is_array<T>::value, "make<T[]> is not supported");
    static_assert(!std::is_reference<T>::value && !std::is_void<T>::value,
                  "make<T> needs an object type");
    if constexpr (std::is_trivially_destructible<T>::value) {
      void *Mem = allocate(sizeof(T), alignof(T));
      return construct<T>(Mem, Mem, sizeof(T), alignof(T),
                          std::forward<Args>(A)...);
    } else {
      // One block: [DtorNode][padding][T].
      constexpr std::size_t Align =
          alignof(T) > alignof(DtorNode) ? alignof(T) : alignof(DtorNode);
      constexpr std::size_t Offset =
          (sizeof(DtorNode) + alignof(T) - 1) / alignof(T) * alignof(T);
      constexpr std::size_t Size = Offset + sizeof(T);
      std::byte *Mem = static_cast<std::byte *>(allocate(Size, Align));
      T *Obj = construct<T>(Mem + Offset, Mem, Size, Align,
                            std::forward<Args>(A)...);
      DtorNode *N = ::new (static_cast<void *>(Mem)) DtorNode;
      N->Next = Dtors;
      N->Destroy = &destroyObject<T>;
      N->Object = Obj;
      Dtors = N;
      return Obj;
    }
  }

  /// The alignment of the storage of `new T` and `new T[n]`: alignof(T), but
  /// at least __STDCPP_DEFAULT_NEW_ALIGNMENT__, which `::operator new`
  /// guarantees (and code may rely on, e.g. for `new char[n]` buffers).
  template <class T> static constexpr std::size_t newAlign() noexcept {
    return alignof(T) > __STDCPP_DEFAULT_NEW_ALIGNMENT__
               ? alignof(T)
               : __STDCPP_DEFAULT_NEW_ALIGNMENT__;
  }

  /// The `delete p` of an object made by `new (escape::ArenaNew(arena))
  /// T(...)` (see ArenaNew): runs ~T() and gives the memory back (heap
  /// blocks at once, the buffer when it is the most recent allocation). P
  /// must point to a complete object of type T (not to a base subobject).
  /// Null is ignored. As with `delete`, the memory is given back even if the
  /// destructor throws.
  template <class T>
  void destroy(T *P) noexcept(std::is_nothrow_destructible<T>::value) {
    static_assert(!std::is_void<T>::value, "destroy(void *)");
    if (!P)
      return;
    void *Mem = const_cast<void *>(static_cast<const volatile void *>(P));
#if ESCAPE_ARENA_EXCEPTIONS
    if constexpr (!std::is_nothrow_destructible<T>::value) {
      try {
        P->~T();
      } catch (...) {
        deallocate(Mem, sizeof(T), newAlign<T>());
        throw;
      }
    } else
#endif
      P->~T();
    if constexpr (!std::is_trivially_destructible<T>::value)
      ++Stats.destructorsRun;
    deallocate(Mem, sizeof(T), newAlign<T>());
  }

  /// `new T[Count]` in the arena: Count default-initialised elements (for
  /// trivial types: uninitialised). Like the new-expression, a negative
  /// Count or a size that overflows throws std::bad_array_new_length, and if
  /// an element's constructor throws, the elements already built are
  /// destroyed (in reverse order), the memory is given back and the exception
  /// propagates. Nothing is registered for destruction: the elements are
  /// destroyed by destroyArray() (the `delete[]`) or never, like a `new[]`'d
  /// array that is never deleted; the memory returns with the arena.
  template <class T, class N> [[nodiscard]] T *newArray(N Count) {
    return buildArray<T, false>(arrayCount(Count));
  }
  /// `new T[Count]()` (and `new T[Count]{}`): value-initialised elements.
  template <class T, class N> [[nodiscard]] T *newArrayValueInit(N Count) {
    return buildArray<T, true>(arrayCount(Count));
  }
  /// The `delete[] p` of an array from newArray / newArrayValueInit:
  /// destroys the elements in reverse order and gives the memory back. Null
  /// is ignored.
  template <class T> void destroyArray(T *P) noexcept {
    if (!P)
      return;
    using E = typename std::remove_cv<T>::type;
    std::byte *Elems = reinterpret_cast<std::byte *>(const_cast<E *>(P));
    std::byte *Block = Elems - arrayOffset<E>();
    std::size_t Count = reinterpret_cast<ArrayHeader *>(Block)->Count;
    if constexpr (!std::is_trivially_destructible<E>::value) {
      for (std::size_t I = Count; I-- > 0;)
        const_cast<E *>(P)[I].~E();
      Stats.destructorsRun += Count;
    }
    deallocate(Block, arrayOffset<E>() + Count * sizeof(E), newAlign<E>());
  }

  /// Runs every pending destructor (most recent first), frees every heap
  /// block and makes the whole buffer available again. Pointers from the
  /// arena become dangling. Destructors may themselves use the arena; what
  /// they register is destroyed by the same call.
  void release() noexcept {
    while (DtorNode *N = Dtors) {
      Dtors = N->Next;
      N->Destroy(N->Object);
      ++Stats.destructorsRun;
    }
    while (HeapBlock *H = Heap) {
      Heap = H->Next;
      freeBlock(H);
    }
    Top = Begin;
  }

  /// True if P points into the arena's buffer (as opposed to a heap block).
  bool inBuffer(const void *P) const noexcept {
    std::uintptr_t A = reinterpret_cast<std::uintptr_t>(P);
    return A >= reinterpret_cast<std::uintptr_t>(Begin) &&
           A < reinterpret_cast<std::uintptr_t>(End);
  }
  std::size_t bufferCapacity() const noexcept {
    return static_cast<std::size_t>(End - Begin);
  }
  std::size_t bufferUsed() const noexcept {
    return static_cast<std::size_t>(Top - Begin);
  }
  /// Heap blocks currently held (allocated and not yet freed).
  std::size_t liveHeapBlocks() const noexcept {
    std::size_t N = 0;
    for (HeapBlock *H = Heap; H; H = H->Next)
      ++N;
    return N;
  }
  /// Destructors registered by make<T>() and not yet run.
  std::size_t pendingDestructors() const noexcept {
    std::size_t N = 0;
    for (DtorNode *D = Dtors; D; D = D->Next)
      ++N;
    return N;
  }
  const ArenaStats &stats() const noexcept { return Stats; }

private:
  struct DtorNode {
    DtorNode *Next;
    void (*Destroy)(void *);
    void *Object;
  };
  struct HeapBlock {
    HeapBlock *Prev;
    HeapBlock *Next;
    std::size_t Total;      ///< Bytes passed to ::operator new.
    std::size_t BlockAlign; ///< Alignment passed to ::operator new.
  };

  struct ArrayHeader {
    std::size_t Count;
  };
  /// Bytes from the start of an array block to its first element.
  template <class T> static constexpr std::size_t arrayOffset() noexcept {
    return (sizeof(ArrayHeader) + newAlign<T>() - 1) / newAlign<T>() *
           newAlign<T>();
  }
  [[noreturn]] static void failLength() {
#if ESCAPE_ARENA_EXCEPTIONS
    throw std::bad_array_new_length();
#else
    std::abort();
#endif
  }
  template <class N> static std::size_t arrayCount(N Count) {
    static_assert(std::is_integral<N>::value || std::is_enum<N>::value,
                  "the element count must be an integer");
    if constexpr (std::is_enum<N>::value) {
      return arrayCount(
          static_cast<typename std::underlying_type<N>::type>(Count));
    } else {
      if constexpr (std::is_signed<N>::value)
        if (Count < 0)
          failLength();
      if (static_cast<std::uintmax_t>(Count) >
          std::numeric_limits<std::size_t>::max())
        failLength();
      return static_cast<std::size_t>(Count);
    }
  }
  template <class T, bool ValueInit> T *buildArray(std::size_t Count) {
    static_assert(!std::is_array<T>::value && !std::is_reference<T>::value &&
                      !std::is_void<T>::value,
                  "newArray<T> needs an object type");
    using E = typename std::remove_cv<T>::type;
    constexpr std::size_t Offset = arrayOffset<E>();
    if (Count > (std::numeric_limits<std::size_t>::max() - Offset) / sizeof(E))
      failLength();
    std::size_t Bytes = Offset + Count * sizeof(E);
    std::byte *Block = static_cast<std::byte *>(allocate(Bytes, newAlign<E>()));
    ::new (static_cast<void *>(Block)) ArrayHeader{Count};
    E *Elems = reinterpret_cast<E *>(Block + Offset);
    std::size_t Built = 0;
#if ESCAPE_ARENA_EXCEPTIONS
    try {
#endif
      for (; Built < Count; ++Built) {
        if constexpr (ValueInit)
          ::new (static_cast<void *>(Elems + Built)) E();
        else
          ::new (static_cast<void *>(Elems + Built)) E;
      }
#if ESCAPE_ARENA_EXCEPTIONS
    } catch (...) {
      while (Built-- > 0)
        Elems[Built].~E();
      deallocate(Block, Bytes, newAlign<E>());
      throw;
    }
#endif
    return Elems;
  }

  template <class T> static void destroyObject(void *P) noexcept {
    static_cast<T *>(P)->~T();
  }

  /// Placement-constructs a T at At; on exception gives back Block.
  template <class T, class... Args>
  T *construct(void *At, void *Block, std::size_t Size, std::size_t Align,
               Args &&...A) {
#if ESCAPE_ARENA_EXCEPTIONS
    try {
#endif
      if constexpr (std::is_constructible<T, Args &&...>::value)
        return ::new (At) T(std::forward<Args>(A)...);
      else
        return ::new (At) T{std::forward<Args>(A)...};
#if ESCAPE_ARENA_EXCEPTIONS
    } catch (...) {
      deallocate(Block, Size, Align);
      throw;
    }
#else
    (void)Block, (void)Size, (void)Align;
#endif
  }

  [[noreturn]] static void failAlloc() {
#if ESCAPE_ARENA_EXCEPTIONS
    throw std::bad_alloc();
#else
    std::abort();
#endif
  }

  static constexpr std::size_t headerSpace(std::size_t Align) noexcept {
    return (sizeof(HeapBlock) + Align - 1) / Align * Align;
  }
  static bool overAligned(std::size_t Align) noexcept {
    return Align > __STDCPP_DEFAULT_NEW_ALIGNMENT__;
  }
  static HeapBlock *headerOf(void *P, std::size_t Align) noexcept {
    if (Align < alignof(HeapBlock))
      Align = alignof(HeapBlock);
    return reinterpret_cast<HeapBlock *>(static_cast<std::byte *>(P) -
                                         headerSpace(Align));
  }

  void *heapAllocate(std::size_t Bytes, std::size_t Align) {
    std::size_t BlockAlign =
        Align < alignof(HeapBlock) ? alignof(HeapBlock) : Align;
    std::size_t Header = headerSpace(BlockAlign);
    if (Bytes > std::numeric_limits<std::size_t>::max() - Header)
      failAlloc();
    std::size_t Total = Header + Bytes;
    void *Raw = overAligned(BlockAlign)
                    ? ::operator new(Total, std::align_val_t(BlockAlign))
                    : ::operator new(Total);
    HeapBlock *H = ::new (Raw) HeapBlock;
    H->Prev = nullptr;
    H->Next = Heap;
    H->Total = Total;
    H->BlockAlign = BlockAlign;
    if (Heap)
      Heap->Prev = H;
    Heap = H;
    ++Stats.heapAllocations;
    Stats.heapBytes += Bytes;
    return static_cast<std::byte *>(Raw) + Header;
  }

  void unlink(HeapBlock *H) noexcept {
    if (H->Prev)
      H->Prev->Next = H->Next;
    else
      Heap = H->Next;
    if (H->Next)
      H->Next->Prev = H->Prev;
  }

  void freeBlock(HeapBlock *H) noexcept {
    std::size_t BlockAlign = H->BlockAlign;
    H->~HeapBlock();
    if (overAligned(BlockAlign))
      ::operator delete(static_cast<void *>(H), std::align_val_t(BlockAlign));
    else
      ::operator delete(static_cast<void *>(H));
    ++Stats.heapFrees;
  }

  std::byte *Begin;
  std::byte *End;
  std::byte *Top;
  DtorNode *Dtors = nullptr;
  HeapBlock *Heap = nullptr;
  ArenaStats Stats;
};

/// An Arena that owns a BufferBytes-byte buffer inside itself: declared as a
/// local variable, the buffer lives in the function's stack frame. Neither
/// copyable nor movable.
template <std::size_t BufferBytes = 1024> class FrameArena : public Arena {
public:
  FrameArena() noexcept : Arena(Storage, BufferBytes) {}
  /// Releases while Storage is still alive (the Arena base destructor would
  /// otherwise run destructors of objects living in an ended member).
  ~FrameArena() { release(); }
  static constexpr std::size_t bufferBytes() noexcept { return BufferBytes; }

private:
  alignas(
      std::max_align_t) std::byte Storage[BufferBytes > 0 ? BufferBytes : 1];
};

/// A standard Allocator over an Arena. Copies and rebinds refer to the same
/// arena; two allocators compare equal iff they use the same arena. Memory
/// given to a container is reclaimed per Arena::deallocate (heap blocks
/// immediately, buffer memory at the arena's end). Containers and shared_ptrs
/// using it must be destroyed before the arena.
template <class T> class ArenaAllocator {
public:
  using value_type = T;
  using size_type = std::size_t;
  using difference_type = std::ptrdiff_t;
  using propagate_on_container_copy_assignment = std::false_type;
  using propagate_on_container_move_assignment = std::true_type;
  using propagate_on_container_swap = std::true_type;
  using is_always_equal = std::false_type;
  template <class U> struct rebind {
    using other = ArenaAllocator<U>;
  };

  explicit ArenaAllocator(Arena &A) noexcept : TheArena(&A) {}
  template <class U>
  ArenaAllocator(const ArenaAllocator<U> &Other) noexcept
      : TheArena(Other.arena()) {}

  [[nodiscard]] T *allocate(std::size_t N) {
    if (N > std::numeric_limits<std::size_t>::max() / sizeof(T)) {
#if ESCAPE_ARENA_EXCEPTIONS
      throw std::bad_array_new_length();
#else
      std::abort();
#endif
    }
    return static_cast<T *>(TheArena->allocate(N * sizeof(T), alignof(T)));
  }
  void deallocate(T *P, std::size_t N) noexcept {
    TheArena->deallocate(P, N * sizeof(T), alignof(T));
  }

  Arena *arena() const noexcept { return TheArena; }

private:
  Arena *TheArena;
};

template <class T, class U>
bool operator==(const ArenaAllocator<T> &A,
                const ArenaAllocator<U> &B) noexcept {
  return A.arena() == B.arena();
}
template <class T, class U>
bool operator!=(const ArenaAllocator<T> &A,
                const ArenaAllocator<U> &B) noexcept {
  return !(A == B);
}

/// Placement argument of an arena-backed new-expression, for one object:
///
///   T *p = new (escape::ArenaNew(arena)) T(args);  // initialised exactly
///   ...                                            // as by `new T(args)`
///   arena.destroy(p);                              // the `delete p`
///
/// The storage comes from the arena (aligned as `::operator new` would
/// align it). If the constructor throws, the language calls the matching
/// placement operator delete below, which gives the memory back to the
/// arena. The object is not registered for destruction: like a `new`'d
/// object it is destroyed by Arena::destroy() or never; its memory returns
/// with the arena at the latest. (No array form: use Arena::newArray.)
class ArenaNew {
public:
  explicit ArenaNew(Arena &A) noexcept : TheArena(&A) {}
  /// Used by the operator new below; remembers the request so that the
  /// placement operator delete can give the block back.
  void *allocate(std::size_t Bytes, std::size_t Align) const {
    void *P = TheArena->allocate(Bytes, Align);
    this->Bytes = Bytes;
    this->Align = Align;
    return P;
  }
  void undo(void *P) const noexcept { TheArena->deallocate(P, Bytes, Align); }

private:
  Arena *TheArena;
  mutable std::size_t Bytes = 0;
  mutable std::size_t Align = 0;
};

#if ESCAPE_ARENA_HAS_PMR
/// std::pmr::memory_resource over an Arena. Two resources are equal iff they
/// are both ArenaResources over the same arena.
class ArenaResource : public std::pmr::memory_resource {
public:
  explicit ArenaResource(Arena &A) noexcept : TheArena(&A) {}
  Arena &arena() const noexcept { return *TheArena; }

protected:
  void *do_allocate(std::size_t Bytes, std::size_t Align) override {
    return TheArena->allocate(Bytes, Align);
  }
  void do_deallocate(void *P, std::size_t Bytes, std::size_t Align) override {
    TheArena->deallocate(P, Bytes, Align);
  }
  bool
  do_is_equal(const std::pmr::memory_resource &Other) const noexcept override {
    if (this == &Other)
      return true;
#if defined(__cpp_rtti) || defined(__GXX_RTTI)
    auto *O = dynamic_cast<const ArenaResource *>(&Other);
    return O && O->TheArena == TheArena;
#else
    return false;
#endif
  }

private:
  Arena *TheArena;
};
#endif // ESCAPE_ARENA_HAS_PMR

} // namespace escape

// The placement allocation and deallocation functions of
// `new (escape::ArenaNew(arena)) T(...)`. The ArenaNew temporary lives until
// the end of the full-expression, and a placement operator delete receives
// the same placement arguments as the operator new, so undo() sees what
// allocate() recorded.
inline void *operator new(std::size_t Bytes, const escape::ArenaNew &Where) {
  return Where.allocate(Bytes, __STDCPP_DEFAULT_NEW_ALIGNMENT__);
}
inline void *operator new(std::size_t Bytes, std::align_val_t Align,
                          const escape::ArenaNew &Where) {
  return Where.allocate(Bytes, static_cast<std::size_t>(Align));
}
inline void operator delete(void *P, const escape::ArenaNew &Where) noexcept {
  Where.undo(P);
}
inline void operator delete(void *P, std::align_val_t,
                            const escape::ArenaNew &Where) noexcept {
  Where.undo(P);
}

#endif // ESCAPE_FRAMEARENA_H
