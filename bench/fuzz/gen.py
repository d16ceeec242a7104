#!/usr/bin/env python3
"""Random C++ programs for the differential check of clang-escape.

Every program allocates with new / new[] / std::make_unique /
std::make_shared and passes the pointers around: locals, aliases, fields of
local and global objects, globals, local and global containers, lambdas
(called in place or stored in a global std::function), returns, loops,
conditional escapes and exceptions (an exception object built from the
allocation, a thrown pointer caught by the caller).  It computes an unsigned
checksum from the objects' values (never from addresses) and main() prints
it, after reading everything the functions left in globals, so an object
wrongly moved to a function's stack frame is read after that frame is gone.

Further routes (issue 13, "reload", "held", "guard" and "fnslot" for issue
16, "payload", "calleebody" and "session35"):
  - self-referential objects built by out-of-line (noinline) constructors,
    in-class and out-of-class: std::string members shorter and longer than
    the 15-char SSO buffer, intrusive self/next/prev pointers, std::list and
    std::map members; used and destroyed in a frame (also in noinline
    functions taking the string at run time), or allocated with new and
    deleted or kept in a global vector.  The checksum covers the strings'
    contents and sizes, the containers and the self-pointers' consistency.
  - pointer bits leaving through non-pointers and read back in main after
    the frame is gone: std::bit_cast to an integer and to a struct of bytes,
    a union, the pointer's bytes copied through unsigned char *, memcpy into
    an integer, reinterpret_cast<std::uintptr_t &>, *(std::uintptr_t *)&p,
    snprintf("%p") / sscanf, std::ostringstream / std::istringstream,
    fwrite / fread through a tmpfile, and noinline read-only callees that
    return the bits of a pointer held in a local struct as long or double
    (memcpy or a type-punned load).  finish() turns the bits back into a
    pointer and dereferences it.  All are `site:escapes`.
  - deep recursion (DEEP_MIN..DEEP_MAX levels) allocating ~1 kB, or a
    run-time sized long[], per level, freed after the recursive call.
    Without the plugin that needs < 4 MiB of stack even under ASan at -O1
    (measured: 40,000 levels pass with ulimit -s 4096 under ASan with
    detect_stack_use_after_return=1, fail with 2048), so all four builds run
    the same depth under the default 8 MiB stack; a pass that put the
    per-level allocation in the frame would need 20-40 MB.
  - reload: std::string and std::vector<unsigned> locals (shorter and
    longer than the small buffer) passed by reference to noinline callees,
    with exact bodies and inline (linkonce_odr) ones, that read them, write
    them in place, append or assign (freeing the old buffer), push_back, or
    hand the buffer to a global (swap, move), or return a pointer into the
    buffer that the caller reads or keeps in a global; also reassigned in a
    loop.
    The destructor loads the buffer back after the call: the pass's
    loaded-back rule and its twins.  finish() reads the globals.
  - held (issue 16): linked nodes in a frame, an object stored into another
    heap object of the frame (its holder, which the pass moves to the
    stack): freed through the holder, directly, or through a copy saved
    before the holder's delete; chains of three; a holder per loop
    iteration; holders in a loop each holding the previous one; owned by
    std::unique_ptr across a throw.  Twins: the holder kept (a global, a
    callee that keeps it, on one path), or what it holds loaded back and
    kept, kept by a callee given the holder, or returned (held_out).
  - guard (issue 16): recursion 20,000-40,000 levels deep (direct, or
    through a function pointer) whose ~1 kB object per level is read by a
    noinline reader, so that LLVM cannot elide it: over the recursion
    budget, the pass gives it the outermost activation's buffer (the
    recursion guard) and every level inside uses the heap; an exception
    thrown at the deepest level unwinds through all of them (the object
    freed in a handler, or owned by a std::unique_ptr).
  - fnslot (issue 16): lambdas in std::function objects of the frame
    (captures by reference and by value, a visitor inlined or not, a
    mutable lambda, a moved-from std::function, one reassigned in a loop to
    different lambdas, a lambda that frees what it captured), and a struct
    whose called function replaces the function pointer it was called
    through.  Twins: the lambda keeps the pointer in a global, the
    std::function is copied into g_fn, the lambda returns the pointer and it
    is kept.
  - payload: GoogleMock's Matcher.  A PHandle owns a refcounted shared
    payload {std::atomic<int> count; std::unique_ptr<PImpl> impl} built
    from a moved std::unique_ptr (clang -O2 copies the impl's pointer into
    the payload as an integer: ptrtoint + store i64); copies add to the
    count, the last release deletes the payload and the impl through its
    virtual destructor.  The impl (PA or PB, internal linkage) has virtual
    members that read, mutate and take arguments, a noinline one, and
    morph(): placement new of the other class over *this, whose result is
    stored back into the payload, called again virtually, then changed back.
    Bodies: handles copied, moved, in a vector, in a loop, released on one
    path.  Twins: the handle copied into g_phandle (always, on one path, in
    a loop's first iteration, after a morph) or into a g_fn lambda or a
    heap PHandle kept in g_phandles, two handles swapped and one kept, the
    impl taken out into g_pimpl or returned by pl_out, this returned by a
    virtual member and kept, a virtual member (inline or noinline) storing
    this into g_pkeep.  finish() reads them.
  - calleebody: a heap object (new Node, new unsigned[m], make_unique of
    either, a std::vector<unsigned>'s buffer, a std::string of more than 15
    characters) passed to out-of-line (noinline), non-inline, non-template
    functions of the TU, one or two levels deep (f -> [g ->] h): h stores
    the pointer only into its own locals (a CKey {p, m} struct, an array of
    two pointers, another pointer, a key per loop iteration, a key changed
    on a branch or overwritten with a local's address, a copy of the key,
    a key whose address is looked up in a global std::unordered_set with a
    user hash and equality, a key on the heap freed before the return, a
    std::vector of pointers, a 48-byte key passed by value, byval, a local
    std::function capturing q, a lambda capturing q by reference given to
    a noinline visitor) and passes the local's address to a reader (static or external,
    noinline; reads, writes through, compares the pointer); h writes
    through the pointer, throws an Err caught by the caller or by itself,
    or calls itself with the pointer; g calls h once, twice, in a loop with
    interior pointers, on a branch, or through a key of its own.  The pass
    judges these exact bodies (issue 16).  Twins, at h or at g (the chain
    keeps the object, the caller does not free it; `site:escapes`): q kept
    in a global, a heap key kept in a global (g_cbbox), a static local
    (read by the next call and by finish() through g_cbfin), a
    thread_local, a global uintptr_t (turned back in finish()), a global
    through an out-parameter helper, inline asm storing to a global, a
    keeper called through a volatile function pointer, a noinline keeper,
    a keeper given the local key (by address, by value, byval), a key
    reader returning the pointer that h keeps, a volatile local loaded back
    and kept, a local key whose address a global holds while a noinline
    function copies the pointer out, memcpy into a global, an inline or
    template (linkonce_odr) keeper, h keeping it at the deepest level of
    its recursion, returned by h or g and kept by the caller, thrown by h
    or g and kept by the caller's handler, a lambda capturing it copied
    into g_fn through a local std::function; on one path only (`site:maybe`, not
    checked); freed by h or g, or by a noinline function given h's or g's
    local key (`site:freed`: the caller does not free it,
    not checked, a wrong move is a bad free).  h is sometimes inline or a
    template itself.  finish() reads what the twins kept.
  - session35: the three rules of session 35.  std::vector<int> / <long> /
    <VItem> locals grown by push_back / emplace_back in loops (several
    reallocations, reserve on some paths, cleared and regrown, two vectors
    std::swap'ped inside the loop, moved into another local, returned by a
    noinline function), read and dropped; twins keep the buffer (its
    address as a uintptr_t, &v[i], v.data() given to a keeper: the vector
    then moved into a global or a leaked new std::vector; returned or moved
    into a global; swapped with a global in the loop).  A KState {int
    *inst; int n;} on the stack holding a heap array, looked up by address
    in a global unordered_set / set whose functors only read (re2's
    DFA::CachedState), in a noinline out-of-line function or in the frame,
    also a template operator(), a template / inline lookup function, a key
    two levels down (KRows {int **rows; int n;}); twins: functors keeping
    s->inst or s->rows[0] (the array is then not freed).  Heap int / long /
    double / unsigned char arrays given to std::sort, stable_sort,
    partial_sort, nth_element, reverse, fill, copy, unique, lower_bound,
    accumulate, max_element, then freed; twins: a comparator keeping the
    array, an int *[] whose pointees are kept, the element max_element /
    lower_bound returns kept.  finish() reads what the twins kept.

The program is well defined: each raw allocation is deleted exactly once
(or leaked, never freed twice) and never used after its delete; smart
pointers are not used after being moved from.  Round trips of a pointer
through an integer, bytes, text or a file give back a pointer to the same
object (implementation-defined/guaranteed by C/C++ for uintptr_t, memcpy of
the object representation, %p and operator<<(const void *)).  Three routes
rely on what GCC and Clang define beyond ISO C++: reading the integer member
of a union whose pointer member was written, and the type-punned loads
reinterpret_cast<std::uintptr_t &>(p) / *(std::uintptr_t *)&p / bits_pun()
(each reads the pointer's bytes right after they were stored, so no
type-based alias analysis can reorder them; plain, ASan and plugin builds
must all agree).

Ground truth: every allocation site is on its own line, tagged with a
trailing comment `// site:escapes` when the object is, on some feasible path
(in most cases: every path) that executes the allocation, stored where it
outlives the function (a global, a returned pointer, a thrown pointer, a
global container or std::function).  Route "calleebody" uses `site:escapes`
only for every path, and tags `site:maybe` (kept on one path) and
`site:freed` (freed by a callee), which the checker does not test.
The plugin must never say "does not escape" for those.  (Sites tagged
`// site:local` never outlive their function; the plugin may or may not
prove it, which measures its precision.)

Deterministic: the same (seed, index) gives the same program text.

  bench/fuzz/gen.py SEED [INDEX] [--routes=selfref,bits,deep]
                                   # print one program (with main); --routes=
                                   # keeps only the listed optional families
  bench/fuzz/gen.py --directed FAMILY  # one program per variant of a family
"""
import random
import sys

# Depth of the recursive allocating functions (about 1 kB per level, so a
# pass that moved those allocations to the frame would need 20-40 MB of
# stack; without the plugin a level takes < 100 bytes at -O2).
DEEP_MIN, DEEP_MAX = 20000, 40000
# The optional statement families (gen.py / fuzz.py --routes): a subset
# turns the others off (to tell which family finds a failure).
ROUTES = ("selfref", "bits", "deep", "reload", "held", "guard", "fnslot", "payload", "calleebody",
          "session35")

# Callees given a local std::string s (@S) or std::vector<unsigned> (@V), and
# whether the buffer the local held outlives the statement through them.
RELOAD_CALLS = [
    ("cs_read(@S)", False), ("cs_read_inl(@S)", False), ("cs_fill(@S)", False),
    ("cs_append(@S)", False), ("cs_assign(@S)", False), ("cs_copy_g(@S)", False),
    ("cs_swap_g(@S)", True), ("cs_move_g(@S)", True), ("cs_swap_inl(@S)", True),
    ("cv_sum(@V)", False), ("cv_sum_inl(@V)", False), ("cv_scale(@V)", False),
    ("cv_push(@V)", False), ("cv_swap_g(@V)", True), ("cv_move_inl(@V)", True),
    # callees returning a pointer into the buffer, which the caller reads
    # (exact bodies and inline ones) or keeps in a global
    ("(cv_at(@V, n) ? *cv_at(@V, n) + 1u : 0u)", False),
    ("(cv_at_inl(@V, n) ? (*cv_at_inl(@V, n) += 2u) : 0u)", False),
    ("(g_pu = cv_at(@V, n), 0u)", True), ("(g_pu = cv_at_inl(@V, n), 0u)", True),
    ("(unsigned)cs_data(@S)[0]", False), ("(unsigned)cs_data_inl(@S)[0]", False),
    ("(g_pc = cs_data(@S), 0u)", True), ("(g_pc = cs_data_inl(@S), 0u)", True),
]

# Linked nodes in a frame (route "held"; @X, @Y: values, @K: a g_slot
# index): one block per entry, each allocation on its own tagged line.
HELD_BODIES = [
    # the held object freed through its holder, then the holder
    "Node *a = new Node(@X); // site:local\n"
    "  Node *b = new Node(@Y); b->next = a; // site:local\n"
    "  acc += sumlist(b); delete b->next; delete b;",
    # both freed directly
    "Node *a = new Node(@X); // site:local\n"
    "  Node *b = new Node(@Y); b->next = a; // site:local\n"
    "  acc += sumlist(b) + readv(b->next); delete a; delete b;",
    # the holder freed first; the held object used through a saved copy
    "Node *a = new Node(@X); // site:local\n"
    "  Node *b = new Node(@Y); b->next = a; // site:local\n"
    "  Node *s = b->next; delete b; acc += s->v + sumlist(s); delete s;",
    # a chain of three
    "Node *a = new Node(@X); // site:local\n"
    "  Node *b = new Node(@Y); b->next = a; // site:local\n"
    "  Node *c = new Node(n + 7u); c->next = b; // site:local\n"
    "  acc += sumlist(c); delete c->next->next; delete c->next; delete c;",
    # a holder per iteration, holding one object of the frame
    "Node *a = new Node(@X); // site:local\n"
    "  for (unsigned k = 0; k < 4u; ++k) { Node *h = new Node(k + n); h->next = a; acc += sumlist(h); delete h; } // site:local\n"
    "  delete a;",
    # each iteration's node holds the previous one until it is freed
    "Node *prev = new Node(@X); // site:local\n"
    "  for (unsigned k = 0; k < 5u; ++k) { Node *h = new Node(k * n); h->next = prev; acc += sumlist(h); h->next = nullptr; delete prev; prev = h; } // site:local\n"
    "  delete prev;",
    # a list built in a loop, then freed through the links
    "Node *head = nullptr; for (unsigned k = 0; k < 6u; ++k) { Node *h = new Node(k + @X); h->next = head; head = h; } // site:local\n"
    "  acc += sumlist(head); while (head) { Node *nx = head->next; delete head; head = nx; }",
    # owned by unique_ptrs across a throw
    "try { auto a = std::make_unique<Node>(@X); // site:local\n"
    "  auto b = std::make_unique<Node>(@Y); b->next = a.get(); // site:local\n"
    "  if (b->next->v % 3u == 0u) throw Err{sumlist(b.get())}; acc += sumlist(b.get()); } catch (const Err &e) { acc += e.x * 3u; }",
    # twins: the holder kept
    "Node *a = new Node(@X); // site:escapes\n"
    "  Node *b = new Node(@Y); b->next = a; // site:escapes\n"
    "  acc += sumlist(b); g_vec.push_back(b);",
    "Node *a = new Node(@X); // site:escapes\n"
    "  Node *b = new Node(@Y); b->next = a; // site:escapes\n"
    "  keep(b);",
    "Node *a = new Node(@X); // site:escapes\n"
    "  Node *b = new Node(@Y); b->next = a; // site:escapes\n"
    "  if (n % 3u == 0u) { g_vec.push_back(b); } else { acc += sumlist(b); delete b->next; delete b; }",
    # twins: what it holds loaded back and kept, kept by a callee given the
    # holder, kept through a copy saved before the holder's delete
    "Node *a = new Node(@X); // site:escapes\n"
    "  Node *b = new Node(@Y); b->next = a; // site:local\n"
    "  acc += sumlist(b); g_slot[@K] = b->next; delete b;",
    "Node *a = new Node(@X); // site:escapes\n"
    "  Node *b = new Node(@Y); b->next = a; // site:local\n"
    "  keep_next(b); acc += sumlist(b); delete b;",
    "Node *a = new Node(@X); // site:escapes\n"
    "  Node *b = new Node(@Y); b->next = a; // site:local\n"
    "  Node *s = b->next; delete b; keep(s);",
    # twin: returned out of a holder (held_out)
    "Node *r = held_out(@X); acc += sumlist(r); delete r;",
]

# Ways a pointer's bits leave a function through non-pointers (@V: the
# pointer variable, a raw Node *); finish() reads them back and dereferences.
BITS_ROUTES = [
    "g_bits = std::bit_cast<std::uint64_t>(@V);",
    "g_b8 = std::bit_cast<Bytes8>(@V);",
    "{ PtrBits pb; pb.p = @V; g_ubits = pb.u; }",
    "{ const unsigned char *b = reinterpret_cast<const unsigned char *>(&@V); "
    "for (unsigned i = 0; i < sizeof @V; ++i) g_raw8.b[i] = b[i]; }",
    "{ std::uint64_t u; std::memcpy(&u, &@V, 8); g_mbits = u; }",
    "g_bits = reinterpret_cast<std::uintptr_t &>(@V);",
    "g_bits = *(std::uintptr_t *)&@V;",
    "std::snprintf(g_pbuf, sizeof g_pbuf, \"%p\", static_cast<void *>(@V));",
    "{ char buf[32]; std::snprintf(buf, sizeof buf, \"%p\", static_cast<void *>(@V)); "
    "std::memcpy(g_pbuf, buf, sizeof buf); }",
    "{ std::ostringstream os; os << (void *)@V; g_pstr = os.str(); }",
    "{ if (!g_tmp) g_tmp = std::tmpfile(); if (g_tmp) std::fwrite(&@V, sizeof @V, 1, g_tmp); }",
    "{ Box bx{@V}; g_long = bits_long(bx); }",
    "{ Box bx{@V}; g_dbl = bits_double(bx); }",
    "{ Box bx{@V}; g_long = bits_pun(&bx); }",
]

# Bodies of the noinline functions whose frame holds a self-referential
# object built by a noinline constructor from the run-time string c.
SR_BODIES = [
    "SStr o(c, n);\n  return (unsigned)o.s.size();",
    "SStr o(c, n);\n  return (unsigned)o.s.size() * 7u + o.sum();",
    "SStr o(c, n);\n  SStr p(c, n + 1u);\n  return readstr(o) + (unsigned)p.s.size();",
    "OStr o(c, n);\n  return (unsigned)o.a.size() + (unsigned)o.b.size() * 3u + o.sum();",
    "Coll o(c, n);\n  return (unsigned)o.l.size() + readcoll(o);",
    "Ring o(n), o2(n + (unsigned)std::strlen(c));\n  o.join(o2);\n  return o.sum() + o2.sum();",
    "ORing o(n + (unsigned)std::strlen(c));\n  return o.sum();",
    "auto *o = new SStr(c, n); // site:local\n  unsigned s = readstr(*o);\n  delete o;\n  return s;",
]

# Bodies of the recursive functions (@F: the function's name; d: depth left).
DEEP_BODIES = [
    "Big *b = new Big(d + n); // site:local\n  long *w = new long[n % 61u + 1u]; // site:local\n"
    "  w[n % 61u] = (long)d;\n  unsigned s = @F(d - 1u, n);\n"
    "  s = s * 3u + b->sum() + (unsigned)w[n % 61u];\n  delete[] w;\n  delete b;\n  return s;",
    "auto b = std::make_unique<Big>(d ^ n); // site:local\n"
    "  unsigned s = @F(d - 1u, n + (b->v & 1u));\n  return s * 5u + b->sum();",
    "long *w = new long[d % 200u + 100u]; // site:local\n  w[0] = (long)(d + n);\n"
    "  unsigned s = @F(d - 1u, n) * 7u + (unsigned)w[0];\n  delete[] w;\n  return s;",
]

# Lambdas in std::function objects of the frame, and a struct whose called
# function replaces itself (route "fnslot": the pass forwards a local
# variable's stored function to the calls through it, LocalSlots.h). @X: a
# value; @K: a count >= 1; @S: a g_slot index. each_fn is inlined, each_fn_out
# is not.
FNSLOT_BODIES = [
    # captured by reference / by value, the visitor inlined or not
    "Node *a = new Node(@X); // site:local\n"
    "  acc += each_fn(@K, [&](unsigned i) { return a->v + i; }); delete a;",
    "Node *a = new Node(@X); // site:local\n"
    "  acc += each_fn(@K, [a](unsigned i) { return a->v * i; }); delete a;",
    "Node *a = new Node(@X); // site:local\n"
    "  acc += each_fn_out(@K, [a](unsigned i) { return a->v ^ i; }); delete a;",
    "auto u = std::make_unique<Node>(@X); // site:local\n"
    "  acc += each_fn(@K, [&](unsigned i) { unsigned r = u ? u->v : 0u; if (i == 1u) u.reset(); return r + i; });",
    # a mutable lambda, a moved-from std::function, one reassigned in a loop
    "Node *a = new Node(@X); // site:local\n"
    "  std::function<unsigned(unsigned)> f = [a, c = 0u](unsigned i) mutable { c += i; return a->v + c; };\n"
    "  acc += f(1u) + f(2u) + each_fn(@K, f); delete a;",
    "Node *a = new Node(@X); // site:local\n"
    "  std::function<unsigned(unsigned)> f = [a](unsigned i) { return a->v + i; };\n"
    "  auto g = std::move(f); acc += g(1u) + (f ? 100u : 0u); delete a;",
    "Node *a = new Node(@X); // site:local\n"
    "  std::function<unsigned(unsigned)> f;\n"
    "  for (unsigned k = 0; k < 3u; ++k) { if (k & 1u) f = [a](unsigned i) { return a->v + i; };\n"
    "    else f = [k](unsigned i) { return i * 2u + k; }; acc += f(k); } delete a;",
    # escapes: the lambda keeps the pointer; the std::function is copied out;
    # the lambda returns the pointer, which is kept
    "Node *a = new Node(@X); // site:escapes\n"
    "  acc += each_fn(@K, [a](unsigned i) { g_slot[@S] = a; return i; });",
    "Node *a = new Node(@X); // site:escapes\n"
    "  std::function<unsigned(unsigned)> f = [a](unsigned i) { return a->v + i; };\n"
    "  g_fn = [f]() { return f(2u); }; acc += f(1u);",
    "Node *a = new Node(@X); // site:escapes\n"
    "  std::function<Node *()> f = [a]() { return a; }; g_slot[@S] = f();",
    # the called function replaces the field it was called through
    "Step s{step_a, @X}; for (unsigned i = 1; i <= @K; ++i) acc += s.fn(&s, i);",
]

# A refcounted shared payload {std::atomic<int> count; std::unique_ptr<PImpl>
# impl} on the heap, built by a PHandle from a moved std::unique_ptr (clang -O2
# copies the impl pointer into the payload through an integer: ptrtoint +
# store i64), copied (count + 1) / moved / released (count - 1, the last one
# deletes impl through its virtual destructor); route "payload", GoogleMock's
# Matcher. @T: PA or PB (same size, different virtual members); @X: a value;
# @K: a count >= 1. The impl's allocation and the payload's are on lines of
# their own (the payload's `new` is the PHandle constructor, inlined).
PL_U = "auto u = std::make_unique<@T>(@X, @K); // site:@U\n  PHandle h(std::move(u)); // site:@P\n  "
PAYLOAD_BODIES = [
    # both stay in the frame: virtual calls that read, mutate, take arguments
    PL_U + "acc += h->get() + h->mix(2u, @K); h->bump(@K); acc += h->get();",
    # copies (count + 1, - 1) and moves of the handle
    PL_U + "{ PHandle c = h; c->bump(1u); acc += c->get() + c.uses(); } acc += h->get() + h.uses();",
    PL_U + "PHandle m = std::move(h); acc += m->get() + (h.pl ? 1u : 0u); m->bump(@K); acc += m->mix(@K, 1u);",
    PL_U + "std::vector<PHandle> hs(@K, h); hs.back()->bump(2u); acc += hs.front()->get() + h.uses();",
    # placement new of the other class over *this (dynamic type changes),
    # called again virtually, then changed back
    PL_U + "h.morph(); acc += h->get(); h->bump(@K); acc += h->mix(3u, 4u); h.morph(); acc += h->get();",
    # a noinline virtual member
    PL_U + "acc += h->slow(@K) + h->get();",
    # the last release on one path in the middle, on the other at the end
    PL_U + "if (n % 3u == 0u) { PHandle t = std::move(h); acc += t->get(); } acc += h.pl ? h->get() : 7u;",
    # handles in a loop, each kept until the next iteration replaces it
    "PHandle prev;\n  for (unsigned k = 0; k < @K; ++k) {\n    auto u = std::make_unique<@T>(k + @X, k); // site:local\n"
    "    PHandle h(std::move(u)); // site:local\n    acc += h->mix(k, prev.uses()); prev = h; }\n  acc += prev->get();",
    # escapes: the handle copied into a global (read in finish()), on every
    # path / on one path / in a loop / in a lambda kept in g_fn; after a
    # morph there and back
    PL_U.replace("@P", "escapes").replace("@U", "escapes") + "g_phandle = h; h->bump(@K); acc += h->get();",
    PL_U.replace("@P", "escapes").replace("@U", "escapes") + "if (n % 2u == 0u) g_phandle = h; acc += h->get() + h.uses();",
    PL_U.replace("@P", "escapes").replace("@U", "escapes") + "g_fn = [h]() { return h->get() + h.uses(); }; acc += h->get();",
    PL_U.replace("@P", "escapes").replace("@U", "escapes") + "h.morph(); acc += h->get(); h.morph(); g_phandle = h;",
    "for (unsigned k = 0; k < @K; ++k) {\n    auto u = std::make_unique<@T>(k + @X, k); // site:escapes\n"
    "    PHandle h(std::move(u)); // site:escapes\n    acc += h->get(); if (k == 0u) g_phandle = h; }",
    # the impl pointer taken out of the payload and kept in a global; returned
    # out of pl_out's frame
    PL_U.replace("@U", "escapes") + "acc += h->get(); g_pimpl.reset(h.pl->impl.release());",
    "{ PImpl *r = pl_out(@X); acc += r->get() + r->mix(1u, 2u); delete r; }",
    "g_pimpl.reset(pl_out(@X)); acc += g_pimpl->get();",
    # a virtual member (inline, or noinline) that stores this into g_pkeep,
    # which finish() reads and deletes
    PL_U.replace("@U", "escapes") + "acc += h->keep() + h->get(); (void)h.pl->impl.release();",
    PL_U.replace("@U", "escapes") + "acc += h->stash() + h->get(); (void)h.pl->impl.release();",
    # a virtual member returning this, which the caller keeps
    PL_U.replace("@U", "escapes") + "g_pkeep = h->self(); acc += g_pkeep->get(); (void)h.pl->impl.release();",
    # two payloads swapped, then one copied into a global: the first one's
    # payload and impl escape through the second handle
    "auto u = std::make_unique<@T>(@X, @K); // site:escapes\n  PHandle a(std::move(u)); // site:escapes\n"
    "  auto w = std::make_unique<PA>(n + 9u, 1u); // site:local\n  PHandle b(std::move(w)); // site:local\n"
    "  std::swap(a, b); acc += a->get() * 3u + b->get(); g_phandle = b; acc += a->mix(@K, 2u);",
    "auto u = std::make_unique<@T>(@X, @K); // site:local\n  PHandle a(std::move(u)); // site:local\n"
    "  auto w = std::make_unique<PB>(n + 9u, 1u); // site:local\n  PHandle b(std::move(w)); // site:local\n"
    "  std::swap(a, b); a = b; acc += a->get() + b.uses(); b->bump(@K); acc += a->get();",
    # the handle moved into another heap object (deleted / kept in a global)
    PL_U + "PHandle *hp = new PHandle(std::move(h)); // site:local\n  acc += (*hp)->get() + hp->uses(); delete hp;",
    PL_U.replace("@P", "escapes").replace("@U", "escapes") +
    "PHandle *hp = new PHandle(h); // site:escapes\n  g_phandles.push_back(hp); acc += (*hp)->get() + h.uses();",
]

# Route "calleebody": a heap object (new T, new T[m], make_unique, a
# std::vector's buffer, a std::string of more than 15 characters) passed to
# out-of-line (noinline), non-inline, non-template functions of the TU that
# store the pointer into a local key struct / array / pointer and pass the
# local's address on to a reader, one or two levels deep (f -> g -> h); the
# pass judges those exact bodies.  The twins keep the pointer (or free it)
# somewhere in the chain.
#
# Object kinds: element type, declaration (@X: a value, @M: a size), fill,
# the argument, what the caller does after the call when nothing kept it /
# when the chain kept it / when the chain freed it, and how a callee frees it
# (None: it cannot).
CB_KINDS = {
    "new": dict(T="Node", m="1u", decl="Node *q = new Node(@X);", fill="", arg="q",
                local="delete q;", keep="", freed="", free="delete q;"),
    "arr": dict(T="unsigned", m="@M", decl="unsigned *q = new unsigned[m];",
                fill="for (unsigned i = 0; i < m; ++i) q[i] = i * 3u + n;", arg="q",
                local="delete[] q;", keep="", freed="", free="delete[] q;"),
    "uniq": dict(T="Node", m="1u", decl="auto q = std::make_unique<Node>(@X);", fill="", arg="q.get()",
                 local="", keep="g_uvec.push_back(std::move(q));", freed="(void)q.release();", free="delete q;"),
    "uarr": dict(T="unsigned", m="@M", decl="auto q = std::make_unique<unsigned[]>(m);",
                 fill="for (unsigned i = 0; i < m; ++i) q[i] = i ^ n;", arg="q.get()",
                 local="", keep="(void)q.release();", freed="(void)q.release();", free="delete[] q;"),
    "vec": dict(T="unsigned", m="@M", decl="std::vector<unsigned> q(m, @X);", fill="q[m / 2u] += 5u;",
                arg="q.data()", local="", keep="g_cbvv.push_back(std::move(q));", freed=None, free=None),
    "str": dict(T="char", m="@M + 16u", decl="std::string q(m, char('a' + n % 26u));",
                fill="q[m - 1u] = 'z';", arg="q.data()", local="", keep="g_cbsv.push_back(std::move(q));",
                freed=None, free=None),
}
CB_SIZES = ["n % 40u + 1u", "16u", "300u", "n % 700u + 1u", "3u"]
# An element of type T as a local (the key overwritten with another pointer).
CB_LOCAL = {"Node": "Node(7u)", "unsigned": "7u", "char": "'z'"}

# Readers (@R: the name, @T: the element type; @S: "static " or "").
CB_READERS = [
    # reads the key's elements
    "__attribute__((noinline)) @Sunsigned @R(const CKey<@T> *k) {\n"
    "  unsigned s = k->m;\n  for (unsigned i = 0; i < k->m; ++i) s = s * 31u + cbv(k->p[i]);\n  return s;\n}",
    # writes through the key's pointer
    "__attribute__((noinline)) @Sunsigned @R(const CKey<@T> *k) {\n"
    "  for (unsigned i = 0; i < k->m; i += 2u) cbw(k->p[i]);\n  return cbv(k->p[0]) * 3u + k->m;\n}",
    # compares the pointer, reads the last element
    "__attribute__((noinline)) @Sunsigned @R(const CKey<@T> *k) {\n"
    "  return (k->p != nullptr) + cbv(k->p[k->m - 1u]) * 5u;\n}",
]
# A reader given a 48-byte key by value (byval).
CB_BREADER = ("__attribute__((noinline)) @Sunsigned @R(CBig<@T> b) {\n"
              "  unsigned s = b.pad[0];\n  for (unsigned i = 0; i < b.m; ++i) s = s * 13u + cbv(b.p[i]);\n  return s;\n}")
# Array readers: c pointers a[0..c-1], m elements each.
CB_AREADER = ("__attribute__((noinline)) @Sunsigned @R(@T *const *a, unsigned c, unsigned m) {\n"
              "  unsigned s = c;\n  for (unsigned j = 0; j < c; ++j)\n"
              "    for (unsigned i = 0; i < m; i += 3u) s = s * 17u + cbv(a[j][i]);\n  return s;\n}")

# Bodies of the innermost callee h(T *q, unsigned m) (@R: the key reader,
# @A: the array reader, @H: h itself, @L: a local element, @KEEP: where a
# twin keeps q, at the top of the body).  They store q only into their own
# locals.
CB_HBODIES = [
    "CKey<@T> k{q, m};\n  return @R(&k);",
    "@T *a[2] = {q, q};\n  return @A(a, 2u, m);",
    "@T *l = q;\n  return @A(&l, 1u, m);",
    "unsigned s = 0;\n  for (unsigned r = 0; r < 3u; ++r) {\n    CKey<@T> k{q, m - r % m};\n    s = s * 7u + @R(&k);\n  }\n  return s;",
    "CKey<@T> k{q, m};\n  if (cbv(q[0]) % 2u == 1u) {\n    k.p = q + (m - 1u);\n    k.m = 1u;\n  }\n  return @R(&k);",
    "cbw(q[m - 1u]);\n  CKey<@T> k{q, m};\n  return @R(&k) + cbv(q[0]);",
    "@T loc[1] = {@L};\n  CKey<@T> k{q, m};\n  unsigned s = @R(&k);\n  k.p = loc;\n  k.m = 1u;\n  return s * 3u + @R(&k);",
    "CKey<@T> k{q, m};\n  unsigned s = @R(&k);\n  if (s % 3u == 0u) throw Err{s};\n  return s + 1u;",
    "try {\n    CKey<@T> k{q, m};\n    unsigned s = @R(&k);\n    if (s % 3u == 1u) throw Err{s};\n    return s;\n"
    "  } catch (const Err &e) {\n    return e.x + 2u;\n  }",
    "CKey<@T> k{q, m};\n  unsigned s = @R(&k);\n  if (m > 1u) s += @H(q, m / 2u);\n  return s;",
    "CKey<@T> k{q, m};\n  CKey<@T> k2 = k;\n  k2.m = 1u;\n  return @R(&k) + @R(&k2);",
    # the key's address looked up in a set with a user hash and equality
    # (the front end's content fact on find's argument)
    "static @T e0[1] = {@L};\n  static CKey<@T> k0{e0, 1u};\n  if (g_cbset<@T>.empty()) g_cbset<@T>.insert(&k0);\n"
    "  CKey<@T> k{q, m};\n  auto it = g_cbset<@T>.find(&k);\n"
    "  return (it != g_cbset<@T>.end() ? 100u + (*it)->m : 0u) + @R(&k);",
    # a key on the heap, freed before the return; a std::vector of pointers
    "CKey<@T> *hk = new CKey<@T>{q, m}; // site:local\n  unsigned s = @R(hk);\n  delete hk;\n  return s;",
    "std::vector<@T *> v{q, q}; // site:local\n  return @A(v.data(), 2u, m);",
    # a key of 48 bytes passed by value (byval) to a reader
    "CBig<@T> kb{q, m, {}};\n  kb.pad[0] = m;\n  return @B(kb);",
    # a local std::function holding q; q captured by reference by a lambda
    # given to a noinline visitor
    "std::function<unsigned()> fn = [q, m] { return cbv(q[m - 1u]) + m; };\n  CKey<@T> k{q, m};\n  return fn() + @R(&k);",
    "return each_fn_out(m, [&](unsigned i) { return cbv(q[i]) + i; });",
]
# Bodies of the middle callee g(T *q, unsigned m) (@H: the callee).
CB_GBODIES = [
    "return @H(q, m);",
    "return @H(q, m) + @H(q, (m + 1u) / 2u);",
    "CKey<@T> k{q, m};\n  return @H(k.p, k.m);",
    "unsigned s = 0;\n  for (unsigned i = 0; i < m && i < 4u; ++i) s += @H(q + i, m - i);\n  return s;",
    "if (m > 2u) return @H(q, m - 1u) * 2u;\n  return @H(q, m);",
]
# Where a twin keeps q (at the top of h or g, on every path; @F: a name
# prefix for helpers, emitted by calleebody()).  "maybe": on one path only.
CB_KEEPS = {
    "global": "g_cbkeep<@T> = q;",
    "box": "g_cbbox<@T> = new CKey<@T>{q, m}; // site:escapes",
    "static": "static @T *last = nullptr;\n  static const bool reg = (g_cbfin.push_back([] { return last ? cbv(*last) : 0u; }), true);\n"
              "  (void)reg;\n  if (last) acc += cbv(*last);\n  last = q;",
    "tls": "g_cbtls<@T> = q;",
    "bits": "g_cbbits<@T> = reinterpret_cast<std::uintptr_t>(q);",
    "out": "@F_out(&g_cbkeep<@T>, q);",
    "asm": "asm volatile(\"movq %1, %0\" : \"=m\"(g_cbkeep<@T>) : \"r\"(q) : \"memory\");",
    "fnptr": "@F_fp(q);",
    "keeper": "@F_keep(q);",
    "keykeeper": "CKey<@T> kk{q, m};\n  @F_kk(&kk);",
    "inline": "@F_inl(q);",
    "template": "@F_tpl(q);",
    "recurse": "",  # h keeps q at the deepest level of its recursion
    "keyret": "CKey<@T> kk{q, m};\n  g_cbkeep<@T> = @F_kr(&kk);",
    "volatile": "@T *volatile vl = q;\n  g_cbkeep<@T> = vl;",
    "localaddr": "CKey<@T> kk{q, m};\n  g_cbkp<@T> = &kk;\n  @F_lk();\n  g_cbkp<@T> = nullptr;",
    "memcpy": "CKey<@T> kk{q, m};\n  std::memcpy(&g_cbkeep<@T>, &kk.p, sizeof kk.p);",
    "byvalue": "CKey<@T> kk{q, m};\n  @F_kv(kk);",
    "byval": "CBig<@T> kb{q, m, {}};\n  @F_kb(kb);",
    "stdfn": "std::function<unsigned()> kfn = [q] { return cbv(*q) + 1u; };\n  g_fn = kfn;",
    "maybe": "if (cbv(q[0]) % 2u == 0u) g_cbkeep<@T> = q;",
}
CB_KEEP_DEFS = {
    "out": "__attribute__((noinline)) void @F_out(@T **out, @T *q) { *out = q; }",
    "fnptr": "__attribute__((noinline)) void @F_k(@T *q) { g_cbkeep<@T> = q; }\nvoid (*volatile @F_fp)(@T *) = @F_k;",
    "keeper": "__attribute__((noinline)) void @F_keep(@T *q) { g_cbkeep<@T> = q; }",
    "keykeeper": "__attribute__((noinline)) void @F_kk(const CKey<@T> *k) { g_cbkeep<@T> = k->p; }",
    "inline": "__attribute__((noinline)) inline void @F_inl(@T *q) { g_cbkeep<@T> = q; }",
    "template": "template <class U> __attribute__((noinline)) void @F_tpl(U *q) { g_cbkeep<U> = q; }",
    "keyret": "__attribute__((noinline)) @T *@F_kr(const CKey<@T> *k) { return k->p; }",
    "localaddr": "__attribute__((noinline)) void @F_lk() { g_cbkeep<@T> = g_cbkp<@T>->p; }",
    "byvalue": "__attribute__((noinline)) void @F_kv(CKey<@T> k) { g_cbkeep<@T> = k.p; }",
    "byval": "__attribute__((noinline)) void @F_kb(CBig<@T> b) { g_cbkeep<@T> = b.p; }",
    "keyfree": "__attribute__((noinline)) void @F_kf(const CKey<@T> *k) { @DEL }",
}

# Route "session35": the three rules of session 35 and their escaping twins.
# (1) std::vector grown by push_back / emplace_back in a loop (the pass's
# rule: a pair of pointers derived from one value alone, through any phis,
# points into one object, so end - begin after a reallocation is an
# offset); (2) the reachable fact on hash-set / ordered-set lookups (re2's
# DFA::CachedState: a State on the stack holding a heap array, looked up by
# address with functors that only read); (3) std algorithms on heap arrays
# of scalars, analysed from their bodies.  @N: a loop count >= 1, @X: a
# value, @J: an iteration index, @M: an array size >= 2, @T: an element
# type (int, long, double, unsigned char), @TAG: local / escapes.
S35_VEC_BODIES = [
    # ints pushed in a loop, read (sum, size, end - begin) and dropped
    "std::vector<int> v;\n  for (unsigned k = 0; k < @N; ++k) v.push_back(int(k * 7u + @X)); // site:local\n"
    "  acc += s35vs(v) + (unsigned)(v.end() - v.begin());",
    # reserve on some paths
    "std::vector<int> v;\n  if (n % 3u == 0u) v.reserve(@N); // site:local\n"
    "  for (unsigned k = 0; k < @N; ++k) v.push_back(int(k ^ n)); // site:local\n"
    "  acc += (unsigned)v[v.size() / 2u] + (unsigned)v.size() * 3u;",
    # small structs with a user-provided constructor, emplace_back / push_back
    "std::vector<VItem> v;\n  for (unsigned k = 0; k < @N; ++k) v.emplace_back(k, @X); // site:local\n"
    "  acc += s35vs(v);",
    "std::vector<VItem> v;\n  v.reserve(4u); // site:local\n"
    "  for (unsigned k = 0; k < @N; ++k) v.push_back(VItem(k + n, k)); // site:local\n"
    "  acc += s35v(v.front()) + s35v(v.back()) * 3u + (unsigned)(v.end() - v.begin());",
    # cleared and regrown in an outer loop
    "std::vector<long> v;\n  for (unsigned r = 0; r < 3u; ++r) {\n    v.clear();\n"
    "    for (unsigned k = 0; k < @N + r * 5u; ++k) v.push_back(long(k) * r + n); // site:local\n"
    "    acc += s35vs(v);\n  }",
    # two vectors swapped inside the loop (phis switching objects)
    "std::vector<int> a, b;\n  for (unsigned k = 0; k < @N; ++k) {\n    a.push_back(int(k + n)); // site:local\n"
    "    if (k % 3u == 1u) std::swap(a, b);\n    b.push_back(int(k * 2u)); // site:local\n  }\n"
    "  acc += s35vs(a) * 3u + s35vs(b) + (unsigned)(a.end() - a.begin()) + (unsigned)(b.end() - b.begin()) * 7u;",
    # moved into another local
    "std::vector<int> v;\n  for (unsigned k = 0; k < @N; ++k) v.push_back(int(k + @X)); // site:local\n"
    "  std::vector<int> w = std::move(v);\n  acc += s35vs(w) + (unsigned)v.size();",
    # grown while below a size, with capacity read
    "std::vector<VItem> v;\n  while (v.size() < @N) v.emplace_back((unsigned)v.size(), n); // site:local\n"
    "  acc += s35vs(v) + (v.capacity() >= v.size() ? 1u : 0u);",
    # returned by a noinline function, read and dropped
    "std::vector<int> v = s35_grow(@X, @N);\n  acc += s35vs(v);",
    # twins: the buffer's address kept as an integer (the vector moved into a
    # global, which keeps the buffer); a leaked heap vector's buffer
    "std::vector<int> v;\n  for (unsigned k = 0; k < @N; ++k) v.push_back(int(k + @X)); // site:escapes\n"
    "  g_vbits = reinterpret_cast<std::uintptr_t>(v.data()); g_vbn = (unsigned)v.size();\n"
    "  g_vints.push_back(std::move(v));",
    "auto *pv = new std::vector<int>; // site:local\n"
    "  for (unsigned k = 0; k < @N; ++k) pv->push_back(int(k * 3u + @X)); // site:escapes\n"
    "  g_vbits = reinterpret_cast<std::uintptr_t>(pv->data()); g_vbn = (unsigned)pv->size();",
    # &v[i] kept in a global, read in finish()
    "std::vector<int> v;\n  for (unsigned k = 0; k < @N; ++k) v.push_back(int(k ^ @X)); // site:escapes\n"
    "  g_vpi = &v[@J % v.size()]; acc += (unsigned)*g_vpi;\n  g_vints.push_back(std::move(v));",
    "auto *pv = new std::vector<int>; // site:local\n"
    "  for (unsigned k = 0; k < @N; ++k) pv->emplace_back(int(k + n)); // site:escapes\n"
    "  g_vpi = &(*pv)[@J % pv->size()];",
    # the vector returned into a global, moved into a global
    "g_vint = s35_grow(@X, @N); acc += (unsigned)g_vint.size();",
    "std::vector<int> v;\n  for (unsigned k = 0; k < @N; ++k) v.push_back(int(k + @X)); // site:escapes\n"
    "  acc += (unsigned)(v.end() - v.begin()); g_vint = std::move(v);",
    "std::vector<VItem> v;\n  for (unsigned k = 0; k < @N; ++k) v.emplace_back(k, @X); // site:escapes\n"
    "  g_vitems = std::move(v);",
    # v.data() given to a noinline function that keeps it
    "std::vector<int> v;\n  for (unsigned k = 0; k < @N; ++k) v.push_back(int(k * 5u + @X)); // site:escapes\n"
    "  s35_keep(v.data(), (unsigned)v.size());\n  g_vints.push_back(std::move(v));",
    # two vectors swapped in the loop, one moved into a global
    "std::vector<int> a, b;\n  for (unsigned k = 0; k < @N; ++k) {\n    a.push_back(int(k + n)); // site:escapes\n"
    "    if (k % 2u == 0u) std::swap(a, b);\n    b.push_back(int(k * 3u)); // site:escapes\n  }\n"
    "  acc += s35vs(a); g_vint = std::move(b);",
    # swapped with a global inside the loop
    "std::vector<int> v;\n  for (unsigned k = 0; k < @N; ++k) {\n    v.push_back(int(k + @X)); // site:escapes\n"
    "    if (k == @J % @N) std::swap(v, g_vint);\n  }\n  acc += s35vs(v);",
]

# The key of a lookup: a heap array in a State on the stack (re2's
# DFA::CachedState); KFILL allocates and fills it.
S35_KFILL = ("int *inst = new int[m]; // site:@TAG\n"
             "  for (unsigned i = 0; i < m; ++i) inst[i] = int((i * 5u + n) % 9u);\n  ")
S35_RFILL = ("int **rows = new int *[2]; // site:local\n  rows[0] = new int[m]; // site:@TAG\n"
             "  rows[1] = new int[m]; // site:local\n"
             "  for (unsigned i = 0; i < m; ++i) { rows[0][i] = int(i + n % 5u); rows[1][i] = int(i * 3u); }\n  ")
S35_KEY_BODIES = [
    # the lookup in a noinline, out-of-line, non-template function (unordered_set, std::set)
    S35_KFILL + "KState *c = k_cached(inst, (int)m);\n  acc += (unsigned)c->inst[m - 1u] + (unsigned)c->n;\n  delete[] inst;",
    S35_KFILL + "KState *c = k_ordered(inst, (int)m);\n  acc += (unsigned)c->inst[0] * 3u + (unsigned)c->n;\n  delete[] inst;",
    S35_KFILL + "acc += (unsigned)k_cached(inst, (int)m)->n; inst[0] += 1;\n"
    "  acc += (unsigned)k_cached(inst, (int)m)->inst[0];\n  delete[] inst;",
    # the lookup in the frame itself
    S35_KFILL + "KState s{inst, (int)m};\n  auto it = g_kset.find(&s);\n"
    "  acc += it != g_kset.end() ? 50u + (unsigned)(*it)->n : 1u;\n  delete[] inst;",
    S35_KFILL + "KState s{inst, (int)m};\n  auto it = g_kord.find(&s);\n"
    "  acc += (it != g_kord.end() ? 70u : 2u) + (unsigned)g_kord.count(&s);\n  delete[] inst;",
    # a lookup in a template / inline (linkonce_odr) function, a functor
    # whose operator() is a template: they only read
    S35_KFILL + "KState s{inst, (int)m};\n  acc += k_tfind(&s);\n  delete[] inst;",
    S35_KFILL + "acc += k_ifind(inst, (int)m);\n  delete[] inst;",
    S35_KFILL + "KState s{inst, (int)m};\n  s35_seed(g_ktset);\n"
    "  acc += (unsigned)g_ktset.count(&s) * 9u + (unsigned)g_ktset.size();\n  delete[] inst;",
    # a key whose arrays are two levels down (int **rows), read only
    S35_RFILL + "KRows s{rows, (int)m};\n  s35_rseed(g_krset);\n"
    "  acc += (unsigned)g_krset.count(&s) + (unsigned)rows[1][m - 1u];\n"
    "  delete[] rows[0]; delete[] rows[1]; delete[] rows;",
    # twins: a hash / a less that keeps s->inst (the array is not freed;
    # finish() reads it), a template operator() that keeps it, a hash
    # that keeps s->rows[0] (two levels down), the keeping lookup out of line
    S35_KFILL + "KState s{inst, (int)m};\n  s35_seed(g_kkset);\n"
    "  acc += (unsigned)g_kkset.count(&s) + (unsigned)inst[0];",
    S35_KFILL + "KState s{inst, (int)m};\n  s35_seed(g_kkord);\n"
    "  acc += (unsigned)g_kkord.count(&s) + (unsigned)inst[m - 1u];",
    S35_KFILL + "KState s{inst, (int)m};\n  s35_seed(g_ktkset);\n"
    "  acc += (unsigned)g_ktkset.count(&s) * 5u;",
    S35_RFILL + "KRows s{rows, (int)m};\n  s35_rseed(g_krkset);\n"
    "  acc += (unsigned)g_krkset.count(&s) + (unsigned)rows[1][0];\n  delete[] rows[1]; delete[] rows;",
    S35_KFILL + "acc += k_keeping(inst, (int)m);",
]

# Heap arrays of scalars given to std algorithms in their frame (@T: the
# element type).
S35_AFILL = ("@T *a = new @T[m]; // site:@TAG\n"
             "  for (unsigned i = 0; i < m; ++i) a[i] = @T((i * 37u + n) % 101u);\n  ")
S35_ALG_BODIES = [
    S35_AFILL + "std::sort(a, a + m);\n  acc += s35a(a, m);\n  delete[] a;",
    S35_AFILL + "std::stable_sort(a, a + m);\n  acc += s35a(a, m);\n  delete[] a;",
    S35_AFILL + "std::partial_sort(a, a + m / 2u, a + m);\n  acc += s35a(a, m / 2u);\n  delete[] a;",
    S35_AFILL + "std::nth_element(a, a + m / 2u, a + m);\n  acc += (unsigned)(long)a[m / 2u];\n  delete[] a;",
    S35_AFILL + "std::reverse(a, a + m);\n  acc += s35a(a, m);\n  delete[] a;",
    S35_AFILL + "std::fill(a, a + m / 2u, @T(7));\n  acc += s35a(a, m);\n  delete[] a;",
    S35_AFILL + "@T *b = new @T[m]; // site:local\n  std::copy(a, a + m, b);\n  b[0] = @T(1);\n"
    "  acc += s35a(b, m) + s35a(a, m) * 3u;\n  delete[] b;\n  delete[] a;",
    S35_AFILL + "std::sort(a, a + m);\n  @T *e = std::unique(a, a + m);\n"
    "  acc += (unsigned)(e - a) + s35a(a, (unsigned)(e - a));\n  delete[] a;",
    S35_AFILL + "std::sort(a, a + m);\n  @T *p = std::lower_bound(a, a + m, @T(50));\n"
    "  acc += (unsigned)(p - a);\n  delete[] a;",
    S35_AFILL + "acc += (unsigned)(long)std::accumulate(a, a + m, @T(0));\n  delete[] a;",
    S35_AFILL + "@T *p = std::max_element(a, a + m);\n  acc += (unsigned)(long)*p + (unsigned)(p - a);\n  delete[] a;",
    # pointees of an array of pointers, sorted (by address: a sum that does
    # not depend on the order), read and freed
    "int **pp = new int *[m]; // site:local\n"
    "  for (unsigned i = 0; i < m; ++i) pp[i] = new int(int((i * 37u + n) % 101u)); // site:local\n"
    "  std::sort(pp, pp + m);\n  for (unsigned i = 0; i < m; ++i) { acc += (unsigned)*pp[i]; delete pp[i]; }\n  delete[] pp;",
    # twins: a user comparator that keeps the array; the pointees of a
    # sorted array of pointers kept; an element pointer from max_element /
    # lower_bound kept in a global (finish() reads them)
    S35_AFILL + "std::sort(a, a + m, [a](@T x, @T y) { g_algkeep<@T> = a; return x < y; });\n  acc += s35a(a, m);",
    S35_AFILL + "std::stable_sort(a, a + m, [a](@T x, @T y) { g_algkeep<@T> = a; return y < x; });\n  acc += s35a(a, m);",
    "int **pp = new int *[m]; // site:local\n"
    "  for (unsigned i = 0; i < m; ++i) pp[i] = new int(int((i * 37u + n) % 101u)); // site:escapes\n"
    "  std::sort(pp, pp + m);\n  g_algptrs.insert(g_algptrs.end(), pp, pp + m);\n  delete[] pp;",
    S35_AFILL + "g_algkeep<@T> = std::max_element(a, a + m);\n  acc += (unsigned)(long)*g_algkeep<@T>;",
    S35_AFILL + "std::sort(a, a + m);\n  @T *p = std::lower_bound(a, a + m, @T(50));\n"
    "  g_algkeep<@T> = p == a + m ? a : p;",
]
S35_ALG_ESC = 12  # the first escaping twin of S35_ALG_BODIES
S35_KEY_ESC = 9
S35_VEC_ESC = 9
S35_TYPES = ["int", "long", "double", "uchar"]  # uchar: unsigned char
S35_NS = ["n % 50u + 1u", "17u", "100u", "n % 1000u + 1u", "3u", "1u"]
S35_MS = ["n % 40u + 2u", "16u", "300u", "n % 700u + 2u", "3u", "2u"]

# Bodies of the recursive functions of route "guard" (@F: the function's
# name; d: depth left). The object is read by a noinline reader (bigread,
# wread), so it is not elided.
GUARD_BODIES = [
    "Big *b = new Big(d + n); // site:local\n  unsigned s = @F(d - 1u, n) + bigread(b);\n  delete b;\n  return s;",
    "Big *b = new Big(d ^ n); // site:local\n  unsigned s;\n  try {\n    s = @F(d - 1u, n);\n  } catch (Err &) {\n"
    "    delete b;\n    throw;\n  }\n  s = s * 3u + bigread(b);\n  delete b;\n  return s;",
    "auto b = std::make_unique<Big>(d + 2u * n); // site:local\n  g_again = @F;\n"
    "  unsigned s = (d & 1u ? g_again : @F)(d - 1u, n) * 5u;\n  return s + bigread(b.get());",
    "long *w = new long[d % 50u + 40u]; // site:local\n  w[d % 50u] = (long)(d + n);\n"
    "  unsigned s = @F(d - 1u, n) * 7u + wread(w, d % 50u);\n  delete[] w;\n  return s;",
]

# Types shared by the programs of one TU (a template per object size, so the
# std containers are instantiated once per size, not once per program).
TYPES = r"""
template <unsigned PAD> struct NodeT {
  unsigned v;
  NodeT *next;
  unsigned pad[PAD];
  explicit NodeT(unsigned x) : v(x), next(nullptr), pad{} { pad[PAD - 1] = x * 3u; }
  unsigned sum() const { return v + pad[PAD - 1]; }
};
template <class N> struct HolderT { N *p = nullptr; std::unique_ptr<N> u; std::shared_ptr<N> s; };
struct Err { unsigned x; };
// Self-referential objects built by out-of-line (noinline) constructors.
inline unsigned strsum(const std::string &s) {
  unsigned h = 5381u + (unsigned)s.size();
  for (unsigned char c : s) h = h * 33u + c;
  return h;
}
struct SStr {  // in-class constructor; one string (SSO or heap by length)
  std::string s;
  unsigned k;
  __attribute__((noinline)) SStr(const char *c, unsigned x) : s(c), k(x) { if (x & 1u) s.push_back(char('a' + x % 26u)); }
  unsigned sum() const { return strsum(s) + k; }
};
struct OStr {  // out-of-class constructor; a second string built from the first
  std::string a, b;
  unsigned k;
  __attribute__((noinline)) OStr(const char *c, unsigned x);
  unsigned sum() const { return strsum(a) * 3u + strsum(b) + k; }
};
OStr::OStr(const char *c, unsigned x) : a(c), b(a), k(x) { b += std::to_string(x); }
struct Ring {  // intrusive self-pointers: self, and a circular list through next/prev
  Ring *self, *next, *prev;
  unsigned v;
  __attribute__((noinline)) explicit Ring(unsigned x) : self(this), next(this), prev(this), v(x) {}
  Ring(const Ring &) = delete;
  __attribute__((noinline)) void join(Ring &o) { o.next = next; o.prev = this; next->prev = &o; next = &o; }
  void leave() { prev->next = next; next->prev = prev; next = prev = self = this; }
  ~Ring() { leave(); }
  unsigned sum() const {
    unsigned s = v + (self == this ? 1u : 1000u), i = 0;
    for (const Ring *r = next; r != this && i < 64u; r = r->next, ++i) s = s * 7u + r->v + (r->next->prev == r ? 1u : 500u);
    return s;
  }
};
struct ORing {  // out-of-class constructor and destructor
  ORing *self, *next, *prev;
  unsigned v;
  __attribute__((noinline)) explicit ORing(unsigned x);
  __attribute__((noinline)) ~ORing();
  ORing(const ORing &) = delete;
  unsigned sum() const { return v * 3u + (self == this) + (next == this) * 2u + (prev->next == this) * 4u; }
};
ORing::ORing(unsigned x) : self(this), next(this), prev(this), v(x) {}
ORing::~ORing() { self = next = prev = nullptr; }
struct Coll {  // std::list / std::map members (their headers point into the object)
  std::list<std::string> l;
  std::map<unsigned, std::string> m;
  unsigned k;
  __attribute__((noinline)) Coll(const char *c, unsigned x);
  unsigned sum() const {
    unsigned s = k + (unsigned)l.size() * 11u + (unsigned)m.size() * 13u;
    for (const auto &x : l) s = s * 31u + strsum(x);
    for (const auto &[key, x] : m) s = s * 37u + key + strsum(x);
    return s;
  }
};
Coll::Coll(const char *c, unsigned x) : k(x) {
  for (unsigned i = 0; i < x % 4u; ++i) { l.emplace_back(c); m.emplace(i * 7u + x, std::string(c) + "#"); }
}
// Pointer bits leaving through non-pointers.
struct Bytes8 { unsigned char b[8]; };
static_assert(sizeof(void *) == 8 && sizeof(long) == 8 && sizeof(double) == 8, "LP64");
// Deep recursion with a ~1 kB allocation per level.
using Big = NodeT<250>;
// Route "guard": readers that keep LLVM from eliding the recursion's object,
// and a way back into a recursive function through a pointer.
__attribute__((noinline)) unsigned bigread(const Big *b) { return b->sum(); }
__attribute__((noinline)) unsigned wread(const long *w, unsigned i) { return (unsigned)w[i]; }
unsigned (*volatile g_again)(unsigned, unsigned);
// Route "calleebody": a local key holding a pointer and a count.
template <class T> struct CKey { T *p; unsigned m; };
template <class T> struct CBig { T *p; unsigned m; unsigned pad[8]; };  // passed byval
// Route "session35": a small struct with a user-provided constructor (grown
// in vectors), re2's DFA::CachedState key (a heap array in a State on the
// stack) and one two levels down, and the readers of vectors and scalar arrays.
struct VItem {
  unsigned a, b;
  VItem(unsigned x, unsigned y) : a(x * 3u + 1u), b(y ^ x) {}
};
struct KState { int *inst; int n; };
struct KRows { int **rows; int n; };
using uchar = unsigned char;
inline unsigned s35v(int x) { return (unsigned)x; }
inline unsigned s35v(long x) { return (unsigned)x; }
inline unsigned s35v(const VItem &x) { return x.a * 3u + x.b; }
template <class V> inline unsigned s35vs(const V &v) {
  unsigned s = (unsigned)v.size();
  for (const auto &x : v) s = s * 31u + s35v(x);
  return s;
}
template <class T> inline unsigned s35a(const T *a, unsigned m) {
  unsigned s = m;
  for (unsigned i = 0; i < m; ++i) s = s * 31u + (unsigned)(long)a[i];
  return s;
}
// Route "payload": a refcounted shared payload holding a polymorphic impl
// (internal linkage: exact bodies), GoogleMock's Matcher.
namespace {
struct PImpl;
PImpl *g_pkeep;  // kept by PImpl::keep / stash; finish() reads and deletes it
unsigned g_pdtor;  // what the destructors saw
struct PImpl {
  unsigned v;
  explicit PImpl(unsigned x) : v(x) {}
  virtual ~PImpl() { g_pdtor = g_pdtor * 3u + v; }
  virtual unsigned get() const { return v; }
  virtual void bump(unsigned k) { v += k; }
  virtual unsigned mix(unsigned a, unsigned b) const { return v * a + b; }
  virtual PImpl *morph() = 0;  // placement new of the other class over *this
  virtual unsigned keep() { g_pkeep = this; return v + 1u; }
  virtual PImpl *self() { return this; }
  __attribute__((noinline)) virtual unsigned stash() { g_pkeep = this; return v * 2u; }
  __attribute__((noinline)) virtual unsigned slow(unsigned k) { return v ^ k; }
};
struct PA : PImpl {
  unsigned w;
  PA(unsigned x, unsigned y) : PImpl(x), w(y) {}
  ~PA() override { g_pdtor += w * 7u; }
  unsigned get() const override { return v + w; }
  void bump(unsigned k) override { w += k * 2u; }
  PImpl *morph() override;
};
struct PB : PImpl {
  unsigned w;
  PB(unsigned x, unsigned y) : PImpl(x), w(y) {}
  ~PB() override { g_pdtor += w * 5u; }
  unsigned get() const override { return v * 3u + w; }
  unsigned mix(unsigned a, unsigned b) const override { return w * b + a; }
  unsigned slow(unsigned k) override { return w + k * 11u; }
  PImpl *morph() override;
};
static_assert(sizeof(PA) == sizeof(PB) && alignof(PA) == alignof(PB), "morph");
PImpl *PA::morph() { unsigned x = v, y = w; this->~PA(); return new (this) PB(x, y + 1u); }
PImpl *PB::morph() { unsigned x = v, y = w; this->~PB(); return new (this) PA(x + 1u, y); }
struct PPayload {
  std::atomic<int> count{1};
  std::unique_ptr<PImpl> impl;
  explicit PPayload(std::unique_ptr<PImpl> u) : impl(std::move(u)) {}
};
struct PHandle {
  PPayload *pl = nullptr;
  PHandle() = default;
  explicit PHandle(std::unique_ptr<PImpl> u) noexcept : pl(new PPayload(std::move(u))) {}
  PHandle(const PHandle &o) : pl(o.pl) { if (pl) pl->count.fetch_add(1, std::memory_order_relaxed); }
  PHandle(PHandle &&o) noexcept : pl(std::exchange(o.pl, nullptr)) {}
  PHandle &operator=(PHandle o) noexcept { std::swap(pl, o.pl); return *this; }
  ~PHandle() { if (pl && pl->count.fetch_sub(1, std::memory_order_acq_rel) == 1) delete pl; }
  PImpl *operator->() const { return pl->impl.get(); }
  unsigned uses() const { return pl ? (unsigned)pl->count.load(std::memory_order_relaxed) : 0u; }
  // the impl replaced by the other class in place (its pointer re-stored)
  void morph() { PImpl *q = pl->impl.release(); pl->impl.reset(q->morph()); }
};
PHandle g_phandle;
std::vector<PHandle *> g_phandles;
std::unique_ptr<PImpl> g_pimpl;
__attribute__((noinline)) PImpl *pl_out(unsigned n) {
  auto u = std::make_unique<PB>(n, 4u); // site:escapes
  PHandle h(std::move(u)); // site:local
  h->bump(n & 3u);
  return h.pl->impl.release();
}
}  // namespace
"""

HELPERS = r"""
using Node = NodeT<PAD>;
using Holder = HolderT<Node>;
Node *g_slot[8];
std::vector<Node *> g_vec;
std::vector<std::unique_ptr<Node>> g_uvec;
std::vector<std::shared_ptr<Node>> g_svec;
std::unique_ptr<Node> g_up;
std::shared_ptr<Node> g_sp;
std::function<unsigned()> g_fn;
inline unsigned each_fn(unsigned k, const std::function<unsigned(unsigned)> &f) {
  unsigned s = 0; for (unsigned i = 0; i < k; ++i) s += f(i); return s;
}
__attribute__((noinline)) unsigned each_fn_out(unsigned k, const std::function<unsigned(unsigned)> &f) {
  unsigned s = 0; for (unsigned i = 0; i < k; ++i) s += f(i); return s;
}
struct Step { unsigned (*fn)(Step *, unsigned); unsigned st; };
unsigned step_b(Step *s, unsigned x) { return x * 3u + s->st; }
unsigned step_a(Step *s, unsigned x) { s->fn = step_b; s->st = x; return x; }
Holder g_holder;
std::vector<Holder> g_hvec;
std::weak_ptr<Node> g_wp;
std::uintptr_t g_int;
struct Box { Node *p; };
std::uint64_t g_bits, g_mbits;
Bytes8 g_b8, g_raw8;
union PtrBits { Node *p; std::uint64_t u; };
std::uint64_t g_ubits;
char g_pbuf[32];
std::string g_pstr;
std::FILE *g_tmp;
long g_long;
double g_dbl;
std::vector<SStr *> g_sstr;
std::vector<OStr *> g_ostr;
std::vector<Ring *> g_ring;
std::vector<Coll *> g_coll;
std::string g_str;
std::vector<unsigned> g_uv;
// callees given a local string or vector by reference (route "reload")
__attribute__((noinline)) unsigned cs_read(const std::string &s) { return strsum(s); }
__attribute__((noinline)) inline unsigned cs_read_inl(const std::string &s) { return strsum(s) * 3u; }
__attribute__((noinline)) unsigned cs_fill(std::string &s) { for (char &c : s) c = char('a' + (c & 7)); return (unsigned)s.size(); }
__attribute__((noinline)) unsigned cs_append(std::string &s) { s.append(40, 'q'); return (unsigned)s.size(); }
__attribute__((noinline)) unsigned cs_assign(std::string &s) { s = std::string(s.size() + 20u, 'r'); return strsum(s); }
__attribute__((noinline)) unsigned cs_copy_g(const std::string &s) { g_str = s; return (unsigned)g_str.size(); }
__attribute__((noinline)) unsigned cs_swap_g(std::string &s) { std::swap(s, g_str); return (unsigned)s.size(); }
__attribute__((noinline)) unsigned cs_move_g(std::string &s) { g_str = std::move(s); return (unsigned)g_str.size(); }
__attribute__((noinline)) inline unsigned cs_swap_inl(std::string &s) { s.swap(g_str); return strsum(g_str); }
__attribute__((noinline)) unsigned cv_sum(const std::vector<unsigned> &v) { unsigned t = (unsigned)v.size(); for (unsigned x : v) t = t * 3u + x; return t; }
__attribute__((noinline)) inline unsigned cv_sum_inl(const std::vector<unsigned> &v) { return cv_sum(v) + 1u; }
__attribute__((noinline)) unsigned cv_scale(std::vector<unsigned> &v) { for (unsigned &x : v) x = x * 2u + 1u; return (unsigned)v.size(); }
__attribute__((noinline)) unsigned cv_push(std::vector<unsigned> &v) { for (unsigned i = 0; i < 9u; ++i) v.push_back(i); return (unsigned)v.size(); }
__attribute__((noinline)) unsigned cv_swap_g(std::vector<unsigned> &v) { v.swap(g_uv); return (unsigned)v.size(); }
__attribute__((noinline)) inline unsigned cv_move_inl(std::vector<unsigned> &v) { g_uv = std::move(v); return (unsigned)g_uv.size(); }
const char *g_pc;
unsigned *g_pu;
__attribute__((noinline)) unsigned *cv_at(std::vector<unsigned> &v, unsigned i) { return v.empty() ? nullptr : &v[i % v.size()]; }
__attribute__((noinline)) inline unsigned *cv_at_inl(std::vector<unsigned> &v, unsigned i) { return v.empty() ? nullptr : v.data() + i % v.size(); }
__attribute__((noinline)) const char *cs_data(const std::string &s) { return s.data(); }
__attribute__((noinline)) inline const char *cs_data_inl(const std::string &s) { return s.c_str() + (s.empty() ? 0 : 1) - (s.empty() ? 0 : 1); }
// read-only callees that return the bits of the pointer a struct holds
__attribute__((noinline)) long bits_long(const Box &b) { long x; std::memcpy(&x, &b.p, sizeof x); return x; }
__attribute__((noinline)) double bits_double(const Box &b) { double d; std::memcpy(&d, &b.p, sizeof d); return d; }
__attribute__((noinline)) long bits_pun(const Box *b) { return *reinterpret_cast<const long *>(&b->p); }
__attribute__((noinline)) unsigned readstr(const SStr &o) { return (unsigned)o.s.size() + o.sum(); }
__attribute__((noinline)) unsigned readcoll(const Coll &o) { return (unsigned)o.l.size() + o.sum(); }
__attribute__((noinline)) void out_ref(Node *&slot, Node *p) { slot = p; }
__attribute__((noinline)) Node *&static_slot() { static Node *last = nullptr; return last; }
__attribute__((noinline)) void static_keep(Node *p) { static_slot() = p; }
unsigned acc;
__attribute__((noinline)) unsigned readv(const Node *p) { return p->v; }
__attribute__((noinline)) void keep(Node *p) { g_slot[p->v & 7u] = p; }
__attribute__((noinline)) Node *ident(Node *p) { return p; }
// route "held": a callee keeping what its argument holds; an object returned
// out of a holder
__attribute__((noinline)) void keep_next(const Node *h) { g_slot[h->v & 7u] = h->next; }
__attribute__((noinline)) Node *held_out(unsigned n) {
  Node *a = new Node(n); // site:escapes
  Node *b = new Node(n + 1u); // site:local
  b->next = a;
  Node *r = b->next;
  delete b;
  return r;
}
__attribute__((noinline)) void link(Node *a, Node *b) { a->next = b; }
__attribute__((noinline)) unsigned sumlist(const Node *p) {
  unsigned s = 0;
  for (unsigned i = 0; p && i < 16; p = p->next, ++i) s = s * 31u + p->v;
  return s;
}
inline unsigned readi(const Node *p) { return p->sum(); }
__attribute__((noinline)) void thrower(unsigned n) {
  Node *t = new Node(n); // site:escapes
  if (n & 1u) throw t;
  acc += t->v;
  delete t;
}
struct Pair { Node *a; unsigned k; };
__attribute__((noinline)) Pair makepair(unsigned n) {
  Pair p{new Node(n + 1u), n}; // site:escapes
  return p;
}
__attribute__((noinline)) std::unique_ptr<Node> makeu(unsigned n) {
  auto u = std::make_unique<Node>(n * 3u); // site:escapes
  u->v += 1u;
  return u;
}
volatile bool g_never = false;
struct Visitor { virtual unsigned visit(Node *p) = 0; virtual ~Visitor() = default; };
struct Reader : Visitor { unsigned visit(Node *p) override { return p->v; } };
struct Keeper : Visitor { unsigned visit(Node *p) override { g_vec.push_back(p); return 1u; } };
__attribute__((noinline)) Visitor *visitor(unsigned n) {
  static Reader r;
  static Keeper k;
  if (g_never) return &k; // never taken, but the optimizer cannot know
  return &r;
}
// route "calleebody": element readers / writers, and what the escaping
// twins kept (read by finish())
inline unsigned cbv(const Node &x) { return x.v; }
inline unsigned cbv(unsigned x) { return x; }
inline unsigned cbv(char x) { return (unsigned char)x; }
inline void cbw(Node &x) { x.v += 1u; }
inline void cbw(unsigned &x) { x = x * 3u + 1u; }
inline void cbw(char &x) { x = char('a' + (x & 7)); }
template <class T> T *g_cbkeep;
template <class T> CKey<T> *g_cbbox;
template <class T> CKey<T> *g_cbkp;  // a callee's local key, during a call
template <class T> thread_local T *g_cbtls;
template <class T> std::uintptr_t g_cbbits;
template <class T> struct CbHash {
  std::size_t operator()(const CKey<T> *k) const { return cbv(k->p[0]) * 31u + k->m; }
};
template <class T> struct CbEq {
  bool operator()(const CKey<T> *a, const CKey<T> *b) const { return a->m == b->m && cbv(a->p[0]) == cbv(b->p[0]); }
};
template <class T> std::unordered_set<CKey<T> *, CbHash<T>, CbEq<T>> g_cbset;
std::vector<std::function<unsigned()>> g_cbfin;  // readers of callees' static locals
std::vector<std::vector<unsigned>> g_cbvv;  // containers whose buffer a callee kept
std::vector<std::string> g_cbsv;
template <class T> unsigned cb_fin() {
  unsigned s = 0;
  if (g_cbkeep<T>) s = s * 3u + cbv(*g_cbkeep<T>) + 1u;
  if (g_cbbox<T>) s = s * 5u + cbv(*g_cbbox<T>->p) + g_cbbox<T>->m;
  if (g_cbtls<T>) s = s * 7u + cbv(*g_cbtls<T>);
  if (g_cbbits<T>) s = s * 11u + cbv(*reinterpret_cast<T *>(g_cbbits<T>));
  return s;
}
// route "session35": what the vector twins kept; a vector returned by a
// noinline function; v.data() kept by a noinline function.  (The route's
// globals are [[clang::no_destroy]]: a destructor registered with atexit
// past glibc's first 32 takes a 1040-byte block, which would change the
// other routes' heap-call figures.)
std::uintptr_t g_vbits;
unsigned g_vbn, g_vkn;
int *g_vpi;
const int *g_vkept;
[[clang::no_destroy]] std::vector<int> g_vint;
[[clang::no_destroy]] std::vector<std::vector<int>> g_vints;
[[clang::no_destroy]] std::vector<VItem> g_vitems;
__attribute__((noinline)) void s35_keep(const int *p, unsigned c) { g_vkept = p; g_vkn = c; }
__attribute__((noinline)) std::vector<int> s35_grow(unsigned x, unsigned c) {
  std::vector<int> v;
  for (unsigned k = 0; k < c; ++k) v.push_back(int(k * 11u + x)); // site:escapes
  return v;
}
// route "session35": keys looked up by address with functors that only read
// (KHash, KEq, KLess, KTplHash, KRHash, KREq) or keep what they read
const int *g_khashed, *g_khashed2, *g_krow;
struct KHash {
  std::size_t operator()(const KState *s) const {
    std::size_t h = (std::size_t)s->n;
    for (int i = 0; i < s->n; ++i) h = h * 31u + (std::size_t)s->inst[i];
    return h;
  }
};
struct KEq {
  bool operator()(const KState *a, const KState *b) const {
    if (a == b) return true;
    if (a->n != b->n) return false;
    for (int i = 0; i < a->n; ++i) if (a->inst[i] != b->inst[i]) return false;
    return true;
  }
};
struct KLess {
  bool operator()(const KState *a, const KState *b) const {
    if (a->n != b->n) return a->n < b->n;
    for (int i = 0; i < a->n; ++i) if (a->inst[i] != b->inst[i]) return a->inst[i] < b->inst[i];
    return false;
  }
};
struct KTplHash {
  template <class S> std::size_t operator()(const S *s) const {
    std::size_t h = 7u;
    for (int i = 0; i < s->n; ++i) h = h * 17u + (std::size_t)s->inst[i];
    return h;
  }
};
struct KKeepHash { std::size_t operator()(const KState *s) const { g_khashed = s->inst; return (std::size_t)s->n; } };
struct KKeepLess {
  bool operator()(const KState *a, const KState *b) const { g_khashed = a->inst; g_khashed2 = b->inst; return KLess()(a, b); }
};
struct KTplKeepHash {
  template <class S> std::size_t operator()(const S *s) const { g_khashed2 = s->inst; return (std::size_t)s->n * 3u; }
};
struct KRHash {
  std::size_t operator()(const KRows *s) const {
    std::size_t h = (std::size_t)s->n;
    for (int i = 0; i < s->n; ++i) h = h * 13u + (std::size_t)s->rows[0][i] + (std::size_t)s->rows[1][i];
    return h;
  }
};
struct KREq {
  bool operator()(const KRows *a, const KRows *b) const {
    if (a->n != b->n) return false;
    for (int i = 0; i < a->n; ++i) if (a->rows[0][i] != b->rows[0][i] || a->rows[1][i] != b->rows[1][i]) return false;
    return true;
  }
};
struct KRKeepHash { std::size_t operator()(const KRows *s) const { g_krow = s->rows[0]; return (std::size_t)s->n; } };
[[clang::no_destroy]] std::unordered_set<KState *, KHash, KEq> g_kset;
[[clang::no_destroy]] std::set<KState *, KLess> g_kord;
[[clang::no_destroy]] std::unordered_set<KState *, KTplHash, KEq> g_ktset;
[[clang::no_destroy]] std::unordered_set<KState *, KKeepHash, KEq> g_kkset;
[[clang::no_destroy]] std::set<KState *, KKeepLess> g_kkord;
[[clang::no_destroy]] std::unordered_set<KState *, KTplKeepHash, KEq> g_ktkset;
[[clang::no_destroy]] std::unordered_set<KRows *, KRHash, KREq> g_krset;
[[clang::no_destroy]] std::unordered_set<KRows *, KRKeepHash, KREq> g_krkset;
int g_ke0[2] = {1, 2}, g_kr0[2] = {3, 4}, g_kr1[2] = {5, 6};
int *g_krows0[2] = {g_kr0, g_kr1};
KState g_ks0{g_ke0, 2};
KRows g_kr{g_krows0, 2};
// a static entry first, so that a lookup calls the hash / the less
template <class S> void s35_seed(S &set) { if (set.empty()) set.insert(&g_ks0); }
template <class S> void s35_rseed(S &set) { if (set.empty()) set.insert(&g_kr); }
// re2's DFA::CachedState: out of line, not a template (an exact body)
__attribute__((noinline)) KState *k_cached(int *inst, int n) {
  KState s;
  s.inst = inst;
  s.n = n;
  auto it = g_kset.find(&s);
  if (it != g_kset.end()) return *it;
  KState *nw = new KState{nullptr, n}; // site:escapes
  nw->inst = new int[n]; // site:escapes
  std::memcpy(nw->inst, inst, (std::size_t)n * sizeof(int));
  g_kset.insert(nw);
  return nw;
}
__attribute__((noinline)) KState *k_ordered(int *inst, int n) {
  KState s{inst, n};
  auto it = g_kord.find(&s);
  if (it != g_kord.end()) return *it;
  KState *nw = new KState{nullptr, n}; // site:escapes
  nw->inst = new int[n]; // site:escapes
  std::memcpy(nw->inst, inst, (std::size_t)n * sizeof(int));
  g_kord.insert(nw);
  return nw;
}
template <class S> __attribute__((noinline)) unsigned k_tfind(S *s) {
  auto it = g_kset.find(s);
  return it != g_kset.end() ? 30u + (unsigned)(*it)->n : (unsigned)s->n;
}
__attribute__((noinline)) inline unsigned k_ifind(int *inst, int n) {
  KState s{inst, n};
  auto it = g_kord.find(&s);
  return (it != g_kord.end() ? 40u : 3u) + (unsigned)g_kord.size();
}
__attribute__((noinline)) unsigned k_keeping(int *inst, int n) {
  KState s{inst, n};
  s35_seed(g_kkset);
  return (unsigned)g_kkset.count(&s) + (unsigned)n;
}
// route "session35": what the algorithm twins kept
template <class T> T *g_algkeep;
[[clang::no_destroy]] std::vector<int *> g_algptrs;
template <class T> unsigned s35_algfin() { return g_algkeep<T> ? (unsigned)(long)*g_algkeep<T> + 1u : 0u; }
unsigned s35_fin() {
  unsigned s = 0;
  if (g_vbits) s = s * 3u + (unsigned)reinterpret_cast<const int *>(g_vbits)[g_vbn - 1u];
  if (g_vpi) s = s * 5u + (unsigned)*g_vpi;
  if (g_vkept) s = s * 7u + (unsigned)g_vkept[g_vkn - 1u];
  s = s * 11u + s35vs(g_vint) + s35vs(g_vitems) * 3u;
  for (auto &v : g_vints) s = s * 13u + s35vs(v);
  if (g_khashed) s = s * 17u + (unsigned)g_khashed[0];
  if (g_khashed2) s = s * 19u + (unsigned)g_khashed2[0];
  if (g_krow) s = s * 23u + (unsigned)g_krow[0];
  s = s * 29u + s35_algfin<int>() + s35_algfin<long>() * 3u + s35_algfin<double>() * 5u + s35_algfin<uchar>() * 7u;
  unsigned t = 0;
  for (int *p : g_algptrs) t += (unsigned)*p;  // sorted by address: a sum that does not depend on the order
  return s * 31u + t;
}
unsigned finish() {
  unsigned s = acc;
  for (Node *p : g_slot) if (p) s = s * 7u + sumlist(p);
  for (Node *p : g_vec) s = s * 5u + sumlist(p);
  for (auto &u : g_uvec) s = s * 3u + u->sum();
  for (auto &x : g_svec) s = s * 11u + x->sum();
  if (g_up) s += g_up->sum();
  if (g_sp) s += g_sp->sum();
  if (g_fn) s += g_fn();
  if (g_holder.p) s += g_holder.p->sum();
  for (auto &h : g_hvec) s = s * 13u + h.p->sum();
  s += g_wp.expired() ? 17u : 19u + g_wp.lock()->v;
  if (g_int) s += reinterpret_cast<Node *>(g_int)->sum();
  if (static_slot()) s += sumlist(static_slot());
  if (g_holder.u) s += g_holder.u->sum();
  if (g_holder.s) s += g_holder.s->sum();
  // pointer bits read back after the functions returned, then dereferenced
  if (g_bits) s = s * 3u + reinterpret_cast<Node *>(g_bits)->sum();
  if (g_mbits) s = s * 5u + reinterpret_cast<Node *>(g_mbits)->sum();
  if (g_ubits) s = s * 7u + reinterpret_cast<Node *>(g_ubits)->sum();
  if (Node *q = std::bit_cast<Node *>(g_b8)) s = s * 11u + q->sum();
  { Node *q; std::memcpy(&q, g_raw8.b, sizeof q); if (q) s = s * 13u + q->sum(); }
  if (g_pbuf[0]) { void *q = nullptr; if (std::sscanf(g_pbuf, "%p", &q) == 1 && q) s = s * 17u + static_cast<Node *>(q)->sum(); }
  if (!g_pstr.empty()) { std::istringstream is(g_pstr); void *q = nullptr; if (is >> q) s = s * 19u + static_cast<Node *>(q)->sum(); }
  if (g_tmp) { std::rewind(g_tmp); Node *q; while (std::fread(&q, sizeof q, 1, g_tmp) == 1) s = s * 23u + q->sum(); std::fclose(g_tmp); g_tmp = nullptr; }
  if (g_long) s = s * 29u + reinterpret_cast<Node *>(g_long)->sum();
  if (std::bit_cast<std::uint64_t>(g_dbl)) s = s * 31u + std::bit_cast<Node *>(g_dbl)->sum();
  for (SStr *o : g_sstr) s = s * 37u + o->sum();
  for (OStr *o : g_ostr) s = s * 41u + o->sum();
  for (Ring *o : g_ring) s = s * 43u + o->sum();
  for (Coll *o : g_coll) s = s * 47u + o->sum();
  s = s * 53u + strsum(g_str);
  for (unsigned x : g_uv) s = s * 59u + x;
  // route "payload": what the functions left in the (TU-wide) globals
  if (g_pkeep) { s = s * 61u + g_pkeep->get(); delete g_pkeep; g_pkeep = nullptr; }
  if (g_phandle.pl) { s = s * 67u + g_phandle->get() + g_phandle.uses(); g_phandle = PHandle(); }
  if (g_pimpl) { s = s * 71u + g_pimpl->get(); g_pimpl.reset(); }
  for (PHandle *h : g_phandles) { s = s * 79u + (*h)->get() + h->uses(); delete h; }
  g_phandles.clear();
  s = s * 73u + g_pdtor; g_pdtor = 0u;
  // route "calleebody": what the chains' twins kept
  s = s * 83u + cb_fin<Node>() + cb_fin<unsigned>() * 3u + cb_fin<char>() * 5u;
  for (auto &fn : g_cbfin) s = s * 89u + fn();
  s = s * 97u + s35_fin();
  return s;
}
"""


class Fn:
    def __init__(self, name):
        self.name = name
        self.lines = []
        self.vars = {}  # name -> [kind, state]  kind raw|uniq|shared; state local|escaped|moved|deleted
        self.n = 0
        self.esc = set()  # variables whose object was stored where it outlives the call

    def fresh(self, p):
        self.n += 1
        return f"{p}{self.n}"

    def live(self, kinds=("raw", "uniq", "shared"), states=("local", "escaped")):
        return [v for v, (k, s) in self.vars.items() if k in kinds and s in states]


class Gen:
    def __init__(self, seed, index, routes=None):
        self.r = random.Random(f"{seed}:{index}")
        self.routes = ROUTES if routes is None else routes
        self.makers = []

    def val(self):
        r = self.r
        return r.choice(["n", "n + %du" % r.randrange(1, 100), "n * %du" % r.randrange(2, 9),
                         "%du" % r.randrange(0, 1000), "acc + n", "(n ^ %du)" % r.randrange(1, 255)])

    # One statement (one line) into f.
    def stmt(self, f, depth):
        r = self.r
        E = f.lines.append
        raws = f.live(("raw",), ("local",))
        anyraw = f.live(("raw",))
        uniqs = f.live(("uniq",), ("local",))
        shareds = f.live(("shared",), ("local", "escaped"))
        choice = r.choices(
            ["new", "uniq", "shared", "arr", "use", "alias", "link", "vec", "lambda", "lambda_ref",
             "escape", "uescape", "sescape", "loop", "cond", "exc", "throwptr", "holder", "maker",
             "call", "delete", "xlink", "umaker", "pair", "stdfn", "virt", "nest",
             "selfref", "srcall", "bits", "deep", "reload", "held", "guard", "fnslot", "payload",
             "calleebody", "session35"],
            weights=[6, 4, 3, 2, 6, 2, 2, 2, 2, 2, 3, 2, 2, 2, 2, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1]
            + [w * (k in self.routes) for k, w in (("selfref", 3), ("selfref", 2), ("bits", 4), ("deep", 1),
                                                    ("reload", 4), ("held", 4), ("guard", 1),
                                                    ("fnslot", 4), ("payload", 4),
                                                    ("calleebody", 5), ("session35", 5))])[0]
        if choice == "new":
            v = f.fresh("p")
            E(f"Node *{v} = new Node({self.val()}); // site:local")
            f.vars[v] = ["raw", "local"]
        elif choice == "uniq":
            v = f.fresh("u")
            E(f"auto {v} = std::make_unique<Node>({self.val()}); // site:local")
            f.vars[v] = ["uniq", "local"]
        elif choice == "shared":
            v = f.fresh("s")
            E(f"auto {v} = std::make_shared<Node>({self.val()}); // site:local")
            f.vars[v] = ["shared", "local"]
        elif choice == "arr":
            v = f.fresh("a")
            size = r.choice(["n % 50u + 1u", "8", "300", "n % 3000u + 1u"])
            E(f"{{ unsigned *{v} = new unsigned[{size}]; for (unsigned i = 0; i < ({size}); ++i) {v}[i] = i + n; "
              f"acc += {v}[({size}) - 1u]; delete[] {v}; }} // site:local")
        elif choice == "use" and (anyraw or uniqs or shareds):
            v = r.choice(anyraw + uniqs + shareds)
            get = v if f.vars[v][0] == "raw" else f"{v}.get()"
            E(r.choice([f"acc += {v}->v;", f"acc += readv({get});", f"acc += readi({get});",
                        f"{v}->v += {r.randrange(1, 9)}u;", f"acc += sumlist({get});"]))
        elif choice == "alias" and anyraw:
            v, q = r.choice(anyraw), f.fresh("q")
            E(f"Node *{q} = {r.choice([v, f'ident({v})'])}; acc += {q}->v * 2u;")
        elif choice == "link" and len(anyraw + uniqs) >= 2:
            a, b = r.sample(anyraw + uniqs, 2)
            ga = a if f.vars[a][0] == "raw" else f"{a}.get()"
            gb = b if f.vars[b][0] == "raw" else f"{b}.get()"
            E(f"link({ga}, {gb}); acc += sumlist({ga}); {ga}->next = nullptr;")
        elif choice == "vec" and (anyraw or uniqs):
            v, w = r.choice(anyraw + uniqs), f.fresh("vec")
            g = v if f.vars[v][0] == "raw" else f"{v}.get()"
            E(f"{{ std::vector<Node *> {w}{{{g}, {g}}}; for (Node *x : {w}) acc += x->v; }}")
        elif choice == "lambda" and (anyraw or shareds):
            v, l = r.choice(anyraw + shareds), f.fresh("l")
            E(f"auto {l} = [{v}](unsigned k) {{ return {v}->v * k; }}; acc += {l}({r.randrange(1, 5)}u);")
        elif choice == "lambda_ref" and (anyraw or uniqs):
            v, l = r.choice(anyraw + uniqs), f.fresh("l")
            E(f"auto {l} = [&]() {{ {v}->v += 1u; return {v}->v; }}; acc += {l}();")
        elif choice == "escape" and raws:
            v = r.choice(raws)
            E(r.choice([f"keep({v});", f"g_vec.push_back({v});", f"g_slot[{r.randrange(8)}] = {v};",
                        f"g_fn = [{v}]() {{ return {v}->v; }};", f"g_holder.p = {v};",
                        f"g_vec.push_back(ident({v}));", f"out_ref(g_slot[{r.randrange(8)}], {v});",
                        f"std::memcpy(&g_slot[{r.randrange(8)}], &{v}, sizeof {v});",
                        f"g_int = reinterpret_cast<std::uintptr_t>({v});", f"static_keep({v});",
                        f"{{ std::vector<Node *> lv{{{v}}}; g_vec.insert(g_vec.end(), lv.begin(), lv.end()); }}",
                        f"(void)std::exchange(g_holder.p, {v});",
                        f"try {{ throw Box{{{v}}}; }} catch (const Box &b) {{ g_slot[{r.randrange(8)}] = b.p; }}",
                        f"{{ Holder h; h.p = {v}; g_hvec.push_back(std::move(h)); }}"]))
            f.vars[v][1] = "escaped"
            f.esc.add(v)
        elif choice == "uescape" and uniqs:
            v = r.choice(uniqs)
            E(r.choice([f"g_up = std::move({v});", f"g_uvec.push_back(std::move({v}));",
                        f"g_holder.u = std::move({v});"]))
            f.vars[v][1] = "moved"
            f.esc.add(v)
        elif choice == "sescape" and shareds:
            v = r.choice(shareds)
            E(r.choice([f"g_sp = {v};", f"g_svec.push_back({v});", f"g_holder.s = {v};",
                        f"g_fn = [{v}]() {{ return {v}->v + 1u; }};", f"g_wp = {v};",
                        f"g_fn = [w = std::weak_ptr<Node>({v})]() {{ return w.expired() ? 7u : 9u; }};"]))
            f.vars[v][1] = "escaped"
            f.esc.add(v)
        elif choice == "loop":
            t = f.fresh("t")
            bound = r.randrange(2, 12)
            kind = r.choice(["del", "uniq", "cond", "chain"])
            if kind == "del":
                E(f"for (unsigned k = 0; k < {bound}u; ++k) {{ Node *{t} = new Node(k + n); acc += {t}->v; delete {t}; }} // site:local")
            elif kind == "uniq":
                E(f"for (unsigned k = 0; k < {bound}u; ++k) {{ auto {t} = std::make_unique<Node>(k * n); acc += readv({t}.get()); }} // site:local")
            elif kind == "cond":
                E(f"for (unsigned k = 0; k < {bound}u; ++k) {{ Node *{t} = new Node(k + n); if ((k + n) % 5u == 0u) g_vec.push_back({t}); else {{ acc += {t}->v; delete {t}; }} }} // site:escapes")
            else:
                E(f"{{ Node *head = nullptr; for (unsigned k = 0; k < {bound}u; ++k) {{ Node *{t} = new Node(k); {t}->next = head; head = {t}; }} "
                  f"acc += sumlist(head); while (head) {{ Node *nx = head->next; delete head; head = nx; }} }} // site:local")
        elif choice == "cond" and raws:
            v = r.choice(raws)
            E(f"if (n % {r.randrange(2, 5)}u == 0u) {{ g_vec.push_back({v}); }} else {{ acc += {v}->v; delete {v}; }}")
            f.vars[v][1] = "deleted"
            f.esc.add(v)
        elif choice == "exc":
            u = f.fresh("e")
            E(f"try {{ auto {u} = std::make_unique<Node>(n + 1u); if ({u}->v % 3u == 0u) throw Err{{{u}->v}}; acc += {u}->v; }} "
              f"catch (const Err &err) {{ acc += err.x * 7u; }} // site:local")
        elif choice == "throwptr":
            E(f"try {{ thrower(n + {r.randrange(0, 3)}u); }} catch (Node *c) {{ acc += c->v * 13u; delete c; }}")
        elif choice == "holder" and (raws or uniqs):
            v, h = r.choice(raws + uniqs), f.fresh("h")
            if f.vars[v][0] == "raw":
                E(f"Holder {h}; {h}.p = {v}; acc += {h}.p->v;")
            else:
                E(f"Holder {h}; {h}.u = std::move({v}); acc += {h}.u->v;")
                f.vars[v][1] = "moved"
        elif choice == "maker":
            if not self.makers or r.random() < 0.3:
                self.new_maker()
            m, v = r.choice(self.makers), f.fresh("p")
            E(f"Node *{v} = {m}({self.val()});")
            f.vars[v] = ["raw", "local"]
        elif choice == "call" and depth > 0 and self.callees:
            E(f"acc += {r.choice(self.callees)}({self.val()});")
        elif choice == "delete" and raws:
            v = r.choice(raws)
            E(f"delete {v};")
            f.vars[v][1] = "deleted"

        elif choice == "xlink" and raws and f.live(("raw",), ("escaped",)):
            # stored into an object that already escaped: escapes transitively
            e, v = r.choice(f.live(("raw",), ("escaped",))), r.choice(raws)
            if e != v:
                E(f"link({e}, {v}); acc += sumlist({e});")
                f.vars[v][1] = "escaped"
                f.esc.add(v)
        elif choice == "umaker":
            v = f.fresh("u")
            E(f"auto {v} = makeu(n + {r.randrange(0, 9)}u); acc += {v}->v;")
            f.vars[v] = ["uniq", "local"]
        elif choice == "pair":
            v = f.fresh("pr")
            E(f"Pair {v} = makepair({self.val()}); acc += {v}.a->v + {v}.k; delete {v}.a;")
        elif choice == "stdfn" and (anyraw or shareds):
            v, l = r.choice(anyraw + shareds), f.fresh("fn")
            E(f"std::function<unsigned()> {l} = [{v}]() {{ return {v}->v + 5u; }}; acc += {l}();")
        elif choice == "virt" and anyraw:
            v = r.choice(anyraw)
            E(f"acc += visitor(n)->visit({v});")
        elif choice == "nest" and raws:
            # a local heap object points at another local one; both deleted
            v, h = r.choice(raws), f.fresh("h")
            E(f"Node *{h} = new Node(n + 2u); {h}->next = {v}; acc += sumlist({h}); delete {h}; // site:local")

        elif choice == "selfref":
            E(self.selfref())
        elif choice == "srcall":
            if not self.srfns or r.random() < 0.3:
                self.new_srfn()
            E(f"acc += {r.choice(self.srfns)}({self.lit()}, {self.val()});")
        elif choice == "bits" and raws:
            # the pointer's bits leave through a non-pointer; finish() reads
            # them back after the function returned and dereferences them
            v = r.choice(raws)
            E(r.choice(BITS_ROUTES).replace("@V", v))
            f.vars[v][1] = "escaped"
            f.esc.add(v)
        elif choice == "reload":
            E(self.reload())
        elif choice == "held":
            E(self.held(r.choice(HELD_BODIES)))
        elif choice == "deep":
            if not self.deepfns or r.random() < 0.2:
                self.new_deep()
            E(f"acc += {r.choice(self.deepfns)}({r.randrange(DEEP_MIN, DEEP_MAX + 1)}u, {self.val()});")
        elif choice == "fnslot":
            E(self.fnslot(r.choice(FNSLOT_BODIES)))
        elif choice == "payload":
            E(self.payload(r.choice(PAYLOAD_BODIES)))
        elif choice == "calleebody":
            E(self.calleebody(self.cb_spec()))
        elif choice == "session35":
            E(self.session35())
        elif choice == "guard":
            if not self.guardfns or r.random() < 0.2:
                self.new_guard()
            E(self.guard_call(r.choice(self.guardfns), r.randrange(DEEP_MIN, DEEP_MAX + 1), self.val()))

    def reload(self):
        """A local string or vector given to a callee by reference, then
        destroyed (the destructor loads the buffer back)."""
        r = self.r
        call, esc = r.choice(RELOAD_CALLS)
        tag = "// site:escapes" if esc else "// site:local"
        size = r.choice(["n % 40u", "n % 40u + 16u", "%du" % r.randrange(0, 60)])
        if "@S" in call:
            decl = f"std::string s({size}, char('a' + n % 26u));"
            use = call.replace("@S", "s")
            after = "strsum(s)"
        else:
            decl = f"std::vector<unsigned> v({size}, n);"
            use = call.replace("@V", "v")
            after = "(unsigned)v.size()"
        if r.random() < 0.2 and "@S" in call:
            # reassigned in a loop: the previous buffer is freed through
            # the pointer loaded back
            return (f"{{ std::string s; for (unsigned k = 0; k < 3u; ++k) {{ "
                    f"s = std::string({size} + k, char('a' + k)); {tag}\n"
                    f"  acc += {use}; acc += {after}; }} }}")
        return f"{{ {decl} {tag}\n  acc += {use}; acc += {after}; }}"

    def held(self, body):
        """Linked nodes in a frame (HELD_BODIES), in a block of their own."""
        r = self.r
        body = body.replace("@X", self.val()).replace("@Y", self.val())
        return "{ " + body.replace("@K", str(r.randrange(0, 8))) + " }"

    def fnslot(self, body):
        """A block of route "fnslot" (FNSLOT_BODIES)."""
        r = self.r
        return "{ " + (body.replace("@X", self.val()).replace("@K", f"{r.randrange(1, 6)}u")
                       .replace("@S", str(r.randrange(0, 8)))) + " }"

    def payload(self, body):
        """A block of route "payload" (PAYLOAD_BODIES)."""
        r = self.r
        body = body.replace("@U", "local").replace("@P", "local").replace("@X", self.val())
        return "{ " + body.replace("@T", r.choice(["PA", "PB"])).replace("@K", f"{r.randrange(1, 6)}u") + " }"

    def session35(self, fam=None, idx=None, t=None, nx=None, mx=None):
        """A block of route "session35": a vector grown in a loop (S35_VEC_BODIES),
        a key looked up by address (S35_KEY_BODIES) or an array given to std
        algorithms (S35_ALG_BODIES); the escaping twins are tagged."""
        r = self.r
        fam = fam or r.choice(["vec", "key", "alg"])
        bodies, esc = {"vec": (S35_VEC_BODIES, S35_VEC_ESC), "key": (S35_KEY_BODIES, S35_KEY_ESC),
                       "alg": (S35_ALG_BODIES, S35_ALG_ESC)}[fam]
        if idx is None:
            idx = r.randrange(len(bodies))
        t = t or r.choice(S35_TYPES)
        nx = nx or r.choice(S35_NS)
        mx = mx or r.choice(S35_MS)
        body = (bodies[idx].replace("@TAG", "escapes" if idx >= esc else "local").replace("@T", t)
                .replace("@N", f"({nx})").replace("@X", self.val()).replace("@J", f"{r.randrange(0, 40)}u"))
        pre = "" if fam == "vec" else f"const unsigned m = {mx};\n  "
        return "{ " + pre + body + " }"

    def cb_spec(self):
        """A random chain of route "calleebody" (see calleebody())."""
        r = self.r
        kind = r.choice(list(CB_KINDS))
        twin = None
        if r.random() < 0.45:
            twin = r.choice(list(CB_KEEPS) + ["return", "return", "free", "free", "throw", "throw", "keyfree"])
        if twin in ("free", "keyfree") and CB_KINDS[kind]["free"] is None:
            twin = "global"
        return dict(kind=kind, size=r.choice(CB_SIZES), x=self.val(), h=r.randrange(len(CB_HBODIES)),
                    rd=r.randrange(len(CB_READERS)), static=r.random() < 0.5,
                    g=r.randrange(len(CB_GBODIES)) if r.random() < 0.6 else None,
                    twin=twin, at=r.choice(["h", "g"]),
                    link=r.choice([None] * 6 + ["inline", "template"]), calls=r.choice([1, 1, 2]))

    def calleebody(self, sp):
        """A block of route "calleebody": the object of kind sp["kind"] passed
        to a chain of out-of-line callees (f -> [g ->] h -> reader) defined
        here (self.maker_defs); sp["twin"]: where the chain keeps (CB_KEEPS),
        returns ("return") or frees ("free") it, at h or g (sp["at"]);
        sp["link"]: h inline or a template (linkonce_odr)."""
        k = CB_KINDS[sp["kind"]]
        T = k["T"]
        F = f"cb{len(self.cbfns)}"
        self.cbfns.append(F)
        twin, at = sp["twin"], (sp["at"] if sp["g"] is not None else "h")
        if twin == "recurse":
            at = "h"
        hsel = sp["h"]
        if twin in ("free", "keyfree", "return", "throw") and at == "g" and hsel == 7:
            hsel = 0  # a throw out of h would skip g's free / return / throw
        gsel = sp["g"]
        if twin in ("free", "keyfree") and at == "h" and gsel in (1, 3):
            gsel = 0  # h frees q: g calls it once, with q itself
        st = "static " if sp["static"] else ""
        defs = [CB_READERS[sp["rd"]].replace("@R", F + "_r"), CB_AREADER.replace("@R", F + "_a"),
                CB_BREADER.replace("@R", F + "_b")]
        defs = [d.replace("@S", st).replace("@T", T) for d in defs]
        if twin in CB_KEEP_DEFS:
            defs.append(CB_KEEP_DEFS[twin].replace("@DEL", (k["free"] or "").replace("q;", "k->p;"))
                        .replace("@F", F).replace("@T", T))
        keep = CB_KEEPS.get(twin, "")
        keep = keep.replace("@F", F).replace("@T", T)
        # h
        hb = CB_HBODIES[hsel]
        hret = "unsigned"
        if twin == "free" and at == "h":
            hb = f"CKey<@T> k{{q, m}};\n  unsigned s = @R(&k);\n  {k['free']}\n  return s;"
        elif twin == "return" and at == "h":
            hb, hret = "CKey<@T> k{q, m};\n  acc += @R(&k);\n  return k.p;", "@T *"
        elif twin == "keyfree" and at == "h":
            hb = f"CKey<@T> k{{q, m}};\n  unsigned s = @R(&k);\n  {F}_kf(&k);\n  return s;"
        elif twin == "throw" and at == "h":
            hb = "CKey<@T> k{q, m};\n  acc += @R(&k);\n  throw k.p;"
        elif twin == "recurse":
            hb = "CKey<@T> k{q, m};\n  unsigned s = @R(&k);\n  if (m > 1u) s += @H(q, m / 2u);\n  else g_cbkeep<@T> = q;\n  return s;"
        elif keep and at == "h":
            hb = keep + "\n  " + hb
        ht = T
        if sp["link"] == "template" and twin not in ("free", "keyfree", "return", "throw"):
            head, ht = "template <class U> __attribute__((noinline)) ", "U"
        elif sp["link"] == "inline":
            head = "__attribute__((noinline)) inline "
        else:
            head = "__attribute__((noinline)) "
        hb = (hb.replace("@R", F + "_r").replace("@A", F + "_a").replace("@B", F + "_b").replace("@H", F + "_h")
              .replace("@L", CB_LOCAL[T]).replace("@T", ht))
        defs.append(f"{head}{hret.replace('@T', ht)} {F}_h({ht} *q, unsigned m) {{\n  {hb}\n}}")
        top = F + "_h"
        if gsel is not None:
            gb, gret = CB_GBODIES[gsel], "unsigned"
            if hret != "unsigned":  # h returns the pointer, g passes it on
                gb, gret = f"{T} *r = @H(q, m);\n  acc += cbv(r[0]);\n  return r;", f"{T} *"
            elif twin == "free" and at == "g":
                gb = f"unsigned s = @H(q, m);\n  {k['free']}\n  return s;"
            elif twin == "return" and at == "g":
                gb, gret = f"acc += @H(q, m);\n  return q;", f"{T} *"
            elif twin == "keyfree" and at == "g":
                gb = f"unsigned s = @H(q, m);\n  CKey<@T> kk{{q, m}};\n  {F}_kf(&kk);\n  return s;"
            elif twin == "throw" and at == "g":
                gb = "acc += @H(q, m);\n  throw q;"
            elif keep and at == "g":
                gb = keep + "\n  " + gb
            gb = gb.replace("@H", F + "_h").replace("@T", T)
            defs.append(f"__attribute__((noinline)) {gret} {F}_g({T} *q, unsigned m) {{\n  {gb}\n}}")
            top = F + "_g"
        self.maker_defs.append("\n".join(defs))
        # the caller's block
        if twin is None:
            tag, post = "local", k["local"]
        elif twin in ("free", "keyfree"):
            tag, post = "freed", k["freed"]
        else:
            tag, post = "escapes", k["keep"]
            if twin == "maybe" and sp["kind"] in ("new", "arr", "uarr"):
                tag = "maybe"
        a = k["arg"]
        # h's own body is used (not replaced by the twin's) and throws Err
        throws = hsel == 7 and not (twin == "recurse" or (twin in ("free", "keyfree", "return", "throw") and at == "h"))
        if twin == "throw":
            call = (f"try {{ acc += {top}({a}, m); }} catch ({T} *c) {{ g_cbkeep<{T}> = c; acc += cbv(c[0]); }}")
            throws = False
        elif twin == "return":
            call = f"g_cbkeep<{T}> = {top}({a}, m); acc += cbv(g_cbkeep<{T}>[0]);"
        elif twin in ("free", "keyfree"):
            call = f"acc += {top}({a}, m);"
        else:
            call = " ".join([f"acc += {top}({a}, m);"] * sp["calls"]) + f" acc += cbv({a}[m - 1u]);"
        if throws:
            call = f"try {{ {call} }} catch (const Err &e) {{ acc += e.x * 5u; }}"
        m = k["m"].replace("@M", sp["size"])
        decl = k["decl"].replace("@X", sp["x"])
        body = f"const unsigned m = {m};\n  {decl} // site:{tag}\n  "
        body += " ".join(x for x in (k["fill"], call, post) if x)
        return "{ " + body + " }"

    def lit(self):
        """A string literal shorter or longer than libstdc++'s 15-char SSO buffer."""
        r = self.r
        n = r.choice([0, 3, 7, 14, 15, 16, 17, 23, 40])
        return '"' + "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n)) + '"'

    def selfref(self):
        """A self-referential object (noinline constructor) used and destroyed
        in the frame, or allocated with new and deleted or kept."""
        r = self.r
        lit, val = self.lit(), self.val()
        ctor = {"SStr": f"SStr({lit}, {val})", "OStr": f"OStr({lit}, {val})", "Ring": f"Ring({val})",
                "ORing": f"ORing({val})", "Coll": f"Coll({lit}, {val})"}
        kind = r.choice(["SStr", "SStr", "OStr", "Ring", "ORing", "Coll"])
        how = r.choice(["frame", "frame", "frame2", "heap", "escape"])
        if how == "heap":
            return f"{{ {kind} *o = new {ctor[kind]}; acc += o->sum(); delete o; }} // site:local"
        if how == "escape":
            if kind == "ORing":
                kind = "Ring"
            g = {"SStr": "g_sstr", "OStr": "g_ostr", "Ring": "g_ring", "Coll": "g_coll"}[kind]
            return f"{g}.push_back(new {ctor[kind]}); // site:escapes"
        decl = f"{kind} o{ctor[kind][len(kind):]};"
        use = {"SStr": ["acc += o.sum() + (unsigned)o.s.size();", "acc += readstr(o);",
                        "SStr o2 = std::move(o); acc += o2.sum() + (unsigned)o2.s.size();"],
               "OStr": ["acc += o.sum() + (unsigned)o.b.size();", "OStr o2 = o; acc += o2.sum() + o.sum();"],
               "Ring": ["acc += o.sum();", f"Ring o2({self.val()}); o.join(o2); acc += o.sum() + o2.sum();",
                        f"Ring o2({self.val()}), o3(n); o.join(o2); o2.join(o3); acc += o3.sum(); o2.leave(); acc += o.sum();"],
               "ORing": ["acc += o.sum();"],
               "Coll": ["acc += readcoll(o);", "acc += o.sum(); o.l.splice(o.l.end(), Coll(\"x\", n + 3u).l); acc += readcoll(o);"]}[kind]
        return f"{{ {decl} {r.choice(use)} }}"

    def new_srfn(self):
        """A noinline function whose frame holds a self-referential object
        built by a noinline constructor from its (run-time) string argument."""
        r = self.r
        name = f"sr{len(self.srfns)}"
        body = r.choice(SR_BODIES)
        self.maker_defs.append(f"__attribute__((noinline)) unsigned {name}(const char *c, unsigned n) {{\n  {body}\n}}")
        self.srfns.append(name)

    def new_deep(self):
        """A recursive function allocating ~1 kB (and a run-time sized
        array) per level, freed after the recursive call returns."""
        r = self.r
        name = f"deep{len(self.deepfns)}"
        body = r.choice(DEEP_BODIES).replace("@F", name)
        self.maker_defs.append(f"__attribute__((noinline)) unsigned {name}(unsigned d, unsigned n) {{\n"
                               f"  if (d == 0u) return n;\n  {body}\n}}")
        self.deepfns.append(name)

    def new_guard(self, body=None):
        """A recursive function (route "guard") whose object per level is
        read by a noinline reader; the deepest level throws for some n."""
        r = self.r
        name = f"rg{len(self.guardfns)}"
        body = (body or r.choice(GUARD_BODIES)).replace("@F", name)
        self.maker_defs.append(f"__attribute__((noinline)) unsigned {name}(unsigned d, unsigned n) {{\n"
                               f"  if (d == 0u) {{\n    if (n % 7u == 3u) throw Err{{n}};\n    return n;\n  }}\n"
                               f"  {body}\n}}")
        self.guardfns.append(name)

    @staticmethod
    def guard_call(name, depth, val):
        return f"try {{ acc += {name}({depth}u, {val}); }} catch (Err &e) {{ acc += e.x; }}"

    def new_maker(self):
        r = self.r
        name = f"make{len(self.makers)}"
        body = r.choice([
            "Node *p = new Node(n); // site:escapes\n  p->v += 3u;\n  return p;",
            "auto u = std::make_unique<Node>(n * 2u); // site:escapes\n  return u.release();",
            "Node *p = new Node(n); // site:escapes\n  Node *q = ident(p);\n  return q;",
        ])
        self.maker_defs.append(f"__attribute__((noinline)) Node *{name}(unsigned n) {{\n  {body}\n}}")
        self.makers.append(name)

    def function(self, name, depth):
        f = Fn(name)
        for _ in range(self.r.randrange(3, 12)):
            self.stmt(f, depth)
        # An allocation whose variable was then stored to a global (all
        # statements are at the function's top level, so unconditionally)
        # escapes on every path.
        out = []
        for line in f.lines:
            decl = line.split(" = ", 1)[0]
            if decl.startswith(("Node *", "auto ")) and decl.split()[-1].lstrip("*") in f.esc:
                line = line.replace("// site:local", "// site:escapes")
            out.append(line)
        out += [f"delete {v};" for v, (k, st) in f.vars.items() if k == "raw" and st == "local"]
        body = "\n  ".join(out)
        return f"unsigned {name}(unsigned n) {{\n  {body}\n  return acc;\n}}"

    def program(self, ns):
        r = self.r
        self.maker_defs = []
        self.callees = []
        self.srfns = []
        self.deepfns = []
        self.guardfns = []
        self.cbfns = []
        pad = r.choice([1, 2, 8, 64, 300])
        fns = []
        for i in range(r.randrange(1, 5)):
            name = f"f{i}"
            fns.append(self.function(name, depth=i))
            self.callees.append(name)
        calls = " ".join(f"acc += {r.choice(self.callees)}({r.randrange(0, 50)}u);"
                         for _ in range(r.randrange(1, 6)))
        return (f"namespace {ns} {{\n" + HELPERS.replace("PAD", str(pad)) + "\n".join(self.maker_defs) +
                "\n" + "\n".join(fns) +
                f"\nunsigned run() {{\n  {calls}\n  return finish();\n}}\n}} // namespace {ns}\n")


PRELUDE = ("#include <atomic>\n#include <bit>\n#include <cstdint>\n#include <cstdio>\n#include <cstring>\n#include <functional>\n"
           "#include <list>\n#include <map>\n#include <memory>\n#include <sstream>\n#include <string>\n"
           "#include <unordered_set>\n#include <utility>\n#include <vector>\n"
           "#include <algorithm>\n#include <numeric>\n#include <set>\n" + TYPES)


def program(seed, index, routes=None):
    """One program in namespace p<index>, with run()."""
    return Gen(seed, index, routes).program(f"p{index}")


def batch(seed, indices, routes=None):
    """One TU with the programs of indices and a main printing each checksum."""
    body = "".join(program(seed, i, routes) for i in indices)
    calls = "".join(f'  std::printf("p{i} %u\\n", p{i}::run());\n' for i in indices)
    return PRELUDE + body + "int main() {\n" + calls + "  return 0;\n}\n"


def cb_directed():
    """The chains of route "calleebody" for --directed: every h body at one
    and two levels, h inline and a template, every twin at h and at g; the
    object kinds, sizes and readers cycled."""
    kinds, sizes = list(CB_KINDS), CB_SIZES
    specs = []

    def spec(i, **kw):
        d = dict(kind=kinds[i % len(kinds)], size=sizes[i % len(sizes)], x="n + 3u", h=0,
                 rd=i % len(CB_READERS), static=i % 2 == 0, g=None, twin=None, at="h", link=None,
                 calls=1 + i % 2)
        d.update(kw)
        return d
    for i in range(len(CB_HBODIES)):
        specs.append(spec(len(specs), h=i))
        specs.append(spec(len(specs), h=i, g=i % len(CB_GBODIES)))
    for link in ("inline", "template"):
        specs.append(spec(len(specs), link=link))
        specs.append(spec(len(specs), link=link, g=1, h=9))
    for twin in list(CB_KEEPS) + ["return", "free", "keyfree", "throw"]:
        for at in ("h", "g"):
            i = len(specs)
            kind = kinds[i % len(kinds)]
            if twin in ("free", "keyfree") and CB_KINDS[kind]["free"] is None:
                kind = kinds[i % 4]
            specs.append(spec(i, kind=kind, twin=twin, at=at, h=i % len(CB_HBODIES),
                              g=(i % len(CB_GBODIES)) if at == "g" else None,
                              link="inline" if twin in ("inline", "template") and at == "h" else None))
    return specs


def directed(family):
    """One TU with one program per variant of an optional family (every
    BITS_ROUTES entry, every SR_BODIES body called with strings of 0, 15, 16
    and 40 characters, every DEEP_BODIES body at DEEP_MAX levels), in the
    same namespaces/helpers as the random programs."""
    progs = []
    if family == "bits":
        for rt in BITS_ROUTES:
            progs.append(("__attribute__((noinline)) unsigned f0(unsigned n) {\n"
                          "  Node *p = new Node(n + 5u); // site:escapes\n"
                          f"  {rt.replace('@V', 'p')}\n  acc += p->v;\n  return acc;\n}}\n", "acc += f0(n);"))
    elif family == "selfref":
        lits = ['""', '"abcdefghijklmno"', '"abcdefghijklmnop"', '"' + "0123456789" * 4 + '"']
        for body in SR_BODIES:
            progs.append((f"__attribute__((noinline)) unsigned sr0(const char *c, unsigned n) {{\n  {body}\n}}\n",
                          " ".join(f"acc += sr0({x}, n + {i}u);" for i, x in enumerate(lits))))
    elif family == "deep":
        for body in DEEP_BODIES:
            progs.append(("__attribute__((noinline)) unsigned deep0(unsigned d, unsigned n) {\n"
                          f"  if (d == 0u) return n;\n  {body.replace('@F', 'deep0')}\n}}\n",
                          f"acc += deep0({DEEP_MAX}u, n);"))
    elif family == "guard":
        for body in GUARD_BODIES:
            g = Gen(0, 0)
            g.maker_defs, g.guardfns = [], []
            g.new_guard(body)
            progs.append((g.maker_defs[0] + "\n", " ".join(
                Gen.guard_call("rg0", DEEP_MAX, v) for v in ("n", "n + 3u", "n + 7u"))))
    elif family == "held":
        g = Gen(0, 0)
        for body in HELD_BODIES:
            progs.append(("__attribute__((noinline)) unsigned f0(unsigned n) {\n"
                          f"  {g.held(body)}\n  return acc;\n}}\n", "acc += f0(n); acc += f0(n + 1u); acc += f0(n + 2u);"))
    elif family == "fnslot":
        g = Gen(0, 0)
        for body in FNSLOT_BODIES:
            progs.append(("__attribute__((noinline)) unsigned f0(unsigned n) {\n"
                          f"  {g.fnslot(body)}\n  return acc;\n}}\n", "acc += f0(n); acc += f0(n + 1u);"))
    elif family == "payload":
        g = Gen(0, 0)
        for body in PAYLOAD_BODIES:
            for t in ("PA", "PB"):
                progs.append(("__attribute__((noinline)) unsigned f0(unsigned n) {\n"
                              f"  {g.payload(body.replace('@T', t))}\n  return acc;\n}}\n",
                              "acc += f0(n); acc += f0(n + 1u); acc += f0(n + 3u);"))
    elif family == "calleebody":
        for sp in cb_directed():
            g = Gen(0, 0)
            g.maker_defs, g.cbfns = [], []
            blk = g.calleebody(sp)
            progs.append(("\n".join(g.maker_defs) + "\n__attribute__((noinline)) unsigned f0(unsigned n) {\n"
                          f"  {blk}\n  return acc;\n}}\n", "acc += f0(n); acc += f0(n + 1u);"))
    elif family == "session35":
        specs = [("vec", i, "int") for i in range(len(S35_VEC_BODIES))]
        specs += [("key", i, "int") for i in range(len(S35_KEY_BODIES))]
        specs += [("alg", i, S35_TYPES[(i + j) % len(S35_TYPES)]) for i in range(len(S35_ALG_BODIES)) for j in (0, 1)]
        specs += [("alg", 0, t) for t in S35_TYPES[2:]]
        for k, (fam, i, t) in enumerate(specs):
            g = Gen(0, k)
            blk = g.session35(fam, i, t, S35_NS[k % len(S35_NS)], S35_MS[k % len(S35_MS)])
            progs.append(("__attribute__((noinline)) unsigned f0(unsigned n) {\n"
                          f"  {blk}\n  return acc;\n}}\n", "acc += f0(n); acc += f0(n + 1u); acc += f0(n + 2u);"))
    else:
        raise ValueError(f"no family {family!r} (one of {', '.join(ROUTES)})")
    body = "".join(f"namespace p{i} {{\n" + HELPERS.replace("PAD", "2") + fn +
                   f"unsigned run() {{\n  unsigned n = {i * 7 + 3}u;\n  {call}\n  return finish();\n}}\n}} // namespace p{i}\n"
                   for i, (fn, call) in enumerate(progs))
    calls = "".join(f'  std::printf("p{i} %u\\n", p{i}::run());\n' for i in range(len(progs)))
    return PRELUDE + body + "int main() {\n" + calls + "  return 0;\n}\n"


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--directed":
        sys.stdout.write(directed(sys.argv[2]))
        sys.exit(0)
    args = [x for x in sys.argv[1:] if not x.startswith("--routes=")]
    rts = [x.split("=", 1)[1] for x in sys.argv[1:] if x.startswith("--routes=")]
    s = int(args[0]) if len(args) > 0 else 1
    i = int(args[1]) if len(args) > 1 else 0
    sys.stdout.write(batch(s, [i], tuple(filter(None, rts[-1].split(","))) if rts else None))
