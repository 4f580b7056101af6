// Example: a small C++ program with templates, virtual calls, recursion and
// exceptions, to see how cprof names C++ functions (demangled) and counts
// frames left by exceptions.
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

struct Shape {
  virtual ~Shape() = default;
  virtual double area() const = 0;
};

struct Square : Shape {
  explicit Square(double s) : side(s) {}
  double area() const override { return side * side; }
  double side;
};

struct Circle : Shape {
  explicit Circle(double r) : radius(r) {}
  double area() const override { return 3.14159265358979 * radius * radius; }
  double radius;
};

template <typename T>
T sum_areas(const std::vector<std::unique_ptr<Shape>> &shapes) {
  T total = 0;
  for (const auto &s : shapes) total += static_cast<T>(s->area());
  return total;
}

static int depth_check(int depth) {
  if (depth == 0) throw std::runtime_error("bottom reached");
  return depth_check(depth - 1) + 1;
}

int main() {
  std::vector<std::unique_ptr<Shape>> shapes;
  for (int i = 0; i < 5000; i++) {
    if (i % 2) shapes.push_back(std::make_unique<Square>(i % 7));
    else shapes.push_back(std::make_unique<Circle>(i % 5));
  }
  double d = 0;
  long l = 0;
  for (int round = 0; round < 20; round++) {
    d += sum_areas<double>(shapes);
    l += sum_areas<long>(shapes);
  }
  int caught = 0;
  for (int i = 0; i < 100; i++) {
    try {
      depth_check(10);
    } catch (const std::exception &) {
      caught++;
    }
  }
  std::printf("double total %.1f, long total %ld, caught %d\n", d, l, caught);
  return 0;
}
