// The library model's key-lookup facts (library::keyLookup, calleeFacts):
// find, count, lower_bound and upper_bound of libstdc++'s std::_Hashtable
// and std::_Rb_tree (behind the unordered and ordered sets and maps) hand
// their `const key_type&` to the container's functors only, so their calls
// get captures(address), nofree and the content fact on the key when those
// functors only read it, and the reachable fact when they only read all that
// is reachable from it: the library's std::hash / equal_to / less on
// pointers, arithmetic types and std::string, or user classes whose
// operator() overloads this unit's summaries prove (re2's DFA::CachedState:
// a stack State holding a heap `inst` array, looked up by its address). The
// twins get no fact: a Hash that keeps its argument, an Eq that keeps what
// it loads from it, a template operator(), an operator() defined in another
// unit, std::less of a user class (its operator< is user code), and the
// heterogeneous find of a transparent std::less<> (a member template).
// Only the front end's attributes are checked here, not what the pass
// makes of them; the program prints the same plain and with the plugin.
//
// At -O0 nothing is inlined: every lookup is a call (from the containers'
// own members), with the attributes on the key argument or without them.
// RUN: %clangxx -std=c++17 -O0 -S -emit-llvm %escape %s -o %t.O0.ll
// RUN: FileCheck --check-prefix=O0 %s < %t.O0.ll
// At -O2 unordered_set::find is inlined and _Hashtable::find stays a call
// (the shape of re2's lookup).
// RUN: %clangxx -std=c++17 -O2 -S -emit-llvm %escape %s -o - | FileCheck --check-prefix=O2 %s
// Without the facts, none of it.
// RUN: %clangxx -std=c++17 -O0 -S -emit-llvm %escape -fplugin-arg-escape-no-ir-facts %s -o - | FileCheck --check-prefix=OFF %s
// OFF-NOT: escape-content-nocapture-nofree
// The same output plain and with the plugin (the operator() of declaredOp
// is defined in a second unit).
// RUN: %clangxx -std=c++17 -O2 -DOTHER_UNIT -c %s -o %t.other.o
// RUN: %clangxx -std=c++17 -O2 %s %t.other.o -o %t.plain
// RUN: %clangxx -std=c++17 -O2 %escape %s %t.other.o -o %t.escape
// RUN: %t.plain > %t.plain.out
// RUN: %t.escape | diff %t.plain.out -
// RUN: FileCheck --check-prefix=OUT %s < %t.plain.out
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

struct State {
  int *inst;
  int n;
};

namespace declaredOp {
struct Less {
  bool operator()(const State *a, const State *b) const; // in OTHER_UNIT
};
} // namespace declaredOp

#ifdef OTHER_UNIT
bool declaredOp::Less::operator()(const State *a, const State *b) const {
  return a->n < b->n;
}
#else

const State *GlobalState;
int *GlobalInst;

// --- Proven: user functors that only read the key ------------------------
namespace proven {
struct Hash {
  size_t operator()(const State *s) const {
    size_t h = 0;
    for (int i = 0; i < s->n; ++i)
      h = h * 31 + size_t(s->inst[i]);
    return h;
  }
};
struct Eq {
  bool operator()(const State *a, const State *b) const {
    if (a->n != b->n)
      return false;
    for (int i = 0; i < a->n; ++i)
      if (a->inst[i] != b->inst[i])
        return false;
    return true;
  }
};
std::unordered_set<State *, Hash, Eq> cache;
State *lookup(int *inst, int n) {
  State s{inst, n};
  auto it = cache.find(&s);
  return it == cache.end() ? nullptr : *it;
}
} // namespace proven
// O0-DAG: call ptr @_ZNSt10_HashtableIP5StateS1_SaIS1_ENSt8__detail9_IdentityEN6proven2EqENS5_4HashENS3_18_Mod_range_hashingENS3_20_Default_ranged_hashENS3_20_Prime_rehash_policyENS3_17_Hashtable_traitsILb1ELb1ELb1EEEE4findERKS1_(ptr noundef nonnull align 8 dereferenceable(56) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(8) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %{{[0-9]+}})
// O2-LABEL: define {{.*}} @_ZN6proven6lookupEPii(
// O2: call ptr @_ZNSt10_HashtableIP5StateS1_SaIS1_ENSt8__detail9_IdentityEN6proven2EqENS5_4HashENS3_18_Mod_range_hashingENS3_20_Default_ranged_hashENS3_20_Prime_rehash_policyENS3_17_Hashtable_traitsILb1ELb1ELb1EEEE4findERKS1_(ptr noundef nonnull align 8 dereferenceable(56) @_ZN6proven5cacheE, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(8) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %{{[a-z0-9.]+}})
// O2-LABEL: define

// --- Proven: the library's functors on pointers and strings --------------
std::set<int *> Ptrs;
bool pointerSet(int *p) { return Ptrs.find(p) != Ptrs.end(); }
// O0-DAG: call ptr @_ZNSt8_Rb_treeIPiS0_St9_IdentityIS0_ESt4lessIS0_ESaIS0_EE4findERKS0_(ptr noundef nonnull align 8 dereferenceable(48) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(8) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %{{[0-9]+}})
std::multiset<int *> MultiPtrs;
size_t pointerMultiset(int *p) { return MultiPtrs.count(p); }
// O0-DAG: call noundef i64 @_ZNKSt8_Rb_treeIPiS0_St9_IdentityIS0_ESt4lessIS0_ESaIS0_EE5countERKS0_(ptr noundef nonnull align 8 dereferenceable(48) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(8) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %{{[0-9]+}})
std::map<std::string, int> Words;
int stringMap(const std::string &w) {
  auto it = Words.find(w);
  return (it == Words.end() ? 0 : it->second) +
         int(Words.lower_bound(w) != Words.upper_bound(w));
}
// O0-DAG: call ptr @_ZNSt8_Rb_treeINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESt4pairIKS5_iESt10_Select1stIS8_ESt4lessIS5_ESaIS8_EE4findERS7_(ptr noundef nonnull align 8 dereferenceable(48) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(32) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %{{[0-9]+}})
// O0-DAG: call ptr @_ZNSt8_Rb_treeINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESt4pairIKS5_iESt10_Select1stIS8_ESt4lessIS5_ESaIS8_EE11lower_boundERS7_(ptr noundef nonnull align 8 dereferenceable(48) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(32) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %{{[0-9]+}})
// O0-DAG: call ptr @_ZNSt8_Rb_treeINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESt4pairIKS5_iESt10_Select1stIS8_ESt4lessIS5_ESaIS8_EE11upper_boundERS7_(ptr noundef nonnull align 8 dereferenceable(48) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(32) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %{{[0-9]+}})
std::unordered_map<std::string, int> HashedWords;
int stringHash(const std::string &w) { return int(HashedWords.count(w)); }
// O0-DAG: call noundef i64 @_ZNKSt10_HashtableINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEESt4pairIKS5_iESaIS8_ENSt8__detail10_Select1stESt8equal_toIS5_ESt4hashIS5_ENSA_18_Mod_range_hashingENSA_20_Default_ranged_hashENSA_20_Prime_rehash_policyENSA_17_Hashtable_traitsILb1ELb0ELb1EEEE5countERS7_(ptr noundef nonnull align 8 dereferenceable(56) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(32) "escape-content-nocapture-nofree" "escape-reachable-nocapture-nofree" %{{[0-9]+}})

// --- Twins: the same lookups without a fact ------------------------------
// The key (level 0 of the functor's parameter) is kept.
namespace hashStores {
struct Hash {
  size_t operator()(const State *s) const {
    GlobalState = s;
    return size_t(s->n);
  }
};
std::unordered_set<State *, Hash, proven::Eq> cache;
bool lookup(int *inst, int n) {
  State s{inst, n};
  return cache.find(&s) != cache.end();
}
} // namespace hashStores
// O0-DAG: call ptr @_ZNSt10_HashtableIP5StateS1_SaIS1_ENSt8__detail9_IdentityEN6proven2EqEN10hashStores4HashENS3_18_Mod_range_hashingENS3_20_Default_ranged_hashENS3_20_Prime_rehash_policyENS3_17_Hashtable_traitsILb1ELb1ELb1EEEE4findERKS1_(ptr noundef nonnull align 8 dereferenceable(56) %{{[0-9]+}}, ptr noundef nonnull align 8 dereferenceable(8) %{{[0-9]+}})

// What the functor loads from the key (its `inst`) is kept.
namespace eqStores {
struct Eq {
  bool operator()(const State *a, const State *b) const {
    GlobalInst = a->inst;
    return a->n == b->n;
  }
};
std::unordered_set<State *, proven::Hash, Eq> cache;
bool lookup(int *inst, int n) {
  State s{inst, n};
  return cache.find(&s) != cache.end();
}
} // namespace eqStores
// O0-DAG: call ptr @_ZNSt10_HashtableIP5StateS1_SaIS1_ENSt8__detail9_IdentityEN8eqStores2EqEN6proven4HashENS3_18_Mod_range_hashingENS3_20_Default_ranged_hashENS3_20_Prime_rehash_policyENS3_17_Hashtable_traitsILb1ELb1ELb1EEEE4findERKS1_(ptr noundef nonnull align 8 dereferenceable(56) %{{[0-9]+}}, ptr noundef nonnull align 8 dereferenceable(8) %{{[0-9]+}})

// A template operator(): not proven, whatever its body.
namespace templateOp {
struct Hash {
  template <class T> size_t operator()(const T *s) const {
    return size_t(s->n);
  }
};
std::unordered_set<State *, Hash, proven::Eq> cache;
bool lookup(int *inst, int n) {
  State s{inst, n};
  return cache.find(&s) != cache.end();
}
} // namespace templateOp
// O0-DAG: call ptr @_ZNSt10_HashtableIP5StateS1_SaIS1_ENSt8__detail9_IdentityEN6proven2EqEN10templateOp4HashENS3_18_Mod_range_hashingENS3_20_Default_ranged_hashENS3_20_Prime_rehash_policyENS3_17_Hashtable_traitsILb1ELb1ELb1EEEE4findERKS1_(ptr noundef nonnull align 8 dereferenceable(56) %{{[0-9]+}}, ptr noundef nonnull align 8 dereferenceable(8) %{{[0-9]+}})

// An operator() defined in another unit: no summary here.
namespace declaredOp {
std::set<State *, Less> tree;
bool lookup(int *inst, int n) {
  State s{inst, n};
  return tree.find(&s) != tree.end();
}
} // namespace declaredOp
// O0-DAG: call ptr @_ZNSt8_Rb_treeIP5StateS1_St9_IdentityIS1_EN10declaredOp4LessESaIS1_EE4findERKS1_(ptr noundef nonnull align 8 dereferenceable(48) %{{[0-9]+}}, ptr noundef nonnull align 8 dereferenceable(8) %{{[0-9]+}})

// std::less of a user class calls the user's operator<: not the library's
// reader, even though this one only reads.
namespace userLess {
struct Point {
  int x, y;
  bool operator<(const Point &o) const { return x < o.x; }
};
std::set<Point> tree;
bool lookup(int x) { return tree.find(Point{x, 0}) != tree.end(); }
} // namespace userLess
// O0-DAG: call ptr @_ZNSt8_Rb_treeIN8userLess5PointES1_St9_IdentityIS1_ESt4lessIS1_ESaIS1_EE4findERKS1_(ptr noundef nonnull align 8 dereferenceable(48) %{{[0-9]+}}, ptr noundef nonnull align 4 dereferenceable(8) %{{[0-9]+}})

// re2's own Eq compares with memcmp: not proven today, because the
// analysis counts the operands of a modelled library call as captured
// (GraphBuilder::applyCall). If that changes, this call gets the fact too;
// then move it up with the proven ones (and update docs/cross-tu.md).
namespace memcmpEq {
struct Eq {
  bool operator()(const State *a, const State *b) const {
    return a->n == b->n &&
           !memcmp(a->inst, b->inst, size_t(a->n) * sizeof(int));
  }
};
std::unordered_set<State *, proven::Hash, Eq> cache;
bool lookup(int *inst, int n) {
  State s{inst, n};
  return cache.find(&s) != cache.end();
}
} // namespace memcmpEq
// O0-DAG: call ptr @_ZNSt10_HashtableIP5StateS1_SaIS1_ENSt8__detail9_IdentityEN8memcmpEq2EqEN6proven4HashENS3_18_Mod_range_hashingENS3_20_Default_ranged_hashENS3_20_Prime_rehash_policyENS3_17_Hashtable_traitsILb1ELb1ELb1EEEE4findERKS1_(ptr noundef nonnull align 8 dereferenceable(56) %{{[0-9]+}}, ptr noundef nonnull align 8 dereferenceable(8) %{{[0-9]+}})

// What the functor loads two levels down from its argument (a row of the
// state's table) is kept: the content fact (levels 0 and 1 of the key
// parameter) holds, the reachable fact does not.
namespace eqKeepsRow {
struct Table {
  int **rows;
  int n;
};
int *GlobalRow;
struct Hash {
  size_t operator()(const Table *t) const { return size_t(t->n); }
};
struct Eq {
  bool operator()(const Table *a, const Table *b) const {
    GlobalRow = a->rows[0];
    return a->n == b->n;
  }
};
std::unordered_set<Table *, Hash, Eq> cache;
bool lookup(int **rows, int n) {
  Table t{rows, n};
  return cache.find(&t) != cache.end();
}
} // namespace eqKeepsRow
// O0-DAG: call ptr @_ZNSt10_HashtableIPN10eqKeepsRow5TableES2_SaIS2_ENSt8__detail9_IdentityENS0_2EqENS0_4HashENS4_18_Mod_range_hashingENS4_20_Default_ranged_hashENS4_20_Prime_rehash_policyENS4_17_Hashtable_traitsILb1ELb1ELb1EEEE4findERKS2_(ptr noundef nonnull align 8 dereferenceable(56) %{{[0-9]+}}, ptr nofree noundef nonnull align 8 captures(address) dereferenceable(8) "escape-content-nocapture-nofree" %{{[0-9]+}})

// A transparent std::less<>: find("literal") is the member template
// _M_find_tr, not find(const key_type&).
namespace transparent {
std::set<std::string, std::less<>> tree;
bool lookup() { return tree.find("literal") != tree.end(); }
} // namespace transparent
// O0-DAG: call ptr @_ZNSt8_Rb_treeINSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEEES5_St9_IdentityIS5_ESt4lessIvESaIS5_EE10_M_find_trIA8_cvEESt17_Rb_tree_iteratorIS5_ERKT_(ptr noundef nonnull align 8 dereferenceable(48) %{{[0-9]+}}, ptr noundef nonnull align 1 dereferenceable(8) %{{[0-9]+}})

int main(int Argc, char **) {
  static int Inst[] = {1, 2, 3, 4};
  static State Stored{Inst, 4};
  proven::cache.insert(&Stored);
  hashStores::cache.insert(&Stored);
  eqStores::cache.insert(&Stored);
  templateOp::cache.insert(&Stored);
  memcmpEq::cache.insert(&Stored);
  declaredOp::tree.insert(&Stored);
  Ptrs.insert(Inst);
  MultiPtrs.insert(Inst);
  MultiPtrs.insert(Inst);
  Words["one"] = 1;
  HashedWords["two"] = 2;
  userLess::tree.insert(userLess::Point{3, 4});
  transparent::tree.insert("literal");
  static int *Rows[] = {Inst};
  static eqKeepsRow::Table StoredTable{Rows, 1};
  eqKeepsRow::cache.insert(&StoredTable);
  int Copy[] = {1, 2, 3, 4};
  std::printf("%d %d %d %d %d %d\n", proven::lookup(Copy, 4) == &Stored,
              hashStores::lookup(Copy, 4), eqStores::lookup(Copy, 4),
              templateOp::lookup(Copy, 4), declaredOp::lookup(Copy, 4),
              memcmpEq::lookup(Copy, 4));
  std::printf("%d %zu %d %d %d %d\n", pointerSet(Inst + Argc - 1),
              pointerMultiset(Inst), stringMap("one"), stringHash("two"),
              userLess::lookup(3), transparent::lookup());
  std::printf("%d %d\n", eqKeepsRow::lookup(Rows, 1),
              eqKeepsRow::GlobalRow == Inst);
  return 0;
}
// OUT: 1 1 1 1 1 1
// OUT-NEXT: 1 2 2 1 1 1
// OUT-NEXT: 1 1
#endif
