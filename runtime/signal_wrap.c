/*
 * The signal of the CPU samples (sampler.c), kept out of the program's way
 * while sampling runs: libc's mask and wait functions, wrapped like the exec
 * family (exec_wrap.c: in libcprof.so and libcprof_exec.a).
 *
 *   pthread_sigmask, sigprocmask  never block it (a blocked thread would get
 *       no samples until it unblocks), but report it blocked to a thread
 *       that asked for it to be, so the program sees the mask it set;
 *   sigwait, sigwaitinfo, sigtimedwait, signalfd  never take it, so a
 *       thread that waits for every signal never receives ours.
 *
 * With no CPU sampling (rt_sampler_signal() == 0) each goes straight to the
 * real function. errno is the real function's.
 */
#define _GNU_SOURCE
#include "rt.h"

#include <dlfcn.h>
#include <signal.h>
#include <sys/signalfd.h>

#define EXPORT __attribute__((visibility("default")))

typedef int (*mask_fn)(int, const sigset_t *, sigset_t *);
typedef int (*sigwait_fn)(const sigset_t *, int *);
typedef int (*sigwaitinfo_fn)(const sigset_t *, siginfo_t *);
typedef int (*sigtimedwait_fn)(const sigset_t *, siginfo_t *, const struct timespec *);
typedef int (*signalfd_fn)(int, const sigset_t *, int);

static mask_fn real_pthread_sigmask, real_sigprocmask;
static sigwait_fn real_sigwait;
static sigwaitinfo_fn real_sigwaitinfo;
static sigtimedwait_fn real_sigtimedwait;
static signalfd_fn real_signalfd;

/* At start-up, and by the first call if it comes earlier (the runtime's
 * own, from its constructor). */
__attribute__((constructor(103))) static void resolve(void) {
  if (real_signalfd)
    return;
  real_pthread_sigmask = (mask_fn)dlsym(RTLD_NEXT, "pthread_sigmask");
  real_sigprocmask = (mask_fn)dlsym(RTLD_NEXT, "sigprocmask");
  real_sigwait = (sigwait_fn)dlsym(RTLD_NEXT, "sigwait");
  real_sigwaitinfo = (sigwaitinfo_fn)dlsym(RTLD_NEXT, "sigwaitinfo");
  real_sigtimedwait = (sigtimedwait_fn)dlsym(RTLD_NEXT, "sigtimedwait");
  __atomic_store_n(&real_signalfd, (signalfd_fn)dlsym(RTLD_NEXT, "signalfd"), __ATOMIC_RELEASE);
}

#define REAL(f) (__atomic_load_n(&real_signalfd, __ATOMIC_ACQUIRE) ? (void)0 : resolve(), real_##f)

/* Whether the program asked this thread to block our signal. */
static __thread int program_blocks __attribute__((tls_model("initial-exec")));

static int set_mask(mask_fn real, int how, const sigset_t *set, sigset_t *old) {
  int sig = rt_sampler_signal();
  if (!sig)
    return real(how, set, old);
  sigset_t copy;
  const sigset_t *use = set;
  int blocks = program_blocks;
  if (set) {
    int has = sigismember(set, sig) == 1;
    if (how == SIG_BLOCK && has)
      blocks = 1;
    else if (how == SIG_UNBLOCK && has)
      blocks = 0;
    else if (how == SIG_SETMASK)
      blocks = has;
    if (has && how != SIG_UNBLOCK) {
      copy = *set;
      sigdelset(&copy, sig);
      use = &copy;
    }
  }
  int r = real(how, use, old);
  if (r == 0) {
    if (old && program_blocks)
      sigaddset(old, sig);
    if (set)
      program_blocks = blocks;
  }
  return r;
}

EXPORT int pthread_sigmask(int how, const sigset_t *set, sigset_t *old) {
  return set_mask(REAL(pthread_sigmask), how, set, old);
}

EXPORT int sigprocmask(int how, const sigset_t *set, sigset_t *old) {
  return set_mask(REAL(sigprocmask), how, set, old);
}

/* set without our signal, in *copy, or set itself. */
static const sigset_t *without_ours(const sigset_t *set, sigset_t *copy) {
  int sig = rt_sampler_signal();
  if (!sig || !set || sigismember(set, sig) != 1)
    return set;
  *copy = *set;
  sigdelset(copy, sig);
  return copy;
}

EXPORT int sigwait(const sigset_t *set, int *sig) {
  sigset_t copy;
  return REAL(sigwait)(without_ours(set, &copy), sig);
}

EXPORT int sigwaitinfo(const sigset_t *set, siginfo_t *info) {
  sigset_t copy;
  return REAL(sigwaitinfo)(without_ours(set, &copy), info);
}

EXPORT int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout) {
  sigset_t copy;
  return REAL(sigtimedwait)(without_ours(set, &copy), info, timeout);
}

EXPORT int signalfd(int fd, const sigset_t *mask, int flags) {
  sigset_t copy;
  return REAL(signalfd)(fd, without_ours(mask, &copy), flags);
}
