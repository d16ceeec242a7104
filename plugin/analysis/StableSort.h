//===- StableSort.h - Stable sort without a temporary buffer ----*- C++ -*-===//
//
// libstdc++ 12's std::stable_sort (Debian 12) calls std::get_temporary_buffer,
// deprecated since C++17, and clang 22 reports the deprecation in every file
// that instantiates it (-Wdeprecated-declarations, from the library's own
// header). stableSort() gives the same order -- ties keep their original
// order -- with std::sort on the indices, so our code builds without warnings
// (ESCAPE_WERROR) and keeps deprecation warnings on for everything else.
//
//===----------------------------------------------------------------------===//
#ifndef CLANG_ESCAPE_ANALYSIS_STABLESORT_H
#define CLANG_ESCAPE_ANALYSIS_STABLESORT_H

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

namespace escape {

/// Sorts \p V by \p Less (a strict weak order), keeping equal elements in
/// their original order, like std::stable_sort.
template <typename T, typename Compare>
void stableSort(std::vector<T> &V, Compare Less) {
  std::vector<size_t> Order(V.size());
  std::iota(Order.begin(), Order.end(), size_t(0));
  std::sort(Order.begin(), Order.end(), [&](size_t A, size_t B) {
    if (Less(V[A], V[B]))
      return true;
    if (Less(V[B], V[A]))
      return false;
    return A < B;
  });
  std::vector<T> Sorted;
  Sorted.reserve(V.size());
  for (size_t I : Order)
    Sorted.push_back(std::move(V[I]));
  V = std::move(Sorted);
}

} // namespace escape

#endif // CLANG_ESCAPE_ANALYSIS_STABLESORT_H
