// An inline function and a class template emitted (linkonce_odr) in every
// translation unit that uses them.
inline __attribute__((noinline)) int bump(int x) { return x + 1; }
template <class T> struct Box {
  T v;
  explicit Box(T v) : v(v) {}
  __attribute__((noinline)) T get() const { return v; }
};
