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

The program is well defined: each raw allocation is deleted exactly once
(or leaked, never freed twice) and never used after its delete; smart
pointers are not used after being moved from.

Ground truth: every allocation site is on its own line, tagged with a
trailing comment `// site:escapes` when the object is, on some feasible path
(in most cases: every path) that executes the allocation, stored where it
outlives the function (a global, a returned pointer, a thrown pointer, a
global container or std::function).
The plugin must never say "does not escape" for those.  (Sites tagged
`// site:local` never outlive their function; the plugin may or may not
prove it, which measures its precision.)

Deterministic: the same (seed, index) gives the same program text.

  bench/fuzz/gen.py SEED [INDEX]   # print one program (with main)
"""
import random
import sys

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
Holder g_holder;
std::vector<Holder> g_hvec;
std::weak_ptr<Node> g_wp;
std::uintptr_t g_int;
struct Box { Node *p; };
__attribute__((noinline)) void out_ref(Node *&slot, Node *p) { slot = p; }
__attribute__((noinline)) Node *&static_slot() { static Node *last = nullptr; return last; }
__attribute__((noinline)) void static_keep(Node *p) { static_slot() = p; }
unsigned acc;
__attribute__((noinline)) unsigned readv(const Node *p) { return p->v; }
__attribute__((noinline)) void keep(Node *p) { g_slot[p->v & 7u] = p; }
__attribute__((noinline)) Node *ident(Node *p) { return p; }
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
    def __init__(self, seed, index):
        self.r = random.Random(f"{seed}:{index}")
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
             "call", "delete", "xlink", "umaker", "pair", "stdfn", "virt", "nest"],
            weights=[6, 4, 3, 2, 6, 2, 2, 2, 2, 2, 3, 2, 2, 2, 2, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1])[0]
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


PRELUDE = "#include <cstdint>\n#include <cstdio>\n#include <cstring>\n#include <functional>\n#include <utility>\n#include <memory>\n#include <vector>\n" + TYPES


def program(seed, index):
    """One program in namespace p<index>, with run()."""
    return Gen(seed, index).program(f"p{index}")


def batch(seed, indices):
    """One TU with the programs of indices and a main printing each checksum."""
    body = "".join(program(seed, i) for i in indices)
    calls = "".join(f'  std::printf("p{i} %u\\n", p{i}::run());\n' for i in indices)
    return PRELUDE + body + "int main() {\n" + calls + "  return 0;\n}\n"


if __name__ == "__main__":
    s = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    i = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    sys.stdout.write(batch(s, [i]))
