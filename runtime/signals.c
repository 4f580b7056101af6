/*
 * Dumps on demand and on crashes.
 *
 * CPROF_DUMP_SIGNAL=USR2 (a name with or without SIG, or a number): the
 * signal writes a snapshot, the dump as it would be if the program exited
 * now (open frames counted as returning now), to the CPROF_FILE path with
 * ".snapshot" before ".prof" (cprof.HOST.PID.snapshot.prof by default),
 * replacing the previous snapshot. Profiling goes on: the open frames are
 * reopened as they were. The handler only posts a semaphore; a helper
 * thread (started only when the variable is set, all signals blocked)
 * writes the snapshot, with every profiler paused while it reads the data:
 * calls made during that short pause (by other threads) are not counted.
 *
 * CPROF_DUMP_ON_CRASH=1: when the program dies of SIGSEGV, SIGBUS, SIGFPE
 * or SIGABRT, the dump is written as at exit, then the signal is raised
 * again with its default action, so the program dies of it as before (same
 * status, core dump). The handler takes no lock and calls no malloc (the
 * runtime's memory is mmap'd, dumps are written with write(2)); it runs with
 * SA_RESETHAND|SA_NODEFER, so a second fault while dumping kills the
 * program at once instead of looping or hanging. Each thread that first runs
 * a hook gets none of ours, but the thread that starts the program gets one (64 KiB)
 * if it has none, so a stack overflow there can still be dumped.
 *
 * Both handlers are installed at start-up only over the default action: a
 * handler the program installed before is left alone, and one it installs
 * later replaces ours (the program then decides what the signal does).
 */
#define _GNU_SOURCE
#include "robust.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

static int dump_signal; /* 0: none */
static sem_t snapshot_sem;
static int snapshot_ready;

static int parse_signal(const char *v) {
  static const struct {
    const char *name;
    int sig;
  } names[] = {{"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"HUP", SIGHUP},   {"INT", SIGINT},
               {"QUIT", SIGQUIT}, {"TERM", SIGTERM}, {"ALRM", SIGALRM}, {"PROF", SIGPROF},
               {"URG", SIGURG},   {"WINCH", SIGWINCH}};
  const char *n = !strncasecmp(v, "SIG", 3) ? v + 3 : v;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcasecmp(n, names[i].name))
      return names[i].sig;
  char *end;
  errno = 0;
  long k = strtol(v, &end, 10);
  if (*v && !*end && !errno && k > 0 && k < NSIG && k != SIGKILL && k != SIGSTOP &&
      k != SIGSEGV && k != SIGBUS && k != SIGFPE && k != SIGILL)
    return (int)k;
  return 0;
}

static int is_default(int sig) {
  struct sigaction old;
  return sigaction(sig, NULL, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
         old.sa_handler == SIG_DFL;
}

/* ---- snapshots -------------------------------------------------------- */

static void snapshot_request(int sig) {
  int saved = errno;
  sem_post(&snapshot_sem);
  errno = saved;
}

static void *snapshot_thread(void *arg) {
  for (;;) {
    while (sem_wait(&snapshot_sem) != 0)
      ;
    rb_pause ps;
    rb_pause_all(&ps);
    rb_write_process_dumps(".snapshot", RB_KEEP_OPEN, &ps);
  }
  return NULL;
}

static void start_snapshot_thread(void) {
  if (sem_init(&snapshot_sem, 0, 0) != 0)
    return;
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_attr_t attr;
  pthread_t th;
  int ok = pthread_attr_init(&attr) == 0;
  if (ok) {
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    ok = pthread_create(&th, &attr, snapshot_thread, NULL) == 0;
    pthread_attr_destroy(&attr);
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  snapshot_ready = ok;
  if (!ok)
    rt_warn("CPROF_DUMP_SIGNAL: cannot start the snapshot thread; no snapshots");
}

/* ---- crashes ---------------------------------------------------------- */

static const int crash_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGABRT};

_Atomic int rt_crashing;

static void crash_handler(int sig, siginfo_t *si, void *uc) {
  static _Atomic int dumping;
  atomic_store(&rt_crashing, 1);
  int saved = errno;
  if (!atomic_exchange(&dumping, 1) && !rb_in_vfork_child()) {
    rb_pause ps;
    rb_pause_all(&ps); /* for good: the process is going away */
    rb_write_process_dumps("", RB_AS_AT_EXIT, NULL);
  }
  /* Die of the signal: default action (SA_RESETHAND reset it), unblocked. */
  signal(sig, SIG_DFL);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, sig);
  pthread_sigmask(SIG_UNBLOCK, &s, NULL);
  raise(sig);
  /* A fault sent by the kernel comes back when the instruction is retried. */
  errno = saved;
}

static void give_alt_stack(void) {
  stack_t cur;
  if (sigaltstack(NULL, &cur) != 0 || !(cur.ss_flags & SS_DISABLE))
    return;
  size_t size = 64 << 10;
  void *mem = rt_map(size);
  if (!mem)
    return;
  stack_t ss = {.ss_sp = mem, .ss_size = size, .ss_flags = 0};
  if (sigaltstack(&ss, NULL) != 0)
    rt_unmap(mem, size);
}

static void install_crash_handlers(void) {
  int any = 0;
  for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
    int sig = crash_signals[i];
    if (!is_default(sig))
      continue;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = crash_handler;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_NODEFER | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    sigdelset(&sa.sa_mask, sig);
    any |= sigaction(sig, &sa, NULL) == 0;
  }
  if (any)
    give_alt_stack();
}

static int parse_flag(const char *var) {
  const char *v = secure_getenv(var);
  if (!v)
    return 0;
  if (!strcmp(v, "1") || !strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcasecmp(v, "on"))
    return 1;
  if (strcmp(v, "0") && strcasecmp(v, "no") && strcasecmp(v, "false") && strcasecmp(v, "off"))
    rt_warn("%s=%s is not 0 or 1; using 0", var, v);
  return 0;
}

void rb_signals_init(void) {
  if (parse_flag("CPROF_DUMP_ON_CRASH"))
    install_crash_handlers();
  const char *v = secure_getenv("CPROF_DUMP_SIGNAL");
  if (v && *v) {
    int sig = parse_signal(v);
    if (!sig) {
      rt_warn("CPROF_DUMP_SIGNAL=%s is not a signal name (USR1, USR2, ...) or number; no snapshots",
              v);
    } else if (!is_default(sig)) {
      rt_warn("CPROF_DUMP_SIGNAL=%s: the program handles that signal already; no snapshots", v);
    } else {
      start_snapshot_thread();
      if (snapshot_ready) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = snapshot_request;
        sa.sa_flags = SA_RESTART;
        sigemptyset(&sa.sa_mask);
        if (sigaction(sig, &sa, NULL) == 0)
          dump_signal = sig;
      }
    }
  }
}

/* The snapshot thread did not survive fork: the child gets its own. */
void rb_signals_after_fork(void) {
  if (dump_signal)
    start_snapshot_thread();
}
