// cprof LLVM pass plugin: inserts the hooks of runtime/include/cprof/abi.h.
//
// Every function defined in the module gets a static descriptor
// (struct cprof_func_desc), a call to __cprof_enter(desc) at entry and a call
// to __cprof_exit(desc) on every way out: each return, before each musttail
// call, and (in functions that can unwind) on exceptions leaving the frame.
// With builtins on, calls to functions that are not instrumented here
// (external declarations and available_externally bodies) are bracketed by
// __cprof_builtin_enter/__cprof_builtin_exit, cProfile's "builtins".
//
// Two module passes, registered with the new pass manager:
//   cprof-prepare     decides which functions are instrumented and removes
//                     clang's -finstrument-functions markers (so clang emits
//                     no __cyg_profile_* calls); runs at PipelineStart, before
//                     clang's EntryExitInstrumenter.
//   cprof-instrument  prepares (if not done yet) and inserts the hooks; runs
//                     at OptimizerLast (placement=late, the default: the
//                     functions that exist after inlining) or right after
//                     cprof-prepare at PipelineStart (placement=early: the
//                     source-level view, before inlining).
// Both are available to `opt -passes=...` for tests.

#include "cprof/abi.h"
#include "Filter.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalIFunc.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#if LLVM_VERSION_MAJOR >= 17
#include "llvm/IR/EHPersonalities.h"
#else
#include "llvm/Analysis/EHPersonalities.h"
#endif
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/EscapeEnumerator.h"
#if LLVM_VERSION_MAJOR >= 17
#include "llvm/TargetParser/Triple.h"
#else
#include "llvm/ADT/Triple.h"
#endif

#include <cstddef>
#include <string>

using namespace llvm;

// The descriptor built in IR must match abi.h field for field.
static_assert(offsetof(cprof_func_desc, name) == 0, "abi.h layout changed");
static_assert(offsetof(cprof_func_desc, file) == sizeof(void *), "abi.h layout changed");
static_assert(offsetof(cprof_func_desc, addr) == 2 * sizeof(void *), "abi.h layout changed");
static_assert(offsetof(cprof_func_desc, line) == 3 * sizeof(void *), "abi.h layout changed");
static_assert(offsetof(cprof_func_desc, flags) == 3 * sizeof(void *) + 4, "abi.h layout changed");
static_assert(offsetof(cprof_func_desc, id) == 3 * sizeof(void *) + 8, "abi.h layout changed");
static_assert(offsetof(cprof_func_desc, abi_version) == 3 * sizeof(void *) + 12,
              "abi.h layout changed");
static_assert(sizeof(cprof_func_desc) == 3 * sizeof(void *) + 16, "abi.h layout changed");

namespace {

enum class Placement { Late, Early };

cl::opt<bool> OptSubcalls("cprof-subcalls",
                          cl::desc("cprof: record caller->callee edges (sets no "
                                   "CPROF_DESC_NO_SUBCALLS flag); default true"),
                          cl::init(true));
cl::opt<bool> OptBuiltins("cprof-builtins",
                          cl::desc("cprof: time calls into uninstrumented "
                                   "functions (libc, external libraries); default true"),
                          cl::init(true));
cl::opt<Placement> OptPlacement(
    "cprof-placement", cl::desc("cprof: where the hooks are inserted"),
    cl::values(clEnumValN(Placement::Late, "late",
                          "after inlining: the functions of the optimized binary (default)"),
               clEnumValN(Placement::Early, "early",
                          "before inlining: every source-level function")),
    cl::init(Placement::Late));
cl::opt<bool> OptGuard(
    "cprof-guard",
    cl::desc("cprof: test the runtime's __cprof_active byte before each hook "
             "call, so that a disabled profiler costs a load and a branch "
             "instead of two calls (default true; false: unconditional calls, "
             "smaller code)"),
    cl::init(true));
cl::opt<bool> OptCalleeFlag(
    "cprof-callee-flag",
    cl::desc("cprof: builtin call sites test their descriptor's "
             "CPROF_DESC_RT_CALLEE_INSTRUMENTED bit, which the runtime sets once "
             "it sees the callee is instrumented (another file or library), and "
             "then call it without builtin hooks (default true; false: the "
             "hooks of every such call, as ABI version 2)"),
    cl::init(true));
cl::opt<bool> OptMarkedOnly(
    "cprof-marked-only",
    cl::desc("cprof: instrument only functions clang marked with "
             "-finstrument-functions (honours no_instrument_function) even "
             "when the module has no marked function; set by cprof-cc"),
    cl::init(false));

// clang -finstrument-functions markers (see clang's CodeGenFunction and
// LLVM's EntryExitInstrumenter).
const char *const ClangMarkers[] = {
    "instrument-function-entry", "instrument-function-entry-inlined",
    "instrument-function-exit", "instrument-function-exit-inlined"};
// Our own function attributes.
const char *const AttrSkip = "cprof-skip";         // decided: not instrumented
const char *const AttrDone = "cprof-instrumented"; // hooks already inserted
const char *const AttrFiltered = "cprof-filtered";  // dropped by a filter (Filter.h)
// Module flag recording that cprof-prepare ran.
const char *const FlagPrepared = "cprof.prepared";

bool startsWith(StringRef S, StringRef Prefix) { return S.substr(0, Prefix.size()) == Prefix; }

StringRef symbolName(const Function &F) {
  StringRef N = F.getName();
  if (!N.empty() && N[0] == '\1') // asm label
    N = N.drop_front();
  return N;
}

bool isHookName(StringRef N) { return startsWith(N, "__cprof_"); }

// The runtime itself (a module defining a hook) is never instrumented.
bool definesHook(const Module &M) {
  for (const char *H : {CPROF_HOOK_ENTER, CPROF_HOOK_EXIT, CPROF_HOOK_BUILTIN_ENTER,
                        CPROF_HOOK_BUILTIN_EXIT})
    if (const Function *F = M.getFunction(H))
      if (!F->isDeclaration())
        return true;
  return false;
}

// ---------------------------------------------------------------- prepare

// Newer clangs (seen with LLVM 19) run EntryExitInstrumenter before the
// PipelineStart callbacks, so the marks arrive already turned into calls of
// __cyg_profile_func_enter/exit(F, return address) in F. Those calls are
// F's mark: removeCygProfileCalls() deletes them (and the return-address
// reads that fed them) and tells whether F had any.
const char *const CygEnter = "__cyg_profile_func_enter";
const char *const CygExit = "__cyg_profile_func_exit";

bool removeCygProfileCalls(Function &F) {
  SmallVector<CallInst *, 4> Calls;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (auto *CI = dyn_cast<CallInst>(&I))
        if (Function *Callee = CI->getCalledFunction())
          if ((Callee->getName() == CygEnter || Callee->getName() == CygExit) &&
              CI->arg_size() == 2 && CI->getArgOperand(0)->stripPointerCasts() == &F)
            Calls.push_back(CI);
  for (CallInst *CI : Calls) {
    Value *RA = CI->getArgOperand(1);
    CI->eraseFromParent();
    if (auto *II = dyn_cast<IntrinsicInst>(RA->stripPointerCasts()))
      if (II->getIntrinsicID() == Intrinsic::returnaddress && II->use_empty())
        II->eraseFromParent();
    if (auto *Cast = dyn_cast<Instruction>(RA))
      if (Cast->getParent() && Cast->use_empty() && isa<CastInst>(Cast))
        Cast->eraseFromParent();
  }
  return !Calls.empty();
}

// Decides which functions are instrumented (once per module). True when it
// changed code (removed __cyg_profile_* calls), not only attributes.
bool prepareModule(Module &M) {
  if (M.getModuleFlag(FlagPrepared))
    return false;
  bool Marked = OptMarkedOnly;
  SmallPtrSet<const Function *, 32> CygMarked;
  for (Function &F : M) {
    for (const char *A : ClangMarkers)
      if (F.hasFnAttribute(A))
        Marked = true;
    if (!F.isDeclaration() && removeCygProfileCalls(F)) {
      CygMarked.insert(&F);
      Marked = true;
    }
  }
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    bool HasMark = F.hasFnAttribute(ClangMarkers[0]) || F.hasFnAttribute(ClangMarkers[1]) ||
                   CygMarked.count(&F);
    if (Marked && !HasMark)
      F.addFnAttr(AttrSkip);
    for (const char *A : ClangMarkers)
      F.removeFnAttr(A);
  }
  // The declarations the removed calls used, if nothing else does.
  for (const char *Name : {CygEnter, CygExit})
    if (Function *D = M.getFunction(Name))
      if (D->isDeclaration() && D->use_empty())
        D->eraseFromParent();
  M.addModuleFlag(Module::Max, FlagPrepared, 1);
  return !CygMarked.empty();
}

struct PreparePass : PassInfoMixin<PreparePass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    // Unless calls were removed, only function attributes and a module flag
    // change: no analysis is invalidated.
    return prepareModule(M) ? PreservedAnalyses::none() : PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

// ------------------------------------------------------------- instrument

std::string displayName(StringRef Sym, bool &IsCxx);

class Instrumenter {
public:
  Instrumenter(Module &M, const cprof::Filter &Filt)
      : M(M), Filt(Filt), Ctx(M.getContext()), DL(M.getDataLayout()),
        Int8Ty(Type::getInt8Ty(Ctx)), Int32Ty(Type::getInt32Ty(Ctx)), VoidTy(Type::getVoidTy(Ctx)),
#if LLVM_VERSION_MAJOR >= 17
        PtrTy(PointerType::get(Ctx, 0)),
#else
        // i8*, or ptr when the context uses opaque pointers.
        PtrTy(Type::getInt8PtrTy(Ctx)),
#endif
        Subcalls(OptSubcalls), Builtins(OptBuiltins) {
    DescTy = StructType::getTypeByName(Ctx, "struct.cprof_func_desc");
    if (!DescTy || DescTy->isOpaque() || DescTy->getNumElements() != 7)
      DescTy = StructType::create(Ctx,
                                  {PtrTy, PtrTy, PtrTy, Int32Ty, Int32Ty, Int32Ty, Int32Ty},
                                  "cprof.func_desc");
  }

  bool run();

private:
  // The hook declarations are added on first use only.
  FunctionCallee hook(FunctionCallee &Cache, const char *Name) {
    if (Cache)
      return Cache;
    FunctionCallee C =
        M.getOrInsertFunction(Name, FunctionType::get(VoidTy, {PtrTy}, false));
    if (auto *F = dyn_cast<Function>(C.getCallee())) {
      F->addFnAttr(Attribute::NoUnwind);
      // -fPIC code calls the hooks through the GOT, without a PLT stub.
      F->addFnAttr(Attribute::NonLazyBind);
    }
    return Cache = C;
  }

  bool shouldInstrument(Function &F) const;
  bool filteredOut(Function &F) const;
  void instrument(Function &F);
  Value *entryGuard(IRBuilder<> &B, GlobalVariable *Desc);
  void wrapBuiltinCalls(Function &F);
  bool isBuiltinCallee(const CallBase &CB, Function *&Callee) const;
  bool droppedCallee(Function &Callee) {
    auto It = DroppedCallees.find(&Callee);
    if (It != DroppedCallees.end())
      return It->second;
    bool IsCxx = false;
    bool D = Filt.dropsBuiltin(displayName(symbolName(Callee), IsCxx), symbolName(Callee));
    return DroppedCallees[&Callee] = D;
  }
  GlobalVariable *funcDesc(Function &F);
  GlobalVariable *builtinDesc(Function &Callee);
  Constant *descInit(StringRef Name, StringRef File, Constant *Addr, unsigned Line,
                     unsigned Flags);
  Constant *cstring(StringRef S, StringRef Name);
  Constant *asPtr(Constant *C) { return ConstantExpr::getPointerCast(C, PtrTy); }
  void setPersonalityIfNeeded(Function &F);
  // Guards (cprof/abi.h, __cprof_active): `Bit` of the byte, loaded at B's
  // insertion point, as an i1; nullptr without guards.
  Value *loadActive(IRBuilder<> &B, unsigned Bit);
  // Builtin call sites through BD (ABI 3: the callee flag).
  bool testsCalleeFlag(const Function &Callee) const;
  Value *calleeKnown(IRBuilder<> &B, GlobalVariable *BD);
  void wrapCall(CallInst *CI, GlobalVariable *BD, bool Flag);
  void splitInvokeOnCalleeFlag(InvokeInst *II, GlobalVariable *BD);
  // A call of Hook(Desc) before `Before`, made only when On is true (always,
  // when On is nullptr). Before's block is split; Before stays first in the
  // second half.
  void emitHook(Instruction *Before, Value *On, FunctionCallee &Cache, const char *Hook,
                GlobalVariable *Desc, const DebugLoc &DL);

  Module &M;
  const cprof::Filter &Filt;
  LLVMContext &Ctx;
  const DataLayout &DL;
  IntegerType *Int8Ty, *Int32Ty;
  Type *VoidTy;
  PointerType *PtrTy;
  StructType *DescTy;
  FunctionCallee EnterFn, ExitFn, BEnterFn, BExitFn;
  GlobalVariable *Active = nullptr;
  MDNode *LikelyOn = nullptr;
  bool Subcalls, Builtins;
  StringMap<Constant *> Strings;
  DenseMap<const Function *, bool> DroppedCallees;
  Function *CxxPersonality = nullptr;
};

bool Instrumenter::shouldInstrument(Function &F) const {
  if (F.isDeclaration() || F.hasAvailableExternallyLinkage())
    return false;
  if (F.hasFnAttribute(AttrSkip) || F.hasFnAttribute(AttrDone) ||
      F.hasFnAttribute(AttrFiltered))
    return false;
  if (F.hasFnAttribute(Attribute::Naked))
    return false;
  if (F.getFnAttribute("function-instrument").getValueAsString() == "xray-never")
    return false;
  if (isHookName(symbolName(F)))
    return false;
  // Interrupt handlers cannot make ordinary calls.
  if (F.getCallingConv() == CallingConv::X86_INTR)
    return false;
  // A coroutine before CoroSplit is not a real function yet; with late
  // placement its split parts (ramp, resume, destroy) are instrumented.
#if LLVM_VERSION_MAJOR >= 15
  if (F.isPresplitCoroutine())
    return false;
#else
  if (F.hasFnAttribute("coroutine.presplit"))
    return false;
#endif
  return true;
}

Constant *Instrumenter::cstring(StringRef S, StringRef Name) {
  auto It = Strings.find(S);
  if (It != Strings.end())
    return It->second;
  Constant *Init = ConstantDataArray::getString(Ctx, S, /*AddNull=*/true);
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init, Name);
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(1));
  Constant *P = asPtr(GV);
  Strings[S] = P;
  return P;
}

Constant *Instrumenter::descInit(StringRef Name, StringRef File, Constant *Addr,
                                 unsigned Line, unsigned Flags) {
  if (!Subcalls)
    Flags |= CPROF_DESC_NO_SUBCALLS;
  return ConstantStruct::get(
      DescTy, {cstring(Name, "__cprof_str"), cstring(File, "__cprof_str"), Addr,
               ConstantInt::get(Int32Ty, Line), ConstantInt::get(Int32Ty, Flags),
               ConstantInt::get(Int32Ty, 0), ConstantInt::get(Int32Ty, CPROF_ABI_VERSION)});
}

// "name (demangled)", and whether demangling changed it.
std::string displayName(StringRef Sym, bool &IsCxx) {
  std::string S = Sym.str();
  std::string D = demangle(S);
  IsCxx = D != S;
  return D;
}

// The source file (as the descriptor names it), its directory when known,
// and the first line of F.
std::string sourceOf(const Function &F, std::string *Dir, unsigned *Line) {
  if (const DISubprogram *SP = F.getSubprogram()) {
    if (Dir)
      *Dir = SP->getDirectory().str();
    if (Line)
      *Line = SP->getLine();
    return SP->getFilename().str();
  }
  if (Line)
    *Line = 0;
  return F.getParent()->getSourceFileName();
}

bool Instrumenter::filteredOut(Function &F) const {
  bool IsCxx = false;
  std::string Name = displayName(symbolName(F), IsCxx), Dir;
  std::string File = sourceOf(F, &Dir, nullptr);
  return Filt.dropsFunction(F, Name, symbolName(F), File, Dir);
}

GlobalVariable *Instrumenter::funcDesc(Function &F) {
  bool IsCxx = false;
  std::string Name = displayName(symbolName(F), IsCxx);
  unsigned Line = 0;
  std::string File = sourceOf(F, nullptr, &Line);
  Constant *Init = descInit(Name, File, asPtr(&F), Line, IsCxx ? CPROF_DESC_CXX : 0);
  // One function = one descriptor: the descriptor is private and lives in
  // the function's comdat, so it is kept or dropped with the body the
  // linker keeps.
  auto *GV = new GlobalVariable(M, DescTy, /*isConstant=*/false,
                                GlobalValue::PrivateLinkage, Init,
                                "__cprof_desc." + symbolName(F));
  GV->setAlignment(Align(DL.getPointerABIAlignment(0)));
  if (Comdat *C = F.getComdat())
    GV->setComdat(C);
  return GV;
}

GlobalVariable *Instrumenter::builtinDesc(Function &Callee) {
  std::string GVName = ("__cprof_builtin." + symbolName(Callee)).str();
  if (!Subcalls)
    GVName += ".nosub";
  if (GlobalVariable *GV = M.getGlobalVariable(GVName, /*AllowInternal=*/true))
    return GV;
  bool IsCxx = false;
  std::string Name = "<built-in method " + displayName(symbolName(Callee), IsCxx) + ">";
  Constant *Init = descInit(Name, "~", asPtr(&Callee), 0,
                            CPROF_DESC_BUILTIN | (IsCxx ? CPROF_DESC_CXX : 0));
  // One descriptor per callee per linked image.
  auto *GV = new GlobalVariable(M, DescTy, /*isConstant=*/false,
                                GlobalValue::LinkOnceODRLinkage, Init, GVName);
  GV->setVisibility(GlobalValue::HiddenVisibility);
  GV->setAlignment(Align(DL.getPointerABIAlignment(0)));
  if (Triple(M.getTargetTriple()).supportsCOMDAT())
    GV->setComdat(M.getOrInsertComdat(GVName));
  return GV;
}

// Callees whose calls are never wrapped: compiler-generated runtime support
// (exception handling, stack protector, sanitizers, other profilers) and
// the profiler's own API.
bool isSupportName(StringRef N) {
  static const char *const Prefixes[] = {
      "__cprof", "cprof_", "__cxa_", "_Unwind_", "__gxx_personality", "__gcc_personality",
      "__cyg_profile_", "__stack_chk_", "__asan_", "__hwasan_", "__msan_", "__tsan_",
      "__ubsan_", "__dfsan_", "__sanitizer_", "__llvm_", "__gcov_", "__xray_"};
  for (const char *P : Prefixes)
    if (startsWith(N, P))
      return true;
  return false;
}

bool Instrumenter::isBuiltinCallee(const CallBase &CB, Function *&Callee) const {
  if (!isa<CallInst>(CB) && !isa<InvokeInst>(CB))
    return false; // callbr: asm goto
  Callee = dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  if (!Callee) // through a function pointer, inline asm, alias, ifunc
    return false;
  if (Callee->isIntrinsic() || startsWith(Callee->getName(), "llvm."))
    return false;
  if (!Callee->isDeclaration() && !Callee->hasAvailableExternallyLinkage())
    return false; // defined here: instrumented here (or deliberately not)
  if (isSupportName(symbolName(*Callee)))
    return false;
  // A noreturn callee (exit, abort, longjmp, __cxa_throw...) never comes
  // back to close the frame; a returns_twice one (setjmp, vfork) would
  // close it twice.
  if (Callee->doesNotReturn() || CB.doesNotReturn())
    return false;
  if (Callee->hasFnAttribute(Attribute::ReturnsTwice) ||
      CB.hasFnAttr(Attribute::ReturnsTwice))
    return false;
  if (auto *CI = dyn_cast<CallInst>(&CB))
    if (CI->isMustTailCall())
      return false;
  if (CB.getOperandBundle(LLVMContext::OB_funclet))
    return false;
  return true;
}

void Instrumenter::setPersonalityIfNeeded(Function &F) {
  if (F.hasPersonalityFn())
    return;
  // Prefer the personality the module already uses (C++: the
  // __gxx_personality_v0 of clang's own landing pads).
  for (Function &G : M)
    if (G.hasPersonalityFn()) {
      F.setPersonalityFn(G.getPersonalityFn());
      return;
    }
  if (!CxxPersonality) {
    bool Cxx = false;
    for (Function &G : M)
      if (startsWith(symbolName(G), "_Z")) {
        Cxx = true;
        break;
      }
    if (!Cxx)
      return; // EscapeEnumerator picks the target's default (C) personality
    FunctionCallee P = M.getOrInsertFunction("__gxx_personality_v0",
                                             FunctionType::get(Int32Ty, true));
    CxxPersonality = dyn_cast<Function>(P.getCallee());
    if (!CxxPersonality)
      return;
  }
  F.setPersonalityFn(CxxPersonality);
}

void Instrumenter::wrapBuiltinCalls(Function &F) {
  SmallVector<std::pair<CallBase *, Function *>, 16> Sites;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (auto *CB = dyn_cast<CallBase>(&I)) {
        Function *Callee = nullptr;
        if (isBuiltinCallee(*CB, Callee) && !droppedCallee(*Callee))
          Sites.push_back({CB, Callee});
      }
  for (auto &Site : Sites) {
    CallBase *CB = Site.first;
    GlobalVariable *BD = builtinDesc(*Site.second);
    bool Flag = testsCalleeFlag(*Site.second);
    if (auto *CI = dyn_cast<CallInst>(CB)) {
      wrapCall(CI, BD, Flag);
      continue;
    }
    auto *II = cast<InvokeInst>(CB);
    if (Flag)
      splitInvokeOnCalleeFlag(II, BD);
    const DebugLoc &DL = CB->getDebugLoc();
    IRBuilder<> B(CB);
    Value *On = loadActive(B, CPROF_ACTIVE_BUILTINS);
    emitHook(CB, On, BEnterFn, CPROF_HOOK_BUILTIN_ENTER, BD, DL);
    BasicBlock *From = II->getParent();
    // Normal edge: a block of its own when the destination has other
    // predecessors.
    BasicBlock *Normal = II->getNormalDest();
    if (!Normal->getSinglePredecessor()) {
      BasicBlock *Edge = BasicBlock::Create(Ctx, "cprof.builtin.ret", &F, Normal);
      BranchInst::Create(Normal, Edge);
      Normal->replacePhiUsesWith(From, Edge);
      II->setNormalDest(Edge);
      Normal = Edge;
    }
    emitHook(&*Normal->getFirstInsertionPt(), On, BExitFn, CPROF_HOOK_BUILTIN_EXIT, BD, DL);
    // Unwind edge: a landing pad of its own for this invoke.
    BasicBlock *Unwind = II->getUnwindDest();
    if (!Unwind->getSinglePredecessor()) {
      SmallVector<BasicBlock *, 2> NewBBs;
      SplitLandingPadPredecessors(Unwind, {From}, ".cprof", ".cprof.other", NewBBs,
                                  static_cast<DomTreeUpdater *>(nullptr));
      Unwind = II->getUnwindDest();
    }
    emitHook(&*Unwind->getFirstInsertionPt(), On, BExitFn, CPROF_HOOK_BUILTIN_EXIT, BD, DL);
  }
}

Value *Instrumenter::loadActive(IRBuilder<> &B, unsigned Bit) {
  if (!OptGuard)
    return nullptr;
  if (!Active) {
    Active = cast<GlobalVariable>(M.getOrInsertGlobal(CPROF_ACTIVE_SYMBOL, Int8Ty));
    // Hooks run while profiling: lay the calls out on the straight path.
    LikelyOn = MDBuilder(Ctx).createBranchWeights(1000, 1);
  }
  LoadInst *L = B.CreateLoad(Int8Ty, Active, "cprof.active");
  L->setAtomic(AtomicOrdering::Monotonic);
  L->setAlignment(Align(1));
  return B.CreateICmpNE(B.CreateAnd(L, ConstantInt::get(Int8Ty, Bit)),
                        ConstantInt::get(Int8Ty, 0), "cprof.on");
}

// The active byte's functions bit and, only when it is set, the run-time
// filters' verdict on this function (CPROF_DESC_RT_IGNORED in the
// descriptor, set by the runtime when it first meets the function): a
// function CPROF_EXCLUDE drops costs what a disabled profiler costs, and a
// disabled profiler still loads nothing more than the byte.
Value *Instrumenter::entryGuard(IRBuilder<> &B, GlobalVariable *Desc) {
  Value *Active = loadActive(B, CPROF_ACTIVE_FUNCTIONS);
  if (!Active)
    return nullptr;
  Instruction *IP = &*B.GetInsertPoint();
  BasicBlock *Head = IP->getParent();
  Instruction *Then = SplitBlockAndInsertIfThen(Active, IP, /*Unreachable=*/false, LikelyOn);
  IRBuilder<> TB(Then);
  TB.SetCurrentDebugLocation(B.getCurrentDebugLocation());
  LoadInst *Flags = TB.CreateLoad(Int32Ty, TB.CreateStructGEP(DescTy, Desc, 4), "cprof.flags");
  Flags->setAtomic(AtomicOrdering::Monotonic);
  Flags->setAlignment(Align(4));
  Value *Kept = TB.CreateICmpEQ(TB.CreateAnd(Flags, ConstantInt::get(Int32Ty, CPROF_DESC_RT_IGNORED)),
                                ConstantInt::get(Int32Ty, 0), "cprof.kept");
  PHINode *On = PHINode::Create(Type::getInt1Ty(Ctx), 2, "cprof.on", &IP->getParent()->front());
  On->addIncoming(ConstantInt::getFalse(Ctx), Head);
  On->addIncoming(Kept, Then->getParent());
  B.SetInsertPoint(IP);
  return On;
}

// ABI 3 (cprof/abi.h): once the runtime has marked BD
// CPROF_DESC_RT_CALLEE_INSTRUMENTED, the callee's own hooks count its calls
// and the call sites make them without builtin hooks. BD is hidden in this
// image: a PC-relative load, where __cprof_active goes through the GOT in
// PIC code.
Value *Instrumenter::calleeKnown(IRBuilder<> &B, GlobalVariable *BD) {
  Value *FlagsPtr = B.CreateStructGEP(DescTy, BD, 4, "cprof.bflags.addr");
  LoadInst *Flags = B.CreateLoad(Int32Ty, FlagsPtr, "cprof.bflags");
  Flags->setAtomic(AtomicOrdering::Monotonic);
  Flags->setAlignment(Align(4));
  return B.CreateICmpNE(
      B.CreateAnd(Flags, ConstantInt::get(Int32Ty, CPROF_DESC_RT_CALLEE_INSTRUMENTED)),
      ConstantInt::get(Int32Ty, 0), "cprof.callee.known");
}

// Not for an available_externally callee: a later inliner (the ThinLTO
// backend, or any pass after early placement) could put its uninstrumented
// body in the plain copy, while the flag was learned from the out-of-line
// definition. (In a plain -O build they are declarations by OptimizerLast.)
bool Instrumenter::testsCalleeFlag(const Function &Callee) const {
  return OptGuard && OptCalleeFlag && Callee.isDeclaration();
}

// A call becomes
//   if (BD.flags & CPROF_DESC_RT_CALLEE_INSTRUMENTED) call;
//   else { guarded builtin enter; call; guarded builtin exit }
// so that a call of a callee instrumented elsewhere costs one load and one
// branch more than a call within one file; the flag read decides both hooks.
void Instrumenter::wrapCall(CallInst *CI, GlobalVariable *BD, bool Flag) {
  const DebugLoc &DL = CI->getDebugLoc();
  CallInst *Plain = nullptr;
  Instruction *PlainEnd = nullptr, *WrappedEnd = nullptr;
  PHINode *Result = nullptr;
  if (Flag) {
    IRBuilder<> B(CI);
    Value *Known = calleeKnown(B, BD);
    SplitBlockAndInsertIfThenElse(Known, CI, &PlainEnd, &WrappedEnd);
    BasicBlock *Tail = CI->getParent();
    Plain = cast<CallInst>(CI->clone());
    Plain->insertBefore(PlainEnd);
    CI->moveBefore(WrappedEnd);
    if (!CI->getType()->isVoidTy()) {
      Result = PHINode::Create(CI->getType(), 2, "", &Tail->front());
      Result->takeName(CI);
      CI->replaceAllUsesWith(Result);
    }
  }
  IRBuilder<> B(CI);
  Value *On = loadActive(B, CPROF_ACTIVE_BUILTINS);
  emitHook(CI, On, BEnterFn, CPROF_HOOK_BUILTIN_ENTER, BD, DL);
  emitHook(CI->getNextNode(), On, BExitFn, CPROF_HOOK_BUILTIN_EXIT, BD, DL);
  if (Result) {
    Result->addIncoming(Plain, PlainEnd->getParent());
    Result->addIncoming(CI, WrappedEnd->getParent());
  }
}

// The same for an invoke: the plain copy shares the unwind destination,
// and both normal edges meet in a block of their own (which takes the
// result's phi) before the original destination.
void Instrumenter::splitInvokeOnCalleeFlag(InvokeInst *II, GlobalVariable *BD) {
  Function &F = *II->getFunction();
  BasicBlock *Orig = II->getParent();
  IRBuilder<> B(II);
  Value *Known = calleeKnown(B, BD);
  BasicBlock *Wrapped = Orig->splitBasicBlock(II, "cprof.builtin.wrapped");
  BasicBlock *Normal = II->getNormalDest(), *Unwind = II->getUnwindDest();
  BasicBlock *Join = BasicBlock::Create(Ctx, "cprof.builtin.join", &F, Normal);
  BranchInst::Create(Normal, Join);
  Normal->replacePhiUsesWith(Wrapped, Join);
  II->setNormalDest(Join);
  BasicBlock *PlainBB = BasicBlock::Create(Ctx, "cprof.builtin.plain", &F, Wrapped);
  auto *Plain = cast<InvokeInst>(II->clone());
  IRBuilder<>(PlainBB).Insert(Plain);
  for (PHINode &P : Unwind->phis())
    P.addIncoming(P.getIncomingValueForBlock(Wrapped), PlainBB);
  Orig->getTerminator()->eraseFromParent();
  BranchInst::Create(PlainBB, Wrapped, Known, Orig);
  if (!II->getType()->isVoidTy()) {
    PHINode *Result = PHINode::Create(II->getType(), 2, "", &Join->front());
    Result->takeName(II);
    II->replaceAllUsesWith(Result);
    Result->addIncoming(Plain, PlainBB);
    Result->addIncoming(II, Wrapped); // becomes the exit hook's edge below
  }
}

void Instrumenter::emitHook(Instruction *Before, Value *On, FunctionCallee &Cache,
                            const char *Hook, GlobalVariable *Desc, const DebugLoc &DL) {
  Instruction *At = Before;
  if (On)
    At = SplitBlockAndInsertIfThen(On, Before, /*Unreachable=*/false, LikelyOn);
  CallInst *C = CallInst::Create(hook(Cache, Hook), {asPtr(Desc)}, "", At);
  C->setDebugLoc(DL);
}

void Instrumenter::instrument(Function &F) {
  GlobalVariable *Desc = funcDesc(F);

  // Entry: after the static allocas of the entry block.
  BasicBlock &Entry = F.getEntryBlock();
  BasicBlock::iterator IP = Entry.getFirstInsertionPt();
  while (isa<AllocaInst>(*IP))
    ++IP;
  IRBuilder<> B(&Entry, IP);
  DebugLoc EntryDL;
  if (DISubprogram *SP = F.getSubprogram())
    EntryDL = DILocation::get(Ctx, SP->getScopeLine(), 0, SP);
  B.SetCurrentDebugLocation(EntryDL);
  // One test at entry decides the entry hook and every exit hook of this
  // activation (cprof/abi.h).
  Value *On = entryGuard(B, Desc);
  emitHook(&*B.GetInsertPoint(), On, EnterFn, CPROF_HOOK_ENTER, Desc, EntryDL);

  // Exits: returns, musttail calls, resumes, and (when the function can
  // unwind) a cleanup landing pad for every call that may throw.
  bool HandleEH = !F.doesNotThrow();
  if (HandleEH) {
    setPersonalityIfNeeded(F);
    if (F.hasPersonalityFn() &&
        isScopedEHPersonality(classifyEHPersonality(F.getPersonalityFn())))
      HandleEH = false; // funclet-based EH (Windows) is not supported
  }
  // The escapes are collected first: splitting blocks while the enumerator
  // walks the function would show it the same return twice.
  EscapeEnumerator EE(F, "cprof.cleanup", HandleEH);
  SmallVector<std::pair<Instruction *, DebugLoc>, 8> Exits;
  while (IRBuilder<> *EB = EE.Next())
    Exits.push_back({&*EB->GetInsertPoint(), EB->getCurrentDebugLocation()});
  for (auto &X : Exits)
    emitHook(X.first, On, ExitFn, CPROF_HOOK_EXIT, Desc, X.second);

  // Builtin call sites last: the calls EscapeEnumerator turned into invokes
  // get their own landing pad, which closes the builtin frame before the
  // cleanup closes this function's frame.
  if (Builtins)
    wrapBuiltinCalls(F);
  F.addFnAttr(AttrDone);
}

bool Instrumenter::run() {
  // ifunc resolvers run while the dynamic linker relocates the program,
  // before the runtime can take calls.
  SmallPtrSet<const Function *, 4> Resolvers;
  for (GlobalIFunc &GI : M.ifuncs())
    if (const Function *R = GI.getResolverFunction())
      Resolvers.insert(R);
  SmallVector<Function *, 64> Work, Filtered;
  for (Function &F : M)
    if (!Resolvers.count(&F) && shouldInstrument(F))
      (filteredOut(F) ? Filtered : Work).push_back(&F);
  for (Function *F : Work)
    instrument(*F);
  // A filtered function is treated as if inlined into its callers: no hooks
  // of its own, and the calls it makes into uninstrumented code are still
  // wrapped, so they appear as made by its nearest profiled caller.
  for (Function *F : Filtered) {
    if (Builtins)
      wrapBuiltinCalls(*F);
    F->addFnAttr(AttrFiltered);
  }
  return !Work.empty() || !Filtered.empty();
}

struct InstrumentPass : PassInfoMixin<InstrumentPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    if (definesHook(M))
      return PreservedAnalyses::all();
    const std::string *Error = nullptr;
    const cprof::Filter &Filt = cprof::Filter::get(Error);
    // A bad filter option is an error of this compilation: one line
    // ("error: cprof: ..."), the compiler fails and writes no output.
    if (Error) {
      M.getContext().emitError("cprof: " + *Error);
      return PreservedAnalyses::all();
    }
    bool Changed = prepareModule(M);
    Instrumenter I(M, Filt);
    if (!I.run() && !Changed)
      return PreservedAnalyses::all();
    return PreservedAnalyses::none();
  }
  static bool isRequired() { return true; }
};

void registerCallbacks(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "cprof-prepare") {
          MPM.addPass(PreparePass());
          return true;
        }
        if (Name == "cprof-instrument") {
          MPM.addPass(InstrumentPass());
          return true;
        }
        return false;
      });
  // PipelineStart runs at every -O level and in the (Thin)LTO pre-link
  // pipelines, before clang's own EntryExitInstrumenter (clang registers it
  // after the plugins). OptimizerLast instruments in late placement, and in
  // early placement catches the functions that only exist after
  // optimization (the parts of a coroutine made by CoroSplit); functions
  // instrumented early are marked and left alone.
  PB.registerPipelineStartEPCallback([](ModulePassManager &MPM, OptimizationLevel) {
    MPM.addPass(PreparePass());
    if (OptPlacement == Placement::Early)
      MPM.addPass(InstrumentPass());
  });
#if LLVM_VERSION_MAJOR >= 20
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel, ThinOrFullLTOPhase) {
        MPM.addPass(InstrumentPass());
      });
#else
  PB.registerOptimizerLastEPCallback([](ModulePassManager &MPM, OptimizationLevel) {
    MPM.addPass(InstrumentPass());
  });
#endif
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK __attribute__((visibility("default"))) PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "cprof", "0.1", registerCallbacks};
}
