// A C++ translation unit heavy in templates, for bench/buildcost: the
// standard containers and algorithms instantiated over several types,
// std::variant visitation, std::function, <regex> and a small expression
// template library of its own. It compiles and runs (main checks itself),
// so the instrumented build can be checked too.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <variant>
#include <vector>

namespace et {
// expression templates: a + b * c builds a tree of types, evaluated lazily
template <class E> struct Expr {
  const E &self() const { return static_cast<const E &>(*this); }
};
template <class T> struct Vec : Expr<Vec<T>> {
  std::vector<T> v;
  explicit Vec(size_t n, T x = T()) : v(n, x) {}
  T operator[](size_t i) const { return v[i]; }
  size_t size() const { return v.size(); }
  template <class E> Vec &operator=(const Expr<E> &e) {
    for (size_t i = 0; i < v.size(); i++)
      v[i] = e.self()[i];
    return *this;
  }
};
template <class L, class R, class Op> struct Bin : Expr<Bin<L, R, Op>> {
  const L &l;
  const R &r;
  Bin(const L &l, const R &r) : l(l), r(r) {}
  auto operator[](size_t i) const { return Op()(l[i], r[i]); }
};
template <class L, class R> Bin<L, R, std::plus<>> operator+(const Expr<L> &l, const Expr<R> &r) {
  return {l.self(), r.self()};
}
template <class L, class R>
Bin<L, R, std::multiplies<>> operator*(const Expr<L> &l, const Expr<R> &r) {
  return {l.self(), r.self()};
}
} // namespace et

using Value = std::variant<int, long, double, std::string, std::vector<int>>;

struct Describe {
  std::string operator()(int x) const { return "int " + std::to_string(x); }
  std::string operator()(long x) const { return "long " + std::to_string(x); }
  std::string operator()(double x) const { return "double " + std::to_string(x); }
  std::string operator()(const std::string &s) const { return "string " + s; }
  std::string operator()(const std::vector<int> &v) const {
    return "vector of " + std::to_string(v.size());
  }
};

template <class K, class V> struct Table {
  std::map<K, V> ordered;
  std::unordered_map<K, V> hashed;
  void put(const K &k, const V &v) {
    ordered[k] = v;
    hashed[k] = v;
  }
  template <class F> V fold(V init, F f) const {
    for (const auto &kv : ordered)
      init = f(init, kv.second);
    return init;
  }
};

template <class T> T checksum(const std::vector<T> &v) {
  std::vector<T> s(v);
  std::sort(s.begin(), s.end(), std::greater<T>());
  std::set<T> uniq(s.begin(), s.end());
  return std::accumulate(uniq.begin(), uniq.end(), T()) + static_cast<T>(s.size());
}

template <class... Ts> auto sum_tuple(const std::tuple<Ts...> &t) {
  return std::apply([](auto... x) { return (static_cast<double>(x) + ...); }, t);
}

int main() {
  int bad = 0;
  et::Vec<double> a(100, 1.5), b(100, 2.0), c(100, 3.0), d(100);
  d = a + b * c;
  bad += d[7] != 7.5;
  et::Vec<int> ia(50, 2), ib(50, 3), id(50);
  id = ia * ib + ia;
  bad += id[3] != 8;

  std::vector<Value> values{1, 2L, 3.5, std::string("four"), std::vector<int>{5, 5, 5, 5, 5}};
  std::string all;
  for (const auto &v : values)
    all += std::visit(Describe(), v) + ";";
  bad += all.find("vector of 5") == std::string::npos;

  Table<std::string, long> t1;
  Table<int, double> t2;
  Table<long, std::string> t3;
  for (int i = 0; i < 100; i++) {
    t1.put("k" + std::to_string(i), i);
    t2.put(i, i * 0.5);
    t3.put(i, std::to_string(i));
  }
  bad += t1.fold(0L, std::plus<long>()) != 4950;
  bad += t2.fold(0.0, [](double x, double y) { return x + y; }) != 2475.0;
  bad += t3.fold(std::string(), [](std::string x, const std::string &y) { return x + y; }).size() != 190;

  std::vector<int> vi(1000);
  std::iota(vi.begin(), vi.end(), 0);
  std::vector<double> vd(vi.begin(), vi.end());
  std::vector<long> vl(vi.begin(), vi.end());
  bad += checksum(vi) != 500500 || checksum(vd) != 500500.0 || checksum(vl) != 500500;

  std::vector<std::function<int(int)>> fs{[](int x) { return x + 1; }, [](int x) { return x * 2; },
                                          std::negate<int>()};
  int acc = 3;
  for (auto &f : fs)
    acc = f(acc);
  bad += acc != -8;

  std::regex word("([a-z]+)=([0-9]+)");
  std::string text = "alpha=1 beta=22 gamma=333";
  long total = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), word), end; it != end; ++it)
    total += std::stol((*it)[2]);
  bad += total != 356;

  auto tup = std::make_tuple(1, 2L, 3.5f, 4.25);
  bad += sum_tuple(tup) != 10.75;

  std::optional<std::unique_ptr<std::map<int, std::vector<std::string>>>> nested;
  nested.emplace(std::make_unique<std::map<int, std::vector<std::string>>>());
  (**nested)[1].push_back("x");
  bad += (**nested).at(1).size() != 1;

  std::ostringstream os;
  os << all.size() << ' ' << total;
  std::printf("%s %s\n", bad ? "FAIL" : "ok", os.str().c_str());
  return bad;
}
