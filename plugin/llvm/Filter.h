// cprof compile-time filters (docs/filters.md): which functions get hooks,
// from -cprof-include, -cprof-exclude, -cprof-list and -cprof-min-size
// (cprof-cc's --cprof-include, ... flags).
#ifndef CPROF_PLUGIN_LLVM_FILTER_H
#define CPROF_PLUGIN_LLVM_FILTER_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace llvm {
class Function;
}

namespace cprof {

class Filter {
public:
  // The filter of this compiler process, made from the options once. A bad
  // option (glob, list file, value) leaves Error set to one line naming it
  // and the filter drops nothing.
  static const Filter &get(const std::string *&Error);

  // Does F get no entry and exit hooks? Name is its display (demangled)
  // name, Sym its symbol, File its source file as the descriptor has it and
  // Dir the compilation directory (for relative files; may be empty).
  bool dropsFunction(const llvm::Function &F, llvm::StringRef Name, llvm::StringRef Sym,
                     llvm::StringRef File, llvm::StringRef Dir) const;
  // Are the call sites of the uninstrumented callee Sym (display Name) left
  // unwrapped? Only an exclusion of that name does it (an include list or a
  // list's default selects instrumented functions, not their callees).
  bool dropsBuiltin(llvm::StringRef Name, llvm::StringRef Sym) const;

  ~Filter();
  struct Impl;

private:
  Filter();
  Impl *I;
};

} // namespace cprof

#endif
