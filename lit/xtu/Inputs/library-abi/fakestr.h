// A stand-in for libstdc++'s string, included with -isystem (a system
// header): the shapes of the whitelisted operators (library-facts-abi.cpp).
namespace std {
template <class C> struct char_traits {};
template <class C> struct allocator {};
struct strong_ordering { signed char v; };
inline namespace __cxx11 {
template <class C, class T = char_traits<C>, class A = allocator<C>>
struct basic_string {
  C *p; unsigned long n; C buf[16];
  basic_string(const C *s);
  basic_string(const basic_string &);
  ~basic_string();
};
}
template <class C, class T, class A>
strong_ordering operator<=>(const basic_string<C, T, A> &a, const basic_string<C, T, A> &b) { return {(signed char)(a.n - b.n)}; }
template <class C, class T, class A>
basic_string<C, T, A> operator+(const basic_string<C, T, A> &a, const C *b) { return basic_string<C, T, A>(a); }
}
