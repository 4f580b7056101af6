/*
 * cprof hook ABI: the one contract between the code generators that insert
 * hooks (the LLVM pass plugin today; a GCC plugin and -finstrument-functions
 * adapters later) and the runtime library that implements them.
 *
 * Every instrumented function gets one static, writable descriptor. The
 * compiler fills every field except `id`, which the runtime claims lazily on
 * the first call (0 = not yet seen). Hooks take the descriptor's address.
 *
 * Change the layout or the hook names only together with CPROF_ABI_VERSION;
 * plugin/ builds the same struct in IR and checks its size against this file.
 */
#ifndef CPROF_ABI_H
#define CPROF_ABI_H

#include <stdint.h>

/* 2: instrumented code tests __cprof_active before calling a hook.
 * 3: a builtin call site first tests CPROF_DESC_RT_CALLEE_INSTRUMENTED in its
 * descriptor and, when set, calls the callee without builtin hooks.
 * The descriptor layout is that of version 1; the runtime takes all three. */
#define CPROF_ABI_VERSION 3

/* Entry and exit of an instrumented function. Exit is called on every way
 * out: returns, musttail calls, and exceptions unwinding through the frame. */
#define CPROF_HOOK_ENTER "__cprof_enter"
#define CPROF_HOOK_EXIT "__cprof_exit"
/* Around a call site whose callee is not instrumented here (libc, any
 * external library): cProfile's "builtins". The descriptor names the callee. */
#define CPROF_HOOK_BUILTIN_ENTER "__cprof_builtin_enter"
#define CPROF_HOOK_BUILTIN_EXIT "__cprof_builtin_exit"

/* A byte the runtime keeps up to date with what the hooks would do now.
 * Instrumented code loads it (relaxed) before calling a hook and skips the
 * call when its bit is clear, so that a disabled profiler costs a load and a
 * branch per hook site instead of a call. The bit read at a function's entry
 * also decides its exit hooks: entry and exit stay paired per activation.
 * The hooks still test themselves: code that does not read the byte (ABI
 * version 1, -cprof-guard=false) works unchanged. */
#define CPROF_ACTIVE_SYMBOL "__cprof_active"
enum {
  CPROF_ACTIVE_FUNCTIONS = 1u << 0, /* __cprof_enter/__cprof_exit */
  CPROF_ACTIVE_BUILTINS = 1u << 1,  /* __cprof_builtin_enter/__cprof_builtin_exit */
};

/* Descriptor flags set by the compiler (low 16 bits). */
enum {
  /* The descriptor stands for an uninstrumented callee wrapped at its call
   * sites; `addr` is the callee's address, so a call that lands in a
   * function instrumented elsewhere (same `addr`) is not counted twice. */
  CPROF_DESC_BUILTIN = 1u << 0,
  /* Compiled with subcalls off: no caller->callee edge is recorded for
   * calls of this function. */
  CPROF_DESC_NO_SUBCALLS = 1u << 1,
  /* Name is a demangled C++ name. */
  CPROF_DESC_CXX = 1u << 2,
};

/* Flags the runtime may set (high 16 bits). CPROF_DESC_RT_IGNORED: the
 * run-time filters (CPROF_INCLUDE/CPROF_EXCLUDE) dropped this function; set
 * once, before the runtime publishes the descriptor's id. Instrumented code
 * tests it after the CPROF_ACTIVE_FUNCTIONS bit (only when that is set) and
 * calls no hook; the hooks return at once for such a descriptor, for code
 * that does not test it (builtin call sites, ABI 1, -cprof-guard=false). */
enum {
  CPROF_DESC_RT_IGNORED = 1u << 16,
  /* Builtin descriptors only: a call through this descriptor was seen
   * landing in an instrumented function (the callee's entry hook ran for
   * `addr`: defined in another translation unit, static or shared library,
   * or an instrumented interposer). Set once, never cleared. Call sites
   * (version 3) load `flags` (relaxed) before the __cprof_active test and,
   * when this bit is set, make the call with no builtin hooks: the callee's
   * own hooks count it. The bit read decides both builtin hooks of that
   * call. Older call sites ignore it and the runtime absorbs their builtin
   * frames (docs/cross-file-calls.md). */
  CPROF_DESC_RT_CALLEE_INSTRUMENTED = 1u << 17,
};

struct cprof_func_desc {
  const char *name; /* display name (demangled); builtins: "<built-in method NAME>" */
  const char *file; /* source file as the compiler saw it; builtins: "~" */
  void *addr;       /* the function's address (callee's, for builtins) */
  uint32_t line;    /* first line; 0 when unknown */
  uint32_t flags;   /* CPROF_DESC_* */
  uint32_t id;      /* runtime-owned, 0 until the first call */
  uint32_t abi_version; /* CPROF_ABI_VERSION */
};

#ifdef __cplusplus
extern "C" {
#endif

void __cprof_enter(struct cprof_func_desc *fn);
void __cprof_exit(struct cprof_func_desc *fn);
void __cprof_builtin_enter(struct cprof_func_desc *callee);
void __cprof_builtin_exit(struct cprof_func_desc *callee);
extern uint8_t __cprof_active; /* CPROF_ACTIVE_* bits; read-only outside the runtime */

#ifdef __cplusplus
}
#endif

#endif /* CPROF_ABI_H */
