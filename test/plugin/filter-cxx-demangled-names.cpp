// C++ functions are filtered by their demangled names (as the profile shows
// them, parameters included), or by their symbols.
// RUN: %cprof_cxx -O0 -S -emit-llvm --cprof-exclude='geo::*' %s -o - \
// RUN:   | grep -o '@__cprof_desc\.[A-Za-z0-9_]* =' | sort | FileCheck --check-prefix=NS %s
// NS: @__cprof_desc._Z3usev =
// NS-NEXT: @__cprof_desc.main =
// NS-NOT: @
// RUN: %cprof_cxx -O0 -S -emit-llvm --cprof-exclude='*(double)' --cprof-exclude=_Z3usev %s -o - \
// RUN:   | grep -o '@__cprof_desc\.[A-Za-z0-9_]* =' | sort | FileCheck --check-prefix=SIG %s
// SIG: @__cprof_desc._ZN3geo4areaEi =
// SIG-NEXT: @__cprof_desc.main =
// SIG-NOT: @
// RUN: printf 'fun:geo::area*int*\nfun:main\n' > %t.list
// RUN: %cprof_cxx -O0 -S -emit-llvm --cprof-list=%t.list %s -o - \
// RUN:   | grep -o '@__cprof_desc\.[A-Za-z0-9_]* =' | sort | FileCheck --check-prefix=LIST %s
// LIST: @__cprof_desc._ZN3geo4areaEi =
// LIST-NEXT: @__cprof_desc.main =
// LIST-NOT: @
namespace geo {
int area(int side) { return side * side; }
double area(double r) { return 3.0 * r * r; }
} // namespace geo

int use() { return geo::area(2) + (int)geo::area(1.0); }

int main() { return use() == 7 ? 0 : 1; }
