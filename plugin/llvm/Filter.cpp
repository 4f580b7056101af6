// cprof compile-time filters: see Filter.h and docs/filters.md.
//
// Globs are llvm::GlobPattern's; list files are read by llvm::SpecialCaseList
// (the parser of clang's -fprofile-list, -fxray-attr-list and sanitizer
// ignore lists), which this file only queries.

#include "Filter.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Analysis/CFG.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SpecialCaseList.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <memory>
#include <vector>

using namespace llvm;

namespace {

cl::list<std::string> OptInclude(
    "cprof-include", cl::value_desc("glob"),
    cl::desc("cprof: instrument only the functions whose name (demangled for C++) or "
             "symbol matches one of these globs (repeatable)"));
cl::list<std::string> OptExclude(
    "cprof-exclude", cl::value_desc("glob"),
    cl::desc("cprof: no hooks for the functions, and no builtin wrapping for the "
             "callees, whose name or symbol matches (repeatable)"));
cl::list<std::string> OptList(
    "cprof-list", cl::value_desc("file"),
    cl::desc("cprof: a special case list (fun:, src:, =allow/=skip, default:) "
             "deciding which functions are instrumented (repeatable)"));
cl::opt<unsigned> OptMinSize(
    "cprof-min-size", cl::value_desc("N"), cl::init(0),
    cl::desc("cprof: no hooks for functions of fewer than N IR instructions that "
             "call nothing and have no loop (0: none dropped)"));

// A list file. Entries apply from the `[cprof]` section and from entries
// outside any section (`[*]`, or any section glob matching "cprof"); the
// sections of an XRay attribute list apply too: `[always]` allows,
// `[never]` skips. Within a section, `fun:`/`function:` and `src:`/`source:`
// entries allow (no category, `=allow`) or skip (`=skip`, `=forbid`, or the
// older `!fun:`/`!src:`); the latest matching line decides. A function's own
// entries decide before its file's; with neither, `default:allow|skip`, or
// else skip when the list allows anything explicitly, allow when it only
// skips.
class ListFile : public SpecialCaseList {
public:
  static std::unique_ptr<ListFile> create(const std::string &Path, std::string &Error) {
    std::unique_ptr<ListFile> L(new ListFile());
    if (!L->createInternal(std::vector<std::string>{Path}, *vfs::getRealFileSystem(), Error))
      return nullptr;
    if (!L->check(Path, Error))
      return nullptr;
    L->DefaultAllow = L->computeDefault();
    return L;
  }

  // 1: allowed, 0: skipped, -1: no entry names it.
  int byName(ArrayRef<StringRef> Names) const {
    return lookup({"fun", "function"}, Names);
  }
  bool allows(ArrayRef<StringRef> Names, ArrayRef<StringRef> Files) const {
    int V = byName(Names);
    if (V < 0)
      V = lookup({"src", "source"}, Files);
    return V < 0 ? DefaultAllow : V == 1;
  }

private:
  ListFile() = default;

  enum Kind { Cprof, Always, Never, Other };

  static const Section &asSection(const Section &S) { return S; }
  static const Section &asSection(const StringMapEntry<Section> &E) { return E.getValue(); }

  static Kind kind(const Section &S) {
    if (S.SectionMatcher->match("cprof"))
      return Cprof;
    if (S.SectionMatcher->match("always"))
      return Always;
    if (S.SectionMatcher->match("never"))
      return Never;
    return Other;
  }

  struct Verdict {
    unsigned Line = 0;
    bool Allow = false;
    void consider(unsigned L, bool A) {
      if (L > Line) {
        Line = L;
        Allow = A;
      }
    }
  };

  int lookup(ArrayRef<const char *> Prefixes, ArrayRef<StringRef> Queries) const {
    Verdict V;
    for (const auto &Item : Sections) {
      const Section &S = asSection(Item);
      Kind K = kind(S);
      if (K == Other)
        continue;
      for (const char *P : Prefixes)
        for (StringRef Q : Queries) {
          if (K == Cprof) {
            V.consider(inSectionBlame(S.Entries, P, Q, ""), true);
            V.consider(inSectionBlame(S.Entries, P, Q, "allow"), true);
            V.consider(inSectionBlame(S.Entries, P, Q, "skip"), false);
            V.consider(inSectionBlame(S.Entries, P, Q, "forbid"), false);
            V.consider(inSectionBlame(S.Entries, std::string("!") + P, Q, ""), false);
          } else {
            auto It = S.Entries.find(P);
            if (It == S.Entries.end())
              continue;
            for (const auto &Cat : It->getValue()) // XRay's [always] fun:f=arg1
              V.consider(inSectionBlame(S.Entries, P, Q, Cat.getKey()), K == Always);
          }
        }
    }
    return V.Line ? V.Allow : -1;
  }

  bool computeDefault() const {
    Verdict V;
    bool AnyAllow = false;
    for (const auto &Item : Sections) {
      const Section &S = asSection(Item);
      if (kind(S) != Cprof)
        continue;
      V.consider(inSectionBlame(S.Entries, "default", "allow", ""), true);
      V.consider(inSectionBlame(S.Entries, "default", "skip", ""), false);
      V.consider(inSectionBlame(S.Entries, "default", "forbid", ""), false);
      for (const char *P : {"fun", "function", "src", "source"}) {
        auto It = S.Entries.find(P);
        if (It != S.Entries.end() &&
            (It->getValue().count("") || It->getValue().count("allow")))
          AnyAllow = true;
      }
    }
    return V.Line ? V.Allow : !AnyAllow;
  }

  // Entry kinds and categories this filter reads: anything else in a
  // section it reads is a mistake that would otherwise be ignored silently.
  bool check(const std::string &Path, std::string &Error) const {
    for (const auto &Item : Sections) {
      const Section &S = asSection(Item);
      if (kind(S) != Cprof)
        continue; // XRay's [always]/[never] take any category; others are another tool's
      for (const auto &E : S.Entries) {
        StringRef P = E.getKey();
        bool Selector = P == "fun" || P == "function" || P == "src" || P == "source";
        if (!Selector && P != "!fun" && P != "!src" && P != "default") {
          Error = "'" + Path + "': unknown entry '" + P.str() +
                  ":' (expected fun:, src:, function:, source:, !fun:, !src: or default:)";
          return false;
        }
        for (const auto &C : E.getValue()) {
          StringRef Cat = C.getKey();
          if (Cat.empty() || (Selector && (Cat == "allow" || Cat == "skip" || Cat == "forbid")))
            continue;
          Error = "'" + Path + "': unknown category '=" + Cat.str() + "' of " + P.str() +
                  ": (expected =allow, =skip or =forbid" +
                  (Selector ? ")" : "; this kind takes none)");
          return false;
        }
      }
    }
    return true;
  }

  bool DefaultAllow = true;
};

// A function of fewer than Min instructions (debug intrinsics aside) that
// calls nothing but intrinsics and has no loop.
bool isSmallLeaf(const Function &F, unsigned Min) {
  unsigned N = 0;
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB) {
      if (isa<DbgInfoIntrinsic>(I))
        continue;
      if (const auto *CB = dyn_cast<CallBase>(&I)) {
        const Function *Callee = CB->getCalledFunction();
        if (!Callee || !Callee->isIntrinsic())
          return false;
      }
      if (++N >= Min)
        return false;
    }
  SmallVector<std::pair<const BasicBlock *, const BasicBlock *>, 4> BackEdges;
  FindFunctionBackedges(F, BackEdges);
  return BackEdges.empty();
}

} // namespace

namespace cprof {

struct Filter::Impl {
  std::vector<GlobPattern> Include, Exclude;
  std::vector<std::unique_ptr<ListFile>> Lists;
  unsigned MinSize = 0;
  std::string Error;

  bool parseGlobs(const cl::list<std::string> &Opt, const char *Flag,
                  std::vector<GlobPattern> &Out) {
    for (const std::string &G : Opt) {
      if (G.empty()) {
        Error = std::string("empty glob in -") + Flag + "=";
        return false;
      }
      Expected<GlobPattern> P = GlobPattern::create(G);
      if (!P) {
        Error = std::string("invalid glob in -") + Flag + "=" + G + ": " +
                toString(P.takeError());
        return false;
      }
      Out.push_back(std::move(*P));
    }
    return true;
  }

  bool build() {
    if (!parseGlobs(OptInclude, "cprof-include", Include) ||
        !parseGlobs(OptExclude, "cprof-exclude", Exclude))
      return false;
    for (const std::string &Path : OptList) {
      std::string E;
      std::unique_ptr<ListFile> L = ListFile::create(Path, E);
      if (!L) {
        Error = "-cprof-list=" + Path + ": " + E;
        return false;
      }
      Lists.push_back(std::move(L));
    }
    MinSize = OptMinSize;
    return true;
  }

  static bool any(const std::vector<GlobPattern> &Globs, StringRef Name, StringRef Sym) {
    for (const GlobPattern &G : Globs)
      if (G.match(Name) || G.match(Sym))
        return true;
    return false;
  }
};

Filter::Filter() : I(new Impl) {}
Filter::~Filter() { delete I; }

const Filter &Filter::get(const std::string *&Error) {
  static Filter *F = [] {
    Filter *N = new Filter;
    if (!N->I->build()) {
      std::string E = std::move(N->I->Error);
      delete N->I;
      N->I = new Impl;
      N->I->Error = std::move(E);
    }
    return N;
  }();
  Error = F->I->Error.empty() ? nullptr : &F->I->Error;
  return *F;
}

bool Filter::dropsFunction(const Function &F, StringRef Name, StringRef Sym, StringRef File,
                           StringRef Dir) const {
  if (I->MinSize && isSmallLeaf(F, I->MinSize))
    return true;
  if (Impl::any(I->Exclude, Name, Sym))
    return true;
  if (!I->Include.empty() && !Impl::any(I->Include, Name, Sym))
    return true;
  if (!I->Lists.empty()) {
    SmallVector<StringRef, 2> Names{Name};
    if (Sym != Name)
      Names.push_back(Sym);
    SmallString<256> Abs;
    SmallVector<StringRef, 2> Files{File};
    if (!Dir.empty() && !sys::path::is_absolute(File)) {
      Abs = Dir;
      sys::path::append(Abs, File);
      Files.push_back(Abs);
    }
    for (const auto &L : I->Lists)
      if (!L->allows(Names, Files))
        return true;
  }
  return false;
}

bool Filter::dropsBuiltin(StringRef Name, StringRef Sym) const {
  if (Impl::any(I->Exclude, Name, Sym))
    return true;
  SmallVector<StringRef, 2> Names{Name};
  if (Sym != Name)
    Names.push_back(Sym);
  for (const auto &L : I->Lists)
    if (L->byName(Names) == 0)
      return true;
  return false;
}

} // namespace cprof
